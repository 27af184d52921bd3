package delivery

import (
	"strings"
	"testing"
	"unicode"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// norwegianOnly are words of the deliverer's own posts that a Swedish or
// English user must not meet.
var norwegianOnly = []string{"ikke", "loggført", "beslutning", "hendelse", "åpnet", "avsluttet",
	"startet", "sjekkliste", "evaluering", "varslingsliste", "telefonnumre", "skjermet"}

// swedishOnly are words an English user must not meet.
var swedishOnly = []string{"av", "händelse", "öppnad", "loggförd", "kl", "avslutad", "startad"}

// The deliverer's posts for an incident of a Swedish or English plan: the
// channel's name, the announcement, the topics, the list, the echo and
// what is posted at closing follow the plan's language.
func TestDeliverInPlanLanguage(t *testing.T) {
	for _, tt := range []struct {
		lang                                      i18n.Lang
		prefix, announce, topic, list, echo, done string
		closing                                   []string
	}{
		{i18n.Swedish, "kris-20261122-stromavbrott", "Händelse öppnad:", "Startad 2026-11-22 kl. 14.00", "Larmlista:", "loggförd 14.00 av",
			"AVSLUTAD – Strömavbrott", []string{"Checklista för återgång till normal drift", "Avslutad 2026-11-22 kl. 14.00", "Utvärdering", "Svara på utvärderingen"}},
		{i18n.English, "incident-20261122-stromavbrott", "Incident opened:", "Started 2026-11-22 14:00", "Notification list:", "logged 14:00 by",
			"CLOSED – Strömavbrott", []string{"Checklist for return to normal operation", "Closed 2026-11-22 14:00", "Evaluation", "Answer the evaluation"}},
	} {
		t.Run(string(tt.lang), func(t *testing.T) {
			h := newOBHarness(t)
			h.plan.Lang = tt.lang
			inc, _, err := h.db.CreateIncident(h.ctx, incident.NewIncident{Title: "Strömavbrott", Kind: incident.KindIncident,
				ListID: "kriseledelse", OpenedBy: obOpener})
			if err != nil {
				t.Fatal(err)
			}
			h.deliver()
			seq := h.logDecision(inc.ID, "Öppna reservlokalen.")
			h.deliver()
			ch := h.channel(inc.ID)
			if ch.Name != tt.prefix {
				t.Errorf("channel %q, want %q", ch.Name, tt.prefix)
			}
			if !strings.Contains(ch.Topic, tt.topic) {
				t.Errorf("topic %q, want %q in it", ch.Topic, tt.topic)
			}
			ann, _ := h.fake.Channel(obAnnounce)
			posts := messagesWith(ann, tt.announce)
			if len(posts) != 1 {
				t.Fatalf("announcement %q in %d posts of %v", tt.announce, len(posts), ann.Messages)
			}
			assertNoNorwegian(t, tt.lang, "announcement", posts[0].Text)
			if len(messagesWith(ch, tt.list)) == 0 {
				t.Errorf("no list post with %q", tt.list)
			}
			echo := messagesWith(ch, tt.echo)
			if len(echo) != 1 || !strings.Contains(echo[0].Text, "#"+itoa(seq)) {
				t.Fatalf("echo %q in %v", tt.echo, echo)
			}
			assertNoNorwegian(t, tt.lang, "echo", echo[0].Text)
			assertNoNorwegian(t, tt.lang, "topic", ch.Topic)

			if _, _, err := h.db.CloseIncident(h.ctx, inc.ID, obOpener, "Strömmen är tillbaka."); err != nil {
				t.Fatal(err)
			}
			h.deliver()
			ch = h.channel(inc.ID)
			if ch.Topic != tt.done {
				t.Errorf("closed topic %q, want %q", ch.Topic, tt.done)
			}
			for _, want := range tt.closing {
				if n := len(messagesWith(ch, want)); n != 1 {
					t.Errorf("%q in %d posts, want 1", want, n)
				}
			}
		})
	}
}

func itoa(n int) string {
	var b []byte
	for ; n > 0 || len(b) == 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// assertNoNorwegian fails when text has one of norwegianOnly (and, in
// English, of swedishOnly) or the letters æ and ø.
func assertNoNorwegian(t *testing.T, lang i18n.Lang, what, text string) {
	t.Helper()
	bad := norwegianOnly
	if lang == i18n.English {
		bad = append(append([]string{}, norwegianOnly...), swedishOnly...)
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		for _, bad := range bad {
			if w == bad {
				t.Errorf("%s: %q in %q", what, bad, text)
			}
		}
	}
	if strings.ContainsAny(text, "æøÆØ") {
		t.Errorf("%s: Norwegian letters in %q", what, text)
	}
}
