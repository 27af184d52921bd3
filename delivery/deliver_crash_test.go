package delivery

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	_ "github.com/mattn/go-sqlite3" // the driver storage uses, for rewinding the outbox

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// crashOnce makes the Deliverer "crash" (stop without recording
// anything) right after the Slack call of the first step named step of
// an item of kind.
func (h *obHarness) crashOnce(kind incident.OutboxKind, step string) *atomic.Bool {
	var crashed atomic.Bool
	h.d.crashAfter = func(item incident.OutboxItem, name string) bool {
		return item.Kind == kind && name == step && crashed.CompareAndSwap(false, true)
	}
	return &crashed
}

// assertOpenedOnce checks that everything incident.opened posts is there
// exactly once, and that the list is pinned once.
func (h *obHarness) assertOpenedOnce(t *testing.T, incID int64) {
	t.Helper()
	ch := h.channel(incID)
	for _, want := range []string{"Varslingsliste: Kriseledelsen", "Agenda for førstemøtet", "Tiltakskort: Strømbrudd", "ring dem", "Rolle #2 loggført"} {
		if n := len(messagesWith(ch, want)); n != 1 {
			t.Errorf("%q i %d meldinger, vil ha 1", want, n)
		}
	}
	lists := messagesWith(ch, "Varslingsliste: Kriseledelsen")
	if len(lists) == 1 && !slices.Equal(ch.Pins, []string{lists[0].TS}) {
		t.Errorf("festet %v, vil ha %s", ch.Pins, lists[0].TS)
	}
	if !strings.HasPrefix(ch.Topic, "Strømbrudd · Kriseleder: Kari Nordmann") {
		t.Errorf("emne %q", ch.Topic)
	}
	assertNoDuplicates(t, ch)
	ann, _ := h.fake.Channel(obAnnounce)
	if n := len(messagesWith(ann, "<#"+ch.ID+"|")); n != 1 || len(ann.Messages) != 1 {
		t.Errorf("kunngjøringskanalen: %d meldinger, %d med lenken", len(ann.Messages), n)
	}
	if n := h.pending(); n != 0 {
		t.Errorf("%d elementer igjen", n)
	}
}

func TestCrashAfterSlackCallOpened(t *testing.T) {
	steps := []string{"channel", "invite", "announce", "list.0", "pin", "topic", "agenda.0", "card.0", "not_invited.0"}
	for _, step := range steps {
		t.Run(step, func(t *testing.T) {
			h := newOBHarness(t)
			inc := h.open("Strømbrudd", "strom", false)
			crashed := h.crashOnce(incident.OutboxIncidentOpened, step)
			h.deliver()
			if !crashed.Load() {
				t.Fatalf("steget %s ble aldri utført", step)
			}
			h.deliver() // the restart
			h.assertOpenedOnce(t, inc.ID)
			if got := h.incident(inc.ID); got.ChannelName != inc.ChannelName {
				t.Errorf("kanalen heter %q, vil ha %q (ingen ny kanal etter krasj)", got.ChannelName, inc.ChannelName)
			}
			if _, ok := h.fake.ChannelByName(inc.ChannelName + "-2"); ok {
				t.Error("en kanal nr. 2 ble opprettet")
			}
		})
	}
}

func TestCrashAfterSlackCallEchoAndPost(t *testing.T) {
	tests := []struct {
		kind incident.OutboxKind
		step string
	}{
		{incident.OutboxEntryLogged, "echo.0"},
		{incident.OutboxMessage, "post.0"}, // the announcement, in a channel the bot is not in
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			h := newOBHarness(t)
			inc := h.open("Strømbrudd", "strom", false)
			h.logDecision(inc.ID, "Vi åpner rådhuset som varmestue")
			h.crashOnce(tt.kind, tt.step)
			h.deliver()
			h.deliver()
			h.assertOpenedOnce(t, inc.ID)
			if got, want := echoSeqs(h.channel(inc.ID)), wantSeqs(2, 3); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("ekko %v, vil ha %v", got, want)
			}
		})
	}
}

func TestCrashAfterFileShare(t *testing.T) {
	h := newOBHarness(t, func(c *DelivererConfig) { c.Report = obReport(nil) })
	inc := h.open("Strømbrudd", "", false)
	h.deliver()
	if _, _, err := h.db.CloseIncident(h.ctx, inc.ID, obOpener, ""); err != nil {
		t.Fatal(err)
	}
	h.crashOnce(incident.OutboxIncidentClosed, "file.0.share")
	h.deliver()
	h.deliver()
	ch := h.channel(inc.ID)
	var shares []string
	for _, m := range ch.Messages {
		shares = append(shares, m.Files...)
	}
	files := h.fake.Files()
	if len(files) != 2 || !slices.Equal(shares, []string{files[0].ID, files[1].ID}) {
		t.Errorf("delt %v, vil ha hver av %d filer én gang", shares, len(files))
	}
	if n := h.pending(); n != 0 {
		t.Errorf("%d elementer igjen", n)
	}
}

// TestRewoundOutbox simulates a crash by rewinding delivered items in the
// database file: delivered_at cleared and progress reset to "started",
// as if the process had died right after its Slack calls.
func TestRewoundOutbox(t *testing.T) {
	h := newOBHarness(t)
	inc := h.open("Strømbrudd", "strom", false)
	for i := 1; i <= 3; i++ {
		h.logDecision(inc.ID, fmt.Sprintf("Beslutning %d", i))
	}
	h.deliver()
	raw, err := sql.Open("sqlite3", "file:"+h.db.Path()+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	res, err := raw.Exec(`UPDATE outbox SET delivered_at = NULL, state = '{"started":true}' WHERE kind = ?`, string(incident.OutboxEntryLogged))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 4 {
		t.Fatalf("spolte tilbake %d ekko, vil ha 4", n)
	}
	if n := h.deliver(); n != 4 {
		t.Errorf("leverte %d på nytt, vil ha 4", n)
	}
	ch := h.channel(inc.ID)
	if got, want := echoSeqs(ch), wantSeqs(2, 5); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ekko %v, vil ha %v", got, want)
	}
	assertNoDuplicates(t, ch)
}
