package delivery

import (
	"net/http"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// TestRateLimitsDoNotLengthenBackoff: attempts Slack answered with 429
// waited as told and do not count when the backoff of a later failure is
// computed, so a rate-limited spell followed by an outage does not delay
// the delivery by minutes once Slack is back.
func TestRateLimitsDoNotLengthenBackoff(t *testing.T) {
	h := newOBHarness(t)
	h.fake.AddChannel("C0OVELSER", "ovelser")
	id := h.enqueuePost(incident.OutboxReminder, ui.Post{Channel: "C0OVELSER", Response: ui.Response{Text: "Påminnelse"}})
	const limited = 6
	h.fake.FailNext("chat.postMessage", limited, fakeslack.Failure{Status: http.StatusTooManyRequests, RetryAfter: 0})
	h.fake.FailNext("chat.postMessage", 2, fakeslack.Failure{Status: http.StatusInternalServerError})
	item := func() incident.OutboxItem {
		t.Helper()
		it, err := h.db.OutboxItem(h.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	for range limited {
		h.deliver()
		h.clock.Set(item().NotBefore)
	}
	// Initial is 20 ms in the harness: the first failure that counts
	// waits 10–20 ms, the second 20–40 ms. Counting the 429s, both would
	// wait about the maximum, 100–200 ms.
	for _, want := range []time.Duration{20 * time.Millisecond, 40 * time.Millisecond} {
		before := h.clock.Now()
		h.deliver()
		it := item()
		if !it.DeliveredAt.IsZero() {
			t.Fatal("levert under utfallet")
		}
		if wait := it.NotBefore.Sub(before); wait < want/2-time.Millisecond || wait > want+time.Millisecond {
			t.Errorf("etter %d forsøk (%d med 429): venter %v, vil ha %v–%v", it.Attempts, limited, wait, want/2, want)
		}
		h.clock.Set(it.NotBefore)
	}
	h.deliver()
	if it := item(); it.DeliveredAt.IsZero() || it.Attempts != limited+2 {
		t.Errorf("levert %v etter %d forsøk, vil ha levert etter %d", it.DeliveredAt, it.Attempts, limited+2)
	}
}
