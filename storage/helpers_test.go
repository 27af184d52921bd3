package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/testclock"
)

// t0 is the fixed start of the test clock: given in CET with nanoseconds,
// so tests see both the UTC conversion and full precision.
var t0 = time.Date(2026, 3, 5, 9, 30, 0, 123456789, time.FixedZone("CET", 3600))

// mustOpen opens a new database file in a temp dir with the test clock
// set to t0, and closes it when the test ends.
func mustOpen(tb testing.TB) (*DB, *testclock.Clock) {
	tb.Helper()
	db, err := Open(filepath.Join(tb.TempDir(), "beredskap.db"))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	clk := testclock.New(t0)
	db.Now = clk.Now
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return db, clk
}

// mustCreate opens an incident with the given title and fails the test on error.
func mustCreate(tb testing.TB, db *DB, title string) incident.Incident {
	tb.Helper()
	inc, created, err := db.CreateIncident(context.Background(), incident.NewIncident{
		Title: title, Kind: incident.KindIncident, OpenedBy: "U100",
	})
	if err != nil || !created {
		tb.Fatalf("CreateIncident(%q) = created %v, err %v", title, created, err)
	}
	return inc
}

// mustAppend appends a decision and fails the test on error.
func mustAppend(tb testing.TB, db *DB, id int64, text string) incident.Entry {
	tb.Helper()
	e, err := db.AppendEntry(context.Background(), incident.NewEntry{IncidentID: id, Kind: incident.EntryDecision, Author: "U200", Text: text})
	if err != nil {
		tb.Fatalf("AppendEntry(%d, %q): %v", id, text, err)
	}
	return e
}

// wantErr fails unless err wraps target and its message contains msg.
func wantErr(tb testing.TB, err, target error, msg string) {
	tb.Helper()
	if !errors.Is(err, target) {
		tb.Fatalf("error = %v, want errors.Is(%v)", err, target)
	}
	if !strings.Contains(err.Error(), msg) {
		tb.Fatalf("error = %q, want it to contain %q", err, msg)
	}
}

// count returns SELECT COUNT(*) FROM table [where].
func count(tb testing.TB, db *DB, table, where string, args ...any) int {
	tb.Helper()
	var n int
	q := "SELECT COUNT(*) FROM " + table
	if where != "" {
		q += " WHERE " + where
	}
	if err := db.read.QueryRow(q, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
	return n
}

// allOutbox returns every outbox item in ID order.
func allOutbox(tb testing.TB, db *DB) []incident.OutboxItem {
	tb.Helper()
	items, err := queryOutbox(context.Background(), db.read, `ORDER BY o.id`)
	if err != nil {
		tb.Fatalf("queryOutbox: %v", err)
	}
	return items
}

func mkdirAll(dir string) error { return os.MkdirAll(dir, 0o755) }

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
