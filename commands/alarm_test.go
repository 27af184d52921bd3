package commands_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/commands/alarms"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// TestAlarmFromOutsideThePlan: anyone can raise an alarm; it is posted to
// the alarm channel through the outbox, mentioning the kriseleder and
// the deputy, with the text escaped and a button that carries only the
// alarm's ID. The button opens an incident for the kriseleder, not for
// someone outside the plan.
func TestAlarmFromOutsideThePlan(t *testing.T) {
	e, _ := newAccessEnv(t)
	ctx := context.Background()
	r := e.do("C0RANDOM", outsider, "/beredskap varsle Røyk fra kjelleren i rådhuset <!channel>\nRinger 110 nå")
	mustContain(t, e.text(r), "Varselet ditt (#1) er sendt til", "@Kari Nordmann", "@Ola Nordmann")
	items, err := e.db.NextOutbox(ctx, e.now.Add(time.Minute), 10)
	if err != nil {
		t.Fatal(err)
	}
	var post ui.Post
	for _, it := range items {
		if it.Kind == incident.OutboxMessage {
			if err := json.Unmarshal(it.Payload, &post); err != nil {
				t.Fatal(err)
			}
		}
	}
	all := everything(post.Response)
	if post.Channel != "C0ALARM" {
		t.Fatalf("posted to %q", post.Channel)
	}
	for _, want := range []string{"<@U0KRISE001>", "<@U0KRISE002>", "<@U0UKJENT> varsler", "&lt;!channel&gt;"} {
		if !strings.Contains(all, want) {
			t.Errorf("alarm post lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "<!channel>") || strings.Contains(all, "tel:") {
		t.Errorf("alarm post has a mass mention or a phone number:\n%s", all)
	}
	btn := buttonsOf(post.Response)[alarms.ActionOpen]
	if btn.Value != "1" || btn.Text != "Åpne hendelse" {
		t.Fatalf("button %+v", btn)
	}

	// Someone outside the plan cannot open it.
	refused := e.act("C0ALARM", outsider, alarms.ActionOpen, btn.Value)
	mustContain(t, e.text(refused), "Du står ikke i beredskapsplanen")
	if incs, _ := e.db.Incidents(ctx); len(incs) != 0 {
		t.Fatalf("an incident was opened: %+v", incs)
	}
	// The kriseleder can.
	opened := e.act("C0ALARM", kari, alarms.ActionOpen, btn.Value)
	if opened.Opened == nil || opened.Opened.Existing {
		t.Fatalf("nothing opened: %s", e.text(opened))
	}
	inc := e.incident(opened.Opened.IncidentID)
	if inc.Title != "Røyk fra kjelleren i rådhuset <!channel>" || inc.OpenedBy != kari {
		t.Errorf("incident %+v", inc)
	}
	mustContain(t, e.text(opened), "Hendelse åpnet: Røyk fra kjelleren")
	if strings.Contains(opened.Text, "<!channel>") {
		t.Errorf("fallback text not escaped: %q", opened.Text)
	}
	a, err := e.db.Alarm(ctx, 1)
	if err != nil || a.IncidentID != inc.ID {
		t.Fatalf("alarm %+v, %v", a, err)
	}
	entries, _ := e.db.Entries(ctx, inc.ID)
	if last := entries[len(entries)-1]; last.Kind != incident.EntryEvent || !strings.Contains(last.Text, "Ringer 110 nå") {
		t.Errorf("the alarm is not in the log: %+v", last)
	}
	// Pressed again: it points to the incident instead of opening another.
	mustContain(t, e.text(e.act("C0ALARM", per, alarms.ActionOpen, btn.Value)), "allerede åpnet en hendelse fra dette varselet")
}

func TestAlarmNeedsTextAndChannel(t *testing.T) {
	e, _ := newAccessEnv(t)
	mustContain(t, e.text(e.do("C0RANDOM", outsider, "/beredskap varsle")), "Ikke varslet")
	e.h.AlarmChannel = ""
	mustContain(t, e.text(e.do("C0RANDOM", outsider, "/beredskap varsle Brann")), "Varsling er ikke satt opp")
}
