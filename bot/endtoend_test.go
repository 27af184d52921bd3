package bot_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/delivery"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// The inbound transport and the outbox deliverer together, as serve runs
// them. Only this test of bot uses package delivery; the packages
// themselves do not depend on each other.

// withDeliverer makes the harness use a real Deliverer as its notifier;
// *d always points at the one of the App opened last.
func withDeliverer(d **delivery.Deliverer) func(h *harness) bot.Notifier {
	return func(h *harness) bot.Notifier {
		// No client-side rate limits: the limiter would wait in real time.
		*d = delivery.NewDeliverer(delivery.DelivererConfig{
			Client: h.api, Store: h.db, Plan: h.handler.Plan, Loc: h.handler.Loc,
			AnnounceChannel: "#beredskap", Log: quietLog(), Now: h.clock.Now, Limits: &delivery.Limits{},
		})
		return *d
	}
}

// messageText is a fake message's text and the raw text of its blocks,
// with JSON's escapes of < > & undone.
func messageText(m fakeslack.Message) string {
	return m.Text + "\n" + strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(m.Blocks))
}

// deliverAll delivers the outbox until nothing is pending.
func (h *harness) deliverAll(d *delivery.Deliverer) {
	h.t.Helper()
	ctx := context.Background()
	for range 10 {
		if _, err := d.DeliverPending(ctx); err != nil {
			h.t.Fatalf("DeliverPending: %v", err)
		}
		n, err := h.db.PendingOutbox(ctx)
		if err != nil {
			h.t.Fatal(err)
		}
		if n == 0 {
			return
		}
		h.clock.Add(time.Minute) // past any retry backoff
	}
	h.t.Fatal("the outbox does not empty")
}

// The whole flow over signed HTTP, the fake Slack and a SQLite file:
// open an incident, log a decision in its channel, restart, ask for the
// status.
func TestEndToEndIncidentOverHTTP(t *testing.T) {
	var d *delivery.Deliverer
	h := newHarness(t, withDeliverer(&d))
	for _, c := range h.plan.Contacts {
		if c.SlackID != "" {
			h.fake.AddUser(c.SlackID, c.ID, c.Email)
		}
	}
	h.fake.AddChannel("C0BEREDSKAP", "beredskap")
	h.fake.AddChannel("C0GENERAL", "general")
	ctx := context.Background()

	// 1. Open the incident from #general.
	ack := h.slash("/beredskap", "start Strømbrudd på Sørlandet", "U0KRISE002", "C0GENERAL", "e2e-start")
	if ack["text"] != "Oppretter beredskapskanal …" {
		t.Fatalf("ack = %v", ack)
	}
	answer := h.responses("e2e-start", 1)[0]
	if !strings.Contains(fmt.Sprint(answer["text"]), "Strømbrudd på Sørlandet") {
		t.Errorf("answer = %v", answer)
	}
	h.idle()
	h.deliverAll(d)

	name := "beredskap-20250314-strombrudd-pa-sorlandet"
	ch, ok := h.fake.ChannelByName(name)
	if !ok {
		t.Fatalf("channel %s not created; calls: %v", name, h.fake.Calls("conversations.create"))
	}
	if ch.Private {
		t.Error("channel is private; the incident was not opened with --privat")
	}
	inc, err := h.db.IncidentByChannel(ctx, ch.ID)
	if err != nil || inc.Title != "Strømbrudd på Sørlandet" || inc.ChannelName != name {
		t.Fatalf("incident of %s = %+v, %v", ch.ID, inc, err)
	}
	// The opener and the Slack users of the notification list are invited.
	list := h.plan.List(inc.ListID)
	if list == nil {
		t.Fatalf("incident has no notification list (%q)", inc.ListID)
	}
	want := []string{"U0KRISE002"}
	for _, g := range list.Groups {
		for _, id := range g.Contacts {
			if c := h.plan.Contact(id); c != nil && c.SlackID != "" {
				want = append(want, c.SlackID)
			}
		}
	}
	for _, u := range want {
		if !slices.Contains(ch.Members, u) {
			t.Errorf("%s not invited; members %v", u, ch.Members)
		}
	}
	// The varslingsliste is posted and pinned.
	if len(ch.Pins) == 0 {
		t.Fatal("nothing pinned")
	}
	var pinned string
	for _, m := range ch.Messages {
		if m.TS == ch.Pins[0] {
			pinned = messageText(m)
		}
	}
	if !strings.Contains(pinned, "Varslingsliste") {
		t.Errorf("pinned message is not the varslingsliste: %.200s", pinned)
	}
	if !strings.Contains(ch.Topic, "Strømbrudd på Sørlandet") {
		t.Errorf("topic = %q", ch.Topic)
	}
	// The announcement links the channel.
	ann, _ := h.fake.Channel("C0BEREDSKAP")
	if len(ann.Messages) == 0 || !strings.Contains(messageText(ann.Messages[0]), "<#"+ch.ID+"|"+name+">") {
		t.Errorf("announcement = %+v", ann.Messages)
	}

	// 2. A decision in the incident channel is stored and echoed.
	ack = h.slash("/beredskap", "logg Vi prioriterer strøm til sykehjemmene", "U0KRISE001", ch.ID, "e2e-logg")
	if !strings.Contains(fmt.Sprint(ack["text"]), "loggført") {
		t.Errorf("logg ack = %v", ack)
	}
	es, err := h.db.Entries(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := es[len(es)-1]
	if last.Kind != incident.EntryDecision || last.Text != "Vi prioriterer strøm til sykehjemmene" || last.Author != "U0KRISE001" {
		t.Errorf("last entry = %+v", last)
	}
	h.deliverAll(d)
	ch, _ = h.fake.Channel(ch.ID)
	echo := ui.EchoText(h.plan, last, h.handler.Loc)
	if !slices.ContainsFunc(ch.Messages, func(m fakeslack.Message) bool { return strings.Contains(messageText(m), echo) }) {
		t.Errorf("decision not echoed in the channel (want %q)", echo)
	}

	// 3. After a restart the channel still knows its incident.
	h.close()
	h.open()
	ack = h.slash("/beredskap", "status", "U0KRISE001", ch.ID, "e2e-status")
	if ack["response_type"] != "in_channel" {
		t.Errorf("status response_type = %v", ack["response_type"])
	}
	status := blocksText(ack)
	if !strings.Contains(status, "Strømbrudd på Sørlandet") || !strings.Contains(status, "Vi prioriterer strøm til sykehjemmene") {
		t.Errorf("status after restart = %s", status)
	}
}
