package storage

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// secret is a log text with personal data that a redaction must erase.
const secret = "Kari Nordmann (fnr 01017012345) flyttes til Solbakken sykehjem"

// oslo is the plan's zone in these tests.
var oslo = mustZone("Europe/Oslo")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func TestRedact(t *testing.T) {
	ctx := context.Background()
	db, clk := mustOpen(t)
	inc := mustCreate(t, db, "Strømbrudd")
	clk.Add(time.Minute)
	mustAppend(t, db, inc.ID, "Aggregat bestilt")
	clk.Add(time.Minute)
	logged := mustAppend(t, db, inc.ID, secret)
	clk.Add(time.Minute)
	mustAppend(t, db, inc.ID, "Info til innbyggere")
	if _, _, err := db.CloseIncident(ctx, inc.ID, "U100", "Ferdig"); err != nil {
		t.Fatal(err)
	}
	// 23:30 UTC is the next day in Oslo: the marker uses the plan's zone.
	clk.Set(time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC))

	red, err := db.Redact(ctx, inc.ID, logged.Seq, "Personvernombudet", "Sletting etter GDPR art. 17", oslo)
	if err != nil {
		t.Fatalf("Redact: %v", err)
	}
	if red.Kind != incident.EntryRedaction || red.Corrects != logged.Seq || red.Author != "Personvernombudet" || red.Seq != 6 ||
		!strings.Contains(red.Text, "Personvernombudet") || !strings.Contains(red.Text, "GDPR art. 17") || strings.Contains(red.Text, "Kari") {
		t.Errorf("redaction entry = %+v", red)
	}
	got, err := db.Entry(ctx, inc.ID, logged.Seq)
	if err != nil {
		t.Fatal(err)
	}
	want := "[sladdet 01.12.2026 av Personvernombudet: Sletting etter GDPR art. 17]"
	if got.Text != want || got.Salt != "" || got.Digest != logged.Digest || got.Hash != logged.Hash || !got.Redacted() ||
		got.RedactedBy != "Personvernombudet" || got.RedactionReason != "Sletting etter GDPR art. 17" || !got.RedactedAt.Equal(clk.Now()) {
		t.Errorf("redacted entry = %+v", got)
	}
	if err := db.VerifyLog(ctx, inc.ID); err != nil {
		t.Fatalf("VerifyLog after redaction: %v", err)
	}
	for _, path := range []string{db.Path(), db.Path() + "-wal"} {
		raw, err := os.ReadFile(path)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		for _, part := range []string{secret, "01017012345", "Solbakken"} {
			if bytes.Contains(raw, []byte(part)) {
				t.Errorf("%s still holds %q", path, part)
			}
		}
	}
	if fi, err := os.Stat(db.Path() + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("WAL is %d bytes after the redaction, want it truncated", fi.Size())
	}

	// Editing another entry afterwards is still caught.
	for _, s := range []string{`DROP TRIGGER log_entries_no_update`, `UPDATE log_entries SET text = 'Aggregat avbestilt' WHERE seq = 2`} {
		if _, err := db.write.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	var ce *incident.ChainError
	if err := db.VerifyLog(ctx, inc.ID); !errors.As(err, &ce) || ce.Seq != 2 || !strings.Contains(ce.Reason, "innholdet er endret") {
		t.Errorf("VerifyLog after editing #2 = %v, want #2 changed", err)
	}
}

func TestRedactRefuses(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	inc := mustCreate(t, db, "Strømbrudd")
	e := mustAppend(t, db, inc.ID, secret)
	if _, err := db.Redact(ctx, inc.ID, e.Seq, "U1", "Feil person", nil); err != nil {
		t.Fatal(err)
	}
	_, err := db.Redact(ctx, inc.ID, e.Seq, "U1", "Igjen", nil)
	wantErr(t, err, incident.ErrConflict, "already redacted")
	_, err = db.Redact(ctx, inc.ID, 99, "U1", "Grunn", nil)
	wantErr(t, err, incident.ErrNotFound, "entry #99")
	_, err = db.Redact(ctx, 42, 1, "U1", "Grunn", nil)
	wantErr(t, err, incident.ErrNotFound, "42")
	_, err = db.Redact(ctx, inc.ID, 1, "U1", "  ", nil)
	wantErr(t, err, incident.ErrInvalid, "reason")
	_, err = db.AppendEntry(ctx, incident.NewEntry{IncidentID: inc.ID, Kind: incident.EntryRedaction, Author: "U1", Text: "x", Corrects: 1})
	wantErr(t, err, incident.ErrInvalid, "redacting")
	if err := db.VerifyLog(ctx, inc.ID); err != nil {
		t.Fatalf("VerifyLog: %v", err)
	}
}

// The trigger lets through exactly a redaction of a v2 entry, once.
func TestRedactionTrigger(t *testing.T) {
	db, _ := mustOpen(t)
	inc := mustCreate(t, db, "Strømbrudd")
	mustAppend(t, db, inc.ID, secret)
	redact := `UPDATE log_entries SET text = '[sladdet 01.12.2026 av U1: grunn]', salt = NULL,
		redacted_at = '2026-12-01T10:00:00.000000000Z', redacted_by = 'U1', redaction_reason = 'grunn'`
	refused := []string{
		`UPDATE log_entries SET text = 'endret' WHERE seq = 2`,
		redact + `, author = 'U9' WHERE seq = 2`,
		redact + `, hash = 'x' WHERE seq = 2`,
		redact + `, digest = '' WHERE seq = 2`,
		redact + `, created_at = '2020-01-01T00:00:00.000000000Z' WHERE seq = 2`,
		strings.Replace(redact, "[sladdet", "[skjult", 1) + ` WHERE seq = 2`,
		strings.Replace(redact, "salt = NULL", "salt = salt", 1) + ` WHERE seq = 2`,
		strings.Replace(redact, "redaction_reason = 'grunn'", "redaction_reason = ''", 1) + ` WHERE seq = 2`,
	}
	for _, s := range refused {
		if _, err := db.write.Exec(s); err == nil || !strings.Contains(err.Error(), "kan ikke endres") {
			t.Errorf("%s: err = %v, want refused", s, err)
		}
	}
	if _, err := db.write.Exec(redact + ` WHERE seq = 2`); err != nil {
		t.Fatalf("redaction refused: %v", err)
	}
	if _, err := db.write.Exec(redact + ` WHERE seq = 2`); err == nil {
		t.Error("a second redaction of the same entry was let through")
	}
	// Done behind storage's back, the redaction is not in the chain.
	var ce *incident.ChainError
	if err := db.VerifyLog(context.Background(), inc.ID); !errors.As(err, &ce) || ce.Seq != 2 || !strings.Contains(ce.Reason, "ingen sladding") {
		t.Errorf("VerifyLog = %v, want #2 redacted without a redaction entry", err)
	}
}
