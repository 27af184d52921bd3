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

// AssignRole gives roleID in an open incident to userID: it ends the
// current holder's assignment (EndedAt = Now), if any, records the new
// one, appends an EntryRole log entry with text, and enqueues its echo,
// all in one transaction.
//
// Returns an error wrapping incident.ErrNotFound, incident.ErrIncidentClosed,
// or incident.ErrInvalid (empty role, user or text).
func (db *DB) AssignRole(ctx context.Context, incidentID int64, roleID, userID, by, text string) (incident.Entry, error) {
	if roleID == "" || userID == "" {
		return incident.Entry{}, fmt.Errorf("role and user are required: %w", incident.ErrInvalid)
	}
	var e incident.Entry
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := openIncident(ctx, tx, incidentID); err != nil {
			return err
		}
		var err error
		if e, err = db.appendEcho(ctx, tx, incident.NewEntry{IncidentID: incidentID, Kind: incident.EntryRole, Author: by, Text: text}); err != nil {
			return err
		}
		now := sqlite.FormatTime(e.CreatedAt)
		if _, err := tx.ExecContext(ctx, `UPDATE assignments SET ended_at = ?
			WHERE incident_id = ? AND role_id = ? AND ended_at IS NULL`, now, incidentID, roleID); err != nil {
			return fmt.Errorf("end previous role holder: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO assignments (incident_id, role_id, user_id, assigned_by, assigned_at)
			VALUES (?, ?, ?, ?, ?)`, incidentID, roleID, userID, by, now); err != nil {
			return fmt.Errorf("store role: %w", sqlite.MapErr(err))
		}
		return nil
	})
	if err != nil {
		return incident.Entry{}, err
	}
	return e, nil
}

// Assignments returns an incident's role assignments in the order they
// were made, ended ones included. An unknown incident gives an empty list;
// only database errors are returned.
func (db *DB) Assignments(ctx context.Context, incidentID int64) ([]incident.Assignment, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT incident_id, role_id, user_id, assigned_by, assigned_at, ended_at
		FROM assignments WHERE incident_id = ? ORDER BY id`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("read roles: %w", err)
	}
	defer rows.Close()
	var out []incident.Assignment
	for rows.Next() {
		var a incident.Assignment
		var at, ended sql.NullString
		if err := rows.Scan(&a.IncidentID, &a.RoleID, &a.UserID, &a.AssignedBy, &at, &ended); err != nil {
			return nil, fmt.Errorf("read role: %w", err)
		}
		if a.AssignedAt, err = sqlite.ParseTime(at); err != nil {
			return nil, err
		}
		if a.EndedAt, err = sqlite.ParseTime(ended); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read roles: %w", err)
	}
	return out, nil
}

// CompleteStep records that step (1-based) of action card cardID is done
// in an open incident, appends an EntryStep log entry with text and
// enqueues its echo, in one transaction.
//
// Returns an error wrapping incident.ErrNotFound, incident.ErrIncidentClosed,
// incident.ErrInvalid (empty card or text, step < 1), or incident.ErrConflict
// if that step is already done in this incident (then nothing is written).
func (db *DB) CompleteStep(ctx context.Context, incidentID int64, cardID string, step int, by, text string) (incident.Entry, error) {
	if strings.TrimSpace(cardID) == "" || step < 1 {
		return incident.Entry{}, fmt.Errorf("invalid action card %q step %d: %w", cardID, step, incident.ErrInvalid)
	}
	var e incident.Entry
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := openIncident(ctx, tx, incidentID); err != nil {
			return err
		}
		var err error
		if e, err = db.appendEcho(ctx, tx, incident.NewEntry{IncidentID: incidentID, Kind: incident.EntryStep, Author: by, Text: text}); err != nil {
			return err
		}
		// The primary key refuses a second completion; the rollback then
		// also removes the entry appended above.
		if _, err := tx.ExecContext(ctx, `INSERT INTO steps_done (incident_id, card_id, step, done_by, done_at, entry_seq)
			VALUES (?, ?, ?, ?, ?, ?)`, incidentID, cardID, step, by, sqlite.FormatTime(e.CreatedAt), e.Seq); err != nil {
			if err = sqlite.MapErr(err); errors.Is(err, incident.ErrConflict) {
				return fmt.Errorf("incident %d: action card %s step %d is already done: %w", incidentID, cardID, step, incident.ErrConflict)
			}
			return fmt.Errorf("store action: %w", err)
		}
		return nil
	})
	if err != nil {
		return incident.Entry{}, err
	}
	return e, nil
}

// Steps returns the completed action-card steps of an incident ordered by
// card, then step. Only database errors are returned.
func (db *DB) Steps(ctx context.Context, incidentID int64) ([]incident.StepDone, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT incident_id, card_id, step, done_by, done_at, entry_seq
		FROM steps_done WHERE incident_id = ? ORDER BY card_id, step`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("read actions: %w", err)
	}
	defer rows.Close()
	var out []incident.StepDone
	for rows.Next() {
		var s incident.StepDone
		var at sql.NullString
		if err := rows.Scan(&s.IncidentID, &s.CardID, &s.Step, &s.DoneBy, &at, &s.EntrySeq); err != nil {
			return nil, fmt.Errorf("read actions: %w", err)
		}
		if s.DoneAt, err = sqlite.ParseTime(at); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read actions: %w", err)
	}
	return out, nil
}
