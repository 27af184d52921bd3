package e2e_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
)

// alarmButton returns the value of the «Åpne hendelse» button of the
// last message in channel that has one, and that message's text; "" when
// there is none.
func (w *world) alarmButton(t testing.TB, channel string) (value, text string) {
	t.Helper()
	ch, _ := w.fake.Channel(channel)
	for i := len(ch.Messages) - 1; i >= 0; i-- {
		var blocks []struct {
			Elements []struct {
				ActionID string `json:"action_id"`
				Value    string `json:"value"`
			} `json:"elements"`
		}
		if len(ch.Messages[i].Blocks) == 0 {
			continue
		}
		if err := json.Unmarshal(ch.Messages[i].Blocks, &blocks); err != nil {
			t.Fatal(err)
		}
		for _, b := range blocks {
			for _, e := range b.Elements {
				if strings.HasPrefix(e.ActionID, actionOpenAlarm) {
					return e.Value, msgText(ch.Messages[i])
				}
			}
		}
	}
	return "", ""
}

// An alarm raised by someone outside the plan reaches BEREDSKAP_CHANNEL
// with the kriseleder card's holders and deputies mentioned; the
// kriseleder opens an incident from it with «Åpne hendelse»; the one who
// raised it may not.
func TestAlarmFromOutsideThePlan(t *testing.T) {
	w := newWorld(t)
	w.fake.AddUser(userOutsider, "utenfor", "utenfor@example.org")
	p := w.start()

	got := p.answered(t, "/beredskap", userOutsider, chanStart, "varsle Det lukter røyk i kjelleren på rådhuset")
	if !strings.Contains(got, "Varselet ditt (#1) er sendt til <#"+chanAnnounce+">") {
		t.Errorf("svaret på varsle: %s", got)
	}
	var value, post string
	testkit.WaitFor(t, 20*time.Second, "varselet ble postet i BEREDSKAP_CHANNEL", func() bool {
		value, post = w.alarmButton(t, chanAnnounce)
		return value != ""
	})
	card := w.plan.Role("kriseleder")
	if card == nil {
		t.Fatal("the example plan has no kriseleder card")
	}
	for _, id := range append(append([]string{}, card.Holders...), card.Deputies...) {
		c := w.plan.Contact(id)
		if c == nil || c.SlackID == "" {
			continue
		}
		if !strings.Contains(post, "<@"+c.SlackID+">") {
			t.Errorf("varselet nevner ikke %s (<@%s>): %s", c.Name, c.SlackID, post)
		}
	}
	for _, want := range []string{"<@" + userOutsider + ">", "Det lukter røyk i kjelleren på rådhuset"} {
		if !strings.Contains(post, want) {
			t.Errorf("varselet mangler %q: %s", want, post)
		}
	}
	for _, ph := range planPhones(w.plan) {
		if strings.Contains(post, ph) {
			t.Errorf("varselet har telefonnummeret %s", ph)
		}
	}

	// The one who raised it (outside the plan) presses «Åpne hendelse»;
	// first let what the bot had queued (the årshjul's reminders at start)
	// be delivered, so only what the press causes is counted.
	w.waitDue(t, 20*time.Second)
	before, posted := w.snapshot(t), len(w.posts())
	if got := p.press(t, userOutsider, chanAnnounce, actionOpenAlarm, value); !strings.Contains(got, "Bare de som står i beredskapsplanen kan åpne en hendelse.") {
		t.Errorf("«Åpne hendelse» av en utenfor planen: %s", got)
	}
	w.waitDue(t, 20*time.Second)
	if after := w.snapshot(t); after != before {
		t.Errorf("databasen endret seg etter avslaget:\n%s\n%s", before, after)
	}
	if n := len(w.posts()); n != posted {
		t.Errorf("%d nye poster etter avslaget", n-posted)
	}

	// The kriseleder presses it.
	p.press(t, userLeader, chanAnnounce, actionOpenAlarm, value)
	inc := w.waitChannel(t, "Det lukter røyk i kjelleren på rådhuset", 20*time.Second)
	if inc.OpenedBy != userLeader {
		t.Errorf("hendelsen er åpnet av %s, vil ha kriseleder %s", inc.OpenedBy, userLeader)
	}
	found := false
	for _, e := range w.entries(t, inc.ID) {
		if strings.Contains(e.Text, "Åpnet fra varsel #"+value) && strings.Contains(e.Text, userOutsider) {
			found = true
		}
	}
	if !found {
		t.Errorf("loggen sier ikke at hendelsen ble åpnet fra varsel #%s fra %s: %+v", value, userOutsider, w.entries(t, inc.ID))
	}
	// A second press opens nothing new.
	if got := p.press(t, userAdmin, chanAnnounce, actionOpenAlarm, value); !strings.Contains(got, "allerede åpnet en hendelse fra dette varselet") {
		t.Errorf("andre trykk: %s", got)
	}
	if all, err := w.store().Incidents(t.Context()); err != nil || len(all) != 1 {
		t.Errorf("hendelser = %d, %v; vil ha 1", len(all), err)
	}
}
