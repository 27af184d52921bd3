package testkit

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The key names the sources: the same for every call, and the root is the
// module's.
func TestSourceKey(t *testing.T) {
	root, key, err := sourceKey()
	if err != nil {
		t.Fatal(err)
	}
	root2, key2, err := sourceKey()
	if err != nil || root2 != root || key2 != key || len(key) != 16 {
		t.Fatalf("sourceKey: %q %q, then %q %q (%v)", root, key, root2, key2, err)
	}
	if filepath.Base(root) == "testkit" {
		t.Errorf("root %s is not the module's", root)
	}
}

func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary unless another package has")
	}
	bin := Binary(t)
	if again := Binary(t); again != bin {
		t.Errorf("second call: %s, first %s", again, bin)
	}
	out, err := exec.Command(bin, "--help").Output()
	if err != nil || !strings.Contains(string(out), "Bruk: beredskapsbot") {
		t.Fatalf("%s --help: %v\n%s", bin, err, out)
	}
}
