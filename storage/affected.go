package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// RecordAffected records that an open incident put a critical function
// out of service since the given time: the row, a log entry with text
// (echoed in the channel), and one outbox item per warning with NotBefore
// at its time, all in one transaction. The warnings are re-checked when
// due (ClaimFunctionWarning), so a restored function or a closed incident
// drops them.
//
// Returns an error wrapping incident.ErrNotFound or
// incident.ErrIncidentClosed (the incident), incident.ErrConflict (the
// function is already out in this incident), or incident.ErrInvalid
// (empty text or function, since after Now).
func (db *DB) RecordAffected(ctx context.Context, incidentID int64, functionID string, since time.Time, by, text string, warnings []incident.FunctionWarning) (incident.AffectedFunction, incident.Entry, error) {
	since = since.UTC()
	a := incident.AffectedFunction{IncidentID: incidentID, FunctionID: functionID, Since: since, By: by}
	var e incident.Entry
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := openIncident(ctx, tx, incidentID); err != nil {
			return err
		}
		if functionID == "" {
			return fmt.Errorf("incident %d: function missing: %w", incidentID, incident.ErrInvalid)
		}
		if since.After(db.now()) {
			return fmt.Errorf("incident %d: %s is in the future: %w", incidentID, since.Format(time.RFC3339), incident.ErrInvalid)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO affected_functions (incident_id, function_id, since, by) VALUES (?, ?, ?, ?)`,
			incidentID, functionID, sqlite.FormatTime(since), by)
		if err != nil {
			return fmt.Errorf("incident %d: function %s: %w", incidentID, functionID, sqlite.MapErr(err))
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("store affected function: %w", err)
		}
		if e, err = db.appendEcho(ctx, tx, incident.NewEntry{IncidentID: incidentID, Kind: incident.EntryEvent, Author: by, Text: text}); err != nil {
			return err
		}
		for _, w := range warnings {
			payload, _ := json.Marshal(incident.FunctionWarningPayload{IncidentID: incidentID, AffectedID: a.ID,
				FunctionID: functionID, Kind: w.Kind, Step: w.Step, At: w.At.UTC().Format(time.RFC3339), Since: since.Format(time.RFC3339)})
			if _, err := db.enqueue(ctx, tx, incident.OutboxItem{Kind: incident.OutboxFunctionWarning,
				IncidentID: incidentID, Payload: payload, NotBefore: w.At.UTC()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return incident.AffectedFunction{}, incident.Entry{}, err
	}
	return a, e, nil
}

// RestoreAffected ends the outage of a function in an open incident
// (gjenopprettet) and logs text, echoed in the channel; its pending
// warnings are then dropped when due.
//
// Returns an error wrapping incident.ErrNotFound (no such incident, or the
// function is not out in it), incident.ErrIncidentClosed, or
// incident.ErrInvalid (empty text).
func (db *DB) RestoreAffected(ctx context.Context, incidentID int64, functionID, by, text string) (incident.AffectedFunction, incident.Entry, error) {
	var a incident.AffectedFunction
	var e incident.Entry
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := openIncident(ctx, tx, incidentID); err != nil {
			return err
		}
		var err error
		a, err = scanAffected(tx.QueryRowContext(ctx, `SELECT `+affectedColumns+` FROM affected_functions
			WHERE incident_id = ? AND function_id = ? AND restored_at IS NULL`, incidentID, functionID))
		if err != nil {
			return fmt.Errorf("incident %d: function %s is not recorded as affected: %w", incidentID, functionID, sqlite.MapErr(err))
		}
		a.RestoredAt, a.RestoredBy = db.now(), by
		if _, err := tx.ExecContext(ctx, `UPDATE affected_functions SET restored_at = ?, restored_by = ? WHERE id = ?`,
			sqlite.FormatTime(a.RestoredAt), by, a.ID); err != nil {
			return fmt.Errorf("store recovery: %w", err)
		}
		e, err = db.appendEcho(ctx, tx, incident.NewEntry{IncidentID: incidentID, Kind: incident.EntryEvent, Author: by, Text: text})
		return err
	})
	if err != nil {
		return incident.AffectedFunction{}, incident.Entry{}, err
	}
	return a, e, nil
}

// AffectedFunctions returns the critical functions recorded as affected
// by an incident, in the order they were recorded (a function restored
// and out again appears twice). Only database errors are returned.
func (db *DB) AffectedFunctions(ctx context.Context, incidentID int64) ([]incident.AffectedFunction, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+affectedColumns+` FROM affected_functions WHERE incident_id = ? ORDER BY id`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("read affected functions: %w", err)
	}
	defer rows.Close()
	var out []incident.AffectedFunction
	for rows.Next() {
		a, err := scanAffected(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read affected functions: %w", err)
	}
	return out, nil
}

// ClaimFunctionWarning decides whether a due tolerance warning (outbox
// item outboxID) still applies, and logs it once. It applies when the
// incident is open and the function still out; then it is recorded and
// text appended to the incident's log (not echoed: the warning is the
// post). A warning already claimed by the same item (its post is being
// retried) applies again without a second log entry. ok is false when
// it no longer applies.
//
// Returns an error wrapping incident.ErrNotFound when the incident or
// the affected function does not exist.
func (db *DB) ClaimFunctionWarning(ctx context.Context, outboxID int64, pl incident.FunctionWarningPayload, text string) (inc incident.Incident, a incident.AffectedFunction, ok bool, err error) {
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if inc, err = getIncident(ctx, tx, pl.IncidentID); err != nil {
			return err
		}
		if a, err = scanAffected(tx.QueryRowContext(ctx, `SELECT `+affectedColumns+` FROM affected_functions WHERE id = ?`, pl.AffectedID)); err != nil {
			return fmt.Errorf("affected function %d: %w", pl.AffectedID, sqlite.MapErr(err))
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM function_warnings WHERE outbox_id = ?`, outboxID).Scan(&n); err != nil {
			return fmt.Errorf("read alert: %w", err)
		}
		if n > 0 {
			ok = true
			return nil
		}
		if !inc.Open() || !a.Out() {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO function_warnings (outbox_id, affected_id, kind, warned_at) VALUES (?, ?, ?, ?)`,
			outboxID, a.ID, pl.Kind, sqlite.FormatTime(db.now())); err != nil {
			return fmt.Errorf("store alert: %w", sqlite.MapErr(err))
		}
		if _, err := db.appendEntry(ctx, tx, incident.NewEntry{IncidentID: inc.ID, Kind: incident.EntryEvent, Author: WarningAuthor, Text: text}); err != nil {
			return err
		}
		ok = true
		return nil
	})
	return inc, a, ok, err
}

// WarningAuthor is the author of the tolerance warnings in the log: the
// bot itself.
const WarningAuthor = "beredskapsbot"

const affectedColumns = `id, incident_id, function_id, since, restored_at, by, restored_by`

type scanner interface{ Scan(dest ...any) error }

func scanAffected(s scanner) (incident.AffectedFunction, error) {
	var a incident.AffectedFunction
	var since, restored sql.NullString
	if err := s.Scan(&a.ID, &a.IncidentID, &a.FunctionID, &since, &restored, &a.By, &a.RestoredBy); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return a, err
		}
		return a, fmt.Errorf("read affected function: %w", err)
	}
	var err error
	if a.Since, err = sqlite.ParseTime(since); err != nil {
		return a, err
	}
	if a.RestoredAt, err = sqlite.ParseTime(restored); err != nil {
		return a, err
	}
	return a, nil
}

// RecordBinderPrint records that the binder was printed from the plan
// with the content hash planHash (by a user ID, or "" from the command
// line). Only database errors are returned.
func (db *DB) RecordBinderPrint(ctx context.Context, planHash, by string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO binder_prints (plan_hash, printed_at, by) VALUES (?, ?, ?)`, planHash, sqlite.FormatTime(db.now()), by)
		if err != nil {
			return fmt.Errorf("store binder print: %w", err)
		}
		return nil
	})
}

// LastBinderPrint returns the plan hash and time of the latest printed
// binder; ok is false when it was never printed. Only database errors
// are returned.
func (db *DB) LastBinderPrint(ctx context.Context) (planHash string, at time.Time, ok bool, err error) {
	var printed sql.NullString
	err = db.read.QueryRowContext(ctx, `SELECT plan_hash, printed_at FROM binder_prints ORDER BY id DESC LIMIT 1`).Scan(&planHash, &printed)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, false, nil
	}
	if err != nil {
		return "", time.Time{}, false, fmt.Errorf("read binder print: %w", err)
	}
	at, err = sqlite.ParseTime(printed)
	return planHash, at, err == nil, err
}
