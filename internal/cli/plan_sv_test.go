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
	out, errOut, code := runCmd(t, config.Config{}, "plan", "init", dir, "--eksempel", "sverige")
	if want := "Exempelplanen ”sverige” är skriven till " + dir + ". Redigera filerna och kör `beredskapsbot plan check --plan " + dir + "`.\n"; code != 0 || out != want {
		t.Fatalf("plan init: code %d, stdout %q, stderr %q; want %q", code, out, errOut, want)
	}
	out, errOut, code = runCmd(t, config.Config{}, "plan", "check", "--plan", dir)
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

// TestPlanCheckPointsAtTheCause runs plan check on testdata plans and
// checks every line it prints (issue 16).
func TestPlanCheckPointsAtTheCause(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "min-plan")
	tests := []struct {
		name, dir, stderr string
	}{
		{"tab in kontakter.yaml", "../../plan/planfile/testdata/tab",
			"kontakter.yaml:16: ugyldig YAML: tabulator i innrykk; bruk mellomrom\n" +
				"kontakter.yaml:16: 10 feil som følger av at filen ikke kunne leses, er utelatt\n" +
				"\n" +
				"Planen i ../../plan/planfile/testdata/tab har 1 feil og 0 advarsler.\n"},
		{"missing directory", missing, missing + ": plankatalogen finnes ikke\n"},
		{"phone numbers", "../../plan/planfile/testdata/emergency",
			"kontakter.yaml:4: telefon: advarsel: «112» er et nødnummer, ikke nummeret til kontakten «kari»; skriv kontaktens eget nummer\n" +
				"kontakter.yaml:7: telefon: advarsel: «113» er et nødnummer, ikke nummeret til kontakten «ola»; skriv kontaktens eget nummer\n" +
				"kontakter.yaml:10: telefon: ugyldig telefonnummer «912 34»; skriv det med landkode, f.eks. +47 912 34 567, eller som nummer i region NO\n" +
				"\n" +
				"Planen i ../../plan/planfile/testdata/emergency har 1 feil og 2 advarsler.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCmd(t, config.Config{}, "plan", "check", "--plan", tt.dir)
			if code != 1 || out != "" || errOut != tt.stderr {
				t.Errorf("code %d, stdout %q, stderr:\n%s\nwant:\n%s", code, out, errOut, tt.stderr)
			}
		})
	}
}
