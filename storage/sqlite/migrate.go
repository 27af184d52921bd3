package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"time"
)

// Migrate applies every migrations/*.sql file in fsys that is not yet
// recorded in schema_migrations (created if missing), in file-name order,
// each in its own transaction on db together with its record (applied_at
// from now), and returns how many it applied. A failing migration is
// rolled back and stops the run; the error names the file.
func Migrate(ctx context.Context, db *sql.DB, fsys fs.FS, now func() time.Time) (int, error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
    name       TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
)`); err != nil {
		return 0, fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return 0, fmt.Errorf("find migrations: %w", err)
	}
	sort.Strings(names)
	applied := 0
	for _, name := range names {
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return applied, fmt.Errorf("read migration %s: %w", name, err)
		}
		base := path.Base(name)
		did, err := applyOne(ctx, db, base, string(body), now)
		if err != nil {
			return applied, fmt.Errorf("migration %s failed: %w", base, err)
		}
		if did {
			applied++
		}
	}
	return applied, nil
}

// applyOne applies one migration and records it, in one transaction,
// unless it is recorded already. It reports whether it applied it.
func applyOne(ctx context.Context, db *sql.DB, name, body string, now func() time.Time) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	// Checked inside the IMMEDIATE transaction, so two processes opening
	// a new file at once do not both apply it.
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, name, FormatTime(now())); err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, MapErr(err)
	}
	return true, nil
}
