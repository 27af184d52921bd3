// Package testkit holds the few helpers many packages' tests share: the
// embedded example plan, a real SQLite file in a temp dir, a buffer safe
// for a child process's concurrent writes, a free loopback address, and
// the beredskapsbot binary, built once for all of them.
package testkit

import (
	"bytes"
	"math/rand/v2"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// ExamplePlan loads the embedded example plan "kommune" and fails the
// test, listing every error, if it has any. Each call returns a fresh
// plan the test may change.
func ExamplePlan(tb testing.TB) *plan.Plan {
	tb.Helper()
	p, diags := planfile.LoadExample("kommune")
	if p == nil || diags.HasErrors() {
		tb.Fatalf("example plan has errors:\n%v", diags.Errors())
	}
	return p
}

// OpenDB opens a new database file in a temp dir, closed when the test
// ends; now, when not nil, is its clock. Its salts are deterministic, so
// hashes are the same on every run.
func OpenDB(tb testing.TB, now func() time.Time) *storage.DB {
	tb.Helper()
	db, err := storage.Open(filepath.Join(tb.TempDir(), "beredskap.db"))
	if err != nil {
		tb.Fatal(err)
	}
	if now != nil {
		db.Now = now
	}
	db.Rand = rand.NewChaCha8([32]byte{})
	tb.Cleanup(func() { db.Close() })
	return db
}

// SyncBuffer is a bytes.Buffer safe for concurrent writes and reads.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns everything written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// FreeAddr returns a 127.0.0.1 address with a port nobody listens on.
func FreeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
