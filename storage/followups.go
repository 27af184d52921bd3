package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// AddFollowUp stores a new open follow-up and returns it with ID and
// CreatedAt (Now) set. Returns an error wrapping incident.ErrInvalid if
// the text is empty or Due is not YYYY-MM-DD, or incident.ErrNotFound if
// IncidentID names no incident.
func (db *DB) AddFollowUp(ctx context.Context, f incident.FollowUp) (incident.FollowUp, error) {
	if strings.TrimSpace(f.Text) == "" {
		return incident.FollowUp{}, fmt.Errorf("follow-up: the text cannot be empty: %w", incident.ErrInvalid)
	}
	if err := checkDate("due", f.Due); err != nil {
		return incident.FollowUp{}, err
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if f.IncidentID != 0 {
			if _, err := getIncident(ctx, tx, f.IncidentID); err != nil {
				return err
			}
		}
		f.Status, f.CreatedAt, f.ClosedAt, f.ClosedBy, f.Note = incident.FollowUpOpen, db.now(), time.Time{}, "", ""
		res, err := tx.ExecContext(ctx, `INSERT INTO followups (incident_id, text, owner, due, plan_change, status, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, f.IncidentID, f.Text, f.Owner, f.Due, f.PlanChange, string(f.Status), f.CreatedBy, sqlite.FormatTime(f.CreatedAt))
		if err != nil {
			return fmt.Errorf("store follow-up: %w", sqlite.MapErr(err))
		}
		f.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return incident.FollowUp{}, err
	}
	return f, nil
}

// FollowUp returns one follow-up. Returns an error wrapping
// incident.ErrNotFound if there is none with that ID.
func (db *DB) FollowUp(ctx context.Context, id int64) (incident.FollowUp, error) {
	fs, err := queryFollowUps(ctx, db.read, `WHERE id = ?`, id)
	if err != nil {
		return incident.FollowUp{}, err
	}
	if len(fs) == 0 {
		return incident.FollowUp{}, fmt.Errorf("follow-up %d: %w", id, incident.ErrNotFound)
	}
	return fs[0], nil
}

// FollowUps returns every follow-up, oldest first. Only database errors
// are returned.
func (db *DB) FollowUps(ctx context.Context) ([]incident.FollowUp, error) {
	return queryFollowUps(ctx, db.read, `ORDER BY id`)
}

// OpenFollowUps returns the open follow-ups by deadline, then number.
// Only database errors are returned.
func (db *DB) OpenFollowUps(ctx context.Context) ([]incident.FollowUp, error) {
	return queryFollowUps(ctx, db.read, `WHERE status = 'open' ORDER BY due, id`)
}

// CloseFollowUp closes an open follow-up with a note; by is the user, or
// incident.ClosedByRevision. Returns the closed follow-up, or an error
// wrapping incident.ErrNotFound if there is none, or incident.ErrConflict
// if it was already closed.
func (db *DB) CloseFollowUp(ctx context.Context, id int64, by, note string) (incident.FollowUp, error) {
	var out incident.FollowUp
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		fs, err := queryFollowUps(ctx, tx, `WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if len(fs) == 0 {
			return fmt.Errorf("follow-up %d: %w", id, incident.ErrNotFound)
		}
		if !fs[0].Open() {
			return fmt.Errorf("follow-up %d is already closed: %w", id, incident.ErrConflict)
		}
		out = fs[0]
		out.Status, out.Note, out.ClosedBy, out.ClosedAt = incident.FollowUpClosed, note, by, db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE followups SET status = ?, note = ?, closed_by = ?, closed_at = ? WHERE id = ?`,
			string(out.Status), note, by, sqlite.FormatTime(out.ClosedAt), id); err != nil {
			return fmt.Errorf("close follow-up: %w", sqlite.MapErr(err))
		}
		return nil
	})
	if err != nil {
		return incident.FollowUp{}, err
	}
	return out, nil
}

func queryFollowUps(ctx context.Context, q querier, tail string, args ...any) ([]incident.FollowUp, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, incident_id, text, owner, due, plan_change, status, note, created_by, created_at, closed_at, closed_by
		FROM followups `+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("read follow-ups: %w", err)
	}
	defer rows.Close()
	var out []incident.FollowUp
	for rows.Next() {
		var f incident.FollowUp
		var status string
		var created, closed sql.NullString
		if err := rows.Scan(&f.ID, &f.IncidentID, &f.Text, &f.Owner, &f.Due, &f.PlanChange, &status, &f.Note,
			&f.CreatedBy, &created, &closed, &f.ClosedBy); err != nil {
			return nil, fmt.Errorf("read follow-ups: %w", err)
		}
		f.Status = incident.FollowUpStatus(status)
		if f.CreatedAt, err = sqlite.ParseTime(created); err != nil {
			return nil, err
		}
		if f.ClosedAt, err = sqlite.ParseTime(closed); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read follow-ups: %w", err)
	}
	return out, nil
}

// LedgerEntry is one row of the reminder ledger: a reminder claimed for
// an item (an årshjul ID, or "followup:<nr>"), stage and due date, and
// whether the outbox has delivered it.
type LedgerEntry struct {
	ItemID      string
	Stage       string
	Due         string
	ClaimedAt   time.Time
	DeliveredAt time.Time // zero until delivered
}

// ReminderLedger returns every claimed reminder, oldest first. Only
// database errors are returned.
func (db *DB) ReminderLedger(ctx context.Context) ([]LedgerEntry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT r.item_id, r.stage, r.due, r.claimed_at, o.delivered_at
		FROM reminder_claims r LEFT JOIN outbox o ON o.id = r.outbox_id ORDER BY r.id`)
	if err != nil {
		return nil, fmt.Errorf("read reminders: %w", err)
	}
	defer rows.Close()
	var out []LedgerEntry
	for rows.Next() {
		var e LedgerEntry
		var claimed, delivered sql.NullString
		if err := rows.Scan(&e.ItemID, &e.Stage, &e.Due, &claimed, &delivered); err != nil {
			return nil, fmt.Errorf("read reminders: %w", err)
		}
		if e.ClaimedAt, err = sqlite.ParseTime(claimed); err != nil {
			return nil, err
		}
		if e.DeliveredAt, err = sqlite.ParseTime(delivered); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read reminders: %w", err)
	}
	return out, nil
}
