package report_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The report is what the user reads about an incident, built from the
// store, the plan and package ui: it must not import the command
// handlers, nor a transport.
func TestReportDoesNotImportCommands(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	out, err := exec.Command(gobin, "list", "-deps", "-f", "{{.ImportPath}}", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	const mod = "github.com/beredskapsbot/beredskapsbot/"
	for _, dep := range strings.Fields(string(out)) {
		if dep == mod+"commands" || strings.HasPrefix(dep, mod+"commands/") || dep == mod+"bot" || dep == mod+"delivery" || dep == mod+"console" {
			t.Errorf("package report depends on %s", dep)
		}
	}
}
