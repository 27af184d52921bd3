package delivery

import (
	"slices"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

func TestDeliverOpenedSetsUpChannel(t *testing.T) {
	h := newOBHarness(t)
	inc := h.open("Strømbrudd i sentrum", "strom", false)
	if n := h.deliver(); n < 3 { // opened, the role echo, the announcement
		t.Fatalf("leverte %d elementer, vil ha minst 3", n)
	}
	if n := h.pending(); n != 0 {
		t.Fatalf("%d elementer igjen i utboksen", n)
	}

	got := h.incident(inc.ID)
	if got.ChannelName != "beredskap-20261122-strombrudd-i-sentrum" {
		t.Errorf("kanalnavn %q", got.ChannelName)
	}
	ch := h.channel(inc.ID)
	if ch.Name != got.ChannelName || !ch.Private {
		t.Errorf("kanal %q privat=%v, vil ha %q privat (standard)", ch.Name, ch.Private, got.ChannelName)
	}

	// Invited: the opener, the list's Slack users, Jonas found by e-mail.
	for _, u := range []string{obOpener, "U0KRISE001", "U0KRISE003", "U0KRISE002", obJonas} {
		if !slices.Contains(ch.Members, u) {
			t.Errorf("%s er ikke medlem av kanalen (medlemmer %v)", u, ch.Members)
		}
	}
	if slices.Contains(ch.Members, "U0KRISE017") {
		t.Error("Ida Itsen (ukjent Slack-bruker) er medlem")
	}
	if calls := h.fake.Calls("users.lookupByEmail"); len(calls) != 2 { // Jonas and Per
		t.Errorf("users.lookupByEmail kalt %d ganger, vil ha 2", len(calls))
	}
	if id, ok, err := h.db.CachedSlackUser(h.ctx, "Jonas.Demo@eksempel.kommune.no"); err != nil || !ok || id != obJonas {
		t.Errorf("mellomlagret Slack-bruker = %q %v %v", id, ok, err)
	}

	// The varslingsliste, posted once and pinned once.
	lists := messagesWith(ch, "Varslingsliste: Kriseledelsen")
	if len(lists) != 1 {
		t.Fatalf("%d varslingslister, vil ha 1", len(lists))
	}
	if !slices.Equal(ch.Pins, []string{lists[0].TS}) {
		t.Errorf("festet %v, vil ha bare varslingslista %s", ch.Pins, lists[0].TS)
	}

	// Topic: title · kriseleder · start time.
	if want := "Strømbrudd i sentrum · Kriseleder: Kari Nordmann · Startet 22.11.2026 kl. 14:00"; ch.Topic != want {
		t.Errorf("emne %q, vil ha %q", ch.Topic, want)
	}

	for _, want := range []string{"Agenda for førstemøtet", "Tiltakskort: Strømbrudd", "Utført (1)"} {
		if n := len(messagesWith(ch, want)); n != 1 {
			t.Errorf("%q i %d meldinger, vil ha 1", want, n)
		}
	}

	// Those who could not be invited, with phone numbers.
	if n := len(messagesWith(ch, "ring dem")); n != 0 {
		t.Errorf("\"ring dem\" postet i kanalen %d ganger; skal bare gå som direktemelding", n)
	}
	dm, _ := h.fake.Channel(h.fake.OpenDM(obOpener))
	missing := messagesWith(dm, "ring dem")
	if len(missing) != 1 {
		t.Fatalf("%d lister over dem som ikke ble invitert, vil ha 1", len(missing))
	}
	text := msgText(missing[0])
	per := h.plan.Contact("per-provesen")
	for _, want := range []string{"Per Prøvesen", "<tel:+4790000104|" + per.PhoneDisplay[0] + ">", "Ida Itsen", "tel:+4790000117"} {
		if !strings.Contains(text, want) {
			t.Errorf("lista over dem som ikke ble invitert mangler %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Kari Nordmann") || strings.Contains(text, "Jonas Demo") {
		t.Errorf("lista nevner noen som ble invitert:\n%s", text)
	}

	// The role assignment is echoed after the setup.
	if n := len(messagesWith(ch, "Rolle #2 loggført")); n != 1 {
		t.Errorf("rolle-ekko %d ganger, vil ha 1", n)
	}
	assertNoDuplicates(t, ch)

	// Announced in the team channel with a link to the channel.
	ann, _ := h.fake.Channel(obAnnounce)
	link := "<#" + ch.ID + "|" + ch.Name + ">"
	if n := len(messagesWith(ann, link)); n != 1 || len(ann.Messages) != 1 {
		t.Errorf("kunngjøringskanalen har %d meldinger, %d med lenken %s", len(ann.Messages), n, link)
	}
	if n := len(messagesWith(ann, "Strømbrudd i sentrum")); n != 1 {
		t.Errorf("kunngjøringen nevner ikke tittelen")
	}

	// A second pass finds nothing to do.
	before := len(h.fake.Calls())
	if n := h.deliver(); n != 0 {
		t.Errorf("andre runde leverte %d", n)
	}
	if after := len(h.fake.Calls()); after != before {
		t.Errorf("andre runde gjorde %d Slack-kall", after-before)
	}
}

func TestDeliverOpenedNameTaken(t *testing.T) {
	h := newOBHarness(t)
	h.fake.AddChannel("C0TAKEN01", "beredskap-20261122-vannlekkasje")
	h.fake.AddChannel("C0TAKEN02", "beredskap-20261122-vannlekkasje-2")
	inc := h.open("Vannlekkasje", "", false)
	h.deliver()
	got := h.incident(inc.ID)
	if got.ChannelName != "beredskap-20261122-vannlekkasje-3" || got.ChannelID == "C0TAKEN01" || got.ChannelID == "C0TAKEN02" {
		t.Errorf("kanal %s %q, vil ha en ny med navnet …-3", got.ChannelID, got.ChannelName)
	}
	if ch := h.channel(inc.ID); ch.Creator != fakeslack.BotUserID {
		t.Errorf("kanalen er laget av %q", ch.Creator)
	}
	var taken int
	for _, c := range h.fake.Calls("conversations.create") {
		if c.Error == "name_taken" {
			taken++
		}
	}
	if taken != 2 {
		t.Errorf("%d name_taken, vil ha 2", taken)
	}
}

func TestDeliverOpenedPrivate(t *testing.T) {
	h := newOBHarness(t)
	inc := h.open("Trusselvurdering ansatt", "", true)
	h.deliver()
	ch := h.channel(inc.ID)
	if !ch.Private {
		t.Error("kanalen er ikke privat")
	}
	// A skjermet incident does not exist outside its channel: no
	// announcement at all.
	if ann, _ := h.fake.Channel(obAnnounce); len(ann.Messages) != 0 {
		t.Errorf("en skjermet hendelse ble kunngjort: %v", ann.Messages)
	}
}

func TestDeliverOpenedWithoutAnnounceChannel(t *testing.T) {
	h := newOBHarness(t, func(c *DelivererConfig) { c.AnnounceChannel = "" })
	inc := h.open("Strømbrudd", "", false)
	h.deliver()
	if h.pending() != 0 {
		t.Fatal("utboksen er ikke tom")
	}
	if ann, _ := h.fake.Channel(obAnnounce); len(ann.Messages) != 0 {
		t.Errorf("kunngjort uten BEREDSKAP_CHANNEL: %v", ann.Messages)
	}
	if len(messagesWith(h.channel(inc.ID), "Varslingsliste")) != 1 {
		t.Error("varslingslista mangler")
	}
}
