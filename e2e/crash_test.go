package e2e_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

// crashTitles are the incidents the crash test runs: three, so their
// echoes (one post a second per channel) drain in parallel.
var crashTitles = []string{"Strømbrudd", "Vannlekkasje", "Skred"}

// Bounds of the crash test's load: per round, at most loadPerRound
// decisions from loadWorkers concurrent senders.
const (
	crashRounds  = 4
	loadWorkers  = 6
	loadPerRound = 16
	// openingCalls is about the number of Slack calls that opening the
	// three incidents takes.
	openingCalls = 28
)

// crashSeed returns the seed of the kill moments: E2E_SEED when set (to
// repeat a run), else the clock; the test logs it.
func crashSeed(t *testing.T) uint64 {
	if s := os.Getenv("E2E_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("E2E_SEED=%q: %v", s, err)
		}
		return n
	}
	return uint64(time.Now().UnixNano())
}

// sent is one decision sent over signed HTTP and what came of it.
type sent struct {
	title    string
	text     string
	ans      answer
	answered bool // an HTTP answer came
	seq      int  // the number the bot acknowledged
	acked    bool // the bot answered "Beslutning #seq loggført"
}

// TestCrashSafety kills the served bot with SIGKILL at random moments:
// while it opens three incidents, and four times while decisions are
// logged under concurrent signed HTTP load. After the last restart and an
// empty outbox: every acknowledged decision is in the database under the
// number it was acknowledged with, nothing was stored twice, every hash
// chain verifies, and every post of the outbox is in Slack exactly once
// (each channel once, the varslingsliste posted and pinned once, each
// announcement once, each decision echoed once and in order).
func TestCrashSafety(t *testing.T) {
	t.Parallel()
	seed := crashSeed(t)
	t.Logf("E2E_SEED=%d", seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	w := newWorld(t)

	// Kill point 1: while the incidents are opened (channels created,
	// lists posted and pinned, announcements), after a random number of
	// the Slack calls that takes.
	p := w.start()
	calls := len(w.fake.Calls())
	// Every Slack call takes 5 ms, so the kill lands about where aimed.
	w.fake.FailNext("", 2*openingCalls, fakeslack.Failure{Delay: 5 * time.Millisecond})
	for _, title := range crashTitles {
		p.startIncident(t, title)
	}
	killAt := calls + 1 + rng.IntN(openingCalls)
	w.killAfterCalls(t, p, killAt)
	t.Logf("drept etter Slack-kall nr. %d; %d elementer i utboksen", killAt, w.pending(t))

	var all []*sent
	for round := 1; round <= crashRounds; round++ {
		p = w.start()
		channels := map[string]string{}
		for _, title := range crashTitles {
			channels[title] = w.waitChannel(t, title, 30*time.Second).ChannelID
		}
		killAt := 1 + rng.IntN(loadPerRound-loadWorkers)
		batch := w.load(p, rng, round, channels, killAt)
		all = append(all, batch...)
		acked := 0
		for _, s := range batch {
			if s.acked {
				acked++
			}
		}
		t.Logf("runde %d: drept ved svar nr. %d; %d sendt, %d kvittert; %d elementer i utboksen", round, killAt, len(batch), acked, w.pending(t))
	}

	p = w.start()
	w.waitDelivered(t, 90*time.Second)
	// Answers that went to response_url (a command slower than the
	// acknowledgement timeout) count as acknowledgements too.
	for _, s := range all {
		if s.answered {
			s.seq, s.acked = s.ans.loggedSeq()
		}
	}
	w.assertCrashOutcome(t, all)
	if code := p.stop(t); code != 0 {
		t.Errorf("serve avsluttet med %d etter SIGTERM, vil ha 0: %s", code, p.stderr)
	}
}

// killAfterCalls kills p as soon as the fake Slack has received n calls
// in all.
func (w *world) killAfterCalls(t *testing.T, p *botProc, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for len(w.fake.Calls()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("Slack fikk aldri kall nr. %d", n)
		}
		time.Sleep(time.Millisecond)
	}
	p.kill()
}

// load sends up to loadPerRound decisions with loadWorkers concurrent
// senders, to random incident channels, and kills the process when the
// killAt-th answer has come, while the other senders' requests are in
// flight.
// Senders stop at the first transport error (the process is gone).
func (w *world) load(p *botProc, rng *rand.Rand, round int, channels map[string]string, killAt int) []*sent {
	var (
		mu       sync.Mutex
		out      []*sent
		quota    = loadPerRound
		answered int
		wg       sync.WaitGroup
	)
	// The random choices are drawn up front: rng is not safe for
	// concurrent use.
	targets := make([]string, loadPerRound)
	for i := range targets {
		targets[i] = crashTitles[rng.IntN(len(crashTitles))]
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for range loadWorkers {
		wg.Go(func() {
			for {
				mu.Lock()
				if quota == 0 {
					mu.Unlock()
					return
				}
				quota--
				s := &sent{title: targets[quota], text: fmt.Sprintf("Runde %d beslutning %d", round, quota)}
				out = append(out, s)
				mu.Unlock()
				a, err := p.slash(ctx, userOpener, channels[s.title], "logg "+s.text)
				if err != nil {
					return
				}
				seq, ok := a.loggedSeq()
				mu.Lock()
				s.ans, s.answered = a, true
				s.seq, s.acked = seq, ok
				answered++
				kill := answered == killAt
				mu.Unlock()
				if kill {
					p.kill()
					return
				}
			}
		})
	}
	wg.Wait()
	p.kill()
	return out
}

// assertCrashOutcome checks the database and Slack after the last
// restart's outbox is empty.
func (w *world) assertCrashOutcome(t *testing.T, all []*sent) {
	t.Helper()
	texts := map[string]*sent{}
	for _, s := range all {
		texts[s.text] = s
	}
	stored := map[string]incident.Entry{}
	for _, title := range crashTitles {
		entries := w.assertIncidentDelivered(t, title)
		for _, e := range entries {
			if e.Kind != incident.EntryDecision {
				continue
			}
			if _, dup := stored[e.Text]; dup {
				t.Errorf("«%s» er lagret to ganger", e.Text)
			}
			stored[e.Text] = e
			s, ok := texts[e.Text]
			if !ok {
				t.Errorf("«%s» er lagret, men ble aldri sendt", e.Text)
			} else if s.title != title {
				t.Errorf("«%s» er lagret i «%s», sendt til «%s»", e.Text, title, s.title)
			}
		}
	}
	acked := 0
	for _, s := range all {
		if !s.acked {
			continue
		}
		acked++
		e, ok := stored[s.text]
		switch {
		case !ok:
			t.Errorf("«%s» ble kvittert som #%d i «%s», men finnes ikke i databasen", s.text, s.seq, s.title)
		case e.Seq != s.seq:
			t.Errorf("«%s» ble kvittert som #%d, men er lagret som #%d", s.text, s.seq, e.Seq)
		}
	}
	if acked == 0 {
		t.Error("ingen beslutning ble kvittert; lasten nådde ikke boten")
	}
	t.Logf("%d sendt, %d kvittert, %d lagret", len(all), acked, len(stored))
}
