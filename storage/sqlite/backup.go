package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// ErrCheckpoint is wrapped by TruncateWAL's error when the WAL could not
// be checkpointed and truncated, so data written before may still be in
// the WAL file until the next checkpoint.
var ErrCheckpoint = errors.New("the WAL file could not be truncated")

// TruncateWAL checkpoints the whole WAL into the database through db (the
// writer) and truncates it, retrying while readers hold it back, for up
// to wait. Returns an error wrapping ErrCheckpoint if it cannot.
func TruncateWAL(ctx context.Context, db *sql.DB, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		var busy, frames, done int
		err := db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &done)
		if err == nil && busy == 0 {
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			if err == nil {
				err = errors.New("the database is busy")
			}
			return fmt.Errorf("%w: %w", ErrCheckpoint, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Backup writes a consistent copy of the database of dsn (from
// OpenWriter) to dest while others keep writing: a snapshot of everything
// committed when the backup begins (VACUUM INTO, on a connection of its
// own, so writers are not held up: in WAL mode it reads a snapshot). dest
// is created with mode 0600 and must not exist; it is fsynced. Returns an
// error wrapping incident.ErrInvalid if dest is empty, os.ErrExist if
// dest exists, or the error of writing it (a partial dest is then
// removed).
func Backup(ctx context.Context, dsn, dest string) error {
	if strings.TrimSpace(dest) == "" {
		return fmt.Errorf("backup: file name missing: %w", incident.ErrInvalid)
	}
	// An empty file of our making: VACUUM INTO accepts an empty file, and
	// O_EXCL both refuses to overwrite and fixes the mode.
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("backup: %s exists and is not overwritten: %w", dest, err)
		}
		return fmt.Errorf("backup: %w", err)
	}
	err = f.Chmod(0o600)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = vacuumInto(ctx, dsn, dest)
	}
	if err == nil {
		err = syncFile(dest) // VACUUM INTO does not promise to fsync its output
	}
	if err != nil {
		_ = os.Remove(dest)
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	return nil
}

// vacuumInto runs VACUUM INTO dest on a connection of its own (a
// query-only pool refuses VACUUM INTO).
func vacuumInto(ctx context.Context, dsn, dest string) error {
	conn, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, dest)
	return err
}

// syncFile fsyncs the file at path.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
