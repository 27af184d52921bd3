package delivery

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// echoSeqs returns the sequence numbers of the echoes in ch, in order.
func echoSeqs(ch fakeslack.Channel) []int {
	var seqs []int
	for _, m := range ch.Messages {
		var word string
		var seq int
		if _, err := fmt.Sscanf(m.Text, "%s #%d loggført", &word, &seq); err == nil {
			seqs = append(seqs, seq)
		}
	}
	return seqs
}

// wantSeqs returns from, from+1, …, to.
func wantSeqs(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func TestDeliverEchoesOnceInOrder(t *testing.T) {
	h := newOBHarness(t)
	inc := h.open("Strømbrudd", "", false)
	// Logged before the channel exists: the echoes wait behind its creation.
	for i := 1; i <= 5; i++ {
		h.logDecision(inc.ID, fmt.Sprintf("Beslutning nummer %d <!channel>", i))
	}
	h.deliver()
	h.deliver()
	ch := h.channel(inc.ID)
	if got, want := echoSeqs(ch), wantSeqs(2, 7); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ekko %v, vil ha %v", got, want)
	}
	e, err := h.db.Entry(h.ctx, inc.ID, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := ui.EchoText(h.plan, e, h.plan.Location)
	msgs := messagesWith(ch, "Beslutning #3 loggført")
	if len(msgs) != 1 || msgs[0].Text != want {
		t.Errorf("ekko av #3: %v, vil ha teksten %q", msgs, want)
	}
	if strings.Contains(msgText(msgs[0]), "<!channel>") {
		t.Error("<!channel> fra brukerteksten er ikke gjort ufarlig")
	}
	assertNoDuplicates(t, ch)
}

func TestDeliverEchoWaitsForChannel(t *testing.T) {
	h := newOBHarness(t)
	inc := h.open("Strømbrudd", "", false)
	h.fake.FailNext("conversations.create", 1, fakeslack.Failure{SlackError: "restricted_action"})
	h.logDecision(inc.ID, "Første beslutning")
	if n := h.deliver(); n != 0 {
		t.Fatalf("leverte %d mens kanalen ikke kunne lages", n)
	}
	if len(h.fake.Calls("chat.postMessage")) != 0 {
		t.Fatal("postet før kanalen fantes")
	}
	// restricted_action is permanent: retried after Backoff.Max.
	item := h.outboxItem(t, incident.OutboxIncidentOpened, inc.ID)
	if item.Attempts != 1 || !strings.Contains(item.LastError, "restricted_action") ||
		!item.NotBefore.Equal(h.clock.Now().Add(200*time.Millisecond)) {
		t.Errorf("mislykket element: forsøk %d, feil %q, neste %s", item.Attempts, item.LastError, item.NotBefore)
	}
	h.clock.Set(item.NotBefore)
	h.deliver()
	if got, want := echoSeqs(h.channel(inc.ID)), wantSeqs(2, 3); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ekko %v, vil ha %v", got, want)
	}
}

// outboxItem returns the first outbox item of a kind about an incident.
func (h *obHarness) outboxItem(t testing.TB, kind incident.OutboxKind, incID int64) incident.OutboxItem {
	t.Helper()
	for id := int64(1); id < 1000; id++ {
		it, err := h.db.OutboxItem(h.ctx, id)
		if err != nil {
			break
		}
		if it.Kind == kind && it.IncidentID == incID {
			return it
		}
	}
	t.Fatalf("fant ikke %s for hendelse %d", kind, incID)
	return incident.OutboxItem{}
}

// BenchmarkDeliverEcho measures one decision echoed through the outbox:
// the store query, the progress records (SQLite, synchronous=FULL) and
// one chat.postMessage to the fake Slack.
func BenchmarkDeliverEcho(b *testing.B) {
	h := newOBHarness(b)
	inc := h.open("Strømbrudd", "", false)
	h.deliver()
	b.ResetTimer()
	for i := range b.N {
		h.logDecision(inc.ID, fmt.Sprintf("Beslutning %d", i))
		if n := h.deliver(); n != 1 {
			b.Fatalf("leverte %d", n)
		}
	}
}
