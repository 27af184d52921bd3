package record

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/storage"
	"github.com/beredskapsbot/beredskapsbot/storage/anchorfile"
)

// ErrNotVerified is wrapped by Restore's error when the copy's logs do
// not verify.
var ErrNotVerified = errors.New("sikkerhetskopien er ikke intakt")

// Backup writes a consistent copy of db to dest (mode 0600) while the bot
// keeps running; see storage.DB.Backup. Returns an error wrapping
// os.ErrExist if dest exists, or the error of writing it.
func Backup(ctx context.Context, db *storage.DB, dest string) error {
	return db.Backup(ctx, dest)
}

// Restored is the outcome of a Restore.
type Restored struct {
	Aside  string // where the replaced database was moved, "" if there was none
	Report Report // the copy's verification
	// Behind lists the logs that end before their newest anchor: decisions
	// logged after the backup was taken, now lost (bokmål; see BehindIn).
	Behind []string
	behind []Result
}

// BehindIn is Behind in lang.
func (r Restored) BehindIn(lang i18n.Lang) []string {
	out := make([]string, 0, len(r.behind))
	for _, res := range r.behind {
		out = append(out, i18n.For(lang).T("record.behind", i18n.Args{"ID": res.IncidentID, "Problem": res.ProblemIn(lang)}))
	}
	return out
}

// Restore replaces the database at dbPath by the backup at srcPath, with
// the bot stopped. The backup is copied next to dbPath, migrated and
// verified first (every log's chain, with the log key if one is used, and
// against the anchor file at anchorPath if there is one); one that fails is refused and dbPath is
// left as it was. Logs that only end before their anchor (decisions after
// the backup was taken) do not refuse it: they are listed in Behind, and
// their anchors are reset to the restored heads. The
// replaced database (with its WAL) is kept aside as
// <dbPath>.erstattet-<time>.
//
// Returns an error wrapping ErrNotVerified (with the first problem) if the
// copy fails verification, or the error of reading, copying or renaming.
func Restore(ctx context.Context, srcPath, dbPath, anchorPath string, logKey []byte) (Restored, error) {
	stamp := time.Now().UTC().Format("20060102T150405Z")
	tmp := dbPath + ".gjenoppretter-" + stamp
	if err := copyFile(srcPath, tmp); err != nil {
		return Restored{}, err
	}
	keep := false
	defer func() {
		if !keep {
			removeDB(tmp)
		}
	}()
	rep, err := verifyFile(ctx, tmp, anchorPath, logKey)
	if err != nil {
		return Restored{}, err
	}
	out := Restored{Report: rep}
	for _, r := range rep.Results {
		switch {
		case r.OK:
		case r.Behind:
			out.behind = append(out.behind, r)
			out.Behind = append(out.Behind, i18n.For(i18n.Bokmal).T("record.behind", i18n.Args{"ID": r.IncidentID, "Problem": r.Problem}))
		default:
			return out, fmt.Errorf("gjenoppretting fra %s avbrutt: hendelse %d: %s: %w", srcPath, r.IncidentID, r.Problem, ErrNotVerified)
		}
	}
	if _, err := os.Stat(dbPath); err == nil {
		out.Aside = dbPath + ".erstattet-" + stamp
		if err := os.Rename(dbPath, out.Aside); err != nil {
			return out, fmt.Errorf("flytt databasen til side: %w", err)
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(dbPath + suffix); err == nil {
				if err := os.Rename(dbPath+suffix, out.Aside+suffix); err != nil {
					return out, fmt.Errorf("flytt databasen til side: %w", err)
				}
			}
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return out, fmt.Errorf("gjenoppretting: %w", err)
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return out, fmt.Errorf("gjenoppretting: %w", err)
	}
	keep = true
	_ = os.Remove(tmp + "-shm")
	if err := syncDir(filepath.Dir(dbPath)); err != nil {
		return out, err
	}
	return out, resetAnchors(rep, anchorPath)
}

// resetAnchors appends a Reset head to the anchor file for every log the
// restored copy holds less of than was anchored, so later verification
// checks against the restored state (the earlier lines stay, as a record
// of what was lost). Returns the error of writing the file.
func resetAnchors(rep Report, anchorPath string) error {
	if rep.AnchorFile == "" {
		return nil
	}
	var heads []anchorfile.Head
	for _, r := range rep.Results {
		if r.Behind {
			heads = append(heads, anchorfile.Head{IncidentID: r.IncidentID, Seq: r.Entries, Hash: r.FinalHash, At: time.Now().UTC(), Reset: true})
		}
	}
	if len(heads) == 0 {
		return nil
	}
	f, err := anchorfile.Open(anchorPath)
	if err != nil {
		return err
	}
	err = f.Append(heads)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// verifyFile opens the database at path (applying migrations), verifies
// every log and checkpoints the WAL into the file before closing it.
func verifyFile(ctx context.Context, path, anchorPath string, logKey []byte) (Report, error) {
	db, err := storage.Open(path)
	if err != nil {
		return Report{}, fmt.Errorf("sikkerhetskopien kan ikke åpnes: %w", err)
	}
	db.SetLogKey(logKey)
	rep, err := VerifyAll(ctx, db, anchorPath)
	if err == nil {
		err = db.Checkpoint(ctx)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Report{}, fmt.Errorf("kontroll av sikkerhetskopien: %w", err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return Report{}, fmt.Errorf("kontroll av sikkerhetskopien: WAL-fila %s-wal ble ikke tømt", path)
	}
	return rep, nil
}

// copyFile copies src to a new file dst (mode 0600), fsynced.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("les sikkerhetskopi: %w", err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("kopier sikkerhetskopi: %w", err)
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Chmod(0o600)
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		removeDB(dst)
		return fmt.Errorf("kopier sikkerhetskopi: %w", err)
	}
	return nil
}

// removeDB removes a database file and its WAL and shared-memory files.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(path + suffix)
	}
}

// syncDir fsyncs a directory so renames in it are durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("gjenoppretting: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !strings.Contains(err.Error(), "invalid argument") {
		return fmt.Errorf("gjenoppretting: %w", err)
	}
	return nil
}
