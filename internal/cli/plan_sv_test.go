package cli

import (
	"path/filepath"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/config"
)

// TestPlanCheckSwedishExample writes the Swedish example with plan init
// and checks it: valid, and the summary in Swedish.
func TestPlanCheckSwedishExample(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "min-plan")
	if _, errOut, code := runCmd(t, config.Config{}, "plan", "init", dir, "--eksempel", "sverige"); code != 0 {
		t.Fatalf("plan init: code %d, stderr %q", code, errOut)
	}
	out, errOut, code := runCmd(t, config.Config{}, "plan", "check", "--plan", dir)
	if code != 0 || errOut != "" {
		t.Fatalf("plan check: code %d, stderr %q", code, errOut)
	}
	want := "Planen är giltig: " + dir + "\n" +
		"  Exempel kommun (kommun), planversion 2.0, tidszon Europe/Stockholm\n" +
		"  9 rollkort, 21 kontakter, 2 larmlistor, 3 åtgärdskort\n" +
		"  3 samhällsviktiga funktioner, 4 RSA-rader, 3 mallar, 3 övningar, 3 revisioner\n"
	if out != want {
		t.Errorf("plan check:\n%s\nwant:\n%s", out, want)
	}
}
