package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/incident"
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
	heads, err := ReadAnchors(path)
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

func TestReadAnchors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	l := func(id, seq int, hash string) string {
		return fmt.Sprintf(`{"incident_id":%d,"seq":%d,"hash":%q,"at":"2026-12-01T10:00:00Z"}`+"\n", id, seq, hash)
	}
	// Out of order lines: the highest seq wins; a torn last line is ignored.
	got, err := ReadAnchors(write("ok", l(1, 3, "c")+l(2, 1, "x")+l(1, 2, "b")+`{"incident_id":1,"se`))
	if err != nil || len(got) != 2 || got[1].Seq != 3 || got[1].Hash != "c" || got[2].Seq != 1 {
		t.Errorf("ReadAnchors = %+v, %v", got, err)
	}
	reset := func(id, seq int, hash string) string {
		return fmt.Sprintf(`{"incident_id":%d,"seq":%d,"hash":%q,"at":"2026-12-01T11:00:00Z","reset":true}`+"\n", id, seq, hash)
	}
	// A restore resets the anchors: to a lower head, or away.
	got, err = ReadAnchors(write("reset", l(1, 3, "c")+l(2, 4, "d")+reset(1, 2, "b2")+reset(2, 0, "")+l(1, 3, "c2")))
	if err != nil || len(got) != 1 || got[1].Seq != 3 || got[1].Hash != "c2" {
		t.Errorf("ReadAnchors after a reset = %+v, %v", got, err)
	}
	if _, err := ReadAnchors(write("bad", l(1, 1, "a")+"tull\n"+l(1, 2, "b"))); err == nil {
		t.Error("a garbled line in the middle was accepted")
	}
	if _, err := ReadAnchors(filepath.Join(dir, "none")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v, want os.ErrNotExist", err)
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
