package storage

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

func TestOpenPragmas(t *testing.T) {
	db, _ := mustOpen(t)
	tests := []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"synchronous", "2"}, // FULL
		{"busy_timeout", "10000"},
	}
	for _, pool := range []struct {
		name string
		db   *sql.DB
	}{{"write", db.write}, {"read", db.read}} {
		for _, tt := range tests {
			var got string
			if err := pool.db.QueryRow("PRAGMA " + tt.pragma).Scan(&got); err != nil {
				t.Fatalf("%s PRAGMA %s: %v", pool.name, tt.pragma, err)
			}
			if got != tt.want {
				t.Errorf("%s PRAGMA %s = %q, want %q", pool.name, tt.pragma, got, tt.want)
			}
		}
	}
	var qo int
	if err := db.read.QueryRow("PRAGMA query_only").Scan(&qo); err != nil || qo != 1 {
		t.Errorf("read pool query_only = %d, %v; want 1", qo, err)
	}
	if _, err := db.read.Exec(`INSERT INTO slack_users (email, user_id, cached_at) VALUES ('a', 'b', 'c')`); err == nil {
		t.Error("write through the read-only pool succeeded")
	}
}

func TestMigrationsApplyOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	rows, err := db.read.Query(`SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	rows.Close()
	if len(names) == 0 || names[0] != "001_init.sql" {
		t.Fatalf("schema_migrations = %v, want 001_init.sql first", names)
	}
	n, err := db.migrate(ctx, migrationFS)
	if err != nil || n != 0 {
		t.Fatalf("migrate on an up-to-date DB = %d, %v; want 0, nil", n, err)
	}
	mustCreate(t, db, "Strømbrudd")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	if got := count(t, db, "schema_migrations", ""); got != len(names) {
		t.Errorf("after reopen %d migrations recorded, want %d", got, len(names))
	}
	inc, err := db.Incident(ctx, 1)
	if err != nil || inc.Title != "Strømbrudd" {
		t.Fatalf("after reopen Incident(1) = %+v, %v", inc, err)
	}
	if err := db.VerifyLog(ctx, 1); err != nil {
		t.Errorf("VerifyLog after reopen: %v", err)
	}
}

func TestMigrateFailureRollsBack(t *testing.T) {
	db, _ := mustOpen(t)
	fsys := fstest.MapFS{
		"migrations/001_init.sql": {Data: []byte("SELECT 1;")}, // already recorded: not run again
		"migrations/002_ok.sql":   {Data: []byte("CREATE TABLE extra_ok (x INTEGER);")},
		"migrations/003_bad.sql":  {Data: []byte("CREATE TABLE extra_bad (x INTEGER); THIS IS NOT SQL;")},
	}
	n, err := db.migrate(context.Background(), fsys)
	if err == nil || !strings.Contains(err.Error(), "migration 003_bad.sql failed") {
		t.Fatalf("migrate = %d, %v; want error naming 003_bad.sql", n, err)
	}
	if n != 1 {
		t.Errorf("applied %d migrations before the failure, want 1", n)
	}
	if got := count(t, db, "schema_migrations", "name = '002_ok.sql'"); got != 1 {
		t.Errorf("002_ok.sql recorded %d times, want 1", got)
	}
	if got := count(t, db, "schema_migrations", "name = '003_bad.sql'"); got != 0 {
		t.Errorf("failed migration recorded")
	}
	if got := count(t, db, "sqlite_master", "name = 'extra_bad'"); got != 0 {
		t.Errorf("failed migration left table extra_bad behind")
	}
}

func TestTimesStoredAsUTCText(t *testing.T) {
	db, _ := mustOpen(t)
	inc := mustCreate(t, db, "Vannlekkasje")
	var raw string
	if err := db.read.QueryRow(`SELECT opened_at FROM incidents WHERE id = ?`, inc.ID).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if want := "2026-03-05T08:30:00.123456789Z"; raw != want {
		t.Errorf("stored opened_at = %q, want %q", raw, want)
	}
	if !inc.OpenedAt.Equal(t0) || inc.OpenedAt.Location() != time.UTC {
		t.Errorf("OpenedAt = %v, want %v in UTC", inc.OpenedAt, t0)
	}
}

func TestOpenPathWithSpecialCharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mappe med #rare?tegn%20", "b.db")
	if _, err := Open(path); err == nil {
		t.Fatal("Open in a missing directory succeeded")
	}
	if err := mkdirAll(filepath.Dir(path)); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%q): %v", path, err)
	}
	defer db.Close()
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	if err := db.Ping(context.Background()); err != nil {
		t.Errorf("Ping: %v", err)
	}
	if !fileExists(path) {
		t.Errorf("database file %q was not created at the given path", path)
	}
}

func TestOpenEmptyPath(t *testing.T) {
	_, err := Open("  ")
	wantErr(t, err, incident.ErrInvalid, "database file missing")
}

func TestPingAfterClose(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := db.Ping(context.Background()); err == nil || !strings.Contains(err.Error(), "database does not answer") {
		t.Errorf("Ping after Close = %v, want an error", err)
	}
}
