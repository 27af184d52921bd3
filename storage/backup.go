package storage

import (
	"context"

	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// Backup writes a consistent copy of the database to dest while the bot
// keeps running: a snapshot of everything committed when the backup
// begins, taken without holding up writers (sqlite.Backup). dest is
// created with mode 0600 and must not exist. Texts redacted after the
// backup stay in it. Returns an error wrapping incident.ErrInvalid if
// dest is empty, os.ErrExist if dest exists, or the error of writing it
// (a partial dest is then removed).
func (db *DB) Backup(ctx context.Context, dest string) error {
	return sqlite.Backup(ctx, db.dsn, dest)
}
