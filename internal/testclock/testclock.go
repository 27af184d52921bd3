// Package testclock is a settable clock for tests, safe for concurrent
// use: storage, the deliverer and the fake Slack all take a Now func, and
// tests move time by hand instead of sleeping. Code that waits (rate
// limits, retries) takes a sleep func, and Sleep makes those waits move
// the clock instead of taking time.
package testclock

import (
	"context"
	"sync"
	"time"
)

// Clock is a settable clock. The zero Clock reads the zero time.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// New returns a clock reading t.
func New(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Set puts the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Sleep is a sleep that takes no time: it moves the clock by d (when d
// is positive) and returns at once, with ctx's error if ctx is done. It
// fits where code takes a func(ctx, d) error to wait with. Concurrent
// sleepers each move the clock, so their waits add up rather than
// overlap.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d > 0 {
		c.Add(d)
	}
	return nil
}
