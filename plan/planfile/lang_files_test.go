package planfile

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// Issue 16: plan check points at the cause.

func TestLoadTabReportsItsLineAndLeavesOutFollowOn(t *testing.T) {
	_, ds := LoadDir("testdata/tab")
	assertDiagnostics(t, ds, Diagnostics{
		e("kontakter.yaml", 16, "", "ugyldig YAML: tabulator i innrykk; bruk mellomrom"),
		{File: "kontakter.yaml", Line: 16, Message: "10 feil som følger av at filen ikke kunne leses, er utelatt", Severity: SeverityNote},
	})
	if got := ds.Errors(); len(got) != 1 {
		t.Errorf("Errors() = %d, want 1 (a note is no error)", len(got))
	}
}

func TestLoadPhoneQuotesNumberAndWarnsOnEmergency(t *testing.T) {
	_, ds := LoadDir("testdata/emergency")
	assertDiagnostics(t, ds, Diagnostics{
		w("kontakter.yaml", 4, "telefon", "«112» er et nødnummer, ikke nummeret til kontakten «kari»; skriv kontaktens eget nummer"),
		w("kontakter.yaml", 7, "telefon", "«113» er et nødnummer, ikke nummeret til kontakten «ola»; skriv kontaktens eget nummer"),
		e("kontakter.yaml", 10, "telefon", "ugyldig telefonnummer «912 34»; skriv det med landkode, f.eks. +47 912 34 567, eller som nummer i region NO"),
	})
}

func TestLoadDirMissingNamesIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "min-plan")
	p, ds := LoadDir(dir)
	if p == nil || p.Location == nil {
		t.Fatal("no usable plan")
	}
	assertDiagnostics(t, ds, Diagnostics{e(dir, 0, "", "plankatalogen finnes ikke")})
}

// A Swedish plan may name its files in Swedish; a misspelt one gets
// «menade du», with the Swedish names among the suggestions.
func TestLoadSwedishFileNames(t *testing.T) {
	fsys := planFS(t, "testdata/sv-valid")
	rename := map[string]string{
		"organisasjon.yaml":        "organisation.yaml",
		"varslingslister.yaml":     "larmlistor.yaml",
		"kritiske-funksjoner.yaml": "kritiska-funktioner.yaml",
		"maler.yaml":               "mallar.yaml",
		"moter.yaml":               "möten.yaml",
		"ros.yaml":                 "rsa.yaml",
	}
	renamed := fstest.MapFS{}
	for name, f := range fsys {
		if to, ok := rename[name]; ok {
			name = to
		} else if dir, base, ok := strings.Cut(name, "/"); ok {
			name = map[string]string{"rollekort": "rollkort", "tiltakskort": "åtgärdskort"}[dir] + "/" + base
		}
		renamed[name] = f
	}
	fsys = renamed
	want, wantDs := LoadDir("testdata/sv-valid")
	p, ds := Load(fsys)
	assertDiagnostics(t, ds, wantDs)
	if len(p.Roles) != len(want.Roles) || len(p.Cards) != len(want.Cards) || len(p.Lists) != len(want.Lists) ||
		len(p.Functions) != len(want.Functions) || len(p.ROS) != len(want.ROS) || len(p.Templates) != len(want.Templates) || p.Meetings.Line == 0 {
		t.Errorf("the plan under Swedish file names differs: %d/%d roles, %d/%d cards", len(p.Roles), len(want.Roles), len(p.Cards), len(want.Cards))
	}

	fsys["kritiska-funktionr.yaml"] = fsys["kritiska-funktioner.yaml"]
	delete(fsys, "kritiska-funktioner.yaml")
	_, ds = Load(fsys)
	var got []string
	for _, d := range ds {
		if d.File == "kritiska-funktionr.yaml" {
			got = append(got, d.String())
		}
	}
	if w := "kritiska-funktionr.yaml: varning: okänd fil, ignoreras – menade du ”kritiska-funktioner.yaml”?"; len(got) != 1 || got[0] != w {
		t.Errorf("got %q, want %q", got, w)
	}
}

// The new messages in a Swedish plan: in Swedish, with a Swedish example.
func TestLoadPhoneMessagesInSwedish(t *testing.T) {
	_, ds := Load(fstest.MapFS{
		"organisasjon.yaml": {Data: []byte("språk: sv\nnamn: Test AB\ntyp: företag\ntidszon: Europe/Stockholm\nregion: SE\n")},
		"kontakter.yaml":    {Data: []byte("kontakter:\n  - id: anna\n    namn: Anna\n    telefon: [\"112\", \"070-17\"]\n")},
	})
	want := "kontakter.yaml:4: telefon: varning: ”112” är ett nödnummer, inte numret till kontakten ”anna”; skriv kontaktens eget nummer\n" +
		"kontakter.yaml:4: telefon: ogiltigt telefonnummer ”070-17” (nr 2); skriv det med landsnummer, t.ex. +46 70 123 45 67, eller som nummer i region SE\n"
	if got := ds.String(); got != want {
		t.Errorf("got:\n%swant:\n%s", got, want)
	}
}
