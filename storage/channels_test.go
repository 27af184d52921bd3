package storage

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// TestIncidentByChannelSeesOwnWrites: every write to an incident is seen
// by the next lookup of its channel, although lookups are cached.
func TestIncidentByChannelSeesOwnWrites(t *testing.T) {
	ctx := context.Background()
	db, clk := mustOpen(t)
	db.channels.ttl = time.Hour // only invalidation can make a lookup fresh
	inc := mustCreate(t, db, "Strømbrudd")

	_, err := db.IncidentByChannel(ctx, "C1")
	wantErr(t, err, incident.ErrNotFound, "no incident in channel C1")
	if err := db.SetChannel(ctx, inc.ID, "C1", "beredskap-strom"); err != nil {
		t.Fatal(err)
	}
	got, err := db.IncidentByChannel(ctx, "C1")
	if err != nil || got.ID != inc.ID || got.ChannelName != "beredskap-strom" {
		t.Fatalf("after SetChannel: %+v, %v", got, err)
	}

	at := clk.Now().Add(time.Hour).UTC().Truncate(time.Second)
	if _, err := db.SetMeeting(ctx, inc.ID, at, "U1", "Statusmøte"); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.IncidentByChannel(ctx, "C1"); !got.NextMeeting.Equal(at) {
		t.Errorf("after SetMeeting: NextMeeting = %v, want %v", got.NextMeeting, at)
	}

	if _, _, err := db.CloseIncident(ctx, inc.ID, "U1", "ferdig"); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.IncidentByChannel(ctx, "C1"); got.Open() || got.Summary != "ferdig" {
		t.Errorf("after CloseIncident: %+v, want closed with the summary", got)
	}

	// The console reuses its channel: a new incident there is the newest.
	clk.Add(time.Hour)
	again, created, err := db.CreateIncident(ctx, incident.NewIncident{Title: "Ny", Kind: incident.KindIncident, OpenedBy: "U1", ChannelID: "C1"})
	if err != nil || !created {
		t.Fatal(err)
	}
	if got, _ := db.IncidentByChannel(ctx, "C1"); got.ID != again.ID {
		t.Errorf("after CreateIncident in the channel: incident %d, want %d", got.ID, again.ID)
	}
}

// TestIncidentByChannelOtherProcess: a second handle on the same file
// (another process) sees the first one's changes once its cached answer
// has expired, and not later.
func TestIncidentByChannelOtherProcess(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "beredskap.db")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	now := time.Now()
	b.channels.now = func() time.Time { return now }

	_, err = b.IncidentByChannel(ctx, "C2")
	wantErr(t, err, incident.ErrNotFound, "no incident in channel C2")
	inc := mustCreate(t, a, "Vannforsyning")
	if err := a.SetChannel(ctx, inc.ID, "C2", "beredskap-vann"); err != nil {
		t.Fatal(err)
	}
	// Within the TTL b still answers from memory: the lookup is cached.
	if _, err := b.IncidentByChannel(ctx, "C2"); err == nil {
		t.Fatal("a lookup within the TTL read the database; the cache is not used")
	}
	now = now.Add(channelCacheTTL)
	got, err := b.IncidentByChannel(ctx, "C2")
	if err != nil || got.ID != inc.ID {
		t.Errorf("after the TTL: %+v, %v; want incident %d", got, err, inc.ID)
	}
}

// TestChannelCacheDropsAnswerReadBeforeInvalidation: an answer read from
// the database before a write committed is not remembered after it.
func TestChannelCacheDropsAnswerReadBeforeInvalidation(t *testing.T) {
	c := newChannelCache()
	_, ok, gen := c.get("C3")
	if ok {
		t.Fatal("empty cache answered")
	}
	c.invalidate() // a write commits while the lookup reads the old state
	c.put("C3", gen, channelAnswer{err: incident.ErrNotFound})
	if _, ok, _ := c.get("C3"); ok {
		t.Error("a stale answer was remembered")
	}
	_, _, gen = c.get("C3")
	c.put("C3", gen, channelAnswer{inc: incident.Incident{ID: 7}})
	if a, ok, _ := c.get("C3"); !ok || a.err != nil || a.inc.ID != 7 {
		t.Errorf("fresh answer: %+v, %v", a, ok)
	}
}

// TestChannelCacheBounded: the cache never holds more than its maximum.
func TestChannelCacheBounded(t *testing.T) {
	c := newChannelCache()
	for i := range channelCacheMax + 10 {
		_, _, gen := c.get("C")
		c.put(string(rune('A'+i%26))+time.Duration(i).String(), gen, channelAnswer{err: incident.ErrNotFound})
	}
	if n := len(c.m); n > channelCacheMax || n == 0 {
		t.Errorf("%d entries, want 1..%d", n, channelCacheMax)
	}
}
