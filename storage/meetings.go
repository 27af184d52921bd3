package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// meetingLead is how long before a status meeting the first reminder goes out.
const meetingLead = 10 * time.Minute

// SetMeeting sets the next status meeting of an open incident: it sets
// the incident's NextMeeting, records the meeting, appends an EntryMeeting
// log entry with text and enqueues its echo, and enqueues two independent
// meeting reminders (10 minutes before, NotBefore at-10m, and at the
// time, NotBefore at), all in one transaction. A reminder for a meeting
// that has since been moved still fires; the transport compares its "at"
// with the incident's NextMeeting and drops it if they differ.
//
// Returns an error wrapping incident.ErrNotFound, incident.ErrIncidentClosed,
// or incident.ErrInvalid (empty text, or at not after Now).
func (db *DB) SetMeeting(ctx context.Context, incidentID int64, at time.Time, by, text string) (incident.Entry, error) {
	at = at.UTC()
	var e incident.Entry
	err := db.inIncidentTx(ctx, func(tx *sql.Tx) error {
		if _, err := openIncident(ctx, tx, incidentID); err != nil {
			return err
		}
		now := db.now()
		if !at.After(now) {
			return fmt.Errorf("incident %d: meeting time %s has passed: %w", incidentID, at.Format(time.RFC3339), incident.ErrInvalid)
		}
		var err error
		if e, err = db.appendEcho(ctx, tx, incident.NewEntry{IncidentID: incidentID, Kind: incident.EntryMeeting, Author: by, Text: text}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE incidents SET next_meeting = ? WHERE id = ?`, sqlite.FormatTime(at), incidentID); err != nil {
			return fmt.Errorf("store meeting: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO meetings (incident_id, at, set_by, set_at) VALUES (?, ?, ?, ?)`,
			incidentID, sqlite.FormatTime(at), by, sqlite.FormatTime(now)); err != nil {
			return fmt.Errorf("store meeting: %w", sqlite.MapErr(err))
		}
		for _, before := range []int{int(meetingLead / time.Minute), 0} {
			payload, _ := json.Marshal(incident.MeetingPayload{IncidentID: incidentID, At: at.Format(time.RFC3339), MinutesBefore: before})
			if _, err := db.enqueue(ctx, tx, incident.OutboxItem{
				Kind: incident.OutboxMeeting, IncidentID: incidentID, Payload: payload,
				NotBefore: at.Add(-time.Duration(before) * time.Minute),
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return incident.Entry{}, err
	}
	return e, nil
}

// Meetings returns the meetings set for an incident, in the order they
// were set. Only database errors are returned.
func (db *DB) Meetings(ctx context.Context, incidentID int64) ([]incident.Meeting, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT incident_id, at, set_by, set_at FROM meetings
		WHERE incident_id = ? ORDER BY id`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("read meetings: %w", err)
	}
	defer rows.Close()
	var out []incident.Meeting
	for rows.Next() {
		var m incident.Meeting
		var at, setAt sql.NullString
		if err := rows.Scan(&m.IncidentID, &at, &m.SetBy, &setAt); err != nil {
			return nil, fmt.Errorf("read meeting: %w", err)
		}
		if m.At, err = sqlite.ParseTime(at); err != nil {
			return nil, err
		}
		if m.SetAt, err = sqlite.ParseTime(setAt); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read meetings: %w", err)
	}
	return out, nil
}
