package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// timeLayout is RFC 3339 with a fixed nine-digit fraction: it parses with
// time.RFC3339Nano and, unlike RFC3339Nano output, sorts as text, which
// SQL comparisons of stored times (NotBefore <= now, dedupe windows) rely
// on.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// FormatTime formats t as the UTC text times are stored as.
func FormatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// ParseTime parses a stored time (as UTC); NULL or empty gives the zero
// time. Returns an error naming the text if it is not a time.
func ParseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid time %q in the database: %w", s.String, err)
	}
	return t.UTC(), nil
}

// MapErr gives driver errors their code (apperr, through the incident
// sentinels): sql.ErrNoRows becomes incident.ErrNotFound, UNIQUE and
// PRIMARY KEY violations incident.ErrConflict, keeping the driver error
// in the chain; other errors (and nil) pass unchanged.
func MapErr(err error) error {
	var se sqlite3.Error
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%w: %w", incident.ErrNotFound, err)
	case errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey):
		return fmt.Errorf("%w: %w", incident.ErrConflict, err)
	}
	return err
}
