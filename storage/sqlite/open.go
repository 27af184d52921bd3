// Package sqlite is the SQLite plumbing under storage: opening a database
// file with the bot's connection settings and mode 0600, the migration
// runner, times as UTC text, mapping driver errors to the incident
// sentinels, WAL checkpoints and online backups (VACUUM INTO).
//
// It knows no table but schema_migrations: the schema, its migrations and
// every query belong to storage.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	// The driver, registered as "sqlite3".
	_ "github.com/mattn/go-sqlite3"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// Params are the connection settings: WAL so readers never block the
// writer, foreign keys on, a busy timeout for other processes sharing the
// file, synchronous=FULL for durability on every commit, IMMEDIATE
// transactions so a writer takes the lock up front (no upgrade
// deadlocks), and secure_delete so a redacted text is overwritten, not
// just unlinked.
const Params = "_journal_mode=WAL&_foreign_keys=on&_busy_timeout=10000&_synchronous=FULL&_txlock=immediate&_secure_delete=on"

// DSN returns the data source name of the database file at path with
// Params.
func DSN(path string) string {
	return "file:" + escapePath(path) + "?" + Params
}

// escapePath protects the characters SQLite's URI parser treats specially.
func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// OpenWriter opens the database file at path for writing, creating it if
// needed (mode 0600 whatever the umask; SQLite gives its WAL and
// shared-memory files the same mode): a pool of one connection, so
// writers queue in Go instead of spinning in SQLite's busy handler. It
// connects at once, so the file exists in WAL mode before any reader
// opens it. Returns the pool and its data source name, or an error
// wrapping incident.ErrInvalid if path is empty, or the error of creating
// or opening the file.
func OpenWriter(ctx context.Context, path string) (*sql.DB, string, error) {
	if strings.TrimSpace(path) == "" {
		return nil, "", fmt.Errorf("database file missing: %w", incident.ErrInvalid)
	}
	if err := createPrivate(path); err != nil {
		return nil, "", err
	}
	dsn := DSN(path)
	write, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, "", fmt.Errorf("open database %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, "", fmt.Errorf("open database %s: %w", path, err)
	}
	return write, dsn, nil
}

// OpenReader opens a query-only pool of up to conns connections on the
// database of dsn (from OpenWriter) and connects. Returns the driver's
// error if it cannot.
func OpenReader(ctx context.Context, dsn string, conns int) (*sql.DB, error) {
	read, err := sql.Open("sqlite3", dsn+"&_query_only=1")
	if err != nil {
		return nil, fmt.Errorf("open database read-only: %w", err)
	}
	read.SetMaxOpenConns(conns)
	read.SetMaxIdleConns(conns)
	if err := read.PingContext(ctx); err != nil {
		read.Close()
		return nil, fmt.Errorf("open database read-only: %w", err)
	}
	return read, nil
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
		return fmt.Errorf("create database %s: %w", path, err)
	}
	defer f.Close()
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	return nil
}
