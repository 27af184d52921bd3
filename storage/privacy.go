package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// RetentionReason is the reason recorded when a text is redacted because
// its retention period has run out.
const RetentionReason = "oppbevaringstid utløpt"

// ClosedLogTexts is the personal data left in a closed incident's log:
// the entries whose text is still there.
type ClosedLogTexts struct {
	IncidentID int64
	Title      string
	ClosedAt   time.Time
	Texts      int // entries with their text (redaction entries not counted)
	// Unredactable counts entries logged before redaction existed
	// (incident.ChainV1), whose text the chain cannot spare.
	Unredactable int
}

// ClosedIncidentTexts lists the closed incidents whose logs still hold
// texts, oldest closed first. Returns the store's error.
func (db *DB) ClosedIncidentTexts(ctx context.Context) ([]ClosedLogTexts, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT i.id, i.title, i.closed_at,
		       SUM(CASE WHEN e.chain_version >= 2 THEN 1 ELSE 0 END),
		       SUM(CASE WHEN e.chain_version < 2 THEN 1 ELSE 0 END)
		FROM incidents i JOIN log_entries e ON e.incident_id = i.id
		WHERE i.closed_at IS NOT NULL AND e.redacted_at IS NULL AND e.kind <> ? AND e.text <> ''
		GROUP BY i.id ORDER BY i.closed_at, i.id`, string(incident.EntryRedaction))
	if err != nil {
		return nil, fmt.Errorf("read closed incidents: %w", err)
	}
	defer rows.Close()
	var out []ClosedLogTexts
	for rows.Next() {
		var c ClosedLogTexts
		var closed sql.NullString
		if err := rows.Scan(&c.IncidentID, &c.Title, &closed, &c.Texts, &c.Unredactable); err != nil {
			return nil, fmt.Errorf("read closed incidents: %w", err)
		}
		if c.ClosedAt, err = sqlite.ParseTime(closed); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// RedactClosedBefore redacts, with reason RetentionReason, the text of
// every entry (but redaction entries and those logged before redaction
// existed) of every incident closed before cutoff, and its closing
// summary. by is who redacts. The WAL is truncated once, at the end.
// Returns the number of entries redacted, or the first error; if all are
// redacted but the WAL cannot be truncated, an error wrapping
// ErrCheckpoint.
func (db *DB) RedactClosedBefore(ctx context.Context, cutoff time.Time, by string, loc *time.Location) (int, error) {
	type key struct {
		id  int64
		seq int
	}
	rows, err := db.read.QueryContext(ctx, `
		SELECT e.incident_id, e.seq FROM log_entries e JOIN incidents i ON i.id = e.incident_id
		WHERE i.closed_at IS NOT NULL AND i.closed_at < ? AND e.redacted_at IS NULL
		  AND e.kind <> ? AND e.chain_version >= 2 AND e.text <> ''
		ORDER BY e.incident_id, e.seq`, sqlite.FormatTime(cutoff), string(incident.EntryRedaction))
	if err != nil {
		return 0, fmt.Errorf("find texts past retention: %w", err)
	}
	var todo []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.id, &k.seq); err != nil {
			rows.Close()
			return 0, fmt.Errorf("find texts past retention: %w", err)
		}
		todo = append(todo, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	// The closing summary is kept on the incident too.
	if _, err := db.write.ExecContext(ctx, `UPDATE incidents SET summary = ?
		WHERE closed_at IS NOT NULL AND closed_at < ? AND summary <> '' AND summary NOT LIKE '[sladdet %'`,
		RedactionMarker(db.now(), loc, by, RetentionReason), sqlite.FormatTime(cutoff)); err != nil {
		return 0, fmt.Errorf("redact summaries: %w", err)
	}
	n := 0
	for _, k := range todo {
		_, err := db.redactEntry(ctx, k.id, k.seq, by, RetentionReason, loc)
		switch {
		case errors.Is(err, incident.ErrConflict):
			continue // redacted meanwhile
		case err != nil:
			return n, err
		}
		n++
	}
	return n, db.truncateWAL(ctx)
}

// OutboxPayloads summarises the delivered outbox items whose payload (the
// message as posted, with log texts and names) is still kept.
type OutboxPayloads struct {
	Count  int
	Oldest time.Time // when the oldest of them was delivered
}

// DeliveredOutboxPayloads summarises the delivered outbox items that
// still hold a payload. Returns the store's error.
func (db *DB) DeliveredOutboxPayloads(ctx context.Context) (OutboxPayloads, error) {
	var out OutboxPayloads
	var oldest sql.NullString
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*), MIN(delivered_at) FROM outbox
		WHERE delivered_at IS NOT NULL AND (payload <> '' OR state <> '' OR last_error <> '')`).Scan(&out.Count, &oldest)
	if err != nil {
		return out, fmt.Errorf("read outbox: %w", err)
	}
	out.Oldest, err = sqlite.ParseTime(oldest)
	return out, err
}

// BlankDeliveredOutbox empties the payload, delivery state and last
// error of the outbox items delivered before cutoff (the row stays, so
// reminder claims that point to it still hold). Returns how many it
// blanked, or the store's error.
func (db *DB) BlankDeliveredOutbox(ctx context.Context, cutoff time.Time) (int, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE outbox SET payload = '', state = '', last_error = ''
		WHERE delivered_at IS NOT NULL AND delivered_at < ? AND (payload <> '' OR state <> '' OR last_error <> '')`, sqlite.FormatTime(cutoff))
	if err != nil {
		return 0, fmt.Errorf("blank delivered outbox items: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// CachedSlackUserEntry is one entry of the Slack-user cache.
type CachedSlackUserEntry struct {
	Email    string
	UserID   string
	CachedAt time.Time
}

// CachedSlackUsers lists the Slack-user cache, oldest first. Returns the
// store's error.
func (db *DB) CachedSlackUsers(ctx context.Context) ([]CachedSlackUserEntry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT email, user_id, cached_at FROM slack_users ORDER BY cached_at, email`)
	if err != nil {
		return nil, fmt.Errorf("read Slack users: %w", err)
	}
	defer rows.Close()
	var out []CachedSlackUserEntry
	for rows.Next() {
		var u CachedSlackUserEntry
		var at string
		if err := rows.Scan(&u.Email, &u.UserID, &at); err != nil {
			return nil, fmt.Errorf("read Slack users: %w", err)
		}
		if u.CachedAt, err = sqlite.ParseTime(sql.NullString{String: at, Valid: true}); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// ForgetSlackUsers deletes the cache entries cached before cutoff and
// those whose e-mail address keep does not accept (contacts no longer in
// the plan; keep nil keeps all). Returns how many it deleted, or the
// store's error.
func (db *DB) ForgetSlackUsers(ctx context.Context, cutoff time.Time, keep func(email string) bool) (int, error) {
	users, err := db.CachedSlackUsers(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, u := range users {
		if !u.CachedAt.Before(cutoff) && (keep == nil || keep(u.Email)) {
			continue
		}
		if _, err := db.write.ExecContext(ctx, `DELETE FROM slack_users WHERE email = ?`, u.Email); err != nil {
			return n, fmt.Errorf("delete Slack user: %w", err)
		}
		n++
	}
	return n, nil
}
