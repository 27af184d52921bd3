package delivery

import (
	"context"
	"sync"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/clock"
)

// Rate is a client-side limit: one call every Every, with up to Burst
// calls at once after a quiet spell. A zero Every means no limit.
type Rate struct {
	Every time.Duration
	Burst int // < 1 counts as 1
}

// Limits are the client-side rate limits the Slack calls of the outbox
// respect, so Slack's rate tiers are kept rather than discovered by 429s.
type Limits struct {
	// Methods limits Web API methods workspace-wide, by method name.
	// Methods not listed are not limited (a 429 still pauses them).
	Methods map[string]Rate
	// PostPerChannel limits chat.postMessage per channel.
	PostPerChannel Rate
}

// DefaultLimits returns Slack's documented tiers with a small safety
// margin: Tier 2 methods (conversations.create, pins.add, setTopic,
// conversations.list) and conversations.invite at 20 a minute
// with a burst of 3; Tier 3 lookups at 50 a minute; chat.postMessage at
// one a second per channel with a burst of 3.
func DefaultLimits() Limits {
	tier2 := Rate{Every: 3 * time.Second, Burst: 3}
	tier3 := Rate{Every: 1200 * time.Millisecond, Burst: 5}
	tier4 := Rate{Every: 600 * time.Millisecond, Burst: 5}
	return Limits{
		Methods: map[string]Rate{
			"conversations.create":         tier2,
			"conversations.invite":         tier2,
			"conversations.setTopic":       tier2,
			"conversations.list":           tier2,
			"pins.add":                     tier2,
			"conversations.history":        tier3,
			"conversations.join":           tier3,
			"conversations.open":           tier3,
			"users.lookupByEmail":          tier3,
			"files.getUploadURLExternal":   tier4,
			"files.completeUploadExternal": tier4,
		},
		PostPerChannel: Rate{Every: time.Second, Burst: 3},
	}
}

// limiter is a set of token buckets by key (a method, or
// "chat.postMessage:<channel>"), kept as GCRA theoretical arrival times.
// A key can also be paused until a time, after a 429 with Retry-After.
// It is safe for concurrent use.
type limiter struct {
	// now and sleep are the limiter's clock: the wall clock and a timer,
	// or a test's clock whose sleeps move it.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tat    time.Time // theoretical arrival time of the next call
	paused time.Time // no call before this
}

func newLimiter() *limiter {
	return &limiter{now: time.Now, sleep: clock.Sleep, buckets: map[string]*bucket{}}
}

// reserve books the next call of key and returns when it may go.
func (l *limiter) reserve(key string, r Rate) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		b = &bucket{}
		l.buckets[key] = b
	}
	start := now
	if b.paused.After(start) {
		start = b.paused
	}
	if r.Every <= 0 {
		return start
	}
	burst := max(r.Burst, 1)
	if b.tat.Before(start) {
		b.tat = start
	}
	at := b.tat.Add(-time.Duration(burst-1) * r.Every)
	if at.Before(start) {
		at = start
	}
	b.tat = b.tat.Add(r.Every)
	return at
}

// Wait blocks until a call of key is allowed under r, or ctx is done
// (then it returns ctx's error and the booked slot is lost).
func (l *limiter) Wait(ctx context.Context, key string, r Rate) error {
	d := l.reserve(key, r).Sub(l.now())
	if d <= 0 {
		return ctx.Err()
	}
	return l.sleep(ctx, d)
}

// Pause holds every call of key until until (a 429's Retry-After), so a
// rate-limited method is not hammered.
func (l *limiter) Pause(key string, until time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		b = &bucket{}
		l.buckets[key] = b
	}
	if until.After(b.paused) {
		b.paused = until
	}
}

// PausedUntil returns when a pause of key ends (zero when not paused).
func (l *limiter) PausedUntil(key string) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b := l.buckets[key]; b != nil && b.paused.After(l.now()) {
		return b.paused
	}
	return time.Time{}
}
