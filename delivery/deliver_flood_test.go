package delivery

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

// 200 entries logged while Slack fails, then the incident is closed:
// after Slack recovers the closing comes before the echoes still queued,
// those arrive combined, and every entry is posted exactly once.
func TestFloodOfEchoesDoesNotBuryTheClosing(t *testing.T) {
	h := newOBHarness(t, func(c *DelivererConfig) {
		c.Report = obReport(nil)
		c.Backoff = Backoff{Initial: 50 * time.Millisecond, Max: 300 * time.Millisecond}
	})
	inc := h.open("Strømbrudd", "", false)
	h.deliver()
	if n := h.pending(); n != 0 {
		t.Fatalf("%d elementer igjen etter åpningen", n)
	}
	const entries = 200
	h.fake.Outage(time.Hour, fakeslack.Failure{Status: http.StatusInternalServerError})
	for i := 1; i <= entries; i++ {
		h.logDecision(inc.ID, fmt.Sprintf("flom-%03d", i))
		if i%50 == 0 {
			h.deliver() // the deliverer keeps trying while Slack fails
		}
	}
	if _, _, err := h.db.CloseIncident(h.ctx, inc.ID, obOpener, "Over"); err != nil {
		t.Fatal(err)
	}
	h.deliver()
	h.fake.Reset() // Slack is back
	for i := 0; h.pending() > 0; i++ {
		if i > 500 {
			t.Fatalf("utboksen ble ikke tom (%d igjen)", h.pending())
		}
		h.clock.Add(h.cfg.Poll)
		h.deliver()
	}

	ch := h.channel(inc.ID)
	closing, firstEcho, echoPosts := -1, -1, 0
	seen := map[string]int{}
	for i, m := range ch.Messages {
		text := msgText(m)
		if strings.Contains(text, "Sjekkliste for normalisering") && closing < 0 {
			closing = i
		}
		if strings.Contains(text, "flom-") {
			echoPosts++
			if firstEcho < 0 {
				firstEcho = i
			}
		}
		for i := 1; i <= entries; i++ {
			seen[fmt.Sprintf("flom-%03d", i)] += strings.Count(text, fmt.Sprintf("flom-%03d", i))
		}
	}
	if closing < 0 || firstEcho < 0 || closing > firstEcho {
		t.Errorf("avslutningen er melding %d, første ekko melding %d; avslutningen skal komme først", closing, firstEcho)
	}
	for i := 1; i <= entries; i++ {
		if n := seen[fmt.Sprintf("flom-%03d", i)]; n != 1 {
			t.Errorf("flom-%03d postet %d ganger, vil ha 1", i, n)
		}
	}
	if echoPosts > 10 {
		t.Errorf("%d meldinger med ekko; de skulle vært samlet", echoPosts)
	}
	if len(messagesWith(ch, "loggført:")) == 0 {
		t.Error("ingen samlet melding «#…–#… loggført:»")
	}
	if files := h.fake.Files(); len(files) != 2 {
		t.Errorf("%d filer lastet opp, vil ha 2", len(files))
	}
	assertNoDuplicates(t, ch)
}

// A crash right after the combined post (before anything is recorded)
// posts nothing twice: each entry is echoed exactly once.
func TestCombinedEchoCrashPostsOnce(t *testing.T) {
	h := newOBHarness(t)
	inc := h.open("Strømbrudd", "", false)
	h.deliver()
	for i := 1; i <= 3*EchoCombineAfter; i++ {
		h.logDecision(inc.ID, fmt.Sprintf("krasj-%03d", i))
	}
	crashed := h.crashOnce("entry.logged", "echoes.0")
	h.deliver()
	if !crashed.Load() {
		t.Fatal("the combined post was never made")
	}
	h.deliver() // the restart
	if n := h.pending(); n != 0 {
		t.Fatalf("%d elementer igjen", n)
	}
	ch := h.channel(inc.ID)
	all := ""
	for _, m := range ch.Messages {
		all += msgText(m)
	}
	for i := 1; i <= 3*EchoCombineAfter; i++ {
		if n := strings.Count(all, fmt.Sprintf("krasj-%03d", i)); n != 1 {
			t.Errorf("krasj-%03d postet %d ganger, vil ha 1", i, n)
		}
	}
	assertNoDuplicates(t, ch)
}
