// Package anchorfile reads and writes the anchor file: an append-only
// file of log heads (one JSON line each, fsynced) kept outside the
// database, so verification can see a log that was cut short or
// rewritten as a whole after the fact, which the hash chain alone cannot
// show. It is plain file I/O and knows nothing of the database's schema;
// storage writes the heads after each commit (DB.AnchorTo) and record
// reads them back.
package anchorfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// Head is the last entry of one incident's log as committed: its
// sequence number and hash, and when it was anchored.
type Head struct {
	IncidentID int64     `json:"incident_id"`
	Seq        int       `json:"seq"`
	Hash       string    `json:"hash"`
	At         time.Time `json:"at"`
	// Reset marks a head written by a restore from an older backup: it
	// replaces the incident's earlier anchors (Seq 0: the incident is gone).
	Reset bool `json:"reset,omitempty"`
}

// File is an anchor file open for appending. It is safe for concurrent
// use.
type File struct {
	mu sync.Mutex
	f  *os.File
}

// Open opens the anchor file at path for appending, creating it with mode
// 0600 (whatever the umask) if it does not exist. Returns an error if it
// cannot be opened.
func Open(path string) (*File, error) {
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open anchor file %s: %w", path, err)
	}
	if errors.Is(statErr, os.ErrNotExist) {
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return nil, fmt.Errorf("anchor file %s: %w", path, err)
		}
	}
	return &File{f: f}, nil
}

// Append writes one JSON line per head (its time in UTC) and fsyncs the
// file. Returns the write or sync error.
func (a *File) Append(heads []Head) error {
	var buf bytes.Buffer
	for _, h := range heads {
		h.At = h.At.UTC()
		line, err := json.Marshal(h)
		if err != nil {
			return fmt.Errorf("write anchor file: %w", err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.f.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write anchor file %s: %w", a.f.Name(), err)
	}
	if err := a.f.Sync(); err != nil {
		return fmt.Errorf("write anchor file %s: %w", a.f.Name(), err)
	}
	return nil
}

// Close closes the file. Returns the error of closing it.
func (a *File) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.f.Close()
}

// Read returns the newest (highest seq) anchored head of every incident
// in the anchor file at path; a Reset line replaces the lines before it.
// A last line cut short by a crash is ignored. Returns an error wrapping
// os.ErrNotExist if there is no such file, or an error naming the line
// that cannot be read.
func Read(path string) (map[int64]Head, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read anchor file: %w", err)
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
			return nil, fmt.Errorf("anchor file %s, line %d cannot be read", path, n+1)
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
