package cli

import (
	"bytes"
	"context"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/config"
)

// runCmd runs the subcommand name (or alias) with the settings given, as
// the binary would after reading them, and returns its stdout, stderr and
// exit code.
func runCmd(t *testing.T, cfg config.Config, name string, args ...string) (string, string, int) {
	t.Helper()
	cmd := lookup(name)
	if cmd == nil {
		t.Fatalf("no subcommand %q", name)
	}
	var out, errOut bytes.Buffer
	code := runCommand(context.Background(), cfg, cmd, args, nil, &out, &errOut)
	return out.String(), errOut.String(), code
}
