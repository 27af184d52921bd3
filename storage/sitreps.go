package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// SendReport stores a situation report of an open incident in one
// transaction: the next number, an EntryReport log entry holding the
// whole text (chained like every entry; no echo, the report is posted
// by n.Posts instead), the report's row, and n.Posts in the outbox (each
// keyed to the incident, so a post never overtakes its channel).
//
// Returns an error wrapping incident.ErrNotFound (no such incident),
// incident.ErrIncidentClosed, incident.ErrInvalid (empty text, or a post
// without a kind), or incident.ErrConflict (n.Number is set and is not
// the next number: another report was sent since the draft).
func (db *DB) SendReport(ctx context.Context, n incident.NewReport) (incident.Report, error) {
	if strings.TrimSpace(n.Text) == "" {
		return incident.Report{}, fmt.Errorf("incident %d: the report is empty: %w", n.IncidentID, incident.ErrInvalid)
	}
	var r incident.Report
	err := db.inIncidentTx(ctx, func(tx *sql.Tx) error {
		if _, err := openIncident(ctx, tx, n.IncidentID); err != nil {
			return err
		}
		var last int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) FROM situation_reports WHERE incident_id = ?`,
			n.IncidentID).Scan(&last); err != nil {
			return fmt.Errorf("read situation reports: %w", err)
		}
		if n.Number != 0 && n.Number != last+1 {
			return fmt.Errorf("incident %d: report %d is already sent (next is %d): %w", n.IncidentID, n.Number, last+1, incident.ErrConflict)
		}
		e, err := db.appendEntry(ctx, tx, incident.NewEntry{IncidentID: n.IncidentID, Kind: incident.EntryReport, Author: n.Author, Text: n.Text})
		if err != nil {
			return err
		}
		r = incident.Report{IncidentID: n.IncidentID, Number: last + 1, EntrySeq: e.Seq, Author: n.Author, SentAt: e.CreatedAt, Text: e.Text}
		if _, err := tx.ExecContext(ctx, `INSERT INTO situation_reports (incident_id, number, entry_seq, sent_by, sent_at) VALUES (?, ?, ?, ?, ?)`,
			r.IncidentID, r.Number, r.EntrySeq, r.Author, sqlite.FormatTime(r.SentAt)); err != nil {
			return fmt.Errorf("store situation report: %w", sqlite.MapErr(err))
		}
		for _, item := range n.Posts {
			item.IncidentID = n.IncidentID
			if item.Key == "" {
				item.Key = incidentKey(n.IncidentID)
			}
			if _, err := db.enqueue(ctx, tx, item); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return incident.Report{}, err
	}
	return r, nil
}

// Reports returns the situation reports sent for an incident, by number,
// each with the text of its log entry (a redacted report has the
// redaction marker as its text). Only database errors are returned.
func (db *DB) Reports(ctx context.Context, incidentID int64) ([]incident.Report, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT r.incident_id, r.number, r.entry_seq, r.sent_by, r.sent_at, COALESCE(e.text, '')
		FROM situation_reports r LEFT JOIN log_entries e ON e.incident_id = r.incident_id AND e.seq = r.entry_seq
		WHERE r.incident_id = ? ORDER BY r.number`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("read situation reports: %w", err)
	}
	defer rows.Close()
	var out []incident.Report
	for rows.Next() {
		var r incident.Report
		var at sql.NullString
		if err := rows.Scan(&r.IncidentID, &r.Number, &r.EntrySeq, &r.Author, &at, &r.Text); err != nil {
			return nil, fmt.Errorf("read situation report: %w", err)
		}
		if r.SentAt, err = sqlite.ParseTime(at); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read situation reports: %w", err)
	}
	return out, nil
}

// Report returns report number of an incident. Returns an error wrapping
// incident.ErrNotFound if there is no such report.
func (db *DB) Report(ctx context.Context, incidentID int64, number int) (incident.Report, error) {
	all, err := db.Reports(ctx, incidentID)
	if err != nil {
		return incident.Report{}, err
	}
	for _, r := range all {
		if r.Number == number {
			return r, nil
		}
	}
	return incident.Report{}, fmt.Errorf("incident %d: situation report %d: %w", incidentID, number, incident.ErrNotFound)
}
