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

// Completion is incident.Completion: a scheduled exercise or review was
// done. The alias keeps storage.Completion working for callers written
// against the first API.
type Completion = incident.Completion

// checkDate returns an error wrapping incident.ErrInvalid unless s is a
// date in the form YYYY-MM-DD.
func checkDate(what, s string) error {
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return fmt.Errorf("%s %q is not a date of the form YYYY-MM-DD: %w", what, s, incident.ErrInvalid)
	}
	return nil
}

// ClaimReminder claims the right to send one reminder: in one transaction
// it records (itemID, stage, due) in a ledger that holds each triple once
// and enqueues item. If the triple was already claimed it returns false
// and enqueues nothing, so a reminder goes out exactly once however many
// schedulers race. Returns an error wrapping incident.ErrInvalid if
// itemID, stage or due is empty or item has no Kind.
func (db *DB) ClaimReminder(ctx context.Context, itemID, stage, due string, item incident.OutboxItem) (claimed bool, err error) {
	if itemID == "" || stage == "" || due == "" {
		return false, fmt.Errorf("reminder: item, stage and due date are required: %w", incident.ErrInvalid)
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reminder_claims WHERE item_id = ? AND stage = ? AND due = ?`,
			itemID, stage, due).Scan(&n); err != nil {
			return fmt.Errorf("read reminders: %w", err)
		}
		if n > 0 {
			return nil
		}
		id, err := db.enqueue(ctx, tx, item)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reminder_claims (item_id, stage, due, outbox_id, claimed_at)
			VALUES (?, ?, ?, ?, ?)`, itemID, stage, due, id, sqlite.FormatTime(db.now())); err != nil {
			return fmt.Errorf("store reminder: %w", sqlite.MapErr(err))
		}
		claimed = true
		return nil
	})
	if err != nil {
		return false, err
	}
	return claimed, nil
}

// ReminderSent returns the stages already claimed for itemID and due, in
// the order they were claimed. Only database errors are returned.
func (db *DB) ReminderSent(ctx context.Context, itemID, due string) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT stage FROM reminder_claims WHERE item_id = ? AND due = ? ORDER BY id`, itemID, due)
	if err != nil {
		return nil, fmt.Errorf("read reminders: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("read reminders: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read reminders: %w", err)
	}
	return out, nil
}

// RecordCompletion records that c.ItemID was done on c.Done; RecordedAt is
// set to Now. Returns an error wrapping incident.ErrInvalid if ItemID is
// empty or Done is not YYYY-MM-DD.
func (db *DB) RecordCompletion(ctx context.Context, c Completion) error {
	if strings.TrimSpace(c.ItemID) == "" {
		return fmt.Errorf("completion: item missing: %w", incident.ErrInvalid)
	}
	if err := checkDate("done", c.Done); err != nil {
		return err
	}
	if _, err := db.write.ExecContext(ctx, `INSERT INTO completions (item_id, done, note, done_by, recorded_at) VALUES (?, ?, ?, ?, ?)`,
		c.ItemID, c.Done, c.Note, c.By, sqlite.FormatTime(db.now())); err != nil {
		return fmt.Errorf("store completion: %w", sqlite.MapErr(err))
	}
	return nil
}

// LatestCompletions returns, per item, the completion with the newest Done
// date (the latest recorded one if several share it). Only database
// errors are returned.
func (db *DB) LatestCompletions(ctx context.Context) (map[string]Completion, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT item_id, done, note, done_by, recorded_at FROM completions c
		WHERE id = (SELECT id FROM completions WHERE item_id = c.item_id ORDER BY done DESC, id DESC LIMIT 1)`)
	if err != nil {
		return nil, fmt.Errorf("read completions: %w", err)
	}
	defer rows.Close()
	out := map[string]Completion{}
	for rows.Next() {
		var c Completion
		var at sql.NullString
		if err := rows.Scan(&c.ItemID, &c.Done, &c.Note, &c.By, &at); err != nil {
			return nil, fmt.Errorf("read completions: %w", err)
		}
		if c.RecordedAt, err = sqlite.ParseTime(at); err != nil {
			return nil, err
		}
		out[c.ItemID] = c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read completions: %w", err)
	}
	return out, nil
}

// Postpone records that the reminder for itemID due on due is put off
// until until ("Utsett 1 uke"). Returns an error wrapping
// incident.ErrInvalid if itemID is empty or due or until is not YYYY-MM-DD.
func (db *DB) Postpone(ctx context.Context, itemID, due string, until string, by string) error {
	if strings.TrimSpace(itemID) == "" {
		return fmt.Errorf("postponement: item missing: %w", incident.ErrInvalid)
	}
	if err := checkDate("due", due); err != nil {
		return err
	}
	if err := checkDate("postponed until", until); err != nil {
		return err
	}
	if _, err := db.write.ExecContext(ctx, `INSERT INTO postponements (item_id, due, until, set_by, created_at) VALUES (?, ?, ?, ?, ?)`,
		itemID, due, until, by, sqlite.FormatTime(db.now())); err != nil {
		return fmt.Errorf("store postponement: %w", sqlite.MapErr(err))
	}
	return nil
}

// Postponements returns, per item, the until date of the most recently
// recorded postponement. Only database errors are returned.
func (db *DB) Postponements(ctx context.Context) (map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT item_id, until FROM postponements p
		WHERE id = (SELECT MAX(id) FROM postponements WHERE item_id = p.item_id)`)
	if err != nil {
		return nil, fmt.Errorf("read postponements: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var item, until string
		if err := rows.Scan(&item, &until); err != nil {
			return nil, fmt.Errorf("read postponements: %w", err)
		}
		out[item] = until
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read postponements: %w", err)
	}
	return out, nil
}
