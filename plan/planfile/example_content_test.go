package planfile

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/nyaruka/phonenumbers"
)

// What the embedded examples say: the content a coordinator copies from.

// The holding statements are the seed's (Statsforvalteren 2025) in substance.
func TestExampleHoldingStatements(t *testing.T) {
	want := map[string][]string{
		"holding-statement": {
			"Vi kan bekrefte at en hendelse har skjedd (tid/sted).",
			"Mer informasjon vil bli publisert på våre nettsider",
			"så snart vi har oppdateringer",
		},
		"holding-statement-sporsmal": {
			"Jeg forstår at du har mange spørsmål, men dette er den informasjonen jeg har nå/vi kan dele nå.",
			"Vi ønsker at vår informasjon skal være korrekt, og ber om forståelse for at vi trenger noe tid for å få denne bekreftet.",
			"Kontakt oss gjerne på et noe senere tidspunkt.",
		},
	}
	for _, name := range ExampleNames() {
		p := mustLoadExample(t, name)
		if p.Lang == i18n.Swedish {
			continue // its own statements: TestSwedishExample
		}
		for id, parts := range want {
			m := findTemplate(p, id)
			if m == nil {
				t.Errorf("%s: mal %q mangler", name, id)
				continue
			}
			for _, s := range parts {
				if !strings.Contains(m.Text, s) {
					t.Errorf("%s: mal %q mangler %q; tekst: %q", name, id, s, m.Text)
				}
			}
		}
	}
}

var norwegianMobileRE = regexp.MustCompile(`^\+47[49][0-9]{7}$`)

func TestKommuneDefaultListReachable(t *testing.T) {
	p := mustLoadExample(t, "kommune")
	var def *plan.NotificationList
	for _, l := range p.Lists {
		if l.Default {
			if def != nil {
				t.Fatalf("two default lists: %q and %q", def.ID, l.ID)
			}
			def = l
		}
	}
	if def == nil {
		t.Fatal("no default varslingsliste")
	}
	seen := map[string]bool{}
	for _, g := range def.Groups {
		for _, id := range g.Contacts {
			seen[id] = true
		}
	}
	if len(seen) < 8 {
		t.Fatalf("default list has %d contacts, want at least 8", len(seen))
	}
	for id := range seen {
		c := findContact(p, id)
		if c == nil {
			t.Errorf("list names unknown contact %q", id)
			continue
		}
		if len(c.Phones) == 0 {
			t.Errorf("%s has no phone", id)
		}
		for _, ph := range c.Phones {
			n, err := phonenumbers.Parse(ph, "NO")
			if !norwegianMobileRE.MatchString(ph) || err != nil || !phonenumbers.IsValidNumber(n) {
				t.Errorf("%s: telefon %q is not a valid Norwegian mobile in E.164", id, ph)
			}
		}
		if !strings.HasSuffix(c.Email, "@eksempel.kommune.no") {
			t.Errorf("%s: epost %q, want @eksempel.kommune.no", id, c.Email)
		}
		if c.SlackID == "" && c.SlackEmail == "" {
			t.Errorf("%s cannot be reached in Slack", id)
		}
	}
	var slackEmailOnly int
	for _, c := range p.Contacts {
		if c.SlackID == "" && c.SlackEmail != "" {
			slackEmailOnly++
		}
	}
	if slackEmailOnly == 0 {
		t.Error("no contact with only slack_epost")
	}
}

func TestStrategicCoordinatorCard(t *testing.T) {
	p := mustLoadExample(t, "kommune")
	r := findRole(p, "strategisk-koordinator")
	if r == nil {
		t.Fatal("rollekort strategisk-koordinator mangler")
	}
	if !strings.Contains(r.Responsibility, "underlagsnotat til kriseledelsen") {
		t.Errorf("ansvar = %q, want the seed's text", r.Responsibility)
	}
	type point struct {
		heading, text string
		sub           []string // required sub-points, in order
	}
	tests := []struct {
		phase  plan.Phase
		points []point
	}{
		{plan.PhaseBeforeFirstMeeting, []point{
			{"Innkalling", "Kall inn til møte etter avklaring med kriseleder.", nil},
			{"Rolleavklaring", "Sikre fagkompetanse.", nil},
			{"Praktisk klargjøring", "Praktisk klargjøring av rom mv.", nil},
		}},
		{plan.PhaseFirstMeeting, []point{
			{"Innledningsvis", "Informer om at alle beslutninger logges.", nil},
			{"Situasjon", "har noen en ulik forståelse av situasjonen?", nil},
			{"Umiddelbare tiltak", "Sikre at beslutninger loggføres.", nil},
			{"Potensial", "potensialet i situasjonen fra et operasjonelt nivå", nil},
			{"Plan", "", []string{
				"Sett fokus, vurder ressursbehov og prioriteringer.",
				"Diskuter iverksetting av beslutninger og implikasjoner for annet arbeid.",
				"Avklar: Hvem gjør hva og når (arbeidsstrømmer)? Hvem varsler interessentene?",
				"Sikre effektiv tidsbruk, tidsriktige beslutninger og delegering av tiltak.",
				"Følg opp at beslutninger blir iverksatt, loggført og formidlet riktig.",
				"Diskuter og avklar budskap utad og internt.",
			}},
			{"Avslutt med fokus", "", []string{
				"Leder for krisestab sikrer tydelig avslutning. De viktigste prioriteringene belyses.",
				"Fastsett tid og sted for neste møte. Sørg for innkalling.",
			}},
		}},
		{plan.PhaseNormalisation, []point{
			{"", "Kriseleder beslutter normalisering. Gjennomfør debrief.", nil},
			{"", "Sikre at demobilisering og normalisering gjennomføres i tråd med planverk.", nil},
			{"", "Sikre oppfølging og evaluering (internt, eksternt).", nil},
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.phase), func(t *testing.T) {
			var items []plan.CheckItem
			for _, ph := range r.Phases {
				if ph.Phase == tt.phase {
					items = append(items, ph.Items...)
				}
			}
			if len(items) != len(tt.points) {
				t.Fatalf("%d points, want %d: %+v", len(items), len(tt.points), items)
			}
			for i, want := range tt.points {
				got := items[i]
				if got.Heading != want.heading {
					t.Errorf("point %d: overskrift %q, want %q", i+1, got.Heading, want.heading)
				}
				if !strings.Contains(got.Text, want.text) {
					t.Errorf("point %d: tekst %q does not contain %q", i+1, got.Text, want.text)
				}
				if want.sub != nil && !reflect.DeepEqual(got.Sub, want.sub) {
					t.Errorf("point %d: underpunkter\n got %q\nwant %q", i+1, got.Sub, want.sub)
				}
			}
		})
	}
}

func TestKommuneActionCards(t *testing.T) {
	p := mustLoadExample(t, "kommune")
	owner := map[string]string{} // folded alias or id → card
	for _, c := range p.Cards {
		owner[plan.Fold(c.ID)] = c.ID
	}
	for _, c := range p.Cards {
		for _, a := range c.Aliases {
			if o, ok := owner[plan.Fold(a)]; ok && o != c.ID {
				t.Errorf("alias %q of %q collides with %q", a, c.ID, o)
			}
			owner[plan.Fold(a)] = c.ID
		}
	}
	for _, id := range []string{"strom", "ekom", "vann", "evakuering", "it"} {
		c := findCard(p, id)
		if c == nil {
			t.Errorf("tiltakskort %q mangler", id)
			continue
		}
		if n := len(c.Steps); n < 6 || n > 10 {
			t.Errorf("%s: %d steg, want 6–10", id, n)
		}
		for i, s := range c.Steps {
			if s.Role == "" {
				t.Errorf("%s: steg %d has no rolle", id, i+1)
			}
		}
		if c.List == "" || len(c.Contacts) == 0 || len(c.Resources) == 0 || c.Responsible == "" {
			t.Errorf("%s: varslingsliste %q, %d kontakter, %d ressurser, ansvarlig %q; want all set", id, c.List, len(c.Contacts), len(c.Resources), c.Responsible)
		}
	}
	strom := findCard(p, "strom")
	if strom == nil {
		t.FailNow()
	}
	for _, a := range []string{"strøm", "strømbrudd", "power"} {
		if owner[plan.Fold(a)] != "strom" {
			t.Errorf("alias %q does not name strom", a)
		}
	}
	var locks bool
	for _, s := range strom.Steps {
		if strings.Contains(s.Text, "elektroniske låser") {
			locks = true
		}
	}
	if !locks {
		t.Error("strom has no step for users with electronic door locks")
	}
}

func TestFlowStopCommunicationRule(t *testing.T) {
	p := mustLoadExample(t, "flowstop")
	const rule = "Kun daglig leder uttaler seg til media"
	found := false
	for _, c := range p.Org.Communication {
		if c == rule {
			found = true
		}
	}
	if !found {
		t.Errorf("kommunikasjon = %q, want %q", p.Org.Communication, rule)
	}
	if len(p.Exercises) == 0 || p.Exercises[0].Name != "IT-feil i ordresystem" || p.Exercises[0].IntervalMonths != 12 {
		t.Errorf("øvelser = %+v, want a yearly «IT-feil i ordresystem»", p.Exercises)
	}
	if len(p.Org.Revisions) == 0 || p.Org.Revisions[0].Date != (plan.Date{Year: 2025, Month: 7, Day: 14}) || p.Org.Revisions[0].Change != "Første versjon" {
		t.Errorf("revisjoner = %+v, want the seed's first version of 14.07.2025 first", p.Org.Revisions)
	}
}
