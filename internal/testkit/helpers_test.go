package testkit

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// recorder is a testing.TB whose Fatal and Errorf record instead of
// failing the test, so that the helpers' failures can be checked.
type recorder struct {
	testing.TB
	fatals, errors []string
}

func (r *recorder) Helper()           {}
func (r *recorder) Fatal(args ...any) { r.fatals = append(r.fatals, fmt.Sprint(args...)) }
func (r *recorder) Fatalf(f string, args ...any) {
	r.fatals = append(r.fatals, fmt.Sprintf(f, args...))
}
func (r *recorder) Errorf(f string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(f, args...))
}

func TestWaitFor(t *testing.T) {
	n := 0
	r := &recorder{TB: t}
	WaitFor(r, time.Second, "three calls", func() bool { n++; return n == 3 })
	if n != 3 || len(r.fatals) != 0 {
		t.Errorf("cond called %d times, failures %q", n, r.fatals)
	}

	start := time.Now()
	WaitFor(r, 50*time.Millisecond, "the outbox is empty", func() bool { return false })
	if len(r.fatals) != 1 || r.fatals[0] != "waited 50ms for: the outbox is empty" {
		t.Errorf("failures %q", r.fatals)
	}
	if d := time.Since(start); d < 50*time.Millisecond || d > 2*time.Second {
		t.Errorf("gave up after %v, want 50ms", d)
	}
}

func TestGolden(t *testing.T) {
	t.Setenv(UpdateEnv, "")
	path := filepath.Join(t.TempDir(), "testdata", "card.golden")

	r := &recorder{TB: t}
	Golden(r, path, "a\nb\n")
	if len(r.fatals) != 1 || !strings.Contains(r.fatals[0], UpdateEnv+"=1") {
		t.Fatalf("missing file: %q", r.fatals)
	}

	t.Setenv(UpdateEnv, "1")
	r = &recorder{TB: t}
	Golden(r, path, "a\nb\n")
	if b, err := os.ReadFile(path); err != nil || string(b) != "a\nb\n" || len(r.fatals)+len(r.errors) != 0 {
		t.Fatalf("update wrote %q, %v; failures %q %q", b, err, r.fatals, r.errors)
	}

	t.Setenv(UpdateEnv, "")
	r = &recorder{TB: t}
	Golden(r, path, []byte("a\nb\n"))
	Golden(r, path, "a\nb\n")
	if len(r.fatals)+len(r.errors) != 0 {
		t.Fatalf("equal content failed: %q %q", r.fatals, r.errors)
	}
	Golden(r, path, "a\nc\n")
	Golden(r, path, "a\nb\nz")
	if len(r.errors) != 2 || !strings.Contains(r.errors[0], "differs at line 2") || !strings.Contains(r.errors[0], `want: "b\n"`) ||
		!strings.Contains(r.errors[0], ` got: "c\n"`) || !strings.Contains(r.errors[1], `differs at line 3`) {
		t.Errorf("differences: %q", r.errors)
	}
	if b, _ := os.ReadFile(path); string(b) != "a\nb\n" {
		t.Errorf("compare without update changed the file: %q", b)
	}
}

func TestUpdating(t *testing.T) {
	for env, want := range map[string]bool{"": false, "0": false, "1": true, "true": true} {
		t.Setenv(UpdateEnv, env)
		if Updating() != want {
			t.Errorf("%s=%q: Updating() = %v", UpdateEnv, env, !want)
		}
	}
	// A package's own -update flag counts too.
	t.Setenv(UpdateEnv, "")
	f := flag.Lookup("update")
	if f == nil {
		flag.Bool("update", false, "rewrite golden files")
		f = flag.Lookup("update")
	}
	old := f.Value.String()
	t.Cleanup(func() { _ = f.Value.Set(old) })
	_ = f.Value.Set("true")
	if !Updating() {
		t.Error("-update given: Updating() = false")
	}
	_ = f.Value.Set("false")
	if Updating() {
		t.Error("-update=false: Updating() = true")
	}
}
