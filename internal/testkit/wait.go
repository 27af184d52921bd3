package testkit

import (
	"testing"
	"time"
)

// pollInterval is how often WaitFor checks its condition.
const pollInterval = 10 * time.Millisecond

// WaitFor polls cond every 10 ms until it returns true and fails the test
// with "waited <timeout> for: <what>" if it has not within timeout. what
// names the awaited state ("the outbox is empty"). cond is called from the
// test's goroutine; call WaitFor there too, as it may call tb.Fatalf.
func WaitFor(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if !time.Now().Before(deadline) {
			tb.Fatalf("waited %v for: %s", timeout, what)
			return // a testing.TB whose Fatalf returns (testkit's own tests)
		}
		time.Sleep(min(pollInterval, max(time.Until(deadline), time.Millisecond)))
	}
}
