package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// sourceMessage is the source_message column's value for a
// NewEntry.SourceMessage: NULL for none, so the UNIQUE index holds only
// the entries that log a message.
func sourceMessage(key string) sql.NullString {
	return sql.NullString{String: key, Valid: key != ""}
}

// EntryByMessage returns the entry that logs the chat message key
// ("<channel>/<ts>", NewEntry.SourceMessage), in whichever incident. It
// returns an error wrapping incident.ErrNotFound when no entry logs it.
func (db *DB) EntryByMessage(ctx context.Context, key string) (incident.Entry, error) {
	if key == "" {
		return incident.Entry{}, fmt.Errorf("entry without a message: %w", incident.ErrNotFound)
	}
	list, err := queryEntries(ctx, db.read, `WHERE source_message = ?`, key)
	if err != nil {
		return incident.Entry{}, err
	}
	if len(list) == 0 {
		return incident.Entry{}, fmt.Errorf("entry for message %s: %w", key, sqlite.MapErr(sql.ErrNoRows))
	}
	return list[0], nil
}
