package delivery

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/internal/testclock"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

func TestLimiterReserve(t *testing.T) {
	t0 := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		rate  Rate
		at    []time.Duration // when each call is asked for, after t0
		want  []time.Duration // when each may go
		pause time.Duration   // a 429 pause from t0, 0 for none
	}{
		{"ubegrenset", Rate{}, []time.Duration{0, 0, 0}, []time.Duration{0, 0, 0}, 0},
		{"1 per sekund", Rate{Every: time.Second, Burst: 1}, []time.Duration{0, 0, 0}, []time.Duration{0, time.Second, 2 * time.Second}, 0},
		{"støt på 3", Rate{Every: time.Second, Burst: 3}, []time.Duration{0, 0, 0, 0, 0},
			[]time.Duration{0, 0, 0, time.Second, 2 * time.Second}, 0},
		{"stille periode fyller på", Rate{Every: time.Second, Burst: 2}, []time.Duration{0, 0, 10 * time.Second, 10 * time.Second, 10 * time.Second},
			[]time.Duration{0, 0, 10 * time.Second, 10 * time.Second, 11 * time.Second}, 0},
		{"pause etter 429", Rate{Every: time.Second, Burst: 3}, []time.Duration{0, 0}, []time.Duration{5 * time.Second, 5 * time.Second}, 5 * time.Second},
		{"pause uten grense", Rate{}, []time.Duration{0, 6 * time.Second}, []time.Duration{5 * time.Second, 6 * time.Second}, 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := t0
			l := newLimiter()
			l.now = func() time.Time { return now }
			if tt.pause > 0 {
				l.Pause("k", t0.Add(tt.pause))
			}
			for i, at := range tt.at {
				now = t0.Add(at)
				if got := l.reserve("k", tt.rate).Sub(t0); got != tt.want[i] {
					t.Errorf("kall %d: går etter %s, vil ha %s", i, got, tt.want[i])
				}
			}
		})
	}
}

func TestBackoffGrowsWithJitter(t *testing.T) {
	d := NewDeliverer(DelivererConfig{Backoff: Backoff{Initial: time.Second, Max: 5 * time.Minute}})
	tests := []struct {
		attempts int
		base     time.Duration
	}{
		{0, time.Second}, {1, 2 * time.Second}, {3, 8 * time.Second}, {8, 256 * time.Second}, {9, 5 * time.Minute}, {50, 5 * time.Minute},
	}
	for _, tt := range tests {
		for range 20 {
			if got := d.backoff(tt.attempts); got < tt.base/2 || got > tt.base {
				t.Errorf("backoff(%d) = %s, vil ha mellom %s og %s", tt.attempts, got, tt.base/2, tt.base)
			}
		}
	}
}

// TestPostsSpacedPerChannel posts several messages to one channel: they
// reach Slack at least a second apart, without any 429, while a post to
// another channel is not held back.
//
// The seconds pass on the harness's clock (the limiter's waits move it),
// not in real time. So that the clock's moves follow one order, one
// worker delivers the posts, the other channel's after the first of the
// channel's: it would wait a second if the limit were not per channel.
func TestPostsSpacedPerChannel(t *testing.T) {
	limits := obFastLimits()
	limits.PostPerChannel = Rate{Every: time.Second, Burst: 1}
	h := newOBHarness(t, func(c *DelivererConfig) { c.Limits, c.Workers = limits, 1 })
	h.fake.AddChannel("C0OVELSER", "ovelser")
	h.fake.AddChannel("C0ANDRE", "andre")
	const n = 4
	for i := range n {
		h.enqueuePost(incident.OutboxMessage, ui.Post{Channel: "C0OVELSER", Response: ui.Response{Text: "Hei"}})
		if i == 0 {
			h.enqueuePost(incident.OutboxMessage, ui.Post{Channel: "C0ANDRE", Response: ui.Response{Text: "Annen kanal"}})
		}
	}
	start := h.clock.Now()
	if got := h.deliver(); got != n+1 {
		t.Fatalf("leverte %d, vil ha %d", got, n+1)
	}
	var times []time.Time
	for _, c := range h.fake.Calls("chat.postMessage") {
		if c.Status != http.StatusOK || c.Error != "" {
			t.Errorf("kall feilet: %d %s", c.Status, c.Error)
		}
		switch c.Params.Get("channel") {
		case "C0OVELSER":
			times = append(times, c.At)
		case "C0ANDRE":
			if wait := c.At.Sub(start); wait > 900*time.Millisecond {
				t.Errorf("posten i en annen kanal ventet %s", wait)
			}
		}
	}
	if len(times) != n {
		t.Fatalf("%d poster i kanalen, vil ha %d", len(times), n)
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	// The limiter spaces the calls exactly (on the harness's clock, which
	// its waits move); the tolerance once allowed for the time a request
	// took to reach the server.
	const tolerance = 30 * time.Millisecond
	for i := 1; i < n; i++ {
		if gap := times[i].Sub(times[i-1]); gap < time.Second-tolerance {
			t.Errorf("post %d kom %s etter forrige, vil ha minst 1 s", i, gap)
		}
	}
}

// TestRateLimitedPausesMethod: after a 429 with Retry-After, the item is
// retried after that time and the method is not called again before it.
func TestRateLimitedPausesMethod(t *testing.T) {
	h := newOBHarness(t)
	h.fake.AddChannel("C0OVELSER", "ovelser")
	id := h.enqueuePost(incident.OutboxReminder, ui.Post{Channel: "C0OVELSER", Response: ui.Response{Text: "Påminnelse"}})
	h.fake.FailNext("chat.postMessage", 1, fakeslack.Failure{Status: http.StatusTooManyRequests, RetryAfter: 1})
	h.deliver()
	item, err := h.db.OutboxItem(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if !item.DeliveredAt.IsZero() || item.Attempts != 1 || !item.NotBefore.Equal(h.clock.Now().Add(time.Second)) {
		t.Fatalf("etter 429: levert %v, forsøk %d, neste %s (nå %s)", item.DeliveredAt, item.Attempts, item.NotBefore, h.clock.Now())
	}
	h.clock.Set(item.NotBefore)
	h.deliver()
	calls := h.fake.Calls("chat.postMessage")
	if len(calls) != 2 || calls[1].Status != http.StatusOK {
		t.Fatalf("kall %+v", calls)
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < time.Second-30*time.Millisecond {
		t.Errorf("nytt forsøk %s etter 429, vil ha minst Retry-After (1 s)", gap)
	}
	ch, _ := h.fake.Channel("C0OVELSER")
	if len(ch.Messages) != 1 {
		t.Errorf("%d meldinger", len(ch.Messages))
	}
}

// TestLimiterWaitSleepsOnItsClock: Wait sleeps until the booked slot on
// the limiter's clock, and not at all within the burst.
func TestLimiterWaitSleepsOnItsClock(t *testing.T) {
	clock := testclock.New(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC))
	var slept []time.Duration
	l := newLimiter()
	l.now = clock.Now
	l.sleep = func(ctx context.Context, d time.Duration) error {
		slept = append(slept, d)
		return clock.Sleep(ctx, d)
	}
	r := Rate{Every: time.Second, Burst: 2}
	for range 4 {
		if err := l.Wait(context.Background(), "k", r); err != nil {
			t.Fatal(err)
		}
	}
	if fmt.Sprint(slept) != "[1s 1s]" {
		t.Errorf("sov %v, vil ha [1s 1s]", slept)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.Wait(ctx, "k", r); err != context.Canceled {
		t.Errorf("Wait med avsluttet kontekst = %v", err)
	}
}
