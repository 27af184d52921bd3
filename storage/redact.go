package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// checkpointWait bounds how long Redact waits for readers to let the WAL
// be checkpointed and truncated.
const checkpointWait = 5 * time.Second

// ErrCheckpoint is wrapped by Redact's error when the redaction is
// committed but the WAL could not be truncated, so the old text may still
// be in the WAL file until the next checkpoint. It is sqlite.ErrCheckpoint.
var ErrCheckpoint = sqlite.ErrCheckpoint

// RedactionMarker returns the text that replaces a redacted entry's text:
// «[sladdet 01.12.2026 av <by>: <reason>]», the date in loc (UTC if nil).
func RedactionMarker(at time.Time, loc *time.Location, by, reason string) string {
	if loc == nil {
		loc = time.UTC
	}
	return fmt.Sprintf("[sladdet %s av %s: %s]", at.In(loc).Format("02.01.2006"), by, reason)
}

// Redact removes the text of entry seq of an incident's log, for instance
// personal data that must be erased: the text is replaced by
// RedactionMarker (date in loc) and the salt is dropped, so the old text
// cannot be guessed from the digest the chain keeps. The redaction itself
// is logged as a new chained entry (incident.EntryRedaction, Corrects =
// seq, Author = by) saying who redacted which entry and why, but not the
// old text; it is not echoed in the channel. The incident may be closed.
// After the commit the WAL is checkpointed and truncated; with
// secure_delete the old text is then gone from the database file and the
// WAL.
//
// Returns the redaction entry, or an error wrapping incident.ErrNotFound
// (no such incident or entry), incident.ErrInvalid (empty by or reason, or
// an entry logged before redaction existed, which the chain cannot spare)
// or incident.ErrConflict (already redacted). If the redaction is
// committed but the WAL cannot be truncated, it returns the entry and an
// error wrapping ErrCheckpoint.
func (db *DB) Redact(ctx context.Context, incidentID int64, seq int, by, reason string, loc *time.Location) (incident.Entry, error) {
	red, err := db.redactEntry(ctx, incidentID, seq, by, reason, loc)
	if err != nil {
		return incident.Entry{}, err
	}
	return red, db.truncateWAL(ctx)
}

// redactEntry is Redact without the WAL truncation, for redacting many
// entries and truncating once.
func (db *DB) redactEntry(ctx context.Context, incidentID int64, seq int, by, reason string, loc *time.Location) (incident.Entry, error) {
	by, reason = strings.TrimSpace(by), strings.TrimSpace(reason)
	if by == "" || reason == "" {
		return incident.Entry{}, fmt.Errorf("redaction needs who redacts and a reason: %w", incident.ErrInvalid)
	}
	var red incident.Entry
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := getIncident(ctx, tx, incidentID); err != nil {
			return err
		}
		var version int
		var redacted sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT chain_version, redacted_at FROM log_entries WHERE incident_id = ? AND seq = ?`,
			incidentID, seq).Scan(&version, &redacted)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("incident %d, entry #%d: %w", incidentID, seq, incident.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("read entry to redact: %w", err)
		}
		if redacted.Valid {
			return fmt.Errorf("incident %d, entry #%d is already redacted: %w", incidentID, seq, incident.ErrConflict)
		}
		if version < incident.ChainV2 {
			return fmt.Errorf("incident %d, entry #%d was logged before redaction existed and cannot be redacted without breaking the hash chain: %w",
				incidentID, seq, incident.ErrInvalid)
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE log_entries SET text = ?, salt = NULL, redacted_at = ?, redacted_by = ?, redaction_reason = ?
			WHERE incident_id = ? AND seq = ?`,
			RedactionMarker(now, loc, by, reason), sqlite.FormatTime(now), by, reason, incidentID, seq); err != nil {
			return fmt.Errorf("redact entry: %w", err)
		}
		red, err = db.appendEntry(ctx, tx, incident.NewEntry{
			IncidentID: incidentID, Kind: incident.EntryRedaction, Author: by, Corrects: seq,
			Text: fmt.Sprintf("Logglinje #%d er sladdet av %s. Grunn: %s", seq, by, reason),
		})
		return err
	})
	if err != nil {
		return incident.Entry{}, err
	}
	return red, nil
}

// Checkpoint copies the whole WAL into the database file and truncates
// the WAL, waiting up to a few seconds for readers to let it. Returns an
// error wrapping ErrCheckpoint if it cannot.
func (db *DB) Checkpoint(ctx context.Context) error { return db.truncateWAL(ctx) }

// truncateWAL checkpoints the whole WAL into the database and truncates
// it, waiting up to checkpointWait for readers to let it. Returns an
// error wrapping ErrCheckpoint if it cannot.
func (db *DB) truncateWAL(ctx context.Context) error {
	return sqlite.TruncateWAL(ctx, db.write, checkpointWait)
}
