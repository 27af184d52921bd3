package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
)

// A smoke test of main's wiring: the built binary answers --help with
// every subcommand, and without Slack settings falls back to the console
// on the embedded example plan. The subcommands are tested in
// internal/cli.
func TestBinary(t *testing.T) {
	bin := testkit.Binary(t)
	run := func(stdin string, args ...string) (string, string, int) {
		t.Helper()
		dir := t.TempDir() // no .env of the developer's, a fresh database
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "USER=kari"}
		cmd.Stdin = strings.NewReader(stdin)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		switch {
		case err == nil:
			return stdout.String(), stderr.String(), 0
		case errors.As(err, &ee):
			return stdout.String(), stderr.String(), ee.ExitCode()
		}
		t.Fatal(err)
		return "", "", -1
	}

	out, errOut, code := run("", "--help")
	if code != 0 || errOut != "" {
		t.Fatalf("--help: exit %d, stderr %q", code, errOut)
	}
	for _, name := range []string{"console", "export", "manifest", "plan check", "plan init", "reminders run", "reminders next", "serve", "verify"} {
		if !strings.Contains(out, "  "+name) {
			t.Errorf("--help does not list %q:\n%s", name, out)
		}
	}

	out, errOut, code = run("/tiltak strom\n")
	if code != 0 || !strings.Contains(errOut, "starter lokal konsoll") || !strings.Contains(out, "Tiltakskort: Strømbrudd") {
		t.Errorf("without Slack settings: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}
