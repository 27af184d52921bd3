// Package clock is the real clock for code that takes its waits as a
// func(ctx, d) error, so that tests can pass one that takes no time
// (internal/testclock's Clock.Sleep).
package clock

import (
	"context"
	"time"
)

// Sleep waits for d, or until ctx is done; then it returns ctx's error.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
