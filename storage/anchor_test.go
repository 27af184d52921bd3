package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/anchorfile"
)

// Every commit that appends, the group commits included, anchors the
// committed head of each log it changed; a rolled-back append does not.
func TestAnchorFile(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	path := filepath.Join(t.TempDir(), "beredskap.db.anchors")
	var errs []error
	if err := db.AnchorTo(path, func(err error) { errs = append(errs, err) }); err != nil {
		t.Fatal(err)
	}
	a, b := mustCreate(t, db, "Strømbrudd"), mustCreate(t, db, "Flom")
	closed := mustCreate(t, db, "Avsluttet")
	if _, _, err := db.CloseIncident(ctx, closed.ID, "U1", ""); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := []int64{a.ID, b.ID, closed.ID}[i%3]
			_, err := db.AppendEntry(ctx, incident.NewEntry{IncidentID: id, Author: "U2", Text: fmt.Sprintf("Beslutning %d", i)})
			if id != closed.ID && err != nil {
				t.Errorf("AppendEntry: %v", err)
			}
		}()
	}
	wg.Wait()
	heads, err := anchorfile.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{a.ID, b.ID, closed.ID} {
		entries, err := db.Entries(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		last := entries[len(entries)-1]
		if h := heads[id]; h.Seq != last.Seq || h.Hash != last.Hash || h.At.IsZero() {
			t.Errorf("incident %d: anchor %+v, want seq %d hash %s", id, h, last.Seq, last.Hash)
		}
	}
	if len(errs) > 0 {
		t.Errorf("anchor write errors: %v", errs)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("anchor file mode = %v, %v; want 0600", fi.Mode(), err)
	}
}

// The database, its WAL and its shared-memory file are 0600 whatever the
// umask.
func TestOpenCreatesPrivateFiles(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	db, _ := mustOpen(t)
	inc := mustCreate(t, db, "Strømbrudd")
	mustAppend(t, db, inc.ID, "Aggregat bestilt")
	for _, p := range []string{db.Path(), db.Path() + "-wal", db.Path() + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(p), fi.Mode().Perm())
		}
	}
}
