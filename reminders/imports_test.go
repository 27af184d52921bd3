package reminders_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The reminders own their buttons: package reminders must not import the
// command handlers (commands calls reminders, not the other way round),
// nor a transport. (Its tests may: slack_test.go renders through bot.)
func TestRemindersDoNotImportCommands(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	out, err := exec.Command(gobin, "list", "-deps", "-f", "{{.ImportPath}}", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/beredskapsbot/beredskapsbot/commands/") {
			t.Errorf("package reminders depends on %s", dep)
		}
		switch dep {
		case "github.com/beredskapsbot/beredskapsbot/commands",
			"github.com/beredskapsbot/beredskapsbot/bot",
			"github.com/beredskapsbot/beredskapsbot/console":
			t.Errorf("package reminders depends on %s", dep)
		}
	}
}
