package storage

import (
	"context"
	"database/sql"
	"io"
	"sync"

	"github.com/beredskapsbot/beredskapsbot/storage/anchorfile"
)

// headTracker remembers which logs each open transaction appended to, so
// their heads can be reported once it has committed.
type headTracker struct {
	mu      sync.Mutex
	touched map[*sql.Tx]map[int64]bool
	hook    func([]anchorfile.Head)
	closer  io.Closer // the anchor file, closed with the DB
}

// touch records that tx appended to incidentID's log.
func (h *headTracker) touch(tx *sql.Tx, incidentID int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.touched == nil {
		h.touched = map[*sql.Tx]map[int64]bool{}
	}
	if h.touched[tx] == nil {
		h.touched[tx] = map[int64]bool{}
	}
	h.touched[tx][incidentID] = true
}

// take forgets tx and returns the incidents it appended to, and the hook.
func (h *headTracker) take(tx *sql.Tx) ([]int64, func([]anchorfile.Head)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var ids []int64
	for id := range h.touched[tx] {
		ids = append(ids, id)
	}
	delete(h.touched, tx)
	return ids, h.hook
}

// SetHeadHook makes the DB call fn after every commit that appended to a
// log (including the group commits of AppendEntry and Redact), with the
// committed head of every log that commit changed. fn runs before the
// appends are acknowledged to their callers, so it must be quick; it must
// not use the DB's write methods. nil removes the hook.
func (db *DB) SetHeadHook(fn func([]anchorfile.Head)) {
	db.heads.mu.Lock()
	defer db.heads.mu.Unlock()
	db.heads.hook = fn
}

// AnchorTo opens the anchor file at path (anchorfile.Open: created with
// mode 0600 if missing) and sets a head hook that appends every committed head to it,
// one JSON line each, fsynced. A failed write does not fail the commit
// that caused it (the entries are already on disk): it is passed to onErr
// if that is not nil. The file is closed by Close. Returns an error if
// the file cannot be opened.
func (db *DB) AnchorTo(path string, onErr func(error)) error {
	f, err := anchorfile.Open(path)
	if err != nil {
		return err
	}
	db.SetHeadHook(func(heads []anchorfile.Head) {
		if err := f.Append(heads); err != nil && onErr != nil {
			onErr(err)
		}
	})
	db.heads.mu.Lock()
	defer db.heads.mu.Unlock()
	if db.heads.closer != nil {
		_ = db.heads.closer.Close()
	}
	db.heads.closer = f
	return nil
}

// afterCommit reports the heads of the logs tx appended to, read after
// its commit, to the head hook.
func (db *DB) afterCommit(tx *sql.Tx) {
	ids, hook := db.heads.take(tx)
	if hook == nil || len(ids) == 0 {
		return
	}
	ctx := context.Background()
	heads := make([]anchorfile.Head, 0, len(ids))
	for _, id := range ids {
		h := anchorfile.Head{IncidentID: id, At: db.now()}
		if err := db.read.QueryRowContext(ctx, `SELECT seq, hash FROM log_entries WHERE incident_id = ? ORDER BY seq DESC LIMIT 1`,
			id).Scan(&h.Seq, &h.Hash); err != nil {
			continue // rolled back to a savepoint, or unreadable: nothing to anchor
		}
		heads = append(heads, h)
	}
	if len(heads) > 0 {
		hook(heads)
	}
}
