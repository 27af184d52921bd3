package delivery

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

// TestSlackOutage opens an incident and logs decisions while Slack first
// rate-limits every call (429, Retry-After 1) and then fails with 500,
// then drops connections: once Slack is back, the channel exists (one),
// the varslingsliste is pinned once, and every decision is echoed once,
// in order.
func TestSlackOutage(t *testing.T) {
	h := newOBHarness(t, false, func(c *DelivererConfig) {
		c.Backoff = Backoff{Initial: 50 * time.Millisecond, Max: 300 * time.Millisecond}
	})
	const phase = 1500 * time.Millisecond
	h.fake.Outage(phase, fakeslack.Failure{Status: http.StatusTooManyRequests, RetryAfter: 1})
	next := time.AfterFunc(phase, func() {
		h.fake.Outage(phase, fakeslack.Failure{Status: http.StatusInternalServerError})
		// After the 500s: two posts whose connection drops.
		h.fake.FailNext("chat.postMessage", 2, fakeslack.Failure{CloseConn: true})
	})
	defer next.Stop()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.d.Run(ctx) }()

	inc := h.open("Strømbrudd", "strom", false)
	h.d.Notify()
	for i := 1; i <= 6; i++ {
		h.logDecision(inc.ID, fmt.Sprintf("Beslutning %d under bruddet", i))
		h.d.Notify()
		time.Sleep(400 * time.Millisecond) // spread the decisions over the outage
	}
	waitUntil(t, 20*time.Second, "utboksen ble tom", func() bool { return h.pending() == 0 })
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
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
	h := newOBHarness(t, false)
	h.fake.Outage(time.Hour, fakeslack.Failure{Status: http.StatusServiceUnavailable})
	h.open("Strømbrudd", "", false)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.d.Run(ctx) }()
	waitUntil(t, 5*time.Second, "Slack ble forsøkt", func() bool { return len(h.fake.Calls()) > 0 })
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
