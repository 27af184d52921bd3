package e2e_test

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

// The outage of TestSlackOutage: Slack rate-limits every call for
// outage429, then fails with HTTP 500 for outage500 (30 s in all).
const (
	outage429  = 15 * time.Second
	outage500  = 15 * time.Second
	retryAfter = 2 // seconds, in the 429 answers
	// outageDecisions are logged during the outage, spread over it.
	outageDecisions = 12
	// recoveryBound is how soon after Slack is back the channel of the
	// incident opened during the outage must exist.
	recoveryBound = 20 * time.Second
)

// TestSlackOutage runs the served bot through a 30-second Slack outage
// (429 with Retry-After, then 500) while one incident is opened and
// decisions are logged in another incident's channel. When Slack is back:
// the new channel appears (once, within recoveryBound), its varslingsliste
// is pinned once, every decision is echoed once and in order; and the
// outbox kept Slack's rate tiers by itself, during the outage and while
// catching up: Retry-After waited out, conversations.create and pins.add
// at most 20 a minute, chat.postMessage about one a second per channel
// (a burst of 3).
func TestSlackOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("30 sekunders utfall; hoppes over med -short")
	}
	t.Parallel()
	w := newWorld(t)
	p := w.start()
	p.startIncident(t, "Vannlekkasje")
	before := w.waitChannel(t, "Vannlekkasje", 15*time.Second)
	w.waitDelivered(t, 15*time.Second)

	began := time.Now()
	w.fake.Outage(outage429, fakeslack.Failure{Status: http.StatusTooManyRequests, RetryAfter: retryAfter})
	phase2 := time.AfterFunc(outage429, func() {
		w.fake.Outage(outage500, fakeslack.Failure{Status: http.StatusInternalServerError})
	})
	defer phase2.Stop()
	recovered := began.Add(outage429 + outage500)

	// The incident is opened a second into the outage; the decisions are
	// sent on a schedule spread over both phases.
	time.Sleep(time.Until(began.Add(time.Second)))
	p.startIncident(t, "Strømbrudd")
	step := (outage429 + outage500 - 4*time.Second) / outageDecisions
	for i := 1; i <= outageDecisions; i++ {
		time.Sleep(time.Until(began.Add(2*time.Second + time.Duration(i-1)*step)))
		a := p.mustSlash(t, userOpener, before.ChannelID, fmt.Sprintf("logg Beslutning %d under utfallet", i))
		if _, ok := a.loggedSeq(); !ok {
			t.Fatalf("beslutning %d ble ikke kvittert: %s", i, a.All())
		}
	}
	if time.Now().After(recovered) {
		t.Fatalf("beslutningene tok lenger tid enn utfallet (%v)", time.Since(began))
	}

	w.waitChannel(t, "Strømbrudd", time.Until(recovered)+recoveryBound)
	t.Logf("kanalen kom %v etter at Slack var tilbake", time.Since(recovered).Round(time.Millisecond))
	w.waitDelivered(t, 60*time.Second)
	t.Logf("utboksen tom %v etter at Slack var tilbake", time.Since(recovered).Round(time.Millisecond))
	p.checkClean(t)

	calls := w.fake.Calls()
	var n429, n500 int
	for _, c := range calls {
		switch c.Status {
		case http.StatusTooManyRequests:
			n429++
		case http.StatusInternalServerError:
			n500++
		}
	}
	if n429 == 0 || n500 == 0 {
		t.Fatalf("utfallet traff ikke: %d×429, %d×500", n429, n500)
	}
	t.Logf("%d kall i alt, %d×429, %d×500", len(calls), n429, n500)

	entries := w.assertIncidentDelivered(t, "Vannlekkasje")
	if n := len(entries); n < outageDecisions {
		t.Errorf("«Vannlekkasje» har %d logglinjer, vil ha minst %d", n, outageDecisions)
	}
	w.assertIncidentDelivered(t, "Strømbrudd")
	opened, _ := w.incidentByTitle("Strømbrudd")
	var created []time.Time
	for _, c := range calls {
		if c.Method == "conversations.create" && c.Status == http.StatusOK && c.Error == "" && c.Params.Get("name") == opened.ChannelName {
			created = append(created, c.At)
		}
	}
	switch {
	case len(created) != 1:
		t.Errorf("kanalen %s ble opprettet %d ganger", opened.ChannelName, len(created))
	case created[0].Before(recovered.Add(-time.Second)):
		t.Errorf("kanalen ble opprettet %v, under utfallet", created[0])
	case created[0].After(recovered.Add(recoveryBound)):
		t.Errorf("kanalen ble opprettet %v etter at Slack var tilbake, vil ha innen %v", created[0].Sub(recovered).Round(time.Millisecond), recoveryBound)
	}

	assertRetryAfter(t, calls, retryAfter*time.Second)
	assertRate(t, calls, "conversations.create", 20, time.Minute)
	assertRate(t, calls, "pins.add", 20, time.Minute)
	assertPostRate(t, calls)
}

// assertRetryAfter fails if the bot called a method again (chat.postMessage:
// to the same channel) sooner than wait after Slack answered it with 429.
func assertRetryAfter(t *testing.T, calls []fakeslack.Call, wait time.Duration) {
	t.Helper()
	limited := map[string]time.Time{} // key -> time of its last 429
	for _, c := range calls {
		if c.Method == fakeslack.MethodResponseURL {
			continue // answers to commands, not the outbox
		}
		key := c.Method
		if c.Method == "chat.postMessage" {
			key += ":" + c.Params.Get("channel")
		}
		if at, ok := limited[key]; ok && c.At.Sub(at) < wait-50*time.Millisecond {
			t.Errorf("%s kalt igjen %v etter 429, vil ha minst Retry-After %v", key, c.At.Sub(at).Round(time.Millisecond), wait)
		}
		delete(limited, key)
		if c.Status == http.StatusTooManyRequests {
			limited[key] = c.At
		}
	}
}

// assertRate fails if more than n calls of method (failed ones included)
// fall within any window of length d.
func assertRate(t *testing.T, calls []fakeslack.Call, method string, n int, d time.Duration) {
	t.Helper()
	var at []time.Time
	for _, c := range calls {
		if c.Method == method {
			at = append(at, c.At)
		}
	}
	for i := range at {
		j := i
		for j < len(at) && at[j].Sub(at[i]) < d {
			j++
		}
		if j-i > n {
			t.Errorf("%s: %d kall innen %v fra %s, vil ha høyst %d", method, j-i, d, at[i].Format("15:04:05.000"), n)
			return
		}
	}
}

// assertPostRate fails if chat.postMessage to any one channel (failed
// calls included) ran faster than one a second after a burst of 3: within
// any window of length d, at most 3 + d/1s posts, with 100 ms of slack for
// timing.
func assertPostRate(t *testing.T, calls []fakeslack.Call) {
	t.Helper()
	byChannel := map[string][]time.Time{}
	for _, c := range calls {
		if c.Method == "chat.postMessage" {
			ch := c.Params.Get("channel")
			byChannel[ch] = append(byChannel[ch], c.At)
		}
	}
	for _, ch := range slices.Sorted(maps.Keys(byChannel)) {
		at := byChannel[ch]
		for i := range at {
			for j := i + 1; j < len(at); j++ {
				allowed := 3 + int((at[j].Sub(at[i])+100*time.Millisecond)/time.Second)
				if j-i+1 > allowed {
					t.Errorf("chat.postMessage til %s: %d innlegg på %v (fra %s), vil ha høyst %d", ch, j-i+1,
						at[j].Sub(at[i]).Round(time.Millisecond), at[i].Format("15:04:05.000"), allowed)
					return
				}
			}
		}
	}
}
