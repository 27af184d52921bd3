package anchorfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestRead(t *testing.T) {
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
	got, err := Read(write("ok", l(1, 3, "c")+l(2, 1, "x")+l(1, 2, "b")+`{"incident_id":1,"se`))
	if err != nil || len(got) != 2 || got[1].Seq != 3 || got[1].Hash != "c" || got[2].Seq != 1 {
		t.Errorf("ReadAnchors = %+v, %v", got, err)
	}
	reset := func(id, seq int, hash string) string {
		return fmt.Sprintf(`{"incident_id":%d,"seq":%d,"hash":%q,"at":"2026-12-01T11:00:00Z","reset":true}`+"\n", id, seq, hash)
	}
	// A restore resets the anchors: to a lower head, or away.
	got, err = Read(write("reset", l(1, 3, "c")+l(2, 4, "d")+reset(1, 2, "b2")+reset(2, 0, "")+l(1, 3, "c2")))
	if err != nil || len(got) != 1 || got[1].Seq != 3 || got[1].Hash != "c2" {
		t.Errorf("ReadAnchors after a reset = %+v, %v", got, err)
	}
	if _, err := Read(write("bad", l(1, 1, "a")+"tull\n"+l(1, 2, "b"))); err == nil {
		t.Error("a garbled line in the middle was accepted")
	}
	if _, err := Read(filepath.Join(dir, "none")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v, want os.ErrNotExist", err)
	}
}
