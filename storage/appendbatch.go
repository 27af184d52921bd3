package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// maxAppendBatch bounds how many appends share one transaction (the
// group commit's Max).
const maxAppendBatch = 128

// appendReq is one AppendEntry call going through the group commit
// (groupcommit.Queue): many appends that arrive at the same time share
// one transaction and one fsync, and each caller returns only after the
// commit that holds its entry (or its error), so a decision is on disk
// before it is acknowledged, as with a transaction of its own.
type appendReq struct {
	ctx context.Context
	n   incident.NewEntry
	e   incident.Entry
	err error
}

// appendGrouped appends n through the group commit.
func (db *DB) appendGrouped(ctx context.Context, n incident.NewEntry) (incident.Entry, error) {
	r := &appendReq{ctx: ctx, n: n}
	db.appends.Do(r, db.commitAppends)
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
		if p == nil {
			return
		}
		for _, r := range batch {
			r.e, r.err = incident.Entry{}, fmt.Errorf("log entry not stored: %v", p)
		}
		panic(p)
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
	db.appendBatches.Add(1)
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
