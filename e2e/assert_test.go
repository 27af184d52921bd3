package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
)

// incidentByTitle returns the incident with title from the database, and
// whether it is there.
func (w *world) incidentByTitle(title string) (incident.Incident, bool) {
	w.t.Helper()
	all, err := w.store().Incidents(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	for _, inc := range all {
		if inc.Title == title {
			return inc, true
		}
	}
	return incident.Incident{}, false
}

// startIncident opens an incident with /beredskap start from chanStart.
// It returns once the incident is stored; its channel may not exist yet.
func (p *botProc) startIncident(t testing.TB, title string) incident.Incident {
	t.Helper()
	a := p.mustSlash(t, userOpener, chanStart, "start "+title)
	if !strings.Contains(a.Ack, "Oppretter beredskapskanal") {
		t.Fatalf("start %s: kvittering %q", title, a.Ack)
	}
	var inc incident.Incident
	testkit.WaitFor(t, 15*time.Second, "hendelsen «"+title+"» ble lagret", func() bool {
		var ok bool
		inc, ok = p.w.incidentByTitle(title)
		return ok
	})
	return inc
}

// waitChannel waits until the incident's channel exists and is stored,
// and returns the incident as stored then.
func (w *world) waitChannel(t testing.TB, title string, timeout time.Duration) incident.Incident {
	t.Helper()
	var inc incident.Incident
	testkit.WaitFor(t, timeout, "kanalen til «"+title+"» finnes", func() bool {
		var ok bool
		inc, ok = w.incidentByTitle(title)
		return ok && inc.ChannelID != ""
	})
	return inc
}

// pending returns the number of undelivered outbox items.
func (w *world) pending(t testing.TB) int {
	t.Helper()
	n, err := w.store().PendingOutbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitDelivered waits until the outbox is empty.
func (w *world) waitDelivered(t testing.TB, timeout time.Duration) {
	t.Helper()
	testkit.WaitFor(t, timeout, "utboksen ble tom", func() bool { return w.pending(t) == 0 })
}

// channel returns the fake's snapshot of an incident's channel.
func (w *world) channel(t testing.TB, inc incident.Incident) fakeslack.Channel {
	t.Helper()
	ch, ok := w.fake.Channel(inc.ChannelID)
	if !ok {
		t.Fatalf("kanalen %s (%s) finnes ikke i Slack", inc.ChannelID, inc.ChannelName)
	}
	return ch
}

// msgText is everything visible of a posted message: its text and its
// blocks.
func msgText(m fakeslack.Message) string {
	return m.Text + "\n" + unescapeJSON(string(m.Blocks))
}

// assertIncidentDelivered checks one incident after its outbox is empty:
// its log's hash chain holds; the channel was created once (no "-2");
// the varslingsliste was posted once and is the one message pinned, by one
// successful pins.add; the incident was announced once in the team
// channel; every decision in the log is echoed exactly once, in log
// order; and no outbox step was posted twice, here or in the team channel.
func (w *world) assertIncidentDelivered(t testing.TB, title string) []incident.Entry {
	t.Helper()
	ctx := context.Background()
	inc, ok := w.incidentByTitle(title)
	if !ok || inc.ChannelID == "" {
		t.Fatalf("«%s»: ikke lagret, eller uten kanal", title)
	}
	if err := w.store().VerifyLog(ctx, inc.ID); err != nil {
		t.Errorf("«%s»: hash-kjeden: %v", title, err)
	}
	entries, err := w.store().Entries(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, dup := w.fake.ChannelByName(inc.ChannelName + "-2"); dup {
		t.Errorf("«%s»: en kanal nr. 2 ble opprettet", title)
	}
	ch := w.channel(t, inc)

	lists := messagesStarting(ch, "Varslingsliste: ")
	if len(lists) != 1 {
		t.Errorf("«%s»: varslingslisten er postet %d ganger, vil ha 1", title, len(lists))
	} else if !slices.Equal(ch.Pins, []string{lists[0].TS}) {
		t.Errorf("«%s»: festet %v, vil ha bare varslingslisten %s", title, ch.Pins, lists[0].TS)
	}
	pins := 0
	for _, c := range w.fake.Calls("pins.add") {
		if c.Params.Get("channel") == inc.ChannelID && c.Status == http.StatusOK && c.Error == "" {
			pins++
		}
	}
	if pins != 1 {
		t.Errorf("«%s»: %d vellykkede pins.add, vil ha 1", title, pins)
	}
	ann, _ := w.fake.Channel(chanAnnounce)
	if n := len(messagesWith(ann, "<#"+inc.ChannelID+"|")); n != 1 {
		t.Errorf("«%s»: kunngjort %d ganger i teamkanalen, vil ha 1", title, n)
	}
	assertNoDuplicateSteps(t, ann)

	// Every decision once, in order.
	var want, got []int
	for _, e := range entries {
		if e.Kind == incident.EntryDecision {
			want = append(want, e.Seq)
		}
	}
	for _, m := range ch.Messages {
		if seq, ok := echoSeq(m.Text); ok {
			got = append(got, seq)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("«%s»: ekko av beslutningene %v, vil ha %v (hver én gang, i rekkefølge)", title, got, want)
	}
	assertNoDuplicateSteps(t, ch)
	return entries
}

// echoSeq returns the number of a decision's echo.
func echoSeq(text string) (int, bool) {
	var seq int
	if _, err := fmt.Sscanf(text, "Beslutning #%d loggført", &seq); err != nil {
		return 0, false
	}
	return seq, true
}

// messagesWith returns the messages of ch whose text or blocks contain s.
func messagesWith(ch fakeslack.Channel, s string) []fakeslack.Message {
	var out []fakeslack.Message
	for _, m := range ch.Messages {
		if strings.Contains(msgText(m), s) {
			out = append(out, m)
		}
	}
	return out
}

// assertNoDuplicateSteps fails if two messages in ch carry the outbox
// metadata of the same item and step.
func assertNoDuplicateSteps(t testing.TB, ch fakeslack.Channel) {
	t.Helper()
	seen := map[string]bool{}
	for _, m := range ch.Messages {
		if len(m.Metadata) == 0 {
			continue
		}
		var md struct {
			EventPayload map[string]any `json:"event_payload"`
		}
		if err := json.Unmarshal(m.Metadata, &md); err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprint(md.EventPayload["outbox_id"], "/", md.EventPayload["step"])
		if seen[key] {
			t.Errorf("kanal %s: utboks-steget %s er postet to ganger", ch.Name, key)
		}
		seen[key] = true
	}
}

// messagesStarting returns the messages of ch whose text begins with s.
func messagesStarting(ch fakeslack.Channel, s string) []fakeslack.Message {
	var out []fakeslack.Message
	for _, m := range ch.Messages {
		if strings.HasPrefix(m.Text, s) {
			out = append(out, m)
		}
	}
	return out
}
