package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/anchorfile"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// UnpostedHead is the head of a log that changed since its head was last
// posted to the anchor channel.
type UnpostedHead struct {
	anchorfile.Head
	Closed bool // the incident is closed
}

// UnpostedHeads returns the current head of every log whose head differs
// from the one last posted (QueueAnchorPost), by incident ID, and when
// the last post was queued (zero if never). Returns the store's error.
func (db *DB) UnpostedHeads(ctx context.Context) ([]UnpostedHead, time.Time, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT e.incident_id, e.seq, e.hash, i.closed_at IS NOT NULL
		FROM log_entries e JOIN incidents i ON i.id = e.incident_id
		LEFT JOIN anchor_posts a ON a.incident_id = e.incident_id
		WHERE e.seq = (SELECT MAX(seq) FROM log_entries m WHERE m.incident_id = e.incident_id)
		  AND (a.incident_id IS NULL OR a.seq <> e.seq OR a.hash <> e.hash)
		ORDER BY e.incident_id`)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("read log heads: %w", err)
	}
	defer rows.Close()
	now := db.now()
	var out []UnpostedHead
	for rows.Next() {
		var h UnpostedHead
		if err := rows.Scan(&h.IncidentID, &h.Seq, &h.Hash, &h.Closed); err != nil {
			return nil, time.Time{}, fmt.Errorf("read log heads: %w", err)
		}
		h.At = now
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, time.Time{}, fmt.Errorf("read log heads: %w", err)
	}
	var last sql.NullString
	if err := db.read.QueryRowContext(ctx, `SELECT MAX(posted_at) FROM anchor_posts`).Scan(&last); err != nil {
		return nil, time.Time{}, fmt.Errorf("read anchor posts: %w", err)
	}
	lastAt, err := sqlite.ParseTime(last)
	return out, lastAt, err
}

// QueueAnchorPost enqueues item (the post of heads to the anchor channel)
// and records heads as posted, in one transaction. Returns the outbox
// item's ID, or the store's error (nothing is then recorded).
func (db *DB) QueueAnchorPost(ctx context.Context, heads []anchorfile.Head, item incident.OutboxItem) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = db.enqueue(ctx, tx, item); err != nil {
			return err
		}
		now := sqlite.FormatTime(db.now())
		for _, h := range heads {
			if _, err := tx.ExecContext(ctx, `INSERT INTO anchor_posts (incident_id, seq, hash, posted_at, outbox_id) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (incident_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, posted_at = excluded.posted_at, outbox_id = excluded.outbox_id`,
				h.IncidentID, h.Seq, h.Hash, now, id); err != nil {
				return fmt.Errorf("store anchor post: %w", err)
			}
		}
		return nil
	})
	return id, err
}
