package e2e_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
)

// Users of the private-incident test.
const (
	userPrivOpener = "U0KRISE007" // Anne Fiktiv: in the default list, owns nothing in the årshjul
	userPlanOnly   = "U0KRISE008" // Lars Eksempelsen: in the plan, not in the default list
)

// runReminders runs `beredskapsbot reminders run --now at` against the
// world's database while the bot serves it, and waits until what it
// queued is delivered.
func (w *world) runReminders(t testing.TB, at time.Time) string {
	t.Helper()
	cmd := exec.Command(testkit.Binary(t), "reminders", "run", "--now", at.Format("2006-01-02T15:04"))
	cmd.Dir = w.dir
	cmd.Env = w.env(testkit.FreeAddr(t))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("reminders run: %v: %s", err, out)
	}
	w.waitDue(t, 60*time.Second)
	return string(out)
}

// A private incident does not exist for those outside its channel:
// nothing a non-member gets, typed or posted, names its title, its
// channel or who opened it.
func TestPrivateIncidentHiddenFromNonMembers(t *testing.T) {
	w := newWorld(t)
	w.fake.AddUser(userOutsider, "utenfor", "utenfor@example.org")
	for _, id := range []string{userPrivOpener, userPlanOnly} {
		if w.plan.ContactBySlack(id) == nil {
			t.Fatalf("%s is not in the example plan any more", id)
		}
	}
	p := w.start()

	const title = "Mistanke om overgrep ved Solsiden sykehjem"
	inc := p.openChannel(t, userPrivOpener, "--privat "+title, title)
	w.waitDelivered(t, 20*time.Second)
	ch := w.channel(t, inc)
	if !ch.Private || !inc.Private {
		t.Fatalf("kanalen %s er ikke privat (%v, %v)", ch.Name, ch.Private, inc.Private)
	}
	for _, u := range []string{userOutsider, userPlanOnly} {
		if slices.Contains(ch.Members, u) {
			t.Fatalf("%s ble invitert til den skjermede kanalen", u)
		}
	}
	// A follow-up of the incident, due before the reminder pass below.
	follow := p.answered(t, "/beredskap", userLeader, inc.ChannelID, "oppfølging Gå gjennom rutinene for nattevakt ola-nordmann "+time.Now().AddDate(0, 0, 2).Format("2006-01-02"))
	if !strings.Contains(follow, "Oppfølging") && !strings.Contains(follow, "oppfølging") {
		t.Fatalf("oppfølging: %s", follow)
	}
	w.waitDelivered(t, 20*time.Second)

	// What the non-members do and get.
	type got struct {
		what, text string
		lists      bool // shows a varslingsliste, where the opener is listed as a contact
	}
	var answers []got
	for _, u := range []string{userOutsider, userPlanOnly} {
		for _, c := range []struct{ slash, channel, text string }{
			{"/beredskap", chanStart, "liste"},
			{"/beredskap", chanStart, "status"},
			{"/beredskap", chanAnnounce, "status"},
			{"/beredskap", chanStart, "logg Vi trenger flere folk"},
			{"/beredskap", chanStart, "møte 14:00"},
			{"/beredskap", chanStart, "avslutt bekreft"},
			{"/beredskap", chanStart, "årshjul"},
			{"/beredskap", chanStart, "oppfølging"},
			{"/beredskap", chanStart, "start --privat " + title},
			{"/beredskap", chanStart, "start " + title},
			{"/beredskap", chanStart, "tull"},
		} {
			answers = append(answers, got{u + " " + c.slash + " " + c.text, p.answered(t, c.slash, u, c.channel, c.text), false})
		}
		answers = append(answers,
			got{u + " /varsling", p.answered(t, "/varsling", u, chanStart, ""), true},
			// Buttons naming the incident, pressed outside its channel.
			got{u + " Ta rollen", p.press(t, u, chanStart, actionTakeRole, itoa(inc.ID)+":kriseleder"), false},
			got{u + " Vis telefonnumre", p.press(t, u, chanStart, actionShowPhones, inc.ListID), true})
	}
	// The reminder pass two years on: every exercise, review and the
	// follow-up are overdue.
	w.runReminders(t, time.Now().AddDate(2, 0, 0))
	// The same title typed again must not have opened a second incident
	// the non-member could see (if it did, its own posts would name it).
	if all, err := w.store().Incidents(t.Context()); err != nil || len(all) != 1 {
		t.Fatalf("hendelser etter ny start med samme tittel: %d, %v", len(all), err)
	}

	secrets := []string{title, "Solsiden", inc.ChannelName, inc.ChannelID}
	opener := []string{"<@" + userPrivOpener + ">", "Anne Fiktiv"}
	leak := func(where, text string, secrets []string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s nevner %q:\n%.600s", where, s, text)
			}
		}
	}
	for _, a := range answers {
		if strings.Contains(a.text, "rutinene for nattevakt") {
			t.Errorf("svaret på «%s» viser oppfølgingen av den skjermede hendelsen: %.600s", a.what, a.text)
		}
		leak("svaret på «"+a.what+"»", a.text, secrets)
		if !a.lists {
			leak("svaret på «"+a.what+"»", a.text, opener)
		}
	}
	// Every call to Slack that a non-member could see: anything posted to
	// a channel other than the private one and the direct messages of its
	// members. (The opener in the announcement: see
	// TestPrivateAnnouncementNamesNoOpener.)
	for _, c := range w.callsSeenOutside(inc) {
		leak(c.Method+" til "+callChannel(c), callText(c), secrets)
	}
	ann, _ := w.fake.Channel(chanAnnounce)
	if len(ann.Messages) == 0 {
		t.Error("ingen kunngjøring i BEREDSKAP_CHANNEL")
	}
}

// callsSeenOutside returns the recorded calls to Slack whose content
// someone outside inc's channel could see: everything but what goes to
// its channel, to its members' direct messages and to response_urls
// (the non-members' answers are checked by the test itself).
func (w *world) callsSeenOutside(inc incident.Incident) []fakeslack.Call {
	ch, _ := w.fake.Channel(inc.ChannelID)
	var out []fakeslack.Call
	for _, c := range w.fake.Calls() {
		switch c.Method {
		case fakeslack.MethodResponseURL, "conversations.create", "conversations.members", "conversations.info", "conversations.invite", "conversations.setTopic", "conversations.open", "pins.add", "users.info":
			continue // answers, or about the private channel itself
		}
		target, _ := w.resolve(callChannel(c))
		if target.ID == inc.ChannelID {
			continue
		}
		if target.DMUser != "" && slices.Contains(ch.Members, target.DMUser) {
			continue
		}
		if c.Method == "chat.postEphemeral" && slices.Contains(ch.Members, c.Params.Get("user")) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// A private (skjermet) incident does not exist for those outside its
// channel: nothing is announced in BEREDSKAP_CHANNEL, so neither its
// title, its channel nor its opener is named there.
func TestPrivateAnnouncementNamesNoOpener(t *testing.T) {
	w := newWorld(t)
	p := w.start()
	inc := p.openChannel(t, userPrivOpener, "--privat Sak om ansatt", "Sak om ansatt")
	w.waitDelivered(t, 20*time.Second)
	for _, c := range w.callsSeenOutside(inc) {
		if strings.Contains(callText(c), userPrivOpener) || strings.Contains(callText(c), "Anne Fiktiv") {
			t.Errorf("%s til %s nevner den som åpnet: %s", c.Method, callChannel(c), callText(c))
		}
	}
}

// A follow-up of a private incident, hidden from a non-member, is not
// counted in their /beredskap oppfølging, as open or as closed.
func TestHiddenFollowUpNotCountedAsClosed(t *testing.T) {
	w := newWorld(t)
	p := w.start()
	inc := p.openChannel(t, userPrivOpener, "--privat Sak om ansatt", "Sak om ansatt")
	p.answered(t, "/beredskap", userLeader, inc.ChannelID, "oppfølging Gå gjennom rutinene ola-nordmann "+time.Now().AddDate(0, 0, 2).Format("2006-01-02"))
	if got := p.answered(t, "/beredskap", userPlanOnly, chanStart, "oppfølging"); strings.Contains(got, "lukket") {
		t.Errorf("en åpen, skjult oppfølging telles som lukket: %s", got)
	}
}
