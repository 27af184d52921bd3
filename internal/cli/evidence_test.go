package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// The evidence pack from the built binary: every årshjul item, both
// incidents verified, the follow-up; the private exercise's title only
// with --with-private; --help; usage errors.
func TestEvidenceOnBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	cfg := exportTestDB(t)
	db, err := storage.Open(cfg.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddFollowUp(context.Background(), incident.FollowUp{IncidentID: 1, Text: "Test aggregatet", Owner: "per-provesen", Due: "2027-01-15"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	bin := testkit.Binary(t)
	env := []string{"BEREDSKAP_DB=" + cfg.DBPath}
	dir := t.TempDir()

	out, errOut, code := runBinary(t, bin, dir, "", env, "evidence", "--format", "md")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"# Dokumentasjon til tilsynet – Eksempel kommune", "## 3. Øvelser og revisjoner", "ovelse-varsling", "revisjon-ros",
		"Strømbrudd i sentrum", "Skjermet hendelse (øvelse)", "intakt", "Test aggregatet", "Per Prøvesen"} {
		if !strings.Contains(out, want) {
			t.Errorf("md lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Trusselvurdering") {
		t.Error("private title shown without --with-private")
	}
	out, _, code = runBinary(t, bin, dir, "", env, "evidence", "--with-private", "--format", "html", "--from", "2026-11-01", "--to", "22.11.2026")
	if code != 0 || !strings.Contains(out, "<!DOCTYPE html>") || !strings.Contains(out, "Trusselvurdering") || !strings.Contains(out, "size: A4") {
		t.Errorf("html (exit %d):\n%.400s", code, out)
	}
	out, _, code = runBinary(t, bin, dir, "", env, "evidence", "--format", "csv")
	if code != 0 || !strings.HasPrefix(out, "\uFEFF") {
		t.Errorf("csv (exit %d):\n%.200s", code, out)
	}
	out, _, code = runBinary(t, bin, dir, "", nil, "evidence", "--help")
	if code != 0 || !strings.Contains(out, "--with-private") || !strings.Contains(out, "tilsynet") {
		t.Errorf("--help (exit %d):\n%s", code, out)
	}
	for _, args := range [][]string{{"--format", "docx"}, {"--from", "i går"}, {"--from", "2026-12-01", "--to", "2026-11-01"}} {
		if _, errOut, code := runBinary(t, bin, dir, "", env, append([]string{"evidence"}, args...)...); code != 2 || errOut == "" {
			t.Errorf("evidence %v: exit %d, stderr %q", args, code, errOut)
		}
	}
}
