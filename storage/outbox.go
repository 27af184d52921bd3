package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

const outboxColumns = `id, kind, key, incident_id, payload, state, attempts, last_error, created_at, not_before, delivered_at`

// execer is what *sql.DB and *sql.Tx have in common for writes.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Enqueue adds an item to the outbox and returns its ID. CreatedAt is
// Now; a zero NotBefore means Now. ID, Attempts, LastError and
// DeliveredAt are ignored. Returns an error wrapping incident.ErrInvalid
// if Kind is empty.
func (db *DB) Enqueue(ctx context.Context, item incident.OutboxItem) (int64, error) {
	return db.enqueue(ctx, db.write, item)
}

// enqueue inserts an outbox item through q (the caller's transaction, so
// the item commits or rolls back with the change it reports).
func (db *DB) enqueue(ctx context.Context, q execer, item incident.OutboxItem) (int64, error) {
	if item.Kind == "" {
		return 0, fmt.Errorf("outbox: kind missing: %w", incident.ErrInvalid)
	}
	now := db.now()
	if item.NotBefore.IsZero() {
		item.NotBefore = now
	}
	res, err := q.ExecContext(ctx, `INSERT INTO outbox (kind, key, incident_id, payload, state, created_at, not_before)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		string(item.Kind), item.Key, item.IncidentID, string(item.Payload), string(item.State), sqlite.FormatTime(now), sqlite.FormatTime(item.NotBefore))
	if err != nil {
		return 0, fmt.Errorf("enqueue: %w", sqlite.MapErr(err))
	}
	return res.LastInsertId()
}

// NextOutbox returns up to limit pending items whose NotBefore is at or
// before now, in ID order. An item is held back while an earlier pending
// item (lower ID) with the same non-empty Key exists, even one waiting
// for a retry, so an echo never overtakes the creation of its channel.
// Returns an error wrapping incident.ErrInvalid if limit < 1.
func (db *DB) NextOutbox(ctx context.Context, now time.Time, limit int) ([]incident.OutboxItem, error) {
	if limit < 1 {
		return nil, fmt.Errorf("outbox: invalid limit %d: %w", limit, incident.ErrInvalid)
	}
	return queryOutbox(ctx, db.read, `WHERE o.delivered_at IS NULL AND o.not_before <= ?
		AND (o.key = '' OR NOT EXISTS (
			SELECT 1 FROM outbox p WHERE p.key = o.key AND p.delivered_at IS NULL AND p.id < o.id))
		ORDER BY o.id LIMIT ?`, sqlite.FormatTime(now), limit)
}

// SaveOutboxState stores the progress of a multi-step delivery (JSON).
// Returns an error wrapping incident.ErrNotFound if there is no such item.
func (db *DB) SaveOutboxState(ctx context.Context, id int64, state []byte) error {
	return db.updateOutbox(ctx, id, `UPDATE outbox SET state = ? WHERE id = ?`, string(state), id)
}

// MarkDelivered marks an item delivered (DeliveredAt = Now; an item
// already delivered keeps its first time). Returns an error wrapping
// incident.ErrNotFound if there is no such item.
func (db *DB) MarkDelivered(ctx context.Context, id int64) error {
	return db.updateOutbox(ctx, id, `UPDATE outbox SET delivered_at = COALESCE(delivered_at, ?) WHERE id = ?`,
		sqlite.FormatTime(db.now()), id)
}

// MarkFailed records a failed delivery attempt: Attempts+1, LastError =
// errText and NotBefore = retryAt (Now if zero). Returns an error
// wrapping incident.ErrNotFound if there is no such item.
func (db *DB) MarkFailed(ctx context.Context, id int64, errText string, retryAt time.Time) error {
	if retryAt.IsZero() {
		retryAt = db.now()
	}
	return db.updateOutbox(ctx, id, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, not_before = ? WHERE id = ?`,
		errText, sqlite.FormatTime(retryAt), id)
}

// updateOutbox runs an UPDATE of one outbox row; ErrNotFound if none matched.
func (db *DB) updateOutbox(ctx context.Context, id int64, query string, args ...any) error {
	res, err := db.write.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("outbox item %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("outbox item %d: %w", id, incident.ErrNotFound)
	}
	return nil
}

// OutboxItem returns one outbox item, delivered or not. Returns an error
// wrapping incident.ErrNotFound if there is no such item.
func (db *DB) OutboxItem(ctx context.Context, id int64) (incident.OutboxItem, error) {
	list, err := queryOutbox(ctx, db.read, `WHERE o.id = ?`, id)
	if err != nil {
		return incident.OutboxItem{}, err
	}
	if len(list) == 0 {
		return incident.OutboxItem{}, fmt.Errorf("outbox item %d: %w", id, incident.ErrNotFound)
	}
	return list[0], nil
}

// PendingOutbox returns how many items are not yet delivered (due or
// not). Only database errors are returned.
func (db *DB) PendingOutbox(ctx context.Context) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count outbox: %w", err)
	}
	return n, nil
}

// queryOutbox runs SELECT outboxColumns FROM outbox o <tail>.
func queryOutbox(ctx context.Context, q querier, tail string, args ...any) ([]incident.OutboxItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+outboxColumns+` FROM outbox o `+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []incident.OutboxItem
	for rows.Next() {
		var (
			it                 incident.OutboxItem
			kind               string
			payload, state     string
			created, notBefore sql.NullString
			delivered          sql.NullString
		)
		if err := rows.Scan(&it.ID, &kind, &it.Key, &it.IncidentID, &payload, &state, &it.Attempts, &it.LastError,
			&created, &notBefore, &delivered); err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		it.Kind = incident.OutboxKind(kind)
		if payload != "" {
			it.Payload = []byte(payload)
		}
		if state != "" {
			it.State = []byte(state)
		}
		if it.CreatedAt, err = sqlite.ParseTime(created); err != nil {
			return nil, err
		}
		if it.NotBefore, err = sqlite.ParseTime(notBefore); err != nil {
			return nil, err
		}
		if it.DeliveredAt, err = sqlite.ParseTime(delivered); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	return out, nil
}
