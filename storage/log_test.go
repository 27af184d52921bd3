package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

func TestAppendEntry(t *testing.T) {
	ctx := context.Background()
	db, clk := mustOpen(t)
	inc := mustCreate(t, db, "Strømbrudd")
	clk.Add(time.Minute)
	text := "  Vi evakuerer sykehjemmet.\nAnsvar: Kari  " // stored exactly as written
	e, err := db.AppendEntry(ctx, incident.NewEntry{
		IncidentID: inc.ID, Kind: incident.EntryDecision, Author: "U2", Text: text, Source: "https://slack.example/p1",
	})
	if err != nil {
		t.Fatal(err)
	}
	first, err := db.Entry(ctx, inc.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := incident.Entry{
		IncidentID: inc.ID, Seq: 2, Kind: incident.EntryDecision, Author: "U2", Text: text,
		Source: "https://slack.example/p1", CreatedAt: t0.Add(time.Minute).UTC(), PrevHash: first.Hash,
	}
	want.Version, want.Salt, want.Digest = incident.ChainV2, e.Salt, incident.TextDigest(e.Salt, text)
	want.Hash = want.ComputeHash(first.Hash)
	if len(e.Salt) != 32 || e != want {
		t.Errorf("entry = %+v\nwant    %+v", e, want)
	}
	got, err := db.Entry(ctx, inc.ID, 2)
	if err != nil || got != want {
		t.Errorf("Entry(2) = %+v, %v", got, err)
	}
	items := allOutbox(t, db)
	echo := items[len(items)-1]
	if echo.Kind != incident.OutboxEntryLogged || echo.Key != "incident:1" || echo.IncidentID != inc.ID ||
		string(echo.Payload) != `{"incident_id":1,"seq":2}` {
		t.Errorf("echo = %+v (payload %s)", echo, echo.Payload)
	}

	// A correction refers to an existing entry; an empty Kind becomes a correction.
	c, err := db.AppendEntry(ctx, incident.NewEntry{IncidentID: inc.ID, Author: "U2", Text: "Rettelse: Ansvar: Ola", Corrects: 2})
	if err != nil || c.Seq != 3 || c.Kind != incident.EntryCorrection || c.Corrects != 2 {
		t.Errorf("correction = %+v, %v", c, err)
	}
	d, err := db.AppendEntry(ctx, incident.NewEntry{IncidentID: inc.ID, Author: "U2", Text: "Ny beslutning"})
	if err != nil || d.Kind != incident.EntryDecision {
		t.Errorf("empty kind = %q, %v; want %q", d.Kind, err, incident.EntryDecision)
	}

	all, err := db.Entries(ctx, inc.ID)
	if err != nil || len(all) != 4 {
		t.Fatalf("Entries = %d, %v; want 4", len(all), err)
	}
	for i, e := range all {
		if e.Seq != i+1 {
			t.Errorf("Entries[%d].Seq = %d", i, e.Seq)
		}
	}
	if err := db.VerifyLog(ctx, inc.ID); err != nil {
		t.Errorf("VerifyLog: %v", err)
	}
}

func TestAppendEntryErrors(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	inc := mustCreate(t, db, "Strømbrudd")
	closed := mustCreate(t, db, "Øvelse")
	if _, _, err := db.CloseIncident(ctx, closed.ID, "U1", ""); err != nil {
		t.Fatal(err)
	}
	entriesBefore := count(t, db, "log_entries", "")
	outboxBefore := count(t, db, "outbox", "")
	tests := []struct {
		name   string
		n      incident.NewEntry
		target error
		msg    string
	}{
		{"empty text", incident.NewEntry{IncidentID: inc.ID, Text: ""}, incident.ErrInvalid, "the text cannot be empty"},
		{"blank text", incident.NewEntry{IncidentID: inc.ID, Text: " \n "}, incident.ErrInvalid, "the text cannot be empty"},
		{"unknown kind", incident.NewEntry{IncidentID: inc.ID, Kind: "sladder", Text: "x"}, incident.ErrInvalid, `unknown entry kind "sladder"`},
		{"corrects missing entry", incident.NewEntry{IncidentID: inc.ID, Text: "x", Corrects: 5}, incident.ErrInvalid, "incident 1 has no entry #5 to correct"},
		{"corrects negative", incident.NewEntry{IncidentID: inc.ID, Text: "x", Corrects: -1}, incident.ErrInvalid, "no entry #-1"},
		{"corrects other incident's entry", incident.NewEntry{IncidentID: inc.ID, Text: "x", Corrects: 2}, incident.ErrInvalid, "no entry #2"},
		{"no such incident", incident.NewEntry{IncidentID: 99, Text: "x"}, incident.ErrNotFound, "incident 99: not found"},
		{"closed incident", incident.NewEntry{IncidentID: closed.ID, Text: "x"}, incident.ErrIncidentClosed, "incident 2: incident closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := db.AppendEntry(ctx, tt.n)
			wantErr(t, err, tt.target, tt.msg)
			if e != (incident.Entry{}) {
				t.Errorf("entry = %+v on error, want zero", e)
			}
		})
	}
	if n := count(t, db, "log_entries", ""); n != entriesBefore {
		t.Errorf("log grew from %d to %d on errors", entriesBefore, n)
	}
	if n := count(t, db, "outbox", ""); n != outboxBefore {
		t.Errorf("outbox grew from %d to %d on errors", outboxBefore, n)
	}
}

func TestEntriesNotFound(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	inc := mustCreate(t, db, "A")
	_, err := db.Entries(ctx, 5)
	wantErr(t, err, incident.ErrNotFound, "incident 5: not found")
	_, err = db.Entry(ctx, inc.ID, 9)
	wantErr(t, err, incident.ErrNotFound, "incident 1, entry #9: not found")
	wantErr(t, db.VerifyLog(ctx, 5), incident.ErrNotFound, "incident 5: not found")
}

func TestAppendEntryConcurrent(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	inc := mustCreate(t, db, "Dataangrep")
	const n = 50
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			_, err := db.AppendEntry(ctx, incident.NewEntry{
				IncidentID: inc.ID, Kind: incident.EntryDecision, Author: fmt.Sprintf("U%d", i), Text: fmt.Sprintf("beslutning %d", i),
			})
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("AppendEntry: %v", err)
	}
	entries, err := db.Entries(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != n+1 {
		t.Fatalf("%d entries, want %d", len(entries), n+1)
	}
	texts := map[string]bool{}
	for i, e := range entries {
		if e.Seq != i+1 {
			t.Errorf("entry %d has seq %d", i, e.Seq)
		}
		texts[e.Text] = true
	}
	for i := range n {
		if !texts[fmt.Sprintf("beslutning %d", i)] {
			t.Errorf("beslutning %d was lost", i)
		}
	}
	if err := db.VerifyLog(ctx, inc.ID); err != nil {
		t.Errorf("VerifyLog: %v", err)
	}
	if got := count(t, db, "outbox", "kind = ?", string(incident.OutboxEntryLogged)); got != n {
		t.Errorf("%d echoes enqueued, want %d", got, n)
	}
}

func TestLogTriggersRefuseChanges(t *testing.T) {
	db, _ := mustOpen(t)
	inc := mustCreate(t, db, "A")
	mustAppend(t, db, inc.ID, "Beslutning")
	tests := []struct{ name, sql, msg string }{
		{"update", `UPDATE log_entries SET text = 'endret' WHERE seq = 2`, "linjer kan ikke endres"},
		{"delete", `DELETE FROM log_entries WHERE seq = 2`, "linjer kan ikke slettes"},
		{"delete all", `DELETE FROM log_entries`, "linjer kan ikke slettes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.write.Exec(tt.sql)
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("%s: err = %v, want %q", tt.sql, err, tt.msg)
			}
		})
	}
	if err := db.VerifyLog(context.Background(), inc.ID); err != nil {
		t.Errorf("VerifyLog after refused changes: %v", err)
	}
}

func TestVerifyLogCatchesTampering(t *testing.T) {
	tests := []struct {
		name    string
		tamper  []string
		wantSeq int
		reason  string
		// seqOrderHides: read in seq order the chain still verifies, so
		// only rowid order reveals the change.
		seqOrderHides bool
	}{
		{
			name:    "text edited",
			tamper:  []string{`UPDATE log_entries SET text = 'Vi evakuerer ikke' WHERE seq = 3`},
			wantSeq: 3, reason: "innholdet er endret",
		},
		{
			name:    "entry deleted",
			tamper:  []string{`DELETE FROM log_entries WHERE seq = 2`},
			wantSeq: 2, reason: "mangler eller er flyttet",
		},
		{
			name: "two entries swapped",
			tamper: []string{
				`CREATE TEMP TABLE s AS SELECT * FROM log_entries WHERE id IN (2, 3)`,
				`UPDATE log_entries SET seq = -seq WHERE id IN (2, 3)`,
				`UPDATE log_entries SET (seq, kind, author, text, corrects, source, created_at, prev_hash, hash, salt, digest) =
					(SELECT seq, kind, author, text, corrects, source, created_at, prev_hash, hash, salt, digest FROM s WHERE s.id = 5 - log_entries.id)
					WHERE id IN (2, 3)`,
			},
			wantSeq: 2, reason: "mangler eller er flyttet (fant #3 på plass 2)", seqOrderHides: true,
		},
		{
			name: "content of two entries swapped",
			tamper: []string{
				`CREATE TEMP TABLE s AS SELECT * FROM log_entries`,
				`UPDATE log_entries SET
					text = (SELECT text FROM s WHERE s.id = (CASE log_entries.id WHEN 2 THEN 3 ELSE 2 END)),
					author = (SELECT author FROM s WHERE s.id = (CASE log_entries.id WHEN 2 THEN 3 ELSE 2 END)),
					created_at = (SELECT created_at FROM s WHERE s.id = (CASE log_entries.id WHEN 2 THEN 3 ELSE 2 END)),
					hash = (SELECT hash FROM s WHERE s.id = (CASE log_entries.id WHEN 2 THEN 3 ELSE 2 END))
					WHERE id IN (2, 3)`,
			},
			wantSeq: 2, reason: "innholdet er endret",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, clk := mustOpen(t)
			inc := mustCreate(t, db, "Strømbrudd")
			for _, text := range []string{"Vi evakuerer", "Aggregat bestilt", "Info til innbyggere"} {
				clk.Add(time.Minute)
				mustAppend(t, db, inc.ID, text)
			}
			if err := db.VerifyLog(ctx, inc.ID); err != nil {
				t.Fatalf("VerifyLog before tampering: %v", err)
			}
			stmts := append([]string{`DROP TRIGGER log_entries_no_update`, `DROP TRIGGER log_entries_no_delete`}, tt.tamper...)
			for _, s := range stmts {
				if _, err := db.write.Exec(s); err != nil {
					t.Fatalf("%s: %v", s, err)
				}
			}
			if tt.seqOrderHides {
				bySeq, err := db.Entries(ctx, inc.ID)
				if err != nil {
					t.Fatal(err)
				}
				if err := incident.VerifyChain(bySeq); err != nil {
					t.Fatalf("expected the seq-ordered log to look intact, got %v", err)
				}
			}
			err := db.VerifyLog(ctx, inc.ID)
			var ce *incident.ChainError
			if !errors.As(err, &ce) {
				t.Fatalf("VerifyLog = %v, want a *ChainError", err)
			}
			if ce.IncidentID != inc.ID || ce.Seq != tt.wantSeq || !strings.Contains(ce.Reason, tt.reason) {
				t.Errorf("ChainError = %+v, want seq %d and reason containing %q", ce, tt.wantSeq, tt.reason)
			}
		})
	}
}
