package cli

import (
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// svPlan is a valid Swedish plan.
const svPlan = "../../plan/planfile/testdata/sv-valid"

// With BEREDSKAP_PLAN naming a Swedish plan, the binary's help, a
// subcommand's help and an unknown command are in Swedish, before any
// settings are read.
func TestHelpInPlanLanguage(t *testing.T) {
	t.Setenv("BEREDSKAP_PLAN", svPlan)
	out, _, code := runArgs(t, "", "--help")
	if code != 0 || !strings.HasPrefix(out, "Användning: beredskapsbot [kommando]") ||
		!strings.Contains(out, "kontrollera hashkedjan") || strings.Contains(out, "Kommandoer:") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
	out, _, code = runArgs(t, "", "export", "--help")
	for _, want := range []string{"Användning:", "Andra namn: eksporter", "Val:", "(standard: md)", "--plan MAPP\n", "skriv rapporten för en händelse"} {
		if !strings.Contains(out, want) {
			t.Errorf("export --help (exit %d) lacks %q:\n%s", code, want, out)
		}
	}
	for _, bad := range []string{"Bruk:", "Andre navn", "Valg:", "hendelse"} {
		if strings.Contains(out, bad) {
			t.Errorf("export --help contains bokmål %q:\n%s", bad, out)
		}
	}
	_, errOut, code := runArgs(t, "", "finnesikke")
	if code != 2 || !strings.HasPrefix(errOut, `okänt kommando "finnesikke"`) {
		t.Errorf("unknown command: exit %d, stderr %q", code, errOut)
	}
}

// Without a plan, or with one that does not read, the help is in bokmål.
func TestHelpLangFallsBackToBokmal(t *testing.T) {
	t.Setenv("BEREDSKAP_PLAN", "")
	if got := helpLang(""); got != i18n.Bokmal {
		t.Errorf("no plan: %q", got)
	}
	if got := helpLang(t.TempDir()); got != i18n.Bokmal {
		t.Errorf("empty directory: %q", got)
	}
}

// Every form of the table has its text in every catalog, and the bokmål
// text is the table's own.
func TestEveryFormInCatalogs(t *testing.T) {
	for _, c := range subcommands {
		for _, f := range c.usage {
			nb := localFormFromCatalog(i18n.Bokmal, f)
			if nb.args != f.args || nb.does != f.does {
				t.Errorf("cli.form.%s in nb = %+v, want the table's %+v", f.id, nb, f)
			}
			for _, lang := range i18n.Langs() {
				if !i18n.For(lang).Has("cli.form."+f.id+".args") || !i18n.For(lang).Has("cli.form."+f.id+".does") {
					t.Errorf("cli.form.%s missing in %s", f.id, lang)
				}
			}
		}
	}
}

func localFormFromCatalog(lang i18n.Lang, f form) form {
	l := i18n.For(lang)
	return form{args: l.T("cli.form." + f.id + ".args"), does: l.T("cli.form." + f.id + ".does")}
}

// verify speaks the language of the plan the settings name: the
// coordinator reads it.
func TestVerifyInPlanLanguage(t *testing.T) {
	cfg := exportTestDB(t)
	cfg.PlanDir = svPlan
	out, errOut, code := runVerify(t, cfg)
	for _, want := range []string{"Händelse 1 ”Strømbrudd i sentrum”: OK (7 rader, sista hash ", "Alla 2 loggar är intakta."} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("exit %d, stdout lacks %q:\n%s\nstderr:\n%s", code, want, out, errOut)
		}
	}
	if strings.Contains(out, "Hendelse") || strings.Contains(out, "linjer") {
		t.Errorf("verify on a Swedish plan in bokmål:\n%s", out)
	}
}

// export, privacy and backup on a Swedish plan answer in Swedish, and
// the exported report is a Swedish page.
func TestSubcommandsInPlanLanguage(t *testing.T) {
	cfg := exportTestDB(t)
	cfg.PlanDir = svPlan
	out, errOut, code := runCmd(t, cfg, "export", "--incident", "1", "--format", "html")
	if code != 0 || !strings.Contains(out, `<html lang="sv">`) || !strings.Contains(out, "Händelserapport: Strømbrudd i sentrum") || strings.Contains(out, "Hendelsesrapport") {
		t.Errorf("export html on a Swedish plan: exit %d, stderr %q\n%.400s", code, errOut, out)
	}
	if _, errOut, code := runCmd(t, cfg, "export", "--format", "docx"); code != 2 || !strings.Contains(errOut, "okänt format ”docx”; välj md, html, csv, json eller pdf") {
		t.Errorf("export bad format: exit %d, stderr %q", code, errOut)
	}
	out, errOut, code = runCmd(t, cfg, "privacy")
	for _, want := range []string{"Personuppgifter i ", "Loggtexter i avslutade händelser (lagras ", "Öppna händelser", "Filer:", "Kör beredskapsbot privacy --apply"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("privacy: exit %d, stdout lacks %q:\n%s\nstderr:\n%s", code, want, out, errOut)
		}
	}
	if strings.Contains(out, "Personopplysninger") || strings.Contains(out, "hendelse") {
		t.Errorf("privacy on a Swedish plan in bokmål:\n%s", out)
	}
	dest := t.TempDir() + "/kopia.db"
	out, _, code = runCmd(t, cfg, "backup", dest)
	if code != 0 || !strings.Contains(out, "Säkerhetskopia skriven till "+dest) {
		t.Errorf("backup: exit %d\n%s", code, out)
	}
}

// beredskapsbot manifest describes the app in the language of the plan
// BEREDSKAP_PLAN names.
func TestManifestCmdInPlanLanguage(t *testing.T) {
	cfg := config.Config{PlanDir: svPlan}
	out, errOut, code := runCmd(t, cfg, "manifest")
	if code != 0 || !strings.Contains(out, "Logga som beslut") || !strings.Contains(out, "Beredskapsplanen i Slack: händelser") || strings.Contains(out, "Loggfør") {
		t.Errorf("manifest on a Swedish plan: exit %d, stderr %q\n%s", code, errOut, out)
	}
}
