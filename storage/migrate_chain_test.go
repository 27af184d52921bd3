package storage

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"path"
	"path/filepath"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// writeOldFormat creates at p a database as the bot wrote it before
// migration 004: the migrations before it, and one incident whose log
// (opened entry and two decisions) is chained by the v1 rule, hash over
// the text. It returns the incident's ID.
func writeOldFormat(t *testing.T, p string) int64 {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+p+"?_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`)
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if path.Base(name) >= "004" {
			continue
		}
		body, err := fs.ReadFile(migrationFS, name)
		if err != nil {
			t.Fatal(err)
		}
		exec(string(body))
		exec(`INSERT INTO schema_migrations VALUES (?, ?)`, path.Base(name), sqlite.FormatTime(t0))
	}
	exec(`INSERT INTO incidents (id, title, kind, opened_by, opened_at) VALUES (1, 'Strømbrudd', ?, 'U1', ?)`, string(incident.KindIncident), sqlite.FormatTime(t0))
	prev := incident.GenesisHash
	for i, text := range []string{"Strømbrudd", "Vi evakuerer sykehjemmet", secret} {
		kind := incident.EntryDecision
		if i == 0 {
			kind = incident.EntryOpened
		}
		e := incident.Entry{IncidentID: 1, Seq: i + 1, Kind: kind, Author: "U1", Text: text,
			Source: "old-" + string(rune('a'+i)), CreatedAt: t0.Add(time.Duration(i) * time.Minute).UTC(), PrevHash: prev}
		e.Hash = e.ComputeHash(prev)
		exec(`INSERT INTO log_entries (incident_id, seq, kind, author, text, corrects, source, created_at, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`, e.IncidentID, e.Seq, string(e.Kind), e.Author, e.Text, e.Source, sqlite.FormatTime(e.CreatedAt), e.PrevHash, e.Hash)
		prev = e.Hash
	}
	return 1
}

// A database from before redaction migrates: its old entries keep the v1
// rule and still verify, new entries are v2 and can be redacted, the old
// ones cannot, and the mixed chain verifies.
func TestOldFormatMigratesAndVerifies(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "gammel.db")
	id := writeOldFormat(t, p)
	db, err := Open(p)
	if err != nil {
		t.Fatalf("Open old database: %v", err)
	}
	defer db.Close()
	db.Now = func() time.Time { return t0.Add(time.Hour) }
	if err := db.VerifyLog(ctx, id); err != nil {
		t.Fatalf("VerifyLog after migration: %v", err)
	}
	old, err := db.Entry(ctx, id, 3)
	if err != nil || old.Version != incident.ChainV1 || old.Salt != "" || old.Digest != "" {
		t.Fatalf("old entry = %+v, %v", old, err)
	}
	e := mustAppend(t, db, id, "Aggregat bestilt")
	if e.Version != incident.ChainV2 || e.PrevHash != old.Hash {
		t.Errorf("new entry = %+v", e)
	}
	_, err = db.Redact(ctx, id, 3, "U1", "Personopplysninger", nil)
	wantErr(t, err, incident.ErrInvalid, "before redaction existed")
	if _, err := db.Redact(ctx, id, e.Seq, "U1", "Feil i teksten", nil); err != nil {
		t.Fatalf("Redact new entry: %v", err)
	}
	if err := db.VerifyLog(ctx, id); err != nil {
		t.Fatalf("VerifyLog of the mixed chain: %v", err)
	}
	// Tampering with an old entry is still caught by the v1 rule.
	for _, s := range []string{`DROP TRIGGER log_entries_no_update`, `UPDATE log_entries SET text = 'Vi evakuerer ikke' WHERE seq = 2`} {
		if _, err := db.write.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	var ce *incident.ChainError
	if err := db.VerifyLog(ctx, id); !errors.As(err, &ce) || ce.Seq != 2 {
		t.Errorf("VerifyLog after editing old #2 = %v", err)
	}
}
