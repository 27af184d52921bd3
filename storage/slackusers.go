package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// normEmail is the cache key of an e-mail address: trimmed, lower case.
func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// CachedSlackUser returns the Slack user ID cached for an e-mail address
// (compared case-insensitively); ok is false if none is cached. Only
// database errors are returned.
func (db *DB) CachedSlackUser(ctx context.Context, email string) (userID string, ok bool, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT user_id FROM slack_users WHERE email = ?`, normEmail(email)).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read Slack users: %w", err)
	}
	return userID, true, nil
}

// CacheSlackUser stores (or replaces) the Slack user ID for an e-mail
// address. Returns an error wrapping incident.ErrInvalid if either is empty.
func (db *DB) CacheSlackUser(ctx context.Context, email, userID string) error {
	key := normEmail(email)
	if key == "" || userID == "" {
		return fmt.Errorf("cache Slack user: e-mail and user ID are required: %w", incident.ErrInvalid)
	}
	_, err := db.write.ExecContext(ctx, `INSERT INTO slack_users (email, user_id, cached_at) VALUES (?, ?, ?)
		ON CONFLICT (email) DO UPDATE SET user_id = excluded.user_id, cached_at = excluded.cached_at`,
		key, userID, sqlite.FormatTime(db.now()))
	if err != nil {
		return fmt.Errorf("store Slack user: %w", err)
	}
	return nil
}
