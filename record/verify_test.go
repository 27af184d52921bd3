package record_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/testclock"
	"github.com/beredskapsbot/beredskapsbot/record"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// env is a database with an anchor file, in a temp dir.
type env struct {
	t       *testing.T
	ctx     context.Context
	dir     string
	dbPath  string
	anchors string
	db      *storage.DB
	clk     *testclock.Clock
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	e := &env{t: t, ctx: context.Background(), dir: dir, dbPath: filepath.Join(dir, "beredskap.db"),
		anchors: filepath.Join(dir, "beredskap.db.anchors"), clk: testclock.New(t0)}
	e.open()
	return e
}

// open opens the database at e.dbPath, anchoring to e.anchors.
func (e *env) open() {
	e.t.Helper()
	db, err := storage.Open(e.dbPath)
	if err != nil {
		e.t.Fatal(err)
	}
	db.Now = e.clk.Now
	if err := db.AnchorTo(e.anchors, func(err error) { e.t.Errorf("anchor: %v", err) }); err != nil {
		e.t.Fatal(err)
	}
	e.db = db
	e.t.Cleanup(func() { db.Close() })
}

// incident opens an incident and logs n decisions in it.
func (e *env) incident(title string, n int) int64 {
	e.t.Helper()
	inc, _, err := e.db.CreateIncident(e.ctx, incident.NewIncident{Title: title, Kind: incident.KindIncident, OpenedBy: "U1"})
	if err != nil {
		e.t.Fatal(err)
	}
	for i := range n {
		e.clk.Add(time.Minute)
		e.log(inc.ID, fmt.Sprintf("Beslutning %d i %s", i+1, title))
	}
	return inc.ID
}

func (e *env) log(id int64, text string) incident.Entry {
	e.t.Helper()
	en, err := e.db.AppendEntry(e.ctx, incident.NewEntry{IncidentID: id, Author: "U2", Text: text})
	if err != nil {
		e.t.Fatal(err)
	}
	return en
}

// tamper runs statements on the database file behind storage's back,
// with the append-only triggers dropped.
func (e *env) tamper(path string, stmts ...string) {
	e.t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		e.t.Fatal(err)
	}
	defer raw.Close()
	for _, s := range append([]string{`DROP TRIGGER IF EXISTS log_entries_no_update`, `DROP TRIGGER IF EXISTS log_entries_no_delete`}, stmts...) {
		if _, err := raw.Exec(s); err != nil {
			e.t.Fatalf("%s: %v", s, err)
		}
	}
}

func (e *env) verifyAll(anchors string) record.Report {
	e.t.Helper()
	rep, err := record.VerifyAll(e.ctx, e.db, anchors)
	if err != nil {
		e.t.Fatal(err)
	}
	return rep
}

func TestVerifyNamesRedactions(t *testing.T) {
	e := newEnv(t)
	id := e.incident("Strømbrudd", 3)
	e.clk.Set(time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC))
	red, err := e.db.Redact(e.ctx, id, 3, "Personvernombudet", "Personopplysninger om en beboer", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	rep := e.verifyAll(e.anchors)
	if !rep.OK() || len(rep.Results) != 1 || rep.AnchorFile != e.anchors {
		t.Fatalf("report = %+v", rep)
	}
	res := rep.Results[0]
	want := record.Redaction{Seq: 3, At: e.clk.Now(), By: "Personvernombudet", Reason: "Personopplysninger om en beboer", LoggedAs: red.Seq}
	if len(res.Redactions) != 1 || res.Redactions[0] != want || res.Anchor == nil || res.Anchor.Seq != red.Seq {
		t.Errorf("result = %+v, want redaction %+v and the anchor at #%d", res, want, red.Seq)
	}
	// Editing another entry after the redaction is caught.
	e.tamper(e.dbPath, `UPDATE log_entries SET text = 'Beslutning 1 endret' WHERE seq = 2`)
	rep = e.verifyAll(e.anchors)
	if rep.OK() || rep.Results[0].Seq != 2 || !strings.Contains(rep.Results[0].Problem, "innholdet er endret") {
		t.Errorf("after editing #2: %+v", rep.Results[0])
	}
}

// The chain cannot show entries cut off the end of an open log, nor a
// chain rewritten consistently from some entry on; the anchor file can.
func TestAnchorsCatchWhatTheChainCannot(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(e *env, id int64)
		seq    int
		reason string
		behind bool
	}{
		{"last entry cut off", func(e *env, id int64) {
			e.tamper(e.dbPath, fmt.Sprintf(`DELETE FROM log_entries WHERE incident_id = %d AND seq = 4`, id))
		}, 4, "linjer er fjernet på slutten", true},
		{"chain rewritten", func(e *env, id int64) {
			entries, err := e.db.Entries(e.ctx, id)
			if err != nil {
				e.t.Fatal(err)
			}
			var stmts []string
			prev := entries[0].Hash
			for _, en := range entries[1:] {
				if en.Seq == 2 {
					en.Text = "Vi evakuerer ikke"
					en.Digest = incident.TextDigest(en.Salt, en.Text)
				}
				en.PrevHash, en.Hash = prev, en.ComputeHash(prev)
				prev = en.Hash
				stmts = append(stmts, fmt.Sprintf(`UPDATE log_entries SET text = '%s', digest = '%s', prev_hash = '%s', hash = '%s' WHERE incident_id = %d AND seq = %d`,
					en.Text, en.Digest, en.PrevHash, en.Hash, id, en.Seq))
			}
			e.tamper(e.dbPath, stmts...)
		}, 4, "kjeden er skrevet om", false},
		{"incident removed", func(e *env, id int64) {
			e.tamper(e.dbPath, fmt.Sprintf(`DELETE FROM log_entries WHERE incident_id = %d`, id), fmt.Sprintf(`DELETE FROM incidents WHERE id = %d`, id))
		}, 1, "hendelsen er fjernet", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			other := e.incident("Flom", 2)
			id := e.incident("Strømbrudd", 3)
			tt.tamper(e, id)
			if rep := e.verifyAll(""); !rep.OK() {
				t.Fatalf("without anchors the tampering should pass unseen: %+v", rep)
			}
			rep := e.verifyAll(e.anchors)
			if rep.OK() {
				t.Fatal("verification passed")
			}
			for _, res := range rep.Results {
				switch res.IncidentID {
				case other:
					if !res.OK {
						t.Errorf("untouched log failed: %+v", res)
					}
				case id:
					if res.OK || res.Seq != tt.seq || res.Behind != tt.behind || !strings.Contains(res.Problem, tt.reason) || !strings.Contains(res.Problem, "ankerfila") {
						t.Errorf("result = %+v, want #%d, %q", res, tt.seq, tt.reason)
					}
				}
			}
		})
	}
}
