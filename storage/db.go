// Package storage persists incidents, their append-only hash-chained log,
// the outbox, reminder bookkeeping and small caches in one SQLite file.
//
// Every change and the outbox items that report it are written in one
// IMMEDIATE transaction with synchronous=FULL, so a decision is on disk
// before the user is told "Loggført". Times are stored as UTC text so the
// file can be read with the sqlite3 shell.
//
// storage owns the schema: its migrations (migrations/*.sql) and every
// query. Beneath it, without knowing the schema, storage/sqlite opens the
// file and runs the migrations, storage/groupcommit lets concurrent
// appends share a commit, and storage/anchorfile writes and reads the
// anchor file of log heads.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/beredskapsbot/beredskapsbot/storage/groupcommit"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
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
	appends  groupcommit.Queue[*appendReq] // AppendEntry's group commit
	// appendBatches counts the group commit's transactions, committed
	// or tried, for tests.
	appendBatches atomic.Int64
	heads         headTracker
	logKey        []byte // HMAC key of ChainV3 entries; nil: ChainV2
}

// Open opens the database file at path, creating it if needed (mode
// 0600 whatever the umask, see sqlite.OpenWriter), and applies any
// migrations not yet applied. It returns an error wrapping
// incident.ErrInvalid if path is empty, or an error if the file cannot be
// opened or a migration fails (that migration is rolled back).
func Open(path string) (*DB, error) {
	ctx := context.Background()
	// The writer connects first: it creates the file and switches it to
	// WAL before any read-only connection opens it.
	write, dsn, err := sqlite.OpenWriter(ctx, path)
	if err != nil {
		return nil, err
	}
	db := &DB{Now: time.Now, path: path, dsn: dsn, write: write, channels: newChannelCache()}
	db.appends.Max = maxAppendBatch
	if _, err := db.migrate(ctx, migrationFS); err != nil {
		write.Close()
		return nil, err
	}
	if db.read, err = sqlite.OpenReader(ctx, dsn, 8); err != nil {
		write.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
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
		return fmt.Errorf("database does not answer: %w", err)
	}
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("database does not answer: %w", err)
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
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		db.heads.take(tx)
		return err
	}
	if err := tx.Commit(); err != nil {
		db.heads.take(tx)
		return fmt.Errorf("commit transaction: %w", sqlite.MapErr(err))
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
