package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// AddRefusal records a refused attempt: r.UserID tried r.Action (on
// r.IncidentID, 0 for none). At is set to Now; ID is ignored. Returns an
// error wrapping incident.ErrInvalid if the user or action is empty, or
// incident.ErrNotFound if IncidentID names no incident.
func (db *DB) AddRefusal(ctx context.Context, r incident.Refusal) error {
	if strings.TrimSpace(r.UserID) == "" || strings.TrimSpace(r.Action) == "" {
		return fmt.Errorf("refusal: user or action missing: %w", incident.ErrInvalid)
	}
	var inc any
	if r.IncidentID != 0 {
		inc = r.IncidentID
	}
	_, err := db.write.ExecContext(ctx, `INSERT INTO refusals (user_id, action, incident_id, at) VALUES (?, ?, ?, ?)`,
		r.UserID, r.Action, inc, sqlite.FormatTime(db.now()))
	if err != nil {
		if strings.Contains(err.Error(), "FOREIGN KEY") {
			return fmt.Errorf("refusal: incident %d does not exist: %w", r.IncidentID, incident.ErrNotFound)
		}
		return fmt.Errorf("store refusal: %w", sqlite.MapErr(err))
	}
	return nil
}

// Refusals returns the latest refused attempts, newest first, at most
// limit of them. Returns an error wrapping incident.ErrInvalid if limit
// < 1; otherwise only database errors.
func (db *DB) Refusals(ctx context.Context, limit int) ([]incident.Refusal, error) {
	if limit < 1 {
		return nil, fmt.Errorf("refusals: invalid limit %d: %w", limit, incident.ErrInvalid)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, user_id, action, incident_id, at FROM refusals ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("read refusals: %w", err)
	}
	defer rows.Close()
	var out []incident.Refusal
	for rows.Next() {
		var r incident.Refusal
		var inc sql.NullInt64
		var at sql.NullString
		if err := rows.Scan(&r.ID, &r.UserID, &r.Action, &inc, &at); err != nil {
			return nil, fmt.Errorf("read refusals: %w", err)
		}
		r.IncidentID = inc.Int64
		if r.At, err = sqlite.ParseTime(at); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read refusals: %w", err)
	}
	return out, nil
}

// SaveCloseDraft keeps the summary of a close confirmation until its
// button is pressed, and returns the draft's ID for the button's value.
// Returns an error wrapping incident.ErrNotFound if there is no such
// incident.
func (db *DB) SaveCloseDraft(ctx context.Context, incidentID int64, by, summary string) (int64, error) {
	res, err := db.write.ExecContext(ctx, `INSERT INTO close_drafts (incident_id, summary, created_by, created_at) VALUES (?, ?, ?, ?)`,
		incidentID, summary, by, sqlite.FormatTime(db.now()))
	if err != nil {
		if strings.Contains(err.Error(), "FOREIGN KEY") {
			return 0, fmt.Errorf("incident %d does not exist: %w", incidentID, incident.ErrNotFound)
		}
		return 0, fmt.Errorf("store summary: %w", sqlite.MapErr(err))
	}
	return res.LastInsertId()
}

// CloseDraft returns the summary of draft id of the incident. Returns an
// error wrapping incident.ErrNotFound if there is no such draft for
// that incident (it was used, or belongs to another).
func (db *DB) CloseDraft(ctx context.Context, incidentID, id int64) (string, error) {
	var s string
	err := db.read.QueryRowContext(ctx, `SELECT summary FROM close_drafts WHERE id = ? AND incident_id = ?`, id, incidentID).Scan(&s)
	if err != nil {
		return "", fmt.Errorf("summary %d: %w", id, sqlite.MapErr(err))
	}
	return s, nil
}

// DeleteCloseDrafts removes the incident's close drafts (after it is
// closed, so its summary lives only in the log, where it can be
// redacted). Only database errors are returned.
func (db *DB) DeleteCloseDrafts(ctx context.Context, incidentID int64) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM close_drafts WHERE incident_id = ?`, incidentID); err != nil {
		return fmt.Errorf("delete summaries: %w", err)
	}
	return nil
}
