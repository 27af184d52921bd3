package testkit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// mainPackage is the import path of the beredskapsbot binary.
const mainPackage = "github.com/beredskapsbot/beredskapsbot"

var binary struct {
	once sync.Once
	path string
	err  error
}

// Binary returns the path of the beredskapsbot binary built from the
// module's current sources, with -race when the tests run with -race (so
// the child's data races are caught too). It is built once per test
// process, and shared by the test processes of one `go test ./...`: the
// binary lives under os.TempDir() in a directory named by a hash of the
// Go and embedded files it is built from, and a lock file there keeps two
// packages from building it at once. A failed build fails the test.
func Binary(tb testing.TB) string {
	tb.Helper()
	binary.once.Do(func() { binary.path, binary.err = buildBinary() })
	if binary.err != nil {
		tb.Fatalf("beredskapsbot kunne ikke bygges: %v", binary.err)
	}
	return binary.path
}

// buildBinary builds the binary, or finds it built by another test
// process from the same sources.
func buildBinary() (string, error) {
	root, key, err := sourceKey()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(os.TempDir(), "beredskapsbot-bin-"+key)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	unlock, err := lockFile(filepath.Join(dir, "lock"))
	if err != nil {
		return "", err
	}
	defer unlock()

	bin := filepath.Join(dir, "beredskapsbot")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if _, err := os.Stat(bin); err == nil {
		now := time.Now()
		_ = os.Chtimes(dir, now, now) // in use: not pruned
		return bin, nil
	}
	// Built under another name and renamed: a binary at bin is complete
	// even for a process that does not take the lock.
	f, err := os.CreateTemp(dir, "build-*")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp) // after a failed build; renamed otherwise
	args := []string{"build", "-o", tmp}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	if err := os.Rename(tmp, bin); err != nil {
		return "", err
	}
	pruneBinaries(dir)
	return bin, nil
}

// sourceKey returns the module's root directory and a hash of everything
// the binary is built from: the toolchain, the platform, -race, and the
// name and content of every Go and embedded file of the module's packages
// the binary imports (the modules it requires are fixed by go.sum, which
// is hashed too).
func sourceKey() (root, key string, err error) {
	out, err := exec.Command("go", "list", "-deps", "-json=ImportPath,Dir,GoFiles,CgoFiles,EmbedFiles,Module", mainPackage).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("%v: %s", err, ee.Stderr)
		}
		return "", "", fmt.Errorf("go list: %w", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s %s/%s race=%v cgo=%s goflags=%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH,
		raceEnabled, os.Getenv("CGO_ENABLED"), os.Getenv("GOFLAGS"))
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var pkg struct {
			ImportPath, Dir               string
			GoFiles, CgoFiles, EmbedFiles []string
			Module                        *struct {
				Main bool
				Dir  string
			}
		}
		if err := dec.Decode(&pkg); err == io.EOF {
			break
		} else if err != nil {
			return "", "", fmt.Errorf("go list: %w", err)
		}
		if pkg.Module == nil || !pkg.Module.Main {
			continue // the standard library or a required module
		}
		if pkg.ImportPath == mainPackage {
			root = pkg.Dir
		}
		for _, group := range [][]string{pkg.GoFiles, pkg.CgoFiles, pkg.EmbedFiles} {
			for _, name := range group {
				if err := hashFile(h, pkg.Dir, name); err != nil {
					return "", "", err
				}
			}
		}
	}
	if root == "" {
		return "", "", fmt.Errorf("go list: fant ikke pakken %s", mainPackage)
	}
	for _, name := range []string{"go.mod", "go.sum"} {
		if err := hashFile(h, root, name); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", "", err
		}
	}
	return root, hex.EncodeToString(h.Sum(nil))[:16], nil
}

// hashFile adds a file's path and content to h.
func hashFile(h io.Writer, dir, name string) error {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	fmt.Fprintf(h, "%s %s %d\n", filepath.ToSlash(dir), name, len(b))
	_, err = h.Write(b)
	return err
}

// pruneBinaries removes the binaries of other sources that no test has
// used for a day, so edits do not fill the temp dir; keep is the one just
// built.
func pruneBinaries(keep string) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "beredskapsbot-bin-*"))
	for _, d := range dirs {
		if d == keep || !strings.HasPrefix(filepath.Base(d), "beredskapsbot-bin-") {
			continue
		}
		if st, err := os.Stat(d); err == nil && st.IsDir() && time.Since(st.ModTime()) > 24*time.Hour {
			_ = os.RemoveAll(d)
		}
	}
}
