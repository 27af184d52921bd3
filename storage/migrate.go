package storage

import (
	"context"
	"embed"
	"io/fs"

	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// migrationFS holds the schema migrations, applied in file-name order
// (001_init.sql, 002_…). A migration once released is never edited; a
// change is a new file.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// migrate applies the migrations in fsys not yet applied (see
// sqlite.Migrate) and returns how many it applied, or the error naming
// the migration that failed (it is rolled back).
func (db *DB) migrate(ctx context.Context, fsys fs.FS) (int, error) {
	return sqlite.Migrate(ctx, db.write, fsys, db.now)
}
