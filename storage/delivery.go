package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// ClaimDelivery makes owner the process that delivers the outbox, or
// refreshes its heartbeat when it already is. Another owner's claim is
// taken over only when its heartbeat is older than staleAfter, or when
// force is set (the serving bot is the primary deliverer). It reports
// whether owner holds the claim now; only database errors are returned.
func (db *DB) ClaimDelivery(ctx context.Context, owner string, staleAfter time.Duration, force bool) (bool, error) {
	held := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		var cur, beat string
		err := tx.QueryRowContext(ctx, `SELECT owner, heartbeat FROM delivery_lock WHERE id = 1`).Scan(&cur, &beat)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("read delivery lock: %w", err)
		case cur != owner && !force:
			t, err := sqlite.ParseTime(sql.NullString{String: beat, Valid: true})
			if err != nil {
				return err
			}
			if now.Sub(t) < staleAfter {
				return nil
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO delivery_lock (id, owner, heartbeat) VALUES (1, ?, ?)
			ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, heartbeat = excluded.heartbeat`, owner, sqlite.FormatTime(now)); err != nil {
			return fmt.Errorf("take delivery lock: %w", err)
		}
		held = true
		return nil
	})
	return held, err
}

// ReleaseDelivery gives up owner's claim, if it holds it.
func (db *DB) ReleaseDelivery(ctx context.Context, owner string) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM delivery_lock WHERE id = 1 AND owner = ?`, owner); err != nil {
		return fmt.Errorf("release delivery lock: %w", err)
	}
	return nil
}
