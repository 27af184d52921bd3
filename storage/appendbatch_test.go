package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// appendResult is what one AppendEntry call returned.
type appendResult struct {
	e   incident.Entry
	err error
}

// batchHarness forces appends into one batch: it holds the write
// connection, starts a first append (which leads and waits for the
// connection), queues the others behind it in a known order, and then
// lets go.
type batchHarness struct {
	t       *testing.T
	db      *DB
	hold    *sql.Tx
	wg      sync.WaitGroup
	results []chan appendResult
}

func newBatchHarness(t *testing.T, db *DB, first incident.NewEntry) *batchHarness {
	t.Helper()
	hold, err := db.write.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	h := &batchHarness{t: t, db: db, hold: hold}
	h.start(context.Background(), first)
	// The first append leads: it has taken its batch and waits for the
	// connection.
	h.waitQueue(func(busy bool, pending int) bool { return busy && pending == 0 })
	return h
}

// start runs one append in the background and waits until it is queued.
func (h *batchHarness) start(ctx context.Context, n incident.NewEntry) <-chan appendResult {
	ch := make(chan appendResult, 1)
	h.results = append(h.results, ch)
	_, queued := h.db.appends.Waiting()
	h.wg.Go(func() {
		e, err := h.db.AppendEntry(ctx, n)
		ch <- appendResult{e, err}
	})
	if len(h.results) > 1 {
		h.waitQueue(func(_ bool, pending int) bool { return pending == queued+1 })
	}
	return ch
}

func (h *batchHarness) waitQueue(cond func(busy bool, pending int) bool) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if cond(h.db.appends.Waiting()) {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatal("appends were not queued in time")
		}
		time.Sleep(time.Millisecond)
	}
}

// release lets the queued appends run and returns their results, the
// first append's included, in the order they were started.
func (h *batchHarness) release() []appendResult {
	if err := h.hold.Rollback(); err != nil {
		h.t.Fatal(err)
	}
	h.wg.Wait()
	out := make([]appendResult, len(h.results))
	for i, ch := range h.results {
		out[i] = <-ch
	}
	return out
}

func decision(id int64, text string) incident.NewEntry {
	return incident.NewEntry{IncidentID: id, Kind: incident.EntryDecision, Author: "U1", Text: text}
}

// TestAppendBatchSharesOneCommit: appends queued behind a commit are
// committed together, in the order they came, with an unbroken chain and
// one echo each.
func TestAppendBatchSharesOneCommit(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	inc := mustCreate(t, db, "Strømbrudd")
	before := db.appendBatches.Load()
	h := newBatchHarness(t, db, decision(inc.ID, "første"))
	for i := range 20 {
		h.start(ctx, decision(inc.ID, fmt.Sprintf("beslutning %d", i)))
	}
	res := h.release()
	for i, r := range res {
		if r.err != nil {
			t.Fatalf("append %d: %v", i, r.err)
		}
		if r.e.Seq != i+2 { // #1 is the opening entry
			t.Errorf("append %d got seq %d, want %d", i, r.e.Seq, i+2)
		}
	}
	if n := db.appendBatches.Load() - before; n != 2 {
		t.Errorf("%d transactions for 21 appends, want 2 (the first alone, then the 20 queued behind it)", n)
	}
	if err := db.VerifyLog(ctx, inc.ID); err != nil {
		t.Errorf("chain: %v", err)
	}
	if got := count(t, db, "outbox", "kind = ? AND incident_id = ?", string(incident.OutboxEntryLogged), inc.ID); got != 21 {
		t.Errorf("%d echoes, want 21", got)
	}
}

// TestAppendBatchFailuresStayApart: in one batch, appends that fail get
// their own error and leave nothing behind; the others are committed.
func TestAppendBatchFailuresStayApart(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	open := mustCreate(t, db, "Åpen")
	closed := mustCreate(t, db, "Lukket")
	if _, _, err := db.CloseIncident(ctx, closed.ID, "U1", ""); err != nil {
		t.Fatal(err)
	}
	// The echo of an entry for trap fails after the entry itself was
	// inserted: the savepoint must take the entry back.
	trap := mustCreate(t, db, "Felle")
	if _, err := db.write.Exec(fmt.Sprintf(`CREATE TRIGGER trap_echo BEFORE INSERT ON outbox
		WHEN NEW.incident_id = %d BEGIN SELECT RAISE(ABORT, 'echo refused'); END`, trap.ID)); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()

	h := newBatchHarness(t, db, decision(open.ID, "først"))
	h.start(ctx, decision(open.ID, "a"))
	h.start(ctx, decision(closed.ID, "til en lukket hendelse"))
	h.start(ctx, decision(open.ID, "b"))
	h.start(ctx, decision(999, "finnes ikke"))
	h.start(ctx, decision(open.ID, "  "))
	h.start(ctx, incident.NewEntry{IncidentID: open.ID, Author: "U1", Text: "retter noe som ikke finnes", Corrects: 77})
	h.start(cancelled, decision(open.ID, "ga opp"))
	h.start(ctx, decision(trap.ID, "ekkoet feiler"))
	h.start(ctx, decision(open.ID, "c"))
	res := h.release()

	errTrap := errors.New("echo refused")
	wantErrs := []error{nil, nil, incident.ErrIncidentClosed, nil, incident.ErrNotFound, incident.ErrInvalid, incident.ErrInvalid, context.Canceled, errTrap, nil}
	for i, want := range wantErrs {
		if want == errTrap {
			if res[i].err == nil || !strings.Contains(res[i].err.Error(), "echo refused") {
				t.Errorf("append %d: error %v, want the trigger's", i, res[i].err)
			}
			continue
		}
		if want == nil && res[i].err != nil || want != nil && !errors.Is(res[i].err, want) {
			t.Errorf("append %d: error %v, want %v", i, res[i].err, want)
		}
		if want != nil && res[i].e.Seq != 0 {
			t.Errorf("append %d failed but returned entry #%d", i, res[i].e.Seq)
		}
	}
	entries, err := db.Entries(ctx, open.ID)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, e := range entries[1:] {
		texts = append(texts, e.Text)
	}
	if fmt.Sprint(texts) != "[først a b c]" {
		t.Errorf("log = %q, want [først a b c]", texts)
	}
	if err := db.VerifyLog(ctx, open.ID); err != nil {
		t.Errorf("chain: %v", err)
	}
	if got := count(t, db, "log_entries", "incident_id = ?", trap.ID); got != 1 {
		t.Errorf("trap incident has %d entries, want only its opening: the failed append was not taken back", got)
	}
	if got := count(t, db, "outbox", "kind = ? AND incident_id = ?", string(incident.OutboxEntryLogged), open.ID); got != 4 {
		t.Errorf("%d echoes, want 4", got)
	}
}

// TestAppendBatchSurvivesReopen: what a batch acknowledged is in the file.
func TestAppendBatchSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	inc := mustCreate(t, db, "Flom")
	h := newBatchHarness(t, db, decision(inc.ID, "0"))
	for i := range 5 {
		h.start(ctx, decision(inc.ID, fmt.Sprint(i+1)))
	}
	for _, r := range h.release() {
		if r.err != nil {
			t.Fatal(r.err)
		}
	}
	again, err := Open(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	entries, err := again.Entries(ctx, inc.ID)
	if err != nil || len(entries) != 7 {
		t.Fatalf("reopened: %d entries, %v; want 7", len(entries), err)
	}
}
