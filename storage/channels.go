package storage

import (
	"sync"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// Bounds of the channel → incident cache.
const (
	// channelCacheMax bounds how many channels are remembered; the cache
	// starts over when it is full.
	channelCacheMax = 10_000
	// channelCacheTTL bounds how long an answer is trusted. This process's
	// own writes to incidents invalidate the cache at once; the TTL is for
	// another process writing the same file (the console, a second bot
	// during a restart), whose changes are seen within this time.
	channelCacheTTL = time.Second
)

// channelCache remembers IncidentByChannel's answers, found and not
// found, so that a command in a channel (every /tiltak, /beredskap logg …)
// does not start an SQLite read transaction just to learn which incident
// the channel belongs to. It is safe for concurrent use.
//
// Every write to the incidents table (CreateIncident, SetChannel,
// CloseIncident, SetMeeting) calls invalidate after its commit. A lookup
// stores its answer only if no invalidation happened since it began, so
// an answer read before a commit is never kept after it.
type channelCache struct {
	mu  sync.Mutex
	gen uint64 // bumped by invalidate
	m   map[string]channelAnswer
	ttl time.Duration
	now func() time.Time // time.Now; tests move it
}

// channelAnswer is one lookup's answer: the incident, or the error
// wrapping incident.ErrNotFound (kept, so a cached miss costs no
// formatting).
type channelAnswer struct {
	inc     incident.Incident
	err     error
	expires time.Time // monotonic
}

func newChannelCache() *channelCache {
	return &channelCache{m: map[string]channelAnswer{}, ttl: channelCacheTTL, now: time.Now}
}

// get returns the remembered answer for channelID, if fresh, and the
// generation to pass to put after a database lookup.
func (c *channelCache) get(channelID string) (a channelAnswer, ok bool, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok = c.m[channelID]
	if ok && !c.now().Before(a.expires) {
		delete(c.m, channelID)
		ok = false
	}
	return a, ok, c.gen
}

// put remembers an answer read from the database, unless the cache was
// invalidated since gen was handed out by get.
func (c *channelCache) put(channelID string, gen uint64, a channelAnswer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.m) >= channelCacheMax {
		clear(c.m)
	}
	a.expires = c.now().Add(c.ttl)
	c.m[channelID] = a
}

// invalidate forgets every answer; call it after a write to incidents
// has committed (or failed: it is cheap, and a failed commit may still
// have reached the file).
func (c *channelCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.m)
}
