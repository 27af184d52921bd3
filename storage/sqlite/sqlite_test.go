package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// Stored times sort as text in time order, whatever the fraction.
func TestFormatTimeSortsAsText(t *testing.T) {
	a := time.Date(2026, 3, 5, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	b := a.Add(time.Nanosecond * 5)
	if fa, fb := FormatTime(a), FormatTime(b); fa >= fb || fa != "2026-03-05T08:30:00.000000000Z" {
		t.Errorf("FormatTime: %q, %q", fa, fb)
	}
	got, err := ParseTime(sql.NullString{String: FormatTime(b), Valid: true})
	if err != nil || !got.Equal(b) || got.Location() != time.UTC {
		t.Errorf("ParseTime = %v, %v; want %v in UTC", got, err, b)
	}
	if got, err := ParseTime(sql.NullString{}); err != nil || !got.IsZero() {
		t.Errorf("ParseTime(NULL) = %v, %v", got, err)
	}
	if _, err := ParseTime(sql.NullString{String: "i går", Valid: true}); err == nil {
		t.Error("ParseTime accepted a non-time")
	}
}

// A new database is 0600, migrated once, and backed up to a new file only.
func TestOpenMigrateBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, _, err := OpenWriter(ctx, " "); !errors.Is(err, incident.ErrInvalid) {
		t.Errorf("OpenWriter(empty) = %v, want ErrInvalid", err)
	}
	path := filepath.Join(dir, "a #?%.db")
	write, dsn, err := OpenWriter(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer write.Close()
	fsys := fstest.MapFS{"migrations/001_t.sql": {Data: []byte("CREATE TABLE t (x TEXT PRIMARY KEY);")}}
	now := func() time.Time { return time.Unix(0, 0) }
	for want := 1; want >= 0; want-- { // applied once, then not again
		if n, err := Migrate(ctx, write, fsys, now); err != nil || n != want {
			t.Fatalf("Migrate = %d, %v; want %d", n, err, want)
		}
	}
	if _, err := write.Exec(`INSERT INTO t VALUES ('a')`); err != nil {
		t.Fatal(err)
	}
	_, err = write.Exec(`INSERT INTO t VALUES ('a')`)
	if err = MapErr(err); !errors.Is(err, incident.ErrConflict) {
		t.Errorf("duplicate key: %v, want ErrConflict", err)
	}
	read, err := OpenReader(ctx, dsn, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer read.Close()
	if _, err := read.Exec(`INSERT INTO t VALUES ('b')`); err == nil {
		t.Error("the read pool wrote")
	}
	dest := filepath.Join(dir, "copy.db")
	if err := Backup(ctx, dsn, dest); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dest); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup: %v, %v; want mode 0600", fi, err)
	}
	if err := Backup(ctx, dsn, dest); !errors.Is(err, os.ErrExist) {
		t.Errorf("backup over an existing file: %v, want os.ErrExist", err)
	}
	if err := TruncateWAL(ctx, write, time.Second); err != nil {
		t.Errorf("TruncateWAL: %v", err)
	}
}
