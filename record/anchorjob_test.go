package record_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/record"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// anchorPosts returns the texts of the anchor posts in the outbox.
func (e *env) anchorPosts() []string {
	e.t.Helper()
	var out []string
	for id := int64(1); ; id++ {
		item, err := e.db.OutboxItem(e.ctx, id)
		if err != nil {
			return out
		}
		if item.Kind != incident.OutboxMessage || item.Key != "anchor-channel" {
			continue
		}
		var p ui.Post
		if err := json.Unmarshal(item.Payload, &p); err != nil {
			e.t.Fatal(err)
		}
		if p.Channel != "C0ANKER" {
			e.t.Errorf("anchor post to %q, want C0ANKER", p.Channel)
		}
		out = append(out, p.Response.Text)
	}
}

// Two runs an hour apart with new entries between post twice; a run with
// no change posts nothing; closing an incident is posted at the next
// check, before the hour is up.
func TestAnchorJob(t *testing.T) {
	e := newEnv(t)
	queued := 0
	j := &record.AnchorJob{Store: e.db, Channel: "C0ANKER", Now: e.clk.Now, OnQueued: func() { queued++ }}
	a := e.incident("Strømbrudd", 2)
	b := e.incident("Flom", 1)

	run := func(want int) {
		t.Helper()
		n, err := j.RunOnce(e.ctx)
		if err != nil || n != want {
			t.Fatalf("RunOnce = %d, %v; want %d heads", n, err, want)
		}
	}
	run(2) // never posted: post at once
	posts := e.anchorPosts()
	if len(posts) != 1 || !strings.Contains(posts[0], "Hendelse 1: siste linje #3, hash `") || !strings.Contains(posts[0], "Hendelse 2: siste linje #2") {
		t.Fatalf("first post: %q", posts)
	}
	run(0) // no change
	e.clk.Add(10 * time.Minute)
	e.log(a, "Ny beslutning")
	run(0) // changed, but the hour is not up
	e.clk.Add(50 * time.Minute)
	run(1) // an hour after the first post: only the changed log
	posts = e.anchorPosts()
	head, _ := e.db.Entries(e.ctx, a)
	if len(posts) != 2 || !strings.Contains(posts[1], "Hendelse 1: siste linje #4, hash `"+head[3].Hash+"`") || strings.Contains(posts[1], "Hendelse 2") {
		t.Fatalf("second post: %q", posts)
	}
	e.clk.Add(2 * time.Hour)
	run(0) // nothing changed: no post, however long
	e.clk.Add(time.Minute)
	if _, _, err := e.db.CloseIncident(e.ctx, b, "U1", "Vannet har trukket seg tilbake"); err != nil {
		t.Fatal(err)
	}
	run(1) // closing is posted at once
	posts = e.anchorPosts()
	if len(posts) != 3 || !strings.Contains(posts[2], "Hendelse 2 (avsluttet): siste linje #3") {
		t.Fatalf("post at close: %q", posts)
	}
	if queued != 3 {
		t.Errorf("OnQueued called %d times, want 3", queued)
	}
}

// Run checks at once and then on every tick of the injected timer, and
// stops with its context.
func TestAnchorJobRunLoop(t *testing.T) {
	e := newEnv(t)
	e.incident("Strømbrudd", 1)
	ticks := make(chan time.Time)
	asked := make(chan time.Duration, 10)
	j := &record.AnchorJob{Store: e.db, Channel: "C0ANKER", Now: e.clk.Now, Check: time.Minute,
		After: func(d time.Duration) <-chan time.Time { asked <- d; return ticks }}
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error)
	go func() { done <- j.Run(ctx) }()
	if d := <-asked; d != time.Minute {
		t.Fatalf("waits %v, want the check interval", d)
	}
	if n := len(e.anchorPosts()); n != 1 {
		t.Fatalf("%d posts after the first run, want 1", n)
	}
	ticks <- e.clk.Now()
	<-asked
	if n := len(e.anchorPosts()); n != 1 {
		t.Fatalf("%d posts after a tick with no change, want 1", n)
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Fatalf("Run returned %v", err)
	}
}
