package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

// A whole incident, in an open channel (hendelseskanaler: åpen) and in
// the default private one: no call to Slack that puts something in a
// public channel or in BEREDSKAP_CHANNEL carries a phone number of the
// plan, in any form.
func TestNoPhoneNumbersInPublicChannels(t *testing.T) {
	for _, tc := range []struct {
		name        string
		open        bool
		wantPrivate bool
	}{
		{"åpen kanal", true, false},
		{"privat kanal (standard)", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Mostly waiting for the deliverer's rate limits: the two
			// workspaces run side by side.
			t.Parallel()
			w := newWorld(t)
			// The situation report's recipient channel (moter.yaml), public.
			w.fake.AddChannel("C0KRISELEDELSE", "kriseledelse")
			w.fake.AddMember("C0KRISELEDELSE", fakeslack.BotUserID)
			var env []string
			if tc.open {
				env = append(env, "BEREDSKAP_PLAN="+openPlan(t))
			}
			p := w.start(env...)
			title := "Strømbrudd i hele sentrum"
			inc := p.openChannel(t, userOpener, "strom "+title, title)
			ch := w.channel(t, inc)
			if ch.Private != tc.wantPrivate {
				t.Fatalf("kanalen er privat=%v, vil ha %v", ch.Private, tc.wantPrivate)
			}
			w.fake.AddMember(inc.ChannelID, userOutsider)
			w.fake.AddUser(userOutsider, "utenfor", "utenfor@example.org")

			// The incident, start to end, as the crisis staff runs it.
			steps := []struct{ slash, user, text string }{
				{"/beredskap", userLeader, "logg Kari Nordmann leder kriseledelsen i natt"},
				{"/beredskap", userLeader, "rolle loggfører <@" + userOther + ">"},
				{"/tiltak", userLeader, "strom ferdig 1"},
				{"/beredskap", userLeader, "møte " + inAnHour(t)},
				{"/beredskap", userLeader, "berørt sykehjem"},
				{"/beredskap", userOther, "logg Aggregat levert til Eksempel sykehjem"},
				{"/kontakt", userLeader, "kari"},
				{"/varsling", userLeader, ""},
				{"/kontakt", userOutsider, "kari"},
				{"/beredskap", userLeader, "status"},
				{"/beredskap", userLeader, "rapport send"},
				{"/beredskap", userLeader, "avslutt bekreft Strømmen er tilbake"},
				{"/beredskap", userLeader, "evaluer 1 Varslingen gikk raskt"},
			}
			for _, s := range steps {
				p.answered(t, s.slash, s.user, inc.ChannelID, s.text)
			}
			p.press(t, userLeader, inc.ChannelID, actionShowPhones, inc.ListID)
			p.press(t, userOutsider, inc.ChannelID, actionShowPhones, inc.ListID)
			if w.incident(t, inc.ID).Open() {
				t.Fatal("hendelsen ble ikke avsluttet")
			}
			w.waitDue(t, 60*time.Second)

			phones := planPhones(w.plan)
			checked := map[string]int{}
			for _, c := range w.fake.Calls() {
				chID := callChannel(c)
				if c.Method == fakeslack.MethodResponseURL || chID == "" || c.Error != "" {
					continue
				}
				fch, ok := w.resolve(chID)
				if !ok || fch.ID != chanAnnounce && (fch.Private || fch.DMUser != "") {
					continue
				}
				chID = fch.ID
				checked[chID]++
				text := callText(c)
				for _, ph := range phones {
					if strings.Contains(text, ph) {
						t.Errorf("%s til %s har telefonnummeret %q: %.500s", c.Method, chID, ph, text)
					}
				}
				if strings.Contains(text, "tel:") {
					t.Errorf("%s til %s har en tel:-lenke: %.500s", c.Method, chID, text)
				}
			}
			if checked[chanAnnounce] == 0 || checked["C0KRISELEDELSE"] == 0 || tc.open && checked[inc.ChannelID] == 0 {
				t.Errorf("sjekket kall per kanal: %v; vil ha BEREDSKAP_CHANNEL, #kriseledelse og (åpen) hendelseskanalen", checked)
			}
			ann, _ := w.fake.Channel(chanAnnounce)
			if len(ann.Messages) == 0 {
				t.Error("ingen kunngjøring i BEREDSKAP_CHANNEL")
			}
			if tc.open {
				ch = w.channel(t, inc)
				var all strings.Builder
				for _, m := range ch.Messages {
					all.WriteString(msgText(m))
				}
				if len(ch.Pins) == 0 || !strings.Contains(all.String(), "Vis telefonnumre") {
					t.Error("den åpne kanalen har ikke varslingslisten med «Vis telefonnumre»")
				}
			}
		})
	}
}
