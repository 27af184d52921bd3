package e2e_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// The «Must be true» of issue 11 over the real transport: the built
// binary, signed HTTP, the fake Slack (channel membership from its
// conversations.members) and the SQLite file.

// Button action IDs of other packages (commands, reminders), as the
// payload carries them.
const (
	actionTakeRole     = ui.ActionTakeRole
	actionShowPhones   = ui.ActionShowPhones
	actionReminderDone = "reminder_done"
	actionOpenAlarm    = "open_alarm"
)

// A workspace member outside the plan, in the incident channel, plays
// against the kriseleder's incident. Everything is refused with a
// sentence that names who may, nothing is stored and nothing is posted.
func TestOutsiderRefusedEverywhere(t *testing.T) {
	w := newWorld(t)
	w.fake.AddUser(userOutsider, "utenfor", "utenfor@example.org")
	p := w.start()

	inc := p.openChannel(t, userOpener, "Vannlekkasje i rådhuset", "Vannlekkasje i rådhuset")
	w.fake.AddMember(inc.ChannelID, userOutsider)
	logged := p.answered(t, "/beredskap", userLeader, inc.ChannelID, "logg Vi stenger rådhuset")
	if !strings.Contains(logged, "loggført") {
		t.Fatalf("logg av kriseleder: %q", logged)
	}
	w.waitDelivered(t, 20*time.Second)
	entries := w.entries(t, inc.ID)
	seq := entries[len(entries)-1].Seq

	before, posted := w.snapshot(t), len(w.posts())
	cases := []struct {
		name string
		do   func() string
		want []string // every one must be in the answer
	}{
		{"avslutt", func() string {
			return p.answered(t, "/beredskap", userOutsider, inc.ChannelID, "avslutt bekreft")
		}, []string{"Bare kriseleder (<@U0KRISE001>), den som åpnet hendelsen eller beredskapskoordinator kan avslutte hendelsen."}},
		{"rolle kriseleder til seg selv", func() string {
			return p.answered(t, "/beredskap", userOutsider, inc.ChannelID, "rolle kriseleder <@"+userOutsider+">")
		}, []string{"Bare kriseleder (<@U0KRISE001>), den som åpnet hendelsen eller beredskapskoordinator kan tildele roller."}},
		{"Ta rollen (kriseleder)", func() string {
			return p.press(t, userOutsider, inc.ChannelID, actionTakeRole, fmt.Sprintf("%d:kriseleder", inc.ID))
		}, []string{"Bare den som har rollen (<@U0KRISE001>), kriseleder (<@U0KRISE001>) eller beredskapskoordinator kan overta rollen."}},
		{"korriger andres linje", func() string {
			return p.answered(t, "/beredskap", userOutsider, inc.ChannelID, fmt.Sprintf("korriger %d Vi holder rådhuset åpent", seq))
		}, []string{"Bare den som skrev innlegget, loggfører", "kriseleder (<@U0KRISE001>) eller beredskapskoordinator kan korrigere innlegget."}},
		{"møte", func() string {
			return p.answered(t, "/beredskap", userOutsider, inc.ChannelID, "møte "+inAnHour(t))
		}, []string{"Bare kriseleder (<@U0KRISE001>), den som åpnet hendelsen", "kan sette møter."}},
		{"øvelse registrer", func() string {
			return p.answered(t, "/beredskap", userOutsider, chanStart, "øvelse registrer ovelse-overordnet")
		}, []string{"Bare den ansvarlige (<@U0KRISE003>) eller beredskapskoordinator kan registrere den som gjennomført."}},
		{"Registrer gjennomført (knapp)", func() string {
			return p.press(t, userOutsider, chanAnnounce, actionReminderDone, "ovelse-overordnet|")
		}, []string{"Bare den ansvarlige (<@U0KRISE003>) eller beredskapskoordinator kan registrere den som gjennomført."}},
		{"start", func() string {
			return p.answered(t, "/beredskap", userOutsider, chanStart, "start Brann i rådhuset")
		}, []string{"Du står ikke i beredskapsplanen. Bare de som står i beredskapsplanen kan åpne en hendelse.", "/beredskap varsle"}},
		{"/kontakt", func() string {
			return p.answered(t, "/kontakt", userOutsider, chanStart, "kari")
		}, []string{"Kari Nordmann", "bare for dem som står i beredskapsplanen"}},
		{"/varsling", func() string {
			return p.answered(t, "/varsling", userOutsider, chanStart, "")
		}, []string{"bare for dem som står i beredskapsplanen"}},
		{"Vis telefonnumre", func() string {
			return p.press(t, userOutsider, inc.ChannelID, actionShowPhones, inc.ListID)
		}, []string{"Bare de som står i beredskapsplanen kan se telefonnumrene."}},
	}
	phones := planPhones(w.plan)
	for _, c := range cases {
		got := c.do()
		for _, want := range c.want {
			if !strings.Contains(got, want) {
				t.Errorf("%s: svaret nevner ikke %q: %s", c.name, want, got)
			}
		}
		for _, ph := range phones {
			if strings.Contains(got, ph) {
				t.Errorf("%s: svaret viser telefonnummeret %s", c.name, ph)
			}
		}
		if strings.Contains(got, "tel:") {
			t.Errorf("%s: svaret har en tel:-lenke: %s", c.name, got)
		}
	}
	// The form behind «Registrer gjennomført», submitted anyway.
	ephemerals := len(w.fake.Calls("chat.postEphemeral"))
	form := p.submit(t, userOutsider, actionReminderDone, "ovelse-overordnet", chanAnnounce+"/ovelse-overordnet")
	testkit.WaitFor(t, 10*time.Second, "skjemaet ble besvart", func() bool {
		return len(w.fake.Calls("chat.postEphemeral")) > ephemerals
	})
	if eph := w.fake.Calls("chat.postEphemeral")[ephemerals]; eph.Params.Get("user") != userOutsider ||
		!strings.Contains(eph.Params.Get("text"), "Bare den ansvarlige (<@U0KRISE003>) eller beredskapskoordinator kan registrere den som gjennomført.") {
		t.Errorf("skjemaet: kvittering %s, svar %v", form, eph.Params)
	}
	w.waitDelivered(t, 20*time.Second) // anything wrongly queued is posted by now
	if after := w.snapshot(t); after != before {
		t.Errorf("databasen endret seg:\nfør:\n%s\netter:\n%s", before, after)
	}
	if now := w.posts(); len(now) != posted {
		for _, c := range now[posted:] {
			t.Errorf("postet etter avslag: %s %s", c.Method, callText(c))
		}
	}
	// The administrator sees the attempts, never what was typed.
	log := p.answered(t, "/beredskap", userAdmin, chanStart, "avvisninger")
	if !strings.Contains(log, "<@"+userOutsider+">") {
		t.Errorf("avvisningsloggen nevner ikke %s: %s", userOutsider, log)
	}
	if strings.Contains(log, "Vi holder rådhuset åpent") || strings.Contains(log, "Brann i rådhuset") {
		t.Errorf("avvisningsloggen viser hva som ble skrevet: %s", log)
	}
	if got := p.answered(t, "/beredskap", userOutsider, chanStart, "avvisninger"); !strings.Contains(got, "Bare ") || strings.Contains(got, userOutsider+">:") {
		t.Errorf("avvisningsloggen for en utenfor planen: %s", got)
	}
}

// The kriseleder (the holder now), the opener and an administrator can
// each do what the outsider could not; a button naming another incident
// than the channel's is refused.
func TestLeaderOpenerAndAdminAllowed(t *testing.T) {
	w := newWorld(t)
	p := w.start()

	// The kriseleder: meeting, correction, close.
	a := p.openChannel(t, userOpener, "Strømbrudd i sentrum", "Strømbrudd i sentrum")
	if got := p.answered(t, "/beredskap", userLeader, a.ChannelID, "møte "+inAnHour(t)); !strings.Contains(got, "statusmøte") {
		t.Errorf("møte av kriseleder: %s", got)
	}
	if ms, err := w.store().Meetings(t.Context(), a.ID); err != nil || len(ms) != 1 {
		t.Errorf("møter = %+v, %v", ms, err)
	}
	p.answered(t, "/beredskap", userOther, a.ChannelID, "logg Aggregatet startes")
	es := w.entries(t, a.ID)
	other := es[len(es)-1].Seq
	if got := p.answered(t, "/beredskap", userLeader, a.ChannelID, fmt.Sprintf("korriger %d Aggregatet startes kl. 12", other)); !strings.Contains(got, "loggført") {
		t.Errorf("korriger av kriseleder: %s", got)
	}

	// The kriseleder takes a role someone else holds (a handover).
	loggforer := w.plan.Role("loggforer")
	if loggforer == nil || len(loggforer.Holders) == 0 {
		t.Fatal("the example plan has no loggfører card with a holder")
	}
	p.press(t, userLeader, a.ChannelID, actionTakeRole, fmt.Sprintf("%d:%s", a.ID, loggforer.ID))
	if !w.holdsRole(t, a.ID, loggforer.ID, userLeader) {
		t.Error("kriseleder fikk ikke overta loggførerrollen")
	}
	// A plan member sees the numbers behind «Vis telefonnumre».
	kariPhone := w.plan.Contact("kari-nordmann").Phones[0]
	if got := p.press(t, userLeader, a.ChannelID, actionShowPhones, a.ListID); !strings.Contains(got, "tel:"+kariPhone) {
		t.Errorf("«Vis telefonnumre» for kriseleder: %s", got)
	}

	// A button of incident b pressed in a's channel.
	b := p.openChannel(t, userOpener, "Bortfall av ekom", "Bortfall av ekom")
	before := w.snapshot(t)
	got := p.press(t, userLeader, a.ChannelID, actionTakeRole, fmt.Sprintf("%d:loggforer", b.ID))
	if !strings.Contains(got, "hører ikke til hendelsen i denne kanalen") {
		t.Errorf("knapp for en annen hendelse: %s", got)
	}
	if after := w.snapshot(t); after != before {
		t.Errorf("knapp for en annen hendelse endret databasen:\n%s\n%s", before, after)
	}

	if got := p.answered(t, "/beredskap", userLeader, a.ChannelID, "avslutt bekreft Strømmen er tilbake"); w.incident(t, a.ID).Open() {
		t.Errorf("kriseleder fikk ikke avsluttet: %s", got)
	}

	// The opener (no role of the plan's kriseleder card): give a role, set
	// the meeting, close.
	if got := p.answered(t, "/beredskap", userOpener, b.ChannelID, "rolle kriseleder <@"+userOther+">"); !w.holdsRole(t, b.ID, "kriseleder", userOther) {
		t.Errorf("åpner fikk ikke tildelt kriseleder: %s", got)
	}
	if got := p.answered(t, "/beredskap", userOpener, b.ChannelID, "møte "+inAnHour(t)); !strings.Contains(got, "statusmøte") {
		t.Errorf("møte av åpner: %s", got)
	}
	// Kari is kriseleder no longer in b: her close is refused, naming
	// the holder now.
	if got := p.answered(t, "/beredskap", userLeader, b.ChannelID, "avslutt bekreft"); !w.incident(t, b.ID).Open() || !strings.Contains(got, "Bare ") {
		t.Errorf("tidligere kriseleder avsluttet eller fikk uklart svar: %s", got)
	}
	if got := p.answered(t, "/beredskap", userOpener, b.ChannelID, "avslutt bekreft Ekom er tilbake"); w.incident(t, b.ID).Open() {
		t.Errorf("åpner fikk ikke avsluttet: %s", got)
	}

	// The administrator: take the held kriseleder role, correct someone
	// else's line, set the meeting, record an exercise, close.
	c := p.openChannel(t, userOpener, "Flom i Elvegata", "Flom i Elvegata")
	p.press(t, userAdmin, c.ChannelID, actionTakeRole, fmt.Sprintf("%d:kriseleder", c.ID))
	if !w.holdsRole(t, c.ID, "kriseleder", userAdmin) || w.holdsRole(t, c.ID, "kriseleder", userLeader) {
		t.Errorf("administrator overtok ikke kriselederrollen")
	}
	es = w.entries(t, c.ID)
	if last := es[len(es)-1].Text; !strings.Contains(last, "overført fra") {
		t.Errorf("overtakelsen er logget som %q", last)
	}
	p.answered(t, "/beredskap", userOther, c.ChannelID, "logg Vannstanden stiger")
	es = w.entries(t, c.ID)
	if got := p.answered(t, "/beredskap", userAdmin, c.ChannelID, fmt.Sprintf("korriger %d Vannstanden synker", es[len(es)-1].Seq)); !strings.Contains(got, "loggført") {
		t.Errorf("korriger av administrator: %s", got)
	}
	if got := p.answered(t, "/beredskap", userAdmin, c.ChannelID, "møte "+inAnHour(t)); !strings.Contains(got, "statusmøte") {
		t.Errorf("møte av administrator: %s", got)
	}
	if got := p.answered(t, "/beredskap", userAdmin, chanStart, "øvelse registrer ovelse-strom-sentrum"); !strings.Contains(got, "registrert gjennomført") {
		t.Errorf("øvelse registrert av administrator: %s", got)
	}
	forms := len(w.fake.Calls("views.open"))
	p.press(t, userAdmin, chanAnnounce, actionReminderDone, "ovelse-varsling|") // owned by per-provesen
	if len(w.fake.Calls("views.open")) != forms+1 {
		t.Error("«Registrer gjennomført» åpnet ikke skjemaet for administratoren")
	}
	if got := p.answered(t, "/beredskap", userOpener, chanStart, "øvelse registrer ovelse-varsling"); !strings.Contains(got, "registrert gjennomført") {
		t.Errorf("øvelse registrert av eieren: %s", got)
	}
	if got := p.answered(t, "/beredskap", userAdmin, c.ChannelID, "avslutt bekreft Vannet har trukket seg tilbake"); w.incident(t, c.ID).Open() {
		t.Errorf("administrator fikk ikke avsluttet: %s", got)
	}

	// Phone numbers for a plan member.
	kari := w.plan.Contact("kari-nordmann")
	if got := p.answered(t, "/kontakt", userLeader, chanStart, "kari"); !strings.Contains(got, strings.ReplaceAll(kari.Phones[0], " ", "")) && !strings.Contains(got, kari.Phones[0]) {
		t.Errorf("/kontakt for kriseleder viser ikke nummeret %s: %s", kari.Phones[0], got)
	}
}

// Channel membership comes from Slack (conversations.members through the
// bot's Directory): a Slack user outside the plan whom the fake has in a
// private incident's channel sees the incident and may log in it; one
// the fake does not have in it can neither see it nor act on it.
func TestChannelMembershipFromSlack(t *testing.T) {
	const stranger = "U0UTENFOR2"
	w := newWorld(t)
	w.fake.AddUser(userOutsider, "utenfor", "utenfor@example.org")
	w.fake.AddUser(stranger, "fremmed", "fremmed@example.org")
	p := w.start()

	const title = "Trusler mot ansatt på servicetorget"
	inc := p.openChannel(t, userOpener, "--privat "+title, title)
	w.fake.AddMember(inc.ChannelID, userOutsider)
	asked := len(w.fake.Calls("conversations.members"))

	if got := p.answered(t, "/beredskap", userOutsider, chanStart, "liste"); !strings.Contains(got, title) {
		t.Errorf("kanalmedlem utenfor planen ser ikke den skjermede hendelsen i liste: %s", got)
	}
	if got := p.answered(t, "/beredskap", userOutsider, inc.ChannelID, "logg Vakt satt inn ved inngangen"); !strings.Contains(got, "loggført") {
		t.Errorf("kanalmedlem utenfor planen fikk ikke loggføre: %s", got)
	}
	if got := p.answered(t, "/beredskap", stranger, chanStart, "liste"); strings.Contains(got, title) {
		t.Errorf("en som ikke er i kanalen ser den skjermede hendelsen: %s", got)
	}
	before := w.snapshot(t)
	// Only members can type in a private channel, so a stranger reaches
	// the incident by a button on a message shown to them: for them it
	// does not exist, and the press is refused without a word of it.
	if got := p.press(t, stranger, inc.ChannelID, ui.ActionTakeRole, fmt.Sprintf("%d:loggforer", inc.ID)); strings.Contains(got, title) || strings.Contains(got, inc.ChannelName) || strings.Contains(got, "overført") {
		t.Errorf("en som ikke er i kanalen: %s", got)
	}
	if after := w.snapshot(t); after != before {
		t.Errorf("avslaget endret databasen:\n%s\n%s", before, after)
	}
	n := 0
	for _, c := range w.fake.Calls("conversations.members")[asked:] {
		if c.Params.Get("channel") == inc.ChannelID {
			n++
		}
	}
	if n == 0 {
		t.Error("boten spurte ikke Slack (conversations.members) om hvem som er i kanalen")
	}
}
