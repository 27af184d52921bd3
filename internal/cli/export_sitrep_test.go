package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/internal/pdf"
)

// In the console: a report drafted after two decisions holds both;
// `rapport send` stores it in the chain and `export --report` shows it;
// the second report covers only what came after the first.
func TestConsoleSitRepAndExport(t *testing.T) {
	cfg := config.Config{DBPath: filepath.Join(t.TempDir(), "beredskap.db"), LogLevel: "error", LogFormat: "text"}
	script := strings.Join([]string{
		"/beredskap start Strømbrudd i sentrum",
		"/beredskap logg Sykehjemmene får aggregat først",
		"/beredskap logg Innbyggerne varsles på SMS",
		"/beredskap rapport",
		"/beredskap rapport send",
		"/beredskap logg Skolene holdes stengt i morgen",
		"/beredskap rapport",
		"/beredskap rapport send",
	}, "\n") + "\n"
	var out, errOut bytes.Buffer
	if code := runCommand(context.Background(), cfg, lookup("console"), []string{"--user", "kari"}, strings.NewReader(script), &out, &errOut); code != 0 {
		t.Fatalf("console exit %d: %s", code, errOut.String())
	}
	first, second, ok := strings.Cut(out.String(), "Skolene holdes stengt i morgen")
	if !ok {
		t.Fatalf("console output:\n%s", out.String())
	}
	for _, want := range []string{"Situasjonsrapport 1 – Strømbrudd i sentrum", "Iverksatte og planlagte tiltak",
		"Sykehjemmene får aggregat først", "Innbyggerne varsles på SMS", "Situasjonsrapport 1 er sendt"} {
		if !strings.Contains(first, want) {
			t.Errorf("first draft lacks %q:\n%s", want, first)
		}
	}
	if !strings.Contains(second, "Situasjonsrapport 2 er sendt") {
		t.Errorf("second report not sent:\n%s", second)
	}

	txt, errText, code := runExport(t, cfg, "--report", "1", "--incident", "1", "--format", "txt")
	if code != 0 || errText != "" {
		t.Fatalf("export --report 1: exit %d: %s", code, errText)
	}
	for _, want := range []string{"Situasjonsrapport 1 – Strømbrudd i sentrum", "3. Iverksatte og planlagte tiltak", "Sykehjemmene får aggregat først", "Innbyggerne varsles på SMS"} {
		if !strings.Contains(txt, want) {
			t.Errorf("report 1 lacks %q:\n%s", want, txt)
		}
	}
	txt, _, code = runExport(t, cfg, "--report", "2")
	if code != 0 || !strings.Contains(txt, "Skolene holdes stengt i morgen") || strings.Contains(txt, "Sykehjemmene") {
		t.Errorf("report 2 (exit %d) does not cover only what came after report 1:\n%s", code, txt)
	}
	html, _, code := runExport(t, cfg, "--report", "2", "--format", "html")
	if code != 0 || !strings.Contains(html, "<h1>Situasjonsrapport 2 – Strømbrudd i sentrum</h1>") || !strings.Contains(html, "<h2>3. Iverksatte og planlagte tiltak</h2>") {
		t.Errorf("html (exit %d):\n%s", code, html)
	}
	// PDF through Chromium where it is installed (CI installs it), else a
	// clear message naming it.
	if out, errText, code := runExport(t, cfg, "--report", "1", "--format", "pdf"); pdf.Available() {
		if code != 0 || !strings.HasPrefix(out, "%PDF") {
			t.Errorf("pdf: exit %d: %s", code, errText)
		}
	} else if code != 1 || !strings.Contains(errText, "Chromium") {
		t.Errorf("pdf without Chromium: exit %d: %s", code, errText)
	}
	if _, errText, code = runExport(t, cfg, "--report", "3"); code != 1 || !strings.Contains(errText, "ingen situasjonsrapport 3") {
		t.Errorf("missing report: exit %d: %s", code, errText)
	}
}
