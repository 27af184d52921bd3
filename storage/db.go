// Package storage persists incidents, their append-only hash-chained log,
// the outbox, reminder bookkeeping and small caches in one SQLite file.
//
// Every change and the outbox items that report it are written in one
// IMMEDIATE transaction with synchronous=FULL, so a decision is on disk
// before the user is told "Loggført". Times are stored as UTC text so the
// file can be read with the sqlite3 shell.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// DB is the bot's SQLite database. It is safe for concurrent use.
//
// Writes go through a pool of one connection, so writers queue in Go
// instead of spinning in SQLite's busy handler; reads use a separate
// read-only pool and see the last committed state (WAL).
type DB struct {
	// Now returns the current time; every timestamp the DB assigns comes
	// from it. Defaults to time.Now. Set it before using the DB.
	Now func() time.Time
	// Rand is the source of the random salts of log entries. Defaults to
	// crypto/rand; tests may set a deterministic reader before using the
	// DB. It is only read under the write lock.
	Rand io.Reader

	path     string
	dsn      string // data source name of the writer, for one-off connections
	write    *sql.DB
	read     *sql.DB
	channels *channelCache
	appends  appendQueue
	heads    headTracker
	logKey   []byte // HMAC key of ChainV3 entries; nil: ChainV2
}

// dsnParams are the connection settings: WAL so readers never block the
// writer, foreign keys on, a busy timeout for other processes sharing the
// file, synchronous=FULL for durability on every commit, and IMMEDIATE
// transactions so a writer takes the lock up front (no upgrade deadlocks),
// and secure_delete so a redacted text is overwritten, not just unlinked.
const dsnParams = "_journal_mode=WAL&_foreign_keys=on&_busy_timeout=10000&_synchronous=FULL&_txlock=immediate&_secure_delete=on"

// Open opens the database file at path, creating it if needed (mode
// 0600 whatever the umask; SQLite gives its WAL and shared-memory files
// the same mode), and applies any migrations not yet applied. It returns
// an error if the file cannot be opened or a migration fails (that
// migration is rolled back).
func Open(path string) (*DB, error) {
	if strings.TrimSpace(path) == "" {
		return nil, fmt.Errorf("databasefil mangler: %w", incident.ErrInvalid)
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	base := "file:" + escapePath(path) + "?" + dsnParams
	write, err := sql.Open("sqlite3", base)
	if err != nil {
		return nil, fmt.Errorf("åpne database %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)

	db := &DB{Now: time.Now, path: path, dsn: base, write: write, channels: newChannelCache()}
	ctx := context.Background()
	// The writer connects first: it creates the file and switches it to
	// WAL before any read-only connection opens it.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("åpne database %s: %w", path, err)
	}
	if _, err := db.migrate(ctx, migrationFS); err != nil {
		write.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite3", base+"&_query_only=1")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("åpne database %s: %w", path, err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	if err := read.PingContext(ctx); err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("åpne database %s: %w", path, err)
	}
	db.read = read
	return db, nil
}

// createPrivate creates an empty file at path with mode 0600 if none
// exists (SQLite takes an empty file as a new database). It returns an
// error if the file cannot be created.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("opprett database %s: %w", path, err)
	}
	defer f.Close()
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("opprett database %s: %w", path, err)
	}
	return nil
}

// escapePath protects the characters SQLite's URI parser treats specially.
func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// Close closes both connection pools and the anchor file, if any. It
// returns the errors joined.
func (db *DB) Close() error {
	var errs []error
	db.heads.mu.Lock()
	if db.heads.closer != nil {
		errs = append(errs, db.heads.closer.Close())
		db.heads.closer, db.heads.hook = nil, nil
	}
	db.heads.mu.Unlock()
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	errs = append(errs, db.write.Close())
	return errors.Join(errs...)
}

// Ping checks that the database answers a query on both pools. It returns
// the driver's error (or ctx's) if not.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("database svarer ikke: %w", err)
	}
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("database svarer ikke: %w", err)
	}
	return nil
}

// Path returns the file path the database was opened with.
func (db *DB) Path() string { return db.path }

// now returns the injected clock's time in UTC (without a monotonic reading).
func (db *DB) now() time.Time {
	if db.Now == nil {
		return time.Now().UTC()
	}
	return db.Now().UTC()
}

// inTx runs fn in one IMMEDIATE transaction on the writer and commits if
// fn returns nil; otherwise it rolls back and returns fn's error.
// fn must not use db.write itself (the pool has one connection).
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("start transaksjon: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		db.heads.take(tx)
		return err
	}
	if err := tx.Commit(); err != nil {
		db.heads.take(tx)
		return fmt.Errorf("lagre transaksjon: %w", mapErr(err))
	}
	db.afterCommit(tx)
	return nil
}

// inIncidentTx is inTx for a transaction that writes the incidents
// table: the channel cache is invalidated once the commit is done.
func (db *DB) inIncidentTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	defer db.channels.invalidate()
	return db.inTx(ctx, fn)
}

// timeLayout is RFC 3339 with a fixed nine-digit fraction: it parses with
// time.RFC3339Nano and, unlike RFC3339Nano output, sorts as text, which
// the SQL comparisons (NotBefore <= now, dedupe window) rely on.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// fmtTime formats t as UTC text.
func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// parseTime parses a stored time; NULL or empty gives the zero time.
func parseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("ugyldig tidspunkt %q i databasen: %w", s.String, err)
	}
	return t.UTC(), nil
}

// mapErr gives driver errors their code (apperr, through the incident
// sentinels): sql.ErrNoRows becomes incident.ErrNotFound, UNIQUE and
// PRIMARY KEY violations incident.ErrConflict, keeping the driver error in
// the chain; other errors pass unchanged.
func mapErr(err error) error {
	var se sqlite3.Error
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%w: %w", incident.ErrNotFound, err)
	case errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey):
		return fmt.Errorf("%w: %w", incident.ErrConflict, err)
	}
	return err
}
