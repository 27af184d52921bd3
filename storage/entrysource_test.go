package storage

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// A message is logged once: the second append of it, of whatever kind,
// fails with a conflict and stores nothing; entries that log no message
// are not constrained.
func TestSourceMessageLoggedOnce(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	inc := mustCreate(t, db, "Flom")
	first, err := db.AppendEntry(ctx, incident.NewEntry{IncidentID: inc.ID, Kind: incident.EntryDecision, Author: "U1",
		Text: "Vi stenger brua", Source: "https://x.slack.com/archives/C1/p1", SourceMessage: "C1/1700000000.000100"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.AppendEntry(ctx, incident.NewEntry{IncidentID: inc.ID, Kind: incident.EntryEvent, Author: "U2",
		Text: "Vi stenger brua", Source: "slack:C1/1700000000.000100", SourceMessage: "C1/1700000000.000100"})
	wantErr(t, err, incident.ErrConflict, "UNIQUE constraint failed: log_entries.source_message")
	if code := apperr.CodeOf(err); code != apperr.Conflict {
		t.Errorf("code = %q, want conflict", code)
	}
	if n := count(t, db, "log_entries", "source_message = ?", "C1/1700000000.000100"); n != 1 {
		t.Errorf("%d entries log the message, want 1", n)
	}
	got, err := db.EntryByMessage(ctx, "C1/1700000000.000100")
	if err != nil || got.Seq != first.Seq || got.Kind != incident.EntryDecision || got.Author != "U1" {
		t.Errorf("EntryByMessage = %+v, %v; want #%d", got, err, first.Seq)
	}
	// Entries without a message: any number, stored as NULL.
	mustAppend(t, db, inc.ID, "uten melding 1")
	mustAppend(t, db, inc.ID, "uten melding 2")
	if n := count(t, db, "log_entries", "source_message IS NULL"); n != 3 { // the opening entry too
		t.Errorf("%d entries with NULL source_message, want 3", n)
	}
	if err := db.VerifyLog(ctx, inc.ID); err != nil {
		t.Errorf("chain after a refused append: %v", err)
	}
}

func TestEntryByMessageNotFound(t *testing.T) {
	db, _ := mustOpen(t)
	for _, key := range []string{"C1/1.2", ""} {
		_, err := db.EntryByMessage(context.Background(), key)
		wantErr(t, err, incident.ErrNotFound, "not found")
		if apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("%q: code = %q, want not_found", key, apperr.CodeOf(err))
		}
	}
	// The driver's "no rows" stays in the chain.
	_, err := db.EntryByMessage(context.Background(), "C1/1.2")
	if !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("err = %v, want sql.ErrNoRows in the chain", err)
	}
}

func TestMapErrCodes(t *testing.T) {
	if err := sqlite.MapErr(sql.ErrNoRows); apperr.CodeOf(err) != apperr.NotFound || !errors.Is(err, incident.ErrNotFound) {
		t.Errorf("ErrNoRows → %v (%s)", err, apperr.CodeOf(err))
	}
	db, _ := mustOpen(t)
	ctx := context.Background()
	inc := mustCreate(t, db, "Brann")
	if _, err := db.CompleteStep(ctx, inc.ID, "brann", 1, "U1", "Steg 1"); err != nil {
		t.Fatal(err)
	}
	_, err := db.CompleteStep(ctx, inc.ID, "brann", 1, "U1", "Steg 1")
	if apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a step done twice: %v (%s), want conflict", err, apperr.CodeOf(err))
	}
	other := errors.New("disk I/O error")
	if err := sqlite.MapErr(other); err != other || apperr.CodeOf(err) != apperr.Internal {
		t.Errorf("other errors pass unchanged: %v", err)
	}
}

// A database from before migration 003 keeps its entries as they were
// (source_message NULL, hash chain intact) and logs messages once after.
func TestMigration003KeepsExistingEntries(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gammel.db")
	old := fstest.MapFS{}
	for _, name := range []string{"migrations/001_init.sql", "migrations/002_delivery_lock.sql"} {
		body, err := fs.ReadFile(migrationFS, name)
		if err != nil {
			t.Fatal(err)
		}
		old[name] = &fstest.MapFile{Data: body}
	}
	write, err := sql.Open("sqlite3", sqlite.DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	write.SetMaxOpenConns(1)
	pre := &DB{write: write}
	if n, err := pre.migrate(ctx, old); err != nil || n != 2 {
		t.Fatalf("old migrations: %d, %v", n, err)
	}
	// An incident and an entry written by the old code (its columns only).
	e := incident.Entry{IncidentID: 1, Seq: 1, Kind: incident.EntryDecision, Author: "U1", Text: "Gammel beslutning",
		Source: "slack:C1/1.1", CreatedAt: t0}
	e.PrevHash = incident.GenesisHash
	e.Hash = e.ComputeHash(e.PrevHash)
	if _, err := write.Exec(`INSERT INTO incidents (id, title, kind, channel_id, opened_by, opened_at) VALUES (1, 'Gammel', 'hendelse', 'C1', 'U1', ?)`, sqlite.FormatTime(t0)); err != nil {
		t.Fatal(err)
	}
	if _, err := write.Exec(`INSERT INTO log_entries (incident_id, seq, kind, author, text, corrects, source, created_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.IncidentID, e.Seq, string(e.Kind), e.Author, e.Text, e.Corrects, e.Source, sqlite.FormatTime(e.CreatedAt), e.PrevHash, e.Hash); err != nil {
		t.Fatal(err)
	}
	write.Close()

	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := count(t, db, "schema_migrations", "name = '003_entry_source.sql'"); n != 1 {
		t.Fatal("migration 003 not applied")
	}
	if n := count(t, db, "log_entries", "source_message IS NULL"); n != 1 {
		t.Errorf("%d old entries with NULL source_message, want 1", n)
	}
	if err := db.VerifyLog(ctx, 1); err != nil {
		t.Errorf("old chain after migration: %v", err)
	}
	// The old entry logged slack:C1/1.1 without a key, so the same message
	// can be logged once more now (keys start with the migration) — and
	// only once.
	n := incident.NewEntry{IncidentID: 1, Kind: incident.EntryEvent, Author: "U2", Text: "Gammel beslutning", SourceMessage: "C1/1.1"}
	if _, err := db.AppendEntry(ctx, n); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AppendEntry(ctx, n); !errors.Is(err, incident.ErrConflict) {
		t.Errorf("second append = %v, want a conflict", err)
	}
	if err := db.VerifyLog(ctx, 1); err != nil {
		t.Errorf("chain: %v", err)
	}
}
