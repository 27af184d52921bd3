package testkit

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// UpdateEnv is the environment variable that makes Golden rewrite the
// golden files: UPDATE_GOLDEN=1 go test ./report.
const UpdateEnv = "UPDATE_GOLDEN"

// Updating reports whether golden files are to be rewritten: UPDATE_GOLDEN
// is set to 1 or true, or the test binary defines an -update flag and it
// was given (go test ./report -update).
//
// testkit does not define -update itself: packages whose tests define their
// own -update flag import testkit too, and a second definition of a flag
// panics. A package that wants -update defines it with one line,
// var _ = flag.Bool("update", false, "rewrite golden files"), and Golden
// reads it through the flag package.
func Updating() bool {
	switch strings.ToLower(os.Getenv(UpdateEnv)) {
	case "1", "true", "yes":
		return true
	}
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// Golden compares got with the golden file at path, by convention
// testdata/<name>.golden, and fails the test (without stopping it) at the
// first line that differs. When Updating, it first writes got to path,
// creating the directory, so the comparison passes and git diff shows the
// change to review. A missing golden file stops the test.
func Golden[T ~string | ~[]byte](tb testing.TB, path string, got T) {
	tb.Helper()
	if Updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
			return
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
			return
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run the test with %s=1 or -update to create it)", err, UpdateEnv)
		return
	}
	if string(want) == string(got) {
		return
	}
	line, w, g := firstDiff(string(want), string(got))
	tb.Errorf("%s differs at line %d (rerun with %s=1 or -update and review git diff):\nwant: %q\n got: %q\n--- got (%d bytes, %s has %d) ---\n%s",
		path, line, UpdateEnv, w, g, len(got), path, len(want), got)
}

// firstDiff returns the 1-based number of the first line where a and b
// differ and that line of each ("" past the end).
func firstDiff(a, b string) (int, string, string) {
	al, bl := strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n")
	for i := 0; ; i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y || (i >= len(al) && i >= len(bl)) {
			return i + 1, x, y
		}
	}
}
