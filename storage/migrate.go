package storage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
)

// migrationFS holds the schema migrations, applied in file-name order
// (001_init.sql, 002_…). A migration once released is never edited; a
// change is a new file.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// migrate applies every migrations/*.sql file in fsys that is not yet
// recorded in schema_migrations, each in its own transaction together with
// its record, and returns how many it applied. A failing migration is
// rolled back and stops the run; the error names the file.
func (db *DB) migrate(ctx context.Context, fsys fs.FS) (int, error) {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
    name       TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
)`); err != nil {
		return 0, fmt.Errorf("opprett schema_migrations: %w", err)
	}
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return 0, fmt.Errorf("finn migreringer: %w", err)
	}
	sort.Strings(names)
	applied := 0
	for _, name := range names {
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return applied, fmt.Errorf("les migrering %s: %w", name, err)
		}
		base := path.Base(name)
		did := false
		err = db.inTx(ctx, func(tx *sql.Tx) error {
			// Checked inside the IMMEDIATE transaction, so two processes
			// opening a new file at once do not both apply it.
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, base).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, base, fmtTime(db.now())); err != nil {
				return err
			}
			did = true
			return nil
		})
		if err != nil {
			return applied, fmt.Errorf("migrering %s feilet: %w", base, err)
		}
		if did {
			applied++
		}
	}
	return applied, nil
}
