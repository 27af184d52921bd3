package storage

import (
	"context"
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// PendingOutboxOfKey returns up to limit undelivered items with the
// ordering key (and of kind, unless kind is ""), due or not, in ID order:
// the queue of one incident, so the deliverer can combine echoes that
// fell behind and let the closing go first. Returns an error wrapping
// incident.ErrInvalid if key is empty or limit < 1.
func (db *DB) PendingOutboxOfKey(ctx context.Context, key string, kind incident.OutboxKind, limit int) ([]incident.OutboxItem, error) {
	if key == "" || limit < 1 {
		return nil, fmt.Errorf("outbox: key %q, limit %d: %w", key, limit, incident.ErrInvalid)
	}
	return queryOutbox(ctx, db.read, `WHERE o.key = ? AND o.delivered_at IS NULL AND (? = '' OR o.kind = ?)
		ORDER BY o.id LIMIT ?`, key, string(kind), string(kind), limit)
}
