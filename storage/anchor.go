package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Head is the last entry of one incident's log as committed: its sequence
// number and hash. Written to the anchor file, it lets verification see a
// log that was cut short or rewritten as a whole after the fact, which the
// hash chain alone cannot show.
type Head struct {
	IncidentID int64     `json:"incident_id"`
	Seq        int       `json:"seq"`
	Hash       string    `json:"hash"`
	At         time.Time `json:"at"`
	// Reset marks a head written by a restore from an older backup: it
	// replaces the incident's earlier anchors (Seq 0: the incident is gone).
	Reset bool `json:"reset,omitempty"`
}

// headTracker remembers which logs each open transaction appended to, so
// their heads can be reported once it has committed.
type headTracker struct {
	mu      sync.Mutex
	touched map[*sql.Tx]map[int64]bool
	hook    func([]Head)
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
func (h *headTracker) take(tx *sql.Tx) ([]int64, func([]Head)) {
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
func (db *DB) SetHeadHook(fn func([]Head)) {
	db.heads.mu.Lock()
	defer db.heads.mu.Unlock()
	db.heads.hook = fn
}

// AnchorTo opens the anchor file at path (created with mode 0600 if
// missing) and sets a head hook that appends every committed head to it,
// one JSON line each, fsynced. A failed write does not fail the commit
// that caused it (the entries are already on disk): it is passed to onErr
// if that is not nil. The file is closed by Close. Returns an error if
// the file cannot be opened.
func (db *DB) AnchorTo(path string, onErr func(error)) error {
	f, err := OpenAnchorFile(path)
	if err != nil {
		return err
	}
	db.SetHeadHook(func(heads []Head) {
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
	heads := make([]Head, 0, len(ids))
	for _, id := range ids {
		h := Head{IncidentID: id, At: db.now()}
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

// AnchorFile is an append-only file of log heads outside the database.
// It is safe for concurrent use.
type AnchorFile struct {
	mu sync.Mutex
	f  *os.File
}

// OpenAnchorFile opens the anchor file at path for appending, creating it
// with mode 0600 (whatever the umask) if it does not exist. Returns an
// error if it cannot be opened.
func OpenAnchorFile(path string) (*AnchorFile, error) {
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("åpne ankerfil %s: %w", path, err)
	}
	if errors.Is(statErr, os.ErrNotExist) {
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return nil, fmt.Errorf("ankerfil %s: %w", path, err)
		}
	}
	return &AnchorFile{f: f}, nil
}

// Append writes one JSON line per head and fsyncs the file. Returns the
// write or sync error.
func (a *AnchorFile) Append(heads []Head) error {
	var buf bytes.Buffer
	for _, h := range heads {
		h.At = h.At.UTC()
		line, err := json.Marshal(h)
		if err != nil {
			return fmt.Errorf("skriv ankerfil: %w", err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.f.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("skriv ankerfil %s: %w", a.f.Name(), err)
	}
	if err := a.f.Sync(); err != nil {
		return fmt.Errorf("skriv ankerfil %s: %w", a.f.Name(), err)
	}
	return nil
}

// Close closes the file. Returns the error of closing it.
func (a *AnchorFile) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.f.Close()
}

// ReadAnchors returns the newest (highest seq) anchored head of every
// incident in the anchor file at path; a Reset line replaces the lines
// before it. A last line cut short by a crash
// is ignored. Returns an error wrapping os.ErrNotExist if there is no such
// file, or an error naming the line that cannot be read.
func ReadAnchors(path string) (map[int64]Head, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("les ankerfil: %w", err)
	}
	lines := bytes.Split(data, []byte{'\n'})
	// The part after the last newline is empty, or the torn last line of
	// a crash while writing.
	lines = lines[:len(lines)-1]
	out := map[int64]Head{}
	for n, line := range lines {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var h Head
		if err := json.Unmarshal(line, &h); err != nil || h.IncidentID == 0 || (h.Seq == 0 && !h.Reset) {
			return nil, fmt.Errorf("ankerfil %s, linje %d kan ikke leses", path, n+1)
		}
		switch {
		case h.Reset && h.Seq == 0:
			delete(out, h.IncidentID)
		case h.Reset || h.Seq >= out[h.IncidentID].Seq:
			out[h.IncidentID] = h
		}
	}
	return out, nil
}
