package record_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/record"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// A backup taken while 16 loggers write verifies and holds every decision
// acknowledged before it began.
func TestBackupDuringConcurrentLoggers(t *testing.T) {
	e := newEnv(t)
	e.db.Now = time.Now // the test clock is not for concurrent use
	ids := []int64{e.incident("Strømbrudd", 0), e.incident("Flom", 0), e.incident("Skred", 0)}

	loggers := testkit.StartLoggers(t, e.db, ids, 16, 0)
	loggers.WaitFor(100, 10*time.Second)
	before := loggers.Acked()
	dest := filepath.Join(e.dir, "kopi.db")
	err := record.Backup(e.ctx, e.db, dest)
	during := loggers.Count()
	loggers.WaitFor(during+50, 10*time.Second) // the loggers kept going during and after the backup
	loggers.Stop()
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}

	fi, err := os.Stat(dest)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup mode = %v, %v; want 0600", fi.Mode(), err)
	}
	if err := record.Backup(e.ctx, e.db, dest); !errors.Is(err, os.ErrExist) {
		t.Errorf("second backup to the same file: %v, want os.ErrExist", err)
	}
	cp, err := storage.Open(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	rep, err := record.VerifyAll(e.ctx, cp, "")
	if err != nil || !rep.OK() || len(rep.Results) != len(ids) {
		t.Fatalf("backup verification = %+v, %v", rep, err)
	}
	for _, want := range before {
		got, err := cp.Entry(e.ctx, want.IncidentID, want.Seq)
		if err != nil || got.Text != want.Text || got.Hash != want.Hash {
			t.Fatalf("acknowledged %d/#%d «%s» not in the backup: %+v, %v", want.IncidentID, want.Seq, want.Text, got, err)
		}
	}
	t.Logf("%d decisions acknowledged before the backup, %d by its end", len(before), during)
}

func TestRestore(t *testing.T) {
	e := newEnv(t)
	id := e.incident("Strømbrudd", 2)
	good := filepath.Join(e.dir, "god.db")
	if err := e.db.Backup(e.ctx, good); err != nil {
		t.Fatal(err)
	}
	e.log(id, "Logget etter sikkerhetskopien")
	bad := filepath.Join(e.dir, "endret.db")
	if err := e.db.Backup(e.ctx, bad); err != nil {
		t.Fatal(err)
	}
	e.tamper(bad, `UPDATE log_entries SET text = 'Endret i kopien' WHERE seq = 2`)
	if err := e.db.Close(); err != nil {
		t.Fatal(err)
	}
	current, err := os.ReadFile(e.dbPath)
	if err != nil {
		t.Fatal(err)
	}

	// A copy that does not verify is refused; the database is untouched.
	_, err = record.Restore(e.ctx, bad, e.dbPath, e.anchors, nil)
	if !errors.Is(err, record.ErrNotVerified) || !strings.Contains(err.Error(), "logglinje #2") {
		t.Fatalf("Restore of a changed copy: %v, want ErrNotVerified naming #2", err)
	}
	if after, err := os.ReadFile(e.dbPath); err != nil || !bytes.Equal(after, current) {
		t.Fatalf("the database was changed by a refused restore (%v)", err)
	}
	if left, _ := filepath.Glob(filepath.Join(e.dir, "*gjenoppretter*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}

	// A good, older copy is restored; the anchors show what was lost.
	res, err := record.Restore(e.ctx, good, e.dbPath, e.anchors, nil)
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if kept, err := os.ReadFile(res.Aside); err != nil || !bytes.Equal(kept, current) {
		t.Errorf("replaced database not kept aside as %q (%v)", res.Aside, err)
	}
	if len(res.Behind) != 1 || !strings.Contains(res.Behind[0], "#4") {
		t.Errorf("Behind = %q, want the lost entry #4 named", res.Behind)
	}
	fi, err := os.Stat(e.dbPath)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("restored database mode = %v, %v", fi.Mode(), err)
	}
	e.open()
	entries, err := e.db.Entries(e.ctx, id)
	if err != nil || len(entries) != 3 {
		t.Fatalf("restored log has %d entries (%v), want 3", len(entries), err)
	}
	// The anchors were reset to the restored heads: the log verifies, and
	// goes on verifying as it grows.
	if rep := e.verifyAll(e.anchors); !rep.OK() {
		t.Errorf("after the restore: %+v", rep)
	}
	e.log(id, "Logget etter gjenopprettingen")
	if rep := e.verifyAll(e.anchors); !rep.OK() || rep.Results[0].Anchor.Seq != 4 {
		t.Errorf("after logging on: %+v", rep)
	}
	if _, err := record.Restore(e.ctx, filepath.Join(e.dir, "finnes-ikke.db"), e.dbPath, e.anchors, nil); err == nil {
		t.Error("restore from a missing file succeeded")
	}
}
