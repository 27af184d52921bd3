package report_test

import (
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/report"
)

// rawDB opens the fixture's SQLite file behind storage's back, with the
// append-only triggers dropped, as someone editing the file would.
func rawDB(t *testing.T, f *fixture) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite3", f.db.Path())
	f.must(err)
	t.Cleanup(func() { raw.Close() })
	rows, err := raw.Query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'log_entries'`)
	f.must(err)
	var triggers []string
	for rows.Next() {
		var name string
		f.must(rows.Scan(&name))
		triggers = append(triggers, name)
	}
	f.must(rows.Err())
	rows.Close()
	if len(triggers) == 0 {
		t.Fatal("the log table has no guard triggers to drop")
	}
	for _, name := range triggers {
		_, err := raw.Exec(`DROP TRIGGER "` + name + `"`)
		f.must(err)
	}
	return raw
}

func rawExec(t *testing.T, raw *sql.DB, query string, args ...any) {
	t.Helper()
	res, err := raw.Exec(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatalf("%s changed nothing", query)
	}
}

func TestCheckCatchesTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, raw *sql.DB, id int64)
		seq    int
		reason string
	}{
		{"intact", func(*testing.T, *sql.DB, int64) {}, 0, ""},
		{"text edited", func(t *testing.T, raw *sql.DB, id int64) {
			rawExec(t, raw, `UPDATE log_entries SET text = 'Varmestue åpnes ikke' WHERE incident_id = ? AND seq = 7`, id)
		}, 7, "innholdet er endret"},
		{"author edited", func(t *testing.T, raw *sql.DB, id int64) {
			rawExec(t, raw, `UPDATE log_entries SET author = 'U0KRISE002' WHERE incident_id = ? AND seq = 4`, id)
		}, 4, "innholdet er endret"},
		{"edited and rehashed", func(t *testing.T, raw *sql.DB, id int64) {
			// Someone who knows the hash recomputes it for the edited entry;
			// the next entry still points to the old hash.
			var e incident.Entry
			row := raw.QueryRow(`SELECT incident_id, seq, kind, author, corrects, source, created_at, prev_hash, chain_version, salt FROM log_entries WHERE incident_id = ? AND seq = 7`, id)
			var kind, created string
			if err := row.Scan(&e.IncidentID, &e.Seq, &kind, &e.Author, &e.Corrects, &e.Source, &created, &e.PrevHash, &e.Version, &e.Salt); err != nil {
				t.Fatal(err)
			}
			e.Kind, e.Text = incident.EntryKind(kind), "Varmestue åpnes ikke"
			e.Digest = incident.TextDigest(e.Salt, e.Text)
			// created_at is stored as RFC 3339 UTC; parse it the way storage wrote it.
			at, err := parseStored(created)
			if err != nil {
				t.Fatal(err)
			}
			e.CreatedAt = at
			rawExec(t, raw, `UPDATE log_entries SET text = ?, digest = ?, hash = ? WHERE incident_id = ? AND seq = 7`, e.Text, e.Digest, e.ComputeHash(e.PrevHash), id)
		}, 8, "peker ikke på forrige linjes hash"},
		{"entry deleted", func(t *testing.T, raw *sql.DB, id int64) {
			rawExec(t, raw, `DELETE FROM log_entries WHERE incident_id = ? AND seq = 5`, id)
		}, 5, "mangler eller er flyttet"},
		{"two entries swapped", func(t *testing.T, raw *sql.DB, id int64) { swapEntries(t, raw, id, 5, 6) }, 5, "mangler eller er flyttet"},
		{"last entry cut off", func(t *testing.T, raw *sql.DB, id int64) {
			rawExec(t, raw, `DELETE FROM log_entries WHERE incident_id = ? AND seq = 13`, id)
		}, 13, "hendelsen er avsluttet"},
		{"whole log deleted", func(t *testing.T, raw *sql.DB, id int64) {
			rawExec(t, raw, `DELETE FROM log_entries WHERE incident_id = ?`, id)
		}, 1, "loggen er tom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			id := f.powerCut()
			tt.tamper(t, rawDB(t, f), id)
			c, err := report.Check(f.ctx, f.db, id)
			f.must(err)
			if tt.seq == 0 {
				if !c.Verified || c.Problem != "" || c.Entries != 13 {
					t.Fatalf("intact log: %+v", c)
				}
				return
			}
			if c.Verified || c.Seq != tt.seq || !strings.HasPrefix(c.Problem, "logglinje #") || !strings.Contains(c.Problem, tt.reason) {
				t.Fatalf("chain %+v, want a problem at #%d: %q", c, tt.seq, tt.reason)
			}
		})
	}
}

// An open incident whose last entries were cut off is caught by the
// records that point to them. Roles given from the role cards at start
// have no entries of their own and are no sign of a cut-off log.
func TestCheckCatchesTruncatedOpenLog(t *testing.T) {
	f := newFixture(t)
	f.at(day, 9, 0)
	inc, _, err := f.db.CreateIncident(f.ctx, incident.NewIncident{Title: "Vannlekkasje", Kind: incident.KindIncident, OpenedBy: "U0KRISE001",
		Roles: []incident.RoleHolder{{RoleID: "kriseleder", UserID: "U0KRISE001"}, {RoleID: "loggforer", UserID: "kontakt:per-provesen"}}})
	f.must(err)
	if c, err := report.Check(f.ctx, f.db, inc.ID); err != nil || !c.Verified {
		t.Fatalf("a new incident with roles from the role cards: %+v, %v", c, err)
	}
	f.log(inc.ID, incident.EntryDecision, "U0KRISE001", "Stenger hovedkranen", 0, "")
	_, err = f.db.CompleteStep(f.ctx, inc.ID, "vann", 1, "U0KRISE015", "Tiltak Vann, steg 1 utført")
	f.must(err)
	rawExec(t, rawDB(t, f), `DELETE FROM log_entries WHERE incident_id = ? AND seq = 3`, inc.ID)
	c, err := report.Check(f.ctx, f.db, inc.ID)
	f.must(err)
	if c.Verified || c.Seq != 3 || !strings.Contains(c.Problem, "steg 1 på tiltakskortet vann ble loggført som #3") {
		t.Fatalf("chain %+v, want #3 missing (a completed step without its entry)", c)
	}
}

func TestCheckNotFound(t *testing.T) {
	f := newFixture(t)
	if _, err := report.Check(f.ctx, f.db, 7); !errors.Is(err, incident.ErrNotFound) {
		t.Fatalf("Check(7) = %v, want ErrNotFound", err)
	}
}

// swapEntries swaps the stored rows of two entries (all columns but the
// row ID), so the log reads in a different order.
func swapEntries(t *testing.T, raw *sql.DB, id int64, a, b int) {
	t.Helper()
	const cols = `seq, kind, author, text, corrects, source, created_at, prev_hash, hash`
	read := func(seq int) []any {
		vals := make([]any, 9)
		ptrs := make([]any, 9)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := raw.QueryRow(`SELECT `+cols+` FROM log_entries WHERE incident_id = ? AND seq = ?`, id, seq).Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		return vals
	}
	ra, rb := read(a), read(b)
	set := `UPDATE log_entries SET seq = ?, kind = ?, author = ?, text = ?, corrects = ?, source = ?, created_at = ?, prev_hash = ?, hash = ? WHERE incident_id = ? AND seq = ?`
	rawExec(t, raw, `UPDATE log_entries SET seq = -1 WHERE incident_id = ? AND seq = ?`, id, a)
	rawExec(t, raw, set, append(ra, id, b)...)
	rawExec(t, raw, set, append(rb, id, -1)...)
}

// parseStored reads a time as storage writes it (RFC 3339, UTC).
func parseStored(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }
