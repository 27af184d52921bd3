package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/delivery"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/reminders"
)

// countMessages counts the messages of a fake channel that contain s.
func countMessages(h *harness, channelID, s string) int {
	ch, _ := h.fake.Channel(channelID)
	n := 0
	for _, m := range ch.Messages {
		if strings.Contains(messageText(m), s) {
			n++
		}
	}
	return n
}

// findMessage returns the text of the first message of a fake channel
// that contains s.
func findMessage(h *harness, channelID, s string) string {
	ch, _ := h.fake.Channel(channelID)
	for _, m := range ch.Messages {
		if t := messageText(m); strings.Contains(t, s) {
			return t
		}
	}
	return ""
}

// Situation reports against the fake Slack: /beredskap rapport opens
// the form pre-filled from the log; submitting it posts the report in
// the incident channel and the plan's reporting channel (#kriseledelse);
// the cadence reminder is posted once when due, also across a restart.
func TestSitRepOverSlack(t *testing.T) {
	var d *delivery.Deliverer
	h := newHarness(t, withDeliverer(&d))
	for _, c := range h.plan.Contacts {
		if c.SlackID != "" {
			h.fake.AddUser(c.SlackID, c.ID, c.Email)
		}
	}
	h.fake.AddChannel("C0BEREDSKAP", "beredskap")
	h.fake.AddChannel("C0GENERAL", "general")
	h.fake.AddChannel("C0LEDELSE", "kriseledelse")
	ctx := context.Background()

	h.slash("/beredskap", "start Strømbrudd i sentrum", "U0KRISE001", "C0GENERAL", "sr-start")
	h.responses("sr-start", 1)
	h.idle()
	h.deliverAll(d)
	open, err := h.db.OpenIncidents(ctx)
	if err != nil || len(open) != 1 || open[0].ChannelID == "" {
		t.Fatalf("open incidents = %+v, %v", open, err)
	}
	inc := open[0]
	h.slash("/beredskap", "logg Sykehjemmene får aggregat først", "U0KRISE001", inc.ChannelID, "sr-log1")
	h.slash("/beredskap", "logg Innbyggerne varsles på SMS", "U0KRISE001", inc.ChannelID, "sr-log2")
	h.idle()

	// The form opens pre-filled.
	h.slash("/beredskap", "rapport", "U0KRISE001", inc.ChannelID, "sr-draft")
	h.idle()
	calls := h.fake.Calls("views.open")
	if len(calls) != 1 || calls[0].Error != "" {
		t.Fatalf("views.open calls = %+v", calls)
	}
	view, _ := calls[0].JSON["view"].(map[string]any)
	if title := view["title"].(map[string]any)["text"].(string); title != "Situasjonsrapport 1" {
		t.Errorf("title = %q", title)
	}
	blocks, _ := view["blocks"].([]any)
	if len(blocks) != 7 {
		t.Fatalf("%d blocks, want one input per section", len(blocks))
	}
	values := map[string]any{}
	for _, b := range blocks {
		blk := b.(map[string]any)
		el := blk["element"].(map[string]any)
		initial, _ := el["initial_value"].(string)
		id := blk["block_id"].(string)
		values[id] = map[string]any{id: map[string]any{"type": "plain_text_input", "value": initial}}
	}
	actions := blocks[2].(map[string]any)["element"].(map[string]any)["initial_value"].(string)
	if !strings.Contains(actions, "Sykehjemmene får aggregat først") || !strings.Contains(actions, "Innbyggerne varsles på SMS") {
		t.Errorf("actions pre-filled with %q", actions)
	}
	values["s1"] = map[string]any{"s1": map[string]any{"type": "plain_text_input", "value": "Strømmen er borte i sentrum."}}

	// Submitting posts the report in both channels.
	ack := h.interact(map[string]any{
		"type": "view_submission", "trigger_id": nextTrigger(), "api_app_id": fakeslack.AppID,
		"user": map[string]any{"id": "U0KRISE001"},
		"view": map[string]any{"id": "V0SITREP", "type": "modal", "callback_id": view["callback_id"],
			"private_metadata": view["private_metadata"], "external_id": view["external_id"],
			"state": map[string]any{"values": values}},
	})
	if ack["response_action"] != "clear" {
		t.Fatalf("submission ack = %v", ack)
	}
	h.idle()
	h.deliverAll(d)
	for _, ch := range []string{inc.ChannelID, "C0LEDELSE"} {
		if n := countMessages(h, ch, "Situasjonsrapport 1 – Strømbrudd i sentrum"); n != 1 {
			t.Errorf("report posted %d times in %s, want once", n, ch)
		}
		report := findMessage(h, ch, "Situasjonsrapport 1 – Strømbrudd i sentrum")
		for _, want := range []string{"Strømmen er borte i sentrum.", "Sykehjemmene får aggregat først", "3. Iverksatte og planlagte tiltak"} {
			if !strings.Contains(report, want) {
				t.Errorf("report in %s lacks %q", ch, want)
			}
		}
	}
	reports, err := h.db.Reports(ctx, inc.ID)
	if err != nil || len(reports) != 1 {
		t.Fatalf("reports = %+v, %v", reports, err)
	}

	// The cadence: report 2 is due 4 hours after report 1.
	due := reports[0].SentAt.Add(4 * time.Hour)
	pass := func() int {
		c := &reminders.Cadence{Plan: h.handler.Plan, Store: h.db, Loc: h.handler.Loc}
		got, err := c.Pass(ctx, h.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		h.deliverAll(d)
		return len(got)
	}
	h.clock.Set(due.Add(-16 * time.Minute))
	if n := pass(); n != 0 {
		t.Errorf("reminded 16 minutes before: %d", n)
	}
	h.clock.Set(due.Add(-15 * time.Minute))
	if n := pass(); n != 1 {
		t.Errorf("reminders 15 minutes before = %d", n)
	}
	h.clock.Add(5 * time.Minute)
	pass()
	const reminder = "Situasjonsrapport 2 skal sendes"
	if n := countMessages(h, inc.ChannelID, reminder); n != 1 {
		t.Errorf("%d reminders in the channel, want 1", n)
	}
	// The holder of the responsible role (strategisk koordinator) is named.
	for _, c := range h.plan.Contacts {
		if c.SlackID != "" && strings.Contains(strings.Join(h.plan.Role("strategisk-koordinator").Holders, ","), c.ID) {
			if countMessages(h, inc.ChannelID, "<@"+c.SlackID+">: "+reminder) != 1 {
				t.Errorf("reminder does not mention %s", c.SlackID)
			}
			break
		}
	}

	// A restart: the same due time is not reminded again.
	h.close()
	h.open()
	h.clock.Add(20 * time.Minute)
	pass()
	if n := countMessages(h, inc.ChannelID, reminder); n != 1 {
		t.Errorf("%d reminders after the restart, want 1", n)
	}
	// Down across the next due time: after the restart the overdue
	// report is reminded once.
	h.slash("/beredskap", "rapport send Situasjonen er stabil.", "U0KRISE001", inc.ChannelID, "sr-send2")
	h.idle()
	h.close()
	h.clock.Add(5 * time.Hour)
	h.open()
	pass()
	pass()
	if n := countMessages(h, inc.ChannelID, "Situasjonsrapport 3 forfalt"); n != 1 {
		t.Errorf("%d overdue reminders after the restart, want 1", n)
	}
}
