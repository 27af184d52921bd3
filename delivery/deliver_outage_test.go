package delivery

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

// TestSlackOutage opens an incident and logs decisions while Slack first
// rate-limits every call (429, Retry-After 1) and then fails with 500,
// then drops connections: once Slack is back, the channel exists (one),
// the varslingsliste is pinned once, and every decision is echoed once,
// in order.
//
// Time is the harness's clock: the test plays the deliverer's loop (a
// pass every Poll) and moves the clock between passes, so the outage
// takes seconds on the clock and none in real time.
func TestSlackOutage(t *testing.T) {
	h := newOBHarness(t, func(c *DelivererConfig) {
		c.Backoff = Backoff{Initial: 50 * time.Millisecond, Max: 300 * time.Millisecond}
	})
	const (
		phase     = 1500 * time.Millisecond
		decisions = 6
		spread    = 400 * time.Millisecond // between decisions, spreading them over the outage
		giveUp    = 20 * time.Second       // on the clock
	)
	start := h.clock.Now()
	h.fake.Outage(phase, fakeslack.Failure{Status: http.StatusTooManyRequests, RetryAfter: 1})
	inc := h.open("Strømbrudd", "strom", false)

	logged, secondPhase := 0, false
	for {
		elapsed := h.clock.Now().Sub(start)
		if !secondPhase && elapsed >= phase {
			secondPhase = true
			h.fake.Outage(phase, fakeslack.Failure{Status: http.StatusInternalServerError})
			// After the 500s: two posts whose connection drops.
			h.fake.FailNext("chat.postMessage", 2, fakeslack.Failure{CloseConn: true})
		}
		for logged < decisions && elapsed >= time.Duration(logged)*spread {
			logged++
			h.logDecision(inc.ID, fmt.Sprintf("Beslutning %d under bruddet", logged))
		}
		h.deliver()
		if logged == decisions && h.pending() == 0 {
			break
		}
		if elapsed > giveUp {
			t.Fatalf("utboksen ble ikke tom på %s (%d igjen)", giveUp, h.pending())
		}
		h.clock.Add(h.cfg.Poll)
	}

	var status429, status500, dropped int
	for _, c := range h.fake.Calls() {
		switch {
		case c.Status == http.StatusTooManyRequests:
			status429++
		case c.Status == http.StatusInternalServerError:
			status500++
		case c.Error == "connection closed":
			dropped++
		}
	}
	if status429 == 0 || status500 == 0 || dropped != 2 {
		t.Fatalf("utfallet traff ikke: %d×429, %d×500, %d brutte forbindelser", status429, status500, dropped)
	}

	got := h.incident(inc.ID)
	if got.ChannelName != inc.ChannelName {
		t.Errorf("kanal %q, vil ha %q", got.ChannelName, inc.ChannelName)
	}
	if _, ok := h.fake.ChannelByName(inc.ChannelName + "-2"); ok {
		t.Error("to kanaler ble opprettet")
	}
	h.assertOpenedOnce(t, inc.ID)
	ch := h.channel(inc.ID)
	if got, want := echoSeqs(ch), wantSeqs(2, 8); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ekko %v, vil ha %v", got, want)
	}
}

// TestRunStopsOnCancel checks that Run returns when its context ends and
// leaves undelivered work pending.
func TestRunStopsOnCancel(t *testing.T) {
	h := newOBHarness(t)
	// Slack is down; the test goes on as soon as the deliverer has tried.
	tried := make(chan struct{}, 1)
	h.fake.SetHandler("conversations.create", func(url.Values) (map[string]any, *fakeslack.Failure) {
		select {
		case tried <- struct{}{}:
		default:
		}
		return nil, &fakeslack.Failure{Status: http.StatusServiceUnavailable}
	})
	h.open("Strømbrudd", "", false)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.d.Run(ctx) }()
	select {
	case <-tried:
	case <-time.After(10 * time.Second): // only if Run never calls Slack
		t.Fatal("Slack ble ikke forsøkt")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run stoppet ikke")
	}
	if h.pending() == 0 {
		t.Error("elementet ble levert under et utfall")
	}
}
