package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// Backup writes a consistent copy of the database to dest while the bot
// keeps running: a snapshot of everything committed when the backup
// begins (VACUUM INTO, on a connection of its own, so writers are not
// held up: in WAL mode it reads a snapshot). dest is created with mode
// 0600 and must not exist. Texts redacted after the backup stay in it.
// Returns an error wrapping incident.ErrInvalid if dest is empty,
// os.ErrExist if dest exists, or the error of writing it (a partial dest
// is then removed).
func (db *DB) Backup(ctx context.Context, dest string) error {
	if strings.TrimSpace(dest) == "" {
		return fmt.Errorf("sikkerhetskopi: filnavn mangler: %w", incident.ErrInvalid)
	}
	// An empty file of our making: VACUUM INTO accepts an empty file, and
	// O_EXCL both refuses to overwrite and fixes the mode.
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("sikkerhetskopi: %s finnes allerede og blir ikke overskrevet: %w", dest, err)
		}
		return fmt.Errorf("sikkerhetskopi: %w", err)
	}
	err = f.Chmod(0o600)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = db.vacuumInto(ctx, dest)
	}
	if err == nil {
		err = syncFile(dest) // VACUUM INTO does not promise to fsync its output
	}
	if err != nil {
		_ = os.Remove(dest)
		return fmt.Errorf("sikkerhetskopi til %s: %w", dest, err)
	}
	return nil
}

// vacuumInto runs VACUUM INTO dest on a connection of its own (the read
// pool is query-only, which VACUUM INTO refuses).
func (db *DB) vacuumInto(ctx context.Context, dest string) error {
	conn, err := sql.Open("sqlite3", db.dsn)
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
