package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// `beredskapsbot backup` while 16 loggers write: the copy verifies and
// holds every decision acknowledged before the backup began.
func TestBackupSubcommandDuringConcurrentLoggers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	bin := testkit.Binary(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "beredskap.db")
	db, err := storage.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var ids []int64
	for _, title := range []string{"Strømbrudd", "Flom", "Skred"} {
		inc, _, err := db.CreateIncident(ctx, incident.NewIncident{Title: title, Kind: incident.KindIncident, OpenedBy: "U1"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, inc.ID)
	}
	loggers := testkit.StartLoggers(t, db, ids, 16, 0)
	loggers.WaitFor(100, 20*time.Second)
	before := loggers.Acked()
	dest := filepath.Join(dir, "kopi.db")
	out, errOut, code := runBinary(t, bin, dir, "", nil, "backup", dest)
	during := loggers.Count()
	loggers.WaitFor(during+50, 20*time.Second) // they kept going during and after the backup
	loggers.Stop()
	if code != 0 || !strings.Contains(out, "Sikkerhetskopi skrevet til") {
		t.Fatalf("backup: exit %d\n%s\n%s", code, out, errOut)
	}
	// The copy has no anchor file of its own: check its chains.
	env := []string{"BEREDSKAP_DB=" + dest, "BEREDSKAP_ANCHOR_FILE=" + filepath.Join(dir, "kopi.anchors")}
	if out, errOut, code := runBinary(t, bin, dir, "", env, "verify"); code != 0 || !strings.Contains(out, "Alle 3 logger er intakte") {
		t.Fatalf("verify of the copy: exit %d\n%s\n%s", code, out, errOut)
	}
	cp, err := storage.Open(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	for _, want := range before {
		got, err := cp.Entries(ctx, want.IncidentID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) < want.Seq || got[want.Seq-1].Hash != want.Hash {
			t.Fatalf("acknowledged decision %d#%d is not in the copy", want.IncidentID, want.Seq)
		}
	}
	// An existing file is not overwritten.
	if _, errOut, code := runBinary(t, bin, dir, "", nil, "backup", dest); code != 1 || !strings.Contains(errOut, "finnes allerede") {
		t.Errorf("backup over an existing file: exit %d: %s", code, errOut)
	}
}

// `privacy` lists the example's personal data; with a retention of 0 days
// `privacy --apply` redacts every closed incident's texts, blanks the
// delivered outbox payloads and empties the Slack-user cache, and verify
// still passes.
func TestPrivacyOnBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	bin := testkit.Binary(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "beredskap.db")
	consoleIncident(t, bin, dir, true)
	// What the deliverer and the Slack lookups would have left behind.
	db, err := storage.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := db.CacheSlackUser(ctx, "kari.nordmann@eksempel.kommune.no", "U0KARI"); err != nil {
		t.Fatal(err)
	}
	if err := db.CacheSlackUser(ctx, "sluttet@eksempel.no", "U0GONE"); err != nil {
		t.Fatal(err)
	}
	id, err := db.Enqueue(ctx, incident.OutboxItem{Kind: "message", Payload: []byte(`{"text":"` + secret + `"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.MarkDelivered(ctx, id); err != nil {
		t.Fatal(err)
	}
	db.Close()

	out, errOut, code := runBinary(t, bin, dir, "", nil, "privacy")
	for _, want := range []string{
		"Loggtekster i avsluttede hendelser (oppbevares 5 år etter avslutning)",
		"hendelse 1 «Strømbrudd i sentrum», avsluttet",
		"Leverte utboksmeldinger (oppbevares 30 dager etter levering): ",
		"Slack-brukerbuffer (e-post → Slack-bruker, oppbevares 30 dager): 2",
		"1 tilhører kontakter som ikke lenger er i planen",
		"./beredskap.db (modus 0600",
		"beredskap.db.anchors (modus 0600",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("privacy lacks %q", want)
		}
	}
	if code != 0 || strings.Contains(out, "oppbevaringstiden er utløpt") || t.Failed() {
		t.Fatalf("privacy: exit %d\n%s\n%s", code, out, errOut)
	}

	// A plan with a retention of 0 days.
	planDir := filepath.Join(dir, "plan")
	if _, errOut, code := runBinary(t, bin, dir, "", nil, "plan", "init", planDir); code != 0 {
		t.Fatalf("plan init: %s", errOut)
	}
	org := filepath.Join(planDir, "organisasjon.yaml")
	b, _ := os.ReadFile(org)
	b = append(b, []byte("personvern:\n  fritekst_lukkede_hendelser: 0 dager\n  leverte_utboksmeldinger: 0 dager\n  slack_brukerbuffer: 30 dager\n")...)
	if err := os.WriteFile(org, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runBinary(t, bin, dir, "", []string{"BEREDSKAP_PLAN=" + planDir}, "privacy", "--apply")
	if code != 0 || !strings.Contains(out, "oppbevaringstiden er utløpt") || !strings.Contains(out, "leverte utboksmeldinger.") || strings.Contains(out, "Tømte 0 ") ||
		!strings.Contains(out, "Slettet 1 oppføringer i Slack-brukerbufferen") {
		t.Fatalf("privacy --apply: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "Sladdet 4 loggtekster") {
		t.Errorf("privacy --apply redacted another number of texts than the 4 of the incident:\n%s", out)
	}
	if out, errOut, code := runBinary(t, bin, dir, "", nil, "verify"); code != 0 || !strings.Contains(out, "oppbevaringstid utløpt") {
		t.Fatalf("verify after privacy --apply: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, s := range []string{secret, "Varmestue åpnes kl. 16", "Strømmen er tilbake"} {
		if hits := filesContain(t, dbPath, s); len(hits) > 0 {
			t.Errorf("%q is still in %v", s, hits)
		}
	}
	// Applying again finds nothing more to do.
	if out, _, code := runBinary(t, bin, dir, "", []string{"BEREDSKAP_PLAN=" + planDir}, "privacy", "--apply"); code != 0 || !strings.Contains(out, "Sladdet 0 loggtekster") {
		t.Errorf("second --apply: exit %d\n%s", code, out)
	}

	// A bad period is refused with file:line.
	bad := strings.Replace(string(b), "slack_brukerbuffer: 30 dager", "slack_brukerbuffer: en måned", 1)
	os.WriteFile(org, []byte(bad), 0o644)
	if _, errOut, code := runBinary(t, bin, dir, "", nil, "plan", "check", "--plan", planDir); code == 0 || !strings.Contains(errOut, "organisasjon.yaml:") || !strings.Contains(errOut, "personvern.slack_brukerbuffer") {
		t.Errorf("bad retention: exit %d: %s", code, errOut)
	}
}

// /beredskap sladd: only the plan's administrators may redact; the answer
// shows the marker, and verify names the redaction.
func TestSladdCommandOnBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	bin := testkit.Binary(t)
	dir := t.TempDir()
	script := "/beredskap start Strømbrudd\n/beredskap logg " + secret + "\n/beredskap sladd 2 personopplysninger\n"
	out, errOut, code := runBinary(t, bin, dir, script, nil, "console", "--user", "U0KRISE001")
	if code != 0 || !strings.Contains(out, "Bare beredskapskoordinator kan sladde logginnslag") {
		t.Fatalf("a crisis leader who is not an administrator: exit %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code = runBinary(t, bin, dir, "/beredskap sladd 2 personopplysninger\n", nil, "console", "--user", "U0KRISE003")
	if code != 0 || !strings.Contains(out, "Linje #2 er sladdet og vises nå som: [sladdet ") || !strings.Contains(out, "av Ingrid Eksempel: personopplysninger]") {
		t.Fatalf("the administrator: exit %d\n%s\n%s", code, out, errOut)
	}
	out, _, code = runBinary(t, bin, dir, "", nil, "verify")
	if code != 0 || !strings.Contains(out, "#2 sladdet ") || !strings.Contains(out, "av Ingrid Eksempel: personopplysninger") {
		t.Fatalf("verify: exit %d\n%s", code, out)
	}
	if hits := filesContain(t, filepath.Join(dir, "beredskap.db"), secret); len(hits) > 0 {
		t.Fatalf("the text is still in %v", hits)
	}
}

// `restore` says to stop the bot, refuses a backup whose chain is broken
// (leaving the database as it was) and swaps in one that verifies.
func TestRestoreSubcommandOnBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	bin := testkit.Binary(t)
	dir := t.TempDir()
	consoleIncident(t, bin, dir, false)
	good, bad := filepath.Join(dir, "god.db"), filepath.Join(dir, "tuklet.db")
	for _, f := range []string{good, bad} {
		if _, errOut, code := runBinary(t, bin, dir, "", nil, "backup", f); code != 0 {
			t.Fatalf("backup: %s", errOut)
		}
	}
	raw := openRaw(t, bad)
	dropLogTriggers(t, raw)
	mustExec(t, raw, `UPDATE log_entries SET text = 'Ingen ringte' WHERE text = ?`, secret)
	raw.Close()

	out, errOut, code := runBinary(t, bin, dir, "", nil, "restore", bad)
	if code != 1 || !strings.Contains(out, "Stopp boten") || !strings.Contains(errOut, "ikke intakt") || !strings.Contains(errOut, "er uendret") {
		t.Fatalf("restore of a tampered backup: exit %d\n%s\n%s", code, out, errOut)
	}
	if seq := entrySeq(t, filepath.Join(dir, "beredskap.db"), secret); seq == 0 {
		t.Fatal("the database changed")
	}
	// A decision after the backup: restoring loses it, and says so.
	if _, errOut, code := runBinary(t, bin, dir, "/beredskap logg Etter sikkerhetskopien\n", nil, "console"); code != 0 {
		t.Fatal(errOut)
	}
	out, errOut, code = runBinary(t, bin, dir, "", nil, "restore", good)
	if code != 0 || !strings.Contains(out, "er kontrollert") || !strings.Contains(out, "lagt til side som") || !strings.Contains(out, "Tapt etter sikkerhetskopien: hendelse 1") {
		t.Fatalf("restore of a good backup: exit %d\n%s\n%s", code, out, errOut)
	}
	if out, errOut, code := runBinary(t, bin, dir, "", nil, "verify"); code != 0 {
		t.Fatalf("verify after restore: exit %d\n%s\n%s", code, out, errOut)
	}
}
