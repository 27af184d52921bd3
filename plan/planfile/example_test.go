package planfile

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/nyaruka/phonenumbers"
)

// exampleToday is the date the example årshjul is written against.
var exampleToday = plan.Date{Year: 2026, Month: 11, Day: 22}

// mustLoadExample loads an embedded example and fails the test, listing
// every diagnostic, if it has any error.
func mustLoadExample(t *testing.T, name string) *plan.Plan {
	t.Helper()
	p, ds := LoadExample(name)
	if ds.HasErrors() {
		t.Fatalf("eksempelet %q har feil:\n%s", name, ds)
	}
	if p == nil {
		t.Fatalf("LoadExample(%q) returned a nil plan", name)
	}
	return p
}

func findRole(p *plan.Plan, id string) *plan.Role {
	for _, r := range p.Roles {
		if r.ID == id {
			return r
		}
	}
	return nil
}

func findCard(p *plan.Plan, id string) *plan.ActionCard {
	for _, c := range p.Cards {
		if c.ID == id {
			return c
		}
	}
	return nil
}

func findContact(p *plan.Plan, id string) *plan.Contact {
	for _, c := range p.Contacts {
		if c.ID == id {
			return c
		}
	}
	return nil
}

func findTemplate(p *plan.Plan, id string) *plan.Template {
	for _, m := range p.Templates {
		if m.ID == id {
			return m
		}
	}
	return nil
}

func TestExampleNames(t *testing.T) {
	want := []string{"flowstop", "kommune"}
	if got := ExampleNames(); !reflect.DeepEqual(got, want) {
		t.Fatalf("ExampleNames() = %v, want %v", got, want)
	}
}

func TestExamplesLoadWithoutErrors(t *testing.T) {
	for _, name := range ExampleNames() {
		t.Run(name, func(t *testing.T) {
			_, ds := LoadExample(name)
			if ds.HasErrors() {
				t.Fatalf("eksempelet %q har feil:\n%s", name, ds)
			}
			// Warnings are allowed, but an example should not need many.
			if w := ds.Warnings(); len(w) > 3 {
				t.Errorf("eksempelet %q har %d advarsler:\n%s", name, len(w), w)
			} else if len(w) > 0 {
				t.Logf("advarsler:\n%s", w)
			}
		})
	}
}

func TestExampleFSUnknownName(t *testing.T) {
	for _, name := range []string{"", "ukjent", "Kommune", "kommune/rollekort", "../example", ".", "example"} {
		t.Run(name, func(t *testing.T) {
			fsys, err := ExampleFS(name)
			if !errors.Is(err, ErrUnknownExample) {
				t.Fatalf("ExampleFS(%q) error = %v, want ErrUnknownExample", name, err)
			}
			if fsys != nil {
				t.Errorf("ExampleFS(%q) returned a file system with the error", name)
			}
			if !strings.Contains(err.Error(), "kommune") {
				t.Errorf("error %q does not list the valid names", err)
			}
			p, ds := LoadExample(name)
			if p != nil || !ds.HasErrors() {
				t.Errorf("LoadExample(%q) = %v, %v; want nil plan and an error", name, p, ds)
			}
		})
	}
}

func TestExampleRequiredContent(t *testing.T) {
	tests := []struct {
		name      string
		kind      plan.OrgKind
		roles     []string
		cards     []string
		templates []string
	}{
		{
			name:      "kommune",
			kind:      plan.OrgMunicipality,
			roles:     []string{"kriseleder", "strategisk-koordinator", "loggforer", "informasjonsansvarlig", "kommuneoverlege"},
			cards:     []string{"strom", "ekom", "vann", "evakuering", "it"},
			templates: []string{"holding-statement", "holding-statement-sporsmal"},
		},
		{
			name:      "flowstop",
			kind:      plan.OrgCompany,
			roles:     []string{"daglig-leder", "lageransvarlig", "kundeservice", "it-kontakt"},
			cards:     []string{"produktfeil", "it", "fravaer"},
			templates: []string{"holding-statement", "holding-statement-sporsmal"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustLoadExample(t, tt.name)
			if p.Org.Kind != tt.kind {
				t.Errorf("type = %q, want %q", p.Org.Kind, tt.kind)
			}
			if p.Org.TimeZone != "Europe/Oslo" || p.Org.Region != "NO" {
				t.Errorf("tidssone/region = %q/%q, want Europe/Oslo/NO", p.Org.TimeZone, p.Org.Region)
			}
			if len(p.Org.Revisions) == 0 {
				t.Error("revision log is empty")
			}
			for _, id := range tt.roles {
				if findRole(p, id) == nil {
					t.Errorf("rollekort %q mangler", id)
				}
			}
			for _, id := range tt.cards {
				if findCard(p, id) == nil {
					t.Errorf("tiltakskort %q mangler", id)
				}
			}
			for _, id := range tt.templates {
				if findTemplate(p, id) == nil {
					t.Errorf("mal %q mangler", id)
				}
			}
			for _, r := range p.Roles {
				if len(r.Holders) == 0 || len(r.Deputies) == 0 {
					t.Errorf("rollekort %q: innehavere %v, stedfortreder %v; want both", r.ID, r.Holders, r.Deputies)
				}
			}
			if len(p.Functions) < 4 {
				t.Errorf("%d kritiske funksjoner, want at least 4", len(p.Functions))
			}
			if len(p.ROS) < 4 {
				t.Errorf("%d ROS-rader, want at least 4", len(p.ROS))
			}
			wantEval := []string{"Hva fungerte?", "Hva må forbedres?", "Hvilke endringer i planen?"}
			if !reflect.DeepEqual(p.Meetings.Evaluation, wantEval) {
				t.Errorf("evaluering = %q, want %q", p.Meetings.Evaluation, wantEval)
			}
			var status []string
			for _, a := range p.Meetings.Status {
				status = append(status, a.Heading)
			}
			wantStatus := []string{"Situasjon", "Potensial", "Plan", "Samarbeid og samordning", "Budskap", "Fokus"}
			if !reflect.DeepEqual(status, wantStatus) {
				t.Errorf("statusmøte = %q, want %q", status, wantStatus)
			}
		})
	}
}

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

// The årshjul is written so that, on 2026-11-22, nothing is overdue and
// something is coming up, which is what a coordinator's year looks like.
func TestExampleScheduleNotOverdue(t *testing.T) {
	tests := []struct {
		name         string
		wantDueSoon  bool // something due within 90 days
		wantExercise int  // months between exercises of the whole plan
	}{
		{"kommune", true, 24},
		{"flowstop", false, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustLoadExample(t, tt.name)
			if w := ScheduleWarnings(p, exampleToday.In(p.Location).Add(12*time.Hour)); len(w) > 0 {
				t.Errorf("ScheduleWarnings on %v:\n%s", exampleToday, w)
			}
			soon := exampleToday.AddMonths(3)
			dueSoon := false
			check := func(id string, last plan.Date, months int) {
				if last.IsZero() || months <= 0 {
					t.Errorf("%s: sist_gjennomfort %v, intervall %d", id, last, months)
					return
				}
				due := last.AddMonths(months)
				if due.Before(exampleToday) {
					t.Errorf("%s is overdue on %v (due %v)", id, exampleToday, due)
				}
				if due.Before(soon) {
					dueSoon = true
				}
			}
			var planEx, ros bool
			for _, e := range p.Exercises {
				check(e.ID, e.LastDone, e.IntervalMonths)
				if e.IntervalMonths == tt.wantExercise {
					planEx = true
				}
			}
			for _, r := range p.Reviews {
				check(r.ID, r.LastDone, r.IntervalMonths)
				if r.Kind == plan.ReviewPlan && r.IntervalMonths != 12 {
					t.Errorf("%s: plan revised every %d months, want 12", r.ID, r.IntervalMonths)
				}
				if r.Kind == plan.ReviewROS {
					ros = r.IntervalMonths == 48
				}
			}
			if !planEx {
				t.Errorf("no exercise every %d months", tt.wantExercise)
			}
			if tt.name == "kommune" && !ros {
				t.Error("no ROS review every 48 months")
			}
			if tt.wantDueSoon && !dueSoon {
				t.Error("nothing due within 90 days; the example årshjul looks empty")
			}
		})
	}
}
