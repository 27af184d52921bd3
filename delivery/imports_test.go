package delivery

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportBoundaries keeps the outbox deliverer and the inbound Slack
// transport apart: neither package depends on the other (what both need
// is in blockkit and ui), and the deliverer, tests included, does not
// depend on the command handlers (its wording is in ui). It asks
// `go list -deps`, so indirect imports count too.
func TestImportBoundaries(t *testing.T) {
	const mod = "github.com/beredskapsbot/beredskapsbot/"
	tests := []struct {
		pkg       string
		withTests bool
		forbidden []string
	}{
		{mod + "delivery", false, []string{mod + "bot", mod + "commands"}},
		{mod + "delivery", true, []string{mod + "bot", mod + "commands"}},
		{mod + "bot", false, []string{mod + "delivery"}},
		{mod + "blockkit", false, []string{mod + "bot", mod + "delivery", mod + "commands"}},
	}
	for _, tt := range tests {
		deps := goListDeps(t, tt.pkg, tt.withTests)
		if !deps[tt.pkg] {
			t.Fatalf("go list -deps %s does not list the package itself: %v", tt.pkg, deps)
		}
		for _, f := range tt.forbidden {
			if deps[f] {
				what := tt.pkg
				if tt.withTests {
					what += " (with its tests)"
				}
				t.Errorf("%s depends on %s", what, f)
			}
		}
	}
}

// goListDeps returns the import paths pkg depends on, itself included;
// withTests adds what its tests import.
func goListDeps(t *testing.T, pkg string, withTests bool) map[string]bool {
	t.Helper()
	goBin, err := exec.LookPath("go") // go test puts its own first in PATH
	if err != nil {
		t.Skip("no go command:", err)
	}
	args := []string{"list", "-deps"}
	if withTests {
		args = append(args, "-test")
	}
	out, err := exec.Command(goBin, append(args, pkg)...).Output()
	if err != nil {
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok {
			msg += ": " + string(ee.Stderr)
		}
		t.Fatalf("go %s: %s", strings.Join(append(args, pkg), " "), msg)
	}
	deps := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		// With -test, test variants read "path [path.test]".
		path, _, _ := strings.Cut(line, " ")
		deps[path] = true
	}
	return deps
}
