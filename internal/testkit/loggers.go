package testkit

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// Loggers are goroutines logging decisions through a store as fast as it
// answers, the load under which backups, restores and replication must
// keep every acknowledged decision. Each entry is remembered once its
// AppendEntry has returned: acknowledged, as a user would have been told.
type Loggers struct {
	tb    testing.TB
	mu    sync.Mutex
	acked []incident.Entry
	stop  atomic.Bool
	wg    sync.WaitGroup
}

// StartLoggers starts n loggers; logger w writes into ids[w%len(ids)],
// pausing pause between decisions (0: none). A failed append fails the
// test and stops that logger.
func StartLoggers(tb testing.TB, db *storage.DB, ids []int64, n int, pause time.Duration) *Loggers {
	l := &Loggers{tb: tb}
	for w := range n {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for i := 0; !l.stop.Load(); i++ {
				en, err := db.AppendEntry(context.Background(), incident.NewEntry{IncidentID: ids[w%len(ids)],
					Kind: incident.EntryDecision, Author: "U2", Text: fmt.Sprintf("Logger %d, beslutning %d", w, i)})
				if err != nil {
					tb.Errorf("AppendEntry: %v", err)
					return
				}
				l.mu.Lock()
				l.acked = append(l.acked, en)
				l.mu.Unlock()
				if pause > 0 {
					time.Sleep(pause)
				}
			}
		}()
	}
	return l
}

// Count is how many decisions have been acknowledged so far.
func (l *Loggers) Count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.acked)
}

// Acked is a copy of the decisions acknowledged so far.
func (l *Loggers) Acked() []incident.Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]incident.Entry(nil), l.acked...)
}

// WaitFor waits until at least n decisions are acknowledged, failing the
// test after timeout.
func (l *Loggers) WaitFor(n int, timeout time.Duration) {
	l.tb.Helper()
	WaitFor(l.tb, timeout, fmt.Sprintf("%d decisions logged", n), func() bool { return l.Count() >= n })
}

// Stop stops the loggers and waits for them, returning every
// acknowledged decision.
func (l *Loggers) Stop() []incident.Entry {
	l.stop.Store(true)
	l.wg.Wait()
	return l.Acked()
}
