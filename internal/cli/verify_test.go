package cli

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

func runVerify(t *testing.T, cfg config.Config, args ...string) (string, string, int) {
	t.Helper()
	return runCmd(t, cfg, "verify", args...)
}

// openRaw opens the database file directly, as someone with a sqlite3
// shell would.
func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1) // one connection, so TEMP tables stay visible
	t.Cleanup(func() { raw.Close() })
	return raw
}

// dropLogTriggers drops every trigger on the log table, listed from
// sqlite_master, and returns their names.
func dropLogTriggers(t *testing.T, raw *sql.DB) []string {
	t.Helper()
	rows, err := raw.Query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'log_entries'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	rows.Close()
	for _, n := range names {
		if _, err := raw.Exec(`DROP TRIGGER "` + n + `"`); err != nil {
			t.Fatal(err)
		}
	}
	return names
}

func mustExec(t *testing.T, raw *sql.DB, query string, args ...any) {
	t.Helper()
	res, err := raw.Exec(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatalf("%s changed nothing", query)
	}
}

func TestVerifyIntact(t *testing.T) {
	cfg := exportTestDB(t)
	db, err := storage.Open(cfg.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := db.Entries(context.Background(), 1)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runVerify(t, cfg)
	want := fmt.Sprintf("Hendelse 1 «Strømbrudd i sentrum»: OK (7 linjer, siste hash %s)\n", entries[6].Hash)
	if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, "Hendelse 2 «Trusselvurdering»: OK (1 linjer") || !strings.Contains(out, "Alle 2 logger er intakte.") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant %q", code, out, errOut, want)
	}
	out, _, code = runVerify(t, cfg, "--incident", "2")
	if code != 0 || strings.Contains(out, "Hendelse 1") || !strings.Contains(out, "Hendelse 2") {
		t.Fatalf("--incident 2: exit %d\n%s", code, out)
	}
}

// The triggers refuse edits; once someone drops them and edits, deletes
// or reorders entries in the file, verify fails and names the entry.
func TestVerifyCatchesDirectEdits(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, raw *sql.DB)
		want   string
	}{
		{"text edited", func(t *testing.T, raw *sql.DB) {
			mustExec(t, raw, `UPDATE log_entries SET text = 'Varmestue åpnes kl. 18' WHERE incident_id = 1 AND seq = 3`)
		}, "Hendelse 1 «Strømbrudd i sentrum»: logglinje #3 innholdet er endret etter at det ble loggført"},
		{"time edited", func(t *testing.T, raw *sql.DB) {
			mustExec(t, raw, `UPDATE log_entries SET created_at = '2026-11-22T12:00:00.000000000Z' WHERE incident_id = 1 AND seq = 6`)
		}, "Hendelse 1 «Strømbrudd i sentrum»: logglinje #6 innholdet er endret"},
		{"entry deleted", func(t *testing.T, raw *sql.DB) {
			mustExec(t, raw, `DELETE FROM log_entries WHERE incident_id = 1 AND seq = 4`)
		}, "Hendelse 1 «Strømbrudd i sentrum»: logglinje #4 mangler eller er flyttet (fant #5 på plass 4)"},
		{"two entries swapped", func(t *testing.T, raw *sql.DB) {
			// Swap the rows of #3 and #4 (everything but the row ID).
			const cols = `seq, kind, author, text, corrects, source, created_at, prev_hash, hash`
			if _, err := raw.Exec(`CREATE TEMP TABLE swap AS SELECT id, ` + cols + ` FROM log_entries WHERE incident_id = 1 AND seq IN (3, 4)`); err != nil {
				t.Fatal(err)
			}
			mustExec(t, raw, `UPDATE log_entries SET seq = -seq WHERE incident_id = 1 AND seq IN (3, 4)`)
			mustExec(t, raw, `UPDATE log_entries SET (`+cols+`) = (SELECT `+cols+` FROM temp.swap s WHERE s.id <> log_entries.id)
				WHERE incident_id = 1 AND seq IN (-3, -4)`)
		}, "Hendelse 1 «Strømbrudd i sentrum»: logglinje #3 mangler eller er flyttet (fant #4 på plass 3)"},
		{"last entry deleted", func(t *testing.T, raw *sql.DB) {
			mustExec(t, raw, `DELETE FROM log_entries WHERE incident_id = 1 AND seq = 7`)
		}, "Hendelse 1 «Strømbrudd i sentrum»: logglinje #7 mangler: hendelsen er avsluttet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := exportTestDB(t)
			raw := openRaw(t, cfg.DBPath)
			// The guard first: the triggers refuse a direct edit.
			if _, err := raw.Exec(`UPDATE log_entries SET text = 'x' WHERE incident_id = 1 AND seq = 3`); err == nil {
				t.Fatal("a direct UPDATE of the log was not refused by a trigger")
			}
			if names := dropLogTriggers(t, raw); len(names) < 2 {
				t.Fatalf("triggers on the log: %v, want one against UPDATE and one against DELETE", names)
			}
			tt.tamper(t, raw)

			out, errOut, code := runVerify(t, cfg)
			if code != 1 || !strings.Contains(out, tt.want) {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit 1 and %q", code, out, errOut, tt.want)
			}
			if !strings.Contains(out, "Hendelse 2 «Trusselvurdering»: OK") || !strings.Contains(errOut, "1 av 2 logger er ikke intakte") {
				t.Fatalf("the other log or the summary is wrong:\n%s\n%s", out, errOut)
			}
			if _, _, code := runVerify(t, cfg, "--incident", "2"); code != 0 {
				t.Fatalf("verify --incident 2 (untouched) exit %d", code)
			}
		})
	}
}

func TestVerifyErrors(t *testing.T) {
	cfg := exportTestDB(t)
	if _, errOut, code := runVerify(t, cfg, "--incident", "9"); code != 1 || !strings.Contains(errOut, "hendelse 9 finnes ikke") {
		t.Fatalf("--incident 9: exit %d, %q", code, errOut)
	}
	if _, errOut, code := runVerify(t, cfg, "ekstra"); code != 2 || !strings.Contains(errOut, "bruk: beredskapsbot verify") {
		t.Fatalf("stray argument: exit %d, %q", code, errOut)
	}
	missing := config.Config{DBPath: filepath.Join(t.TempDir(), "mangler.db")}
	if _, errOut, code := runVerify(t, missing); code != 1 || !strings.Contains(errOut, "finner ikke databasen") {
		t.Fatalf("missing database: exit %d, %q", code, errOut)
	}
	empty := config.Config{DBPath: filepath.Join(t.TempDir(), "tom.db")}
	db, err := storage.Open(empty.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if out, _, code := runVerify(t, empty); code != 0 || !strings.Contains(out, "Ingen hendelser") {
		t.Fatalf("empty database: exit %d, %q", code, out)
	}
}
