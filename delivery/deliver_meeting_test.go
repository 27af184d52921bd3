package delivery

import (
	"strings"
	"testing"
	"time"
)

func TestDeliverMeetingReminders(t *testing.T) {
	tests := []struct {
		name string
		// change runs after the meeting at start+30m is set.
		change func(h *obHarness, incID int64, at time.Time)
		want10 int // "Statusmøte om 10 minutter" posts
		want0  int // "Statusmøtet starter nå" posts
	}{
		{name: "gjelder", change: func(*obHarness, int64, time.Time) {}, want10: 1, want0: 1},
		{name: "avsluttet", change: func(h *obHarness, id int64, _ time.Time) {
			if _, _, err := h.db.CloseIncident(h.ctx, id, obOpener, "Ferdig"); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "flyttet", change: func(h *obHarness, id int64, at time.Time) {
			if _, err := h.db.SetMeeting(h.ctx, id, at.Add(time.Hour), obOpener, "Møtet flyttes"); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newOBHarness(t)
			inc := h.open("Strømbrudd", "", false)
			h.deliver()
			start := h.clock.Now()
			at := start.Add(30 * time.Minute)
			if _, err := h.db.SetMeeting(h.ctx, inc.ID, at, obOpener, "Statusmøte kl. 14:30"); err != nil {
				t.Fatal(err)
			}
			tt.change(h, inc.ID, at)
			h.deliver()
			ch := h.channel(inc.ID)
			if n := len(messagesWith(ch, "Statusmøte om 10 minutter")) + len(messagesWith(ch, "Statusmøtet starter nå")); n != 0 {
				t.Fatalf("påminnelse postet %d ganger før tiden", n)
			}

			h.clock.Set(at.Add(-10 * time.Minute))
			h.deliver()
			h.deliver()
			h.clock.Set(at)
			h.deliver()
			h.deliver()
			ch = h.channel(inc.ID)
			if n := len(messagesWith(ch, "Statusmøte om 10 minutter")); n != tt.want10 {
				t.Errorf("«om 10 minutter» postet %d ganger, vil ha %d", n, tt.want10)
			}
			starts := messagesWith(ch, "Statusmøtet starter nå")
			if len(starts) != tt.want0 {
				t.Errorf("«starter nå» postet %d ganger, vil ha %d", len(starts), tt.want0)
			}
			if tt.want0 > 0 {
				text := msgText(starts[0])
				for _, want := range []string{"Agenda for statusmøtet", "Hva har skjedd siden forrige møte?", "kl. 14:30"} {
					if !strings.Contains(text, want) {
						t.Errorf("påminnelsen mangler %q:\n%s", want, text)
					}
				}
			}
			// The items for the original time are done either way; a moved
			// meeting keeps its own two, due later.
			wantPending := 0
			if tt.name == "flyttet" {
				wantPending = 2
			}
			if n := h.pending(); n != wantPending {
				t.Errorf("%d elementer igjen, vil ha %d", n, wantPending)
			}
		})
	}
}

func TestDeliverMeetingTooLate(t *testing.T) {
	h := newOBHarness(t)
	inc := h.open("Strømbrudd", "", false)
	h.deliver()
	at := h.clock.Now().Add(30 * time.Minute)
	if _, err := h.db.SetMeeting(h.ctx, inc.ID, at, obOpener, "Statusmøte"); err != nil {
		t.Fatal(err)
	}
	// Slack (or the bot) was away until long after the start.
	h.clock.Set(at.Add(meetingGrace + time.Minute))
	h.deliver()
	ch := h.channel(inc.ID)
	if n := len(messagesWith(ch, "Statusmøte om")) + len(messagesWith(ch, "starter nå")); n != 0 {
		t.Errorf("%d utdaterte påminnelser postet", n)
	}
	if n := h.pending(); n != 0 {
		t.Errorf("%d elementer igjen", n)
	}
}
