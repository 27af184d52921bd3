package storage

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// maxAppendBatch bounds how many appends share one transaction.
const maxAppendBatch = 128

// appendQueue is group commit for AppendEntry: appends that arrive while
// another batch is being committed wait, and the next of them commits
// all waiting appends in one transaction, so many decisions share one
// fsync. Each caller returns only after the commit that holds its entry
// (or its error): a decision is on disk before it is acknowledged, as
// with a transaction of its own.
//
// There is no goroutine of its own: the first waiting caller leads the
// next batch (it is handed the lead when the batch before is done).
type appendQueue struct {
	mu      sync.Mutex
	pending []*appendReq
	busy    bool // a batch is being committed

	batches atomic.Int64 // transactions committed or tried, for tests
}

// appendReq is one AppendEntry call.
type appendReq struct {
	ctx  context.Context
	n    incident.NewEntry
	e    incident.Entry
	err  error
	done chan struct{} // closed when e or err is set
	lead chan struct{} // closed when this caller is to commit the next batch
}

// join queues r and reports whether its caller leads (commits) at once.
func (q *appendQueue) join(r *appendReq) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pending = append(q.pending, r)
	if q.busy {
		return false
	}
	q.busy = true
	return true
}

// take removes the next batch from the queue; the leader's own request
// is in it, as it was queued before it was handed the lead.
func (q *appendQueue) take() []*appendReq {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := min(len(q.pending), maxAppendBatch)
	batch := append([]*appendReq(nil), q.pending[:n]...)
	q.pending = append(q.pending[:0], q.pending[n:]...)
	return batch
}

// handOver ends a leader's turn: the first waiting caller leads next.
func (q *appendQueue) handOver() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.pending) == 0 {
		q.busy = false
		return
	}
	close(q.pending[0].lead)
}

// appendGrouped appends n through the queue.
func (db *DB) appendGrouped(ctx context.Context, n incident.NewEntry) (incident.Entry, error) {
	r := &appendReq{ctx: ctx, n: n, done: make(chan struct{}), lead: make(chan struct{})}
	if !db.appends.join(r) {
		select {
		case <-r.done: // a leader committed it
			return r.e, r.err
		case <-r.lead:
		}
	}
	defer db.appends.handOver()
	db.commitAppends(db.appends.take())
	return r.e, r.err
}

// commitAppends appends a batch in one IMMEDIATE transaction. A request
// that fails on its own (closed incident, invalid text …) is rolled back
// to its savepoint and gets its error; the others are committed. If the
// transaction cannot be started or committed, every request gets that
// error.
func (db *DB) commitAppends(batch []*appendReq) {
	defer func() {
		p := recover()
		for _, r := range batch {
			if p != nil {
				r.e, r.err = incident.Entry{}, fmt.Errorf("log entry not stored: %v", p)
			}
			close(r.done)
		}
		if p != nil {
			panic(p)
		}
	}()
	live := batch[:0:0]
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = fmt.Errorf("begin transaction: %w", err)
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	db.appends.batches.Add(1)
	if len(live) == 1 { // alone: exactly a transaction of its own
		r := live[0]
		r.err = db.inTx(r.ctx, func(tx *sql.Tx) error {
			var err error
			r.e, err = db.appendOpen(r.ctx, tx, r.n)
			return err
		})
		return
	}
	// One caller giving up must not fail the others' commit.
	ctx := context.WithoutCancel(live[0].ctx)
	failAll := func(err error) {
		for _, r := range live {
			if r.err == nil {
				r.err, r.e = err, incident.Entry{}
			}
		}
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		failAll(fmt.Errorf("begin transaction: %w", err))
		return
	}
	for _, r := range live {
		if _, err := tx.ExecContext(ctx, `SAVEPOINT append_entry`); err != nil {
			_ = tx.Rollback()
			db.heads.take(tx)
			failAll(err)
			return
		}
		r.e, r.err = db.appendOpen(ctx, tx, r.n)
		undo := []string{`RELEASE append_entry`}
		if r.err != nil {
			r.e = incident.Entry{}
			undo = []string{`ROLLBACK TO append_entry`, `RELEASE append_entry`}
		}
		for _, stmt := range undo {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				_ = tx.Rollback()
				db.heads.take(tx)
				failAll(err)
				return
			}
		}
	}
	if err := tx.Commit(); err != nil {
		db.heads.take(tx)
		failAll(fmt.Errorf("commit transaction: %w", sqlite.MapErr(err)))
		return
	}
	db.afterCommit(tx)
}

// appendOpen appends an entry with its echo to an open incident.
func (db *DB) appendOpen(ctx context.Context, tx *sql.Tx, n incident.NewEntry) (incident.Entry, error) {
	if _, err := openIncident(ctx, tx, n.IncidentID); err != nil {
		return incident.Entry{}, err
	}
	return db.appendEcho(ctx, tx, n)
}
