package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// RaiseAlarm stores an alarm raised by by with text and, in the same
// transaction, enqueues the outbox item post returns for it (post gets
// the stored alarm, with its ID for the button). Returns the stored
// alarm, or an error wrapping incident.ErrInvalid if by or text is empty
// or post fails.
func (db *DB) RaiseAlarm(ctx context.Context, by, text string, post func(incident.Alarm) (incident.OutboxItem, error)) (incident.Alarm, error) {
	if strings.TrimSpace(by) == "" || strings.TrimSpace(text) == "" {
		return incident.Alarm{}, fmt.Errorf("alarm: sender or text missing: %w", incident.ErrInvalid)
	}
	a := incident.Alarm{RaisedBy: by, Text: text}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		a.At = db.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO alarms (raised_by, text, at) VALUES (?, ?, ?)`, by, text, sqlite.FormatTime(a.At))
		if err != nil {
			return fmt.Errorf("store alert: %w", sqlite.MapErr(err))
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		item, err := post(a)
		if err != nil {
			return fmt.Errorf("alarm %d: %w: %w", a.ID, incident.ErrInvalid, err)
		}
		_, err = db.enqueue(ctx, tx, item)
		return err
	})
	if err != nil {
		return incident.Alarm{}, err
	}
	return a, nil
}

// Alarm returns the alarm with id, or an error wrapping
// incident.ErrNotFound.
func (db *DB) Alarm(ctx context.Context, id int64) (incident.Alarm, error) {
	var a incident.Alarm
	var at sql.NullString
	var inc sql.NullInt64
	err := db.read.QueryRowContext(ctx, `SELECT id, raised_by, text, at, incident_id FROM alarms WHERE id = ?`, id).
		Scan(&a.ID, &a.RaisedBy, &a.Text, &at, &inc)
	if err != nil {
		return incident.Alarm{}, fmt.Errorf("alarm %d: %w", id, sqlite.MapErr(err))
	}
	a.IncidentID = inc.Int64
	a.At, err = sqlite.ParseTime(at)
	return a, err
}

// AlarmOpened records that incident incidentID was opened from alarm id.
// An alarm keeps the first incident opened from it: when it already has
// one, nothing changes and the error wraps incident.ErrConflict. Returns
// an error wrapping incident.ErrNotFound if there is no such alarm.
func (db *DB) AlarmOpened(ctx context.Context, id, incidentID int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var cur sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT incident_id FROM alarms WHERE id = ?`, id).Scan(&cur); err != nil {
			return fmt.Errorf("alarm %d: %w", id, sqlite.MapErr(err))
		}
		if cur.Valid {
			if cur.Int64 == incidentID {
				return nil
			}
			return fmt.Errorf("alarm %d already became incident %d: %w", id, cur.Int64, incident.ErrConflict)
		}
		_, err := tx.ExecContext(ctx, `UPDATE alarms SET incident_id = ? WHERE id = ?`, incidentID, id)
		return err
	})
}
