package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/internal/pdf"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// exportTestDB writes two incidents to a new database file and returns
// settings pointing to it: #1 a closed power cut with a correction and a
// completed step, #2 a later private exercise, still open.
func exportTestDB(t *testing.T) config.Config {
	t.Helper()
	cfg := config.Config{DBPath: filepath.Join(t.TempDir(), "beredskap.db"), LogLevel: "error", LogFormat: "text"}
	db, err := storage.Open(cfg.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 22, 13, 30, 0, 0, time.UTC)
	db.Now = func() time.Time { now = now.Add(time.Minute); return now }
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	inc, _, err := db.CreateIncident(ctx, incident.NewIncident{Title: "Strømbrudd i sentrum", Kind: incident.KindIncident, CardID: "strom", ListID: "kriseledelse", OpenedBy: "U0KRISE001", ChannelName: "beredskap-20261122-strombrudd-i-sentrum"})
	must(err)
	_, err = db.AssignRole(ctx, inc.ID, "kriseleder", "U0KRISE001", "U0KRISE001", "Rolle Kriseleder: <@U0KRISE001>")
	must(err)
	wrong, err := db.AppendEntry(ctx, incident.NewEntry{IncidentID: inc.ID, Kind: incident.EntryDecision, Author: "U0KRISE001", Text: "Varmestue åpnes kl. 17"})
	must(err)
	_, err = db.AppendEntry(ctx, incident.NewEntry{IncidentID: inc.ID, Kind: incident.EntryCorrection, Author: "U0KRISE001", Text: "Varmestue åpnes kl. 16", Corrects: wrong.Seq})
	must(err)
	_, err = db.CompleteStep(ctx, inc.ID, "strom", 1, "U0KRISE004", "Tiltak Strømbrudd, steg 1 utført")
	must(err)
	_, err = db.AppendEntry(ctx, incident.NewEntry{IncidentID: inc.ID, Kind: incident.EntryDecision, Author: "U0KRISE005", Text: "Pressemelding sendt"})
	must(err)
	_, _, err = db.CloseIncident(ctx, inc.ID, "U0KRISE001", "Strømmen er tilbake")
	must(err)
	_, err = db.AddEvaluation(ctx, incident.Evaluation{IncidentID: inc.ID, Question: "Hva fungerte?", Answer: "Varslingen", Author: "U0KRISE003"})
	must(err)
	_, _, err = db.CreateIncident(ctx, incident.NewIncident{Title: "Trusselvurdering", Kind: incident.KindExercise, Private: true, OpenedBy: "U0KRISE002"})
	must(err)
	return cfg
}

func runExport(t *testing.T, cfg config.Config, args ...string) (string, string, int) {
	t.Helper()
	return runCmd(t, cfg, "export", args...)
}

func TestExportFormats(t *testing.T) {
	cfg := exportTestDB(t)
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, out string)
	}{
		{"default is the latest as Markdown", nil, func(t *testing.T, out string) {
			for _, want := range []string{"# Øvelsesrapport: Trusselvurdering", "**SKJERMET", "| Skjermet | Ja (privat kanal) |", "Ola Nordmann"} {
				if !strings.Contains(out, want) {
					t.Errorf("lacks %q:\n%s", want, out)
				}
			}
		}},
		{"one incident as Markdown", []string{"--incident", "1"}, func(t *testing.T, out string) {
			for _, want := range []string{"# Hendelsesrapport: Strømbrudd i sentrum", "Varmestue åpnes kl. 16", "retter #3", "1 av 9 steg utført", "### Hva fungerte?", "✅ hash-kjeden er hel"} {
				if !strings.Contains(out, want) {
					t.Errorf("lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, "SKJERMET") {
				t.Error("an incident that is not private is marked Skjermet")
			}
		}},
		{"HTML", []string{"--incident", "1", "--format", "html"}, func(t *testing.T, out string) {
			if !strings.HasPrefix(out, "<!DOCTYPE html>") || !strings.Contains(out, "<h1>Hendelsesrapport: Strømbrudd i sentrum</h1>") {
				t.Errorf("not the HTML report:\n%.300s", out)
			}
		}},
		{"CSV", []string{"--incident", "1", "--format", "csv"}, func(t *testing.T, out string) {
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
			if err != nil || len(rows) != 8 || rows[0][0] != "nr" || rows[4][4] != "Varmestue åpnes kl. 16" || rows[4][5] != "3" {
				t.Errorf("CSV (%v): %q", err, rows)
			}
		}},
		{"JSON", []string{"--incident", "1", "--format", "json"}, func(t *testing.T, out string) {
			var j struct {
				Incident struct{ Title string }
				Log      []struct{ Seq int }
			}
			if err := json.Unmarshal([]byte(out), &j); err != nil || j.Incident.Title != "Strømbrudd i sentrum" || len(j.Log) != 7 {
				t.Errorf("JSON (%v): %+v", err, j)
			}
		}},
		{"--latest", []string{"--latest", "--format", "json"}, func(t *testing.T, out string) {
			if !strings.Contains(out, `"title": "Trusselvurdering"`) || !strings.Contains(out, `"private": true`) {
				t.Errorf("not the latest incident:\n%s", out)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runExport(t, cfg, tt.args...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			tt.check(t, out)
		})
	}
}

// Phone numbers and e-mail addresses are personal data: only with
// --with-contacts.
func TestExportContacts(t *testing.T) {
	cfg := exportTestDB(t)
	// Kari Nordmann, first in the list: +47 900 00 101, shown as +47 90 00 01 01.
	personal := []string{"90 00 01 01", "+4790000101", "kari.nordmann@eksempel.kommune.no"}
	for _, format := range []string{"md", "html", "csv", "json"} {
		out, _, code := runExport(t, cfg, "--incident", "1", "--format", format)
		if code != 0 {
			t.Fatalf("%s: exit %d", format, code)
		}
		for _, p := range personal {
			if strings.Contains(out, p) {
				t.Errorf("%s without --with-contacts contains %q", format, p)
			}
		}
	}
	for _, format := range []string{"md", "html", "json"} {
		out, _, code := runExport(t, cfg, "--incident", "1", "--format", format, "--with-contacts")
		if code != 0 || !strings.Contains(out, "90 00 01 01") || !strings.Contains(out, "kari.nordmann@eksempel.kommune.no") {
			t.Errorf("%s with --with-contacts (exit %d) lacks Kari's phone and e-mail", format, code)
		}
	}
}

// --format pdf prints the HTML report with headless Chromium. Without
// Chromium the test is skipped on a developer machine and fails under CI,
// which installs it.
func TestExportPDF(t *testing.T) {
	cfg := exportTestDB(t)
	if !pdf.Available() {
		if ci := os.Getenv("CI"); ci != "" && ci != "false" {
			t.Fatal("chromium is not installed (CI installs it: apt-get install chromium)")
		}
		t.Skip("chromium is not installed; apt-get install chromium to run this test")
	}
	out, errOut, code := runExport(t, cfg, "--incident", "1", "--format", "pdf")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.HasPrefix(out, "%PDF") || len(out) < 10_000 {
		t.Fatalf("not a PDF (%d bytes): %.20q", len(out), out)
	}
}

// Without Chromium, --format pdf says which program is missing.
func TestExportPDFWithoutChromium(t *testing.T) {
	cfg := exportTestDB(t)
	t.Setenv("PATH", t.TempDir())
	out, errOut, code := runExport(t, cfg, "--incident", "1", "--format", "pdf")
	if code != 1 || out != "" || !strings.Contains(errOut, "PDF lages med nettleseren Chromium, som ikke er installert") {
		t.Fatalf("exit %d, stdout %.20q, stderr %q", code, out, errOut)
	}
}

// export --help answers in bokmål, on standard out, with exit 0, and
// names every format.
func TestExportHelp(t *testing.T) {
	out, errOut, code := runExport(t, exportTestDB(t), "--help")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"Bruk:\n  beredskapsbot export", "rapportens FORMAT: md, html, csv, json eller pdf (pdf krever Chromium) (standard: md)"} {
		if !strings.Contains(out, want) {
			t.Errorf("export --help lacks %q:\n%s", want, out)
		}
	}
}

func TestExportErrors(t *testing.T) {
	cfg := exportTestDB(t)
	tests := []struct {
		name string
		cfg  config.Config
		args []string
		code int
		want string
	}{
		{"unknown format", cfg, []string{"--format", "docx"}, 2, "export: ukjent format «docx»; velg md, html, csv, json eller pdf.\n"},
		{"both selectors", cfg, []string{"--incident", "1", "--latest"}, 2, "enten --incident ID eller --latest"},
		{"no such incident", cfg, []string{"--incident", "9"}, 1, "hendelse 9 finnes ikke"},
		{"stray argument", cfg, []string{"1"}, 2, `ukjent argument "1"`},
		{"no database", config.Config{DBPath: filepath.Join(t.TempDir(), "mangler.db")}, nil, 1, "finner ikke databasen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runExport(t, tt.cfg, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) || out != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errOut, tt.code, tt.want)
			}
		})
	}
	// An empty database has nothing to export.
	empty := config.Config{DBPath: filepath.Join(t.TempDir(), "tom.db")}
	db, err := storage.Open(empty.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, errOut, code := runExport(t, empty); code != 1 || !strings.Contains(errOut, "ingen hendelser") {
		t.Fatalf("empty database: exit %d, %q", code, errOut)
	}
}
