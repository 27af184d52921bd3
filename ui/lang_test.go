package ui_test

import (
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// swedishPlan is the Swedish test plan (its content is Swedish), in lang.
func swedishPlan(t *testing.T, lang i18n.Lang) *plan.Plan {
	t.Helper()
	p, diags := planfile.LoadDir("../plan/planfile/testdata/sv-valid")
	if p == nil || diags.HasErrors() {
		t.Fatalf("sv-valid: %v", diags.Errors())
	}
	if p.Lang != i18n.Swedish {
		t.Fatalf("sv-valid has Lang %q", p.Lang)
	}
	p.Lang = lang
	return p
}

// norwegianOnly are words a Swedish or English user must not meet.
var norwegianOnly = []string{"ikke", "loggført", "beslutning", "hendelse", "hendelsen", "ansvarlig",
	"uke", "dager", "gyldig", "advarsel", "utsett", "utsatt", "sjekkliste", "tiltakskort",
	"varslingsliste", "avsluttet", "åpnet", "møte", "statusmøte", "øvelse", "gjennomført",
	"frist", "fristen", "skjermet", "telefonnumre", "evaluering", "kryss", "nå", "ennå", "hvis", "og"}

// swedishOnly are words an English user must not meet.
var swedishOnly = []string{"inte", "händelse", "dagar", "påminnelse", "övning", "kl",
	"loggförd", "utvärdering", "avslutad", "öppnad", "larmlista"}

var codeSpan = regexp.MustCompile("`[^`]*`|/(?:beredskap|tiltak|kontakt|kanal)[^\n]*")

// assertLang checks that text holds every word of want and none of the
// words of lang's neighbours, nor (outside commands, which keep their
// bokmål keywords) the letters æ and ø.
func assertLang(t *testing.T, lang i18n.Lang, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s (%s): %q missing in\n%s", what, lang, w, text)
		}
	}
	bad := norwegianOnly
	if lang == i18n.English {
		bad = append(append([]string{}, norwegianOnly...), swedishOnly...)
	}
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(codeSpan.ReplaceAllString(text, " ")), func(r rune) bool { return !unicode.IsLetter(r) }) {
		words[w] = true
	}
	for _, w := range bad {
		if words[w] {
			t.Errorf("%s (%s): %q in\n%s", what, lang, w, text)
		}
	}
	if plain := codeSpan.ReplaceAllString(text, " "); strings.ContainsAny(plain, "æøÆØ") {
		t.Errorf("%s (%s): Norwegian letters in\n%s", what, lang, plain)
	}
}

func TestDatesByLanguage(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Stockholm")
	at := time.Date(2026, 12, 1, 13, 30, 0, 0, time.UTC)
	tests := []struct {
		lang                  i18n.Lang
		stamp, clock, earlier string
	}{
		{i18n.Bokmal, "01.12.2026 kl. 14:30", "14:30", "30.11. 14:30"},
		{i18n.Swedish, "2026-12-01 kl. 14.30", "14.30", "30/11 14.30"},
		{i18n.English, "2026-12-01 14:30", "14:30", "2026-11-30 14:30"},
	}
	for _, tt := range tests {
		if got := ui.StampIn(tt.lang, at, loc); got != tt.stamp {
			t.Errorf("StampIn(%s) = %q, want %q", tt.lang, got, tt.stamp)
		}
		if got := ui.ClockIn(tt.lang, at, at, loc); got != tt.clock {
			t.Errorf("ClockIn(%s) today = %q, want %q", tt.lang, got, tt.clock)
		}
		if got := ui.ClockIn(tt.lang, at.Add(-24*time.Hour), at, loc); got != tt.earlier {
			t.Errorf("ClockIn(%s) yesterday = %q, want %q", tt.lang, got, tt.earlier)
		}
	}
	if ui.StampIn(i18n.Bokmal, at, loc) != ui.StampIn(i18n.Bokmal, at, loc) || ui.ClockIn(i18n.Bokmal, at, at, loc) != "14:30" {
		t.Error("Stamp and Clock are not the bokmål forms")
	}
}

func TestChannelNamesByLanguage(t *testing.T) {
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		lang                        i18n.Lang
		kind                        incident.Kind
		title, want, private, blank string
	}{
		{i18n.Bokmal, incident.KindIncident, "Strømbrudd på Ås", "beredskap-20261201-strombrudd-pa-as", "beredskap-20261201-skjermet-7", "beredskap-20261201-hendelse"},
		{i18n.Bokmal, incident.KindExercise, "Øvelse", "ovelse-20261201-ovelse", "ovelse-20261201-skjermet-7", "ovelse-20261201-hendelse"},
		{i18n.Swedish, incident.KindIncident, "Strömavbrott i Älvsjö", "kris-20261201-stromavbrott-i-alvsjo", "kris-20261201-skyddad-7", "kris-20261201-handelse"},
		{i18n.Swedish, incident.KindExercise, "Övning", "ovning-20261201-ovning", "ovning-20261201-skyddad-7", "ovning-20261201-handelse"},
		{i18n.English, incident.KindIncident, "Power cut", "incident-20261201-power-cut", "incident-20261201-private-7", "incident-20261201-incident"},
		{i18n.English, incident.KindExercise, "Tabletop", "exercise-20261201-tabletop", "exercise-20261201-private-7", "exercise-20261201-incident"},
	}
	for _, tt := range tests {
		if got := ui.ChannelNameIn(tt.lang, tt.kind, tt.title, at, time.UTC); got != tt.want {
			t.Errorf("ChannelNameIn(%s, %q) = %q, want %q", tt.lang, tt.title, got, tt.want)
		}
		if got := ui.PrivateChannelNameIn(tt.lang, tt.kind, "7", at, time.UTC); got != tt.private {
			t.Errorf("PrivateChannelNameIn(%s) = %q, want %q", tt.lang, got, tt.private)
		}
		if got := ui.ChannelNameIn(tt.lang, tt.kind, "!!!", at, time.UTC); got != tt.blank {
			t.Errorf("ChannelNameIn(%s) without a title = %q, want %q", tt.lang, got, tt.blank)
		}
	}
	if got := ui.ChannelNameIn(i18n.Bokmal, incident.KindIncident, "Strømbrudd på Ås", at, time.UTC); got != "beredskap-20261201-strombrudd-pa-as" {
		t.Errorf("ChannelName = %q", got)
	}
}

func TestKindLabel(t *testing.T) {
	tests := []struct {
		lang i18n.Lang
		kind incident.EntryKind
		want string
	}{
		{i18n.Bokmal, incident.EntryDecision, "Beslutning"},
		{i18n.Bokmal, incident.EntryEvent, "Observasjon"},
		{i18n.Bokmal, incident.EntryReport, "Situasjonsrapport"},
		{i18n.Bokmal, "ukjent", "Logglinje"},
		{i18n.Swedish, incident.EntryDecision, "Beslut"},
		{i18n.Swedish, incident.EntryReport, "Lägesrapport"},
		{i18n.Swedish, incident.EntryRedaction, "Maskering"},
		{i18n.English, incident.EntryCorrection, "Correction"},
		{i18n.English, "", "Log entry"},
	}
	for _, tt := range tests {
		if got := ui.KindLabel(tt.lang, tt.kind); got != tt.want {
			t.Errorf("KindLabel(%s, %q) = %q, want %q", tt.lang, tt.kind, got, tt.want)
		}
	}
}

// The deliverer's posts, the cards and lists, in Swedish and English.
func TestPostsInSwedishAndEnglish(t *testing.T) {
	opened := time.Date(2026, 12, 1, 13, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		lang i18n.Lang
		want map[string][]string
	}{
		{i18n.Swedish, map[string][]string{
			"announcement": {"Händelse öppnad:", "öppnad av"},
			"exercise":     {"Övning öppnad:"},
			"normal":       {"Checklista för återgång till normal drift", "Avslutad 2026-12-01 kl. 16.00", "Sammanfattning:"},
			"evaluation":   {"Utvärdering", "[Svara på utvärderingen]"},
			"not_invited":  {"kunde inte läggas till i kanalen – ring dem", "inget telefonnummer i planen", "inga kontaktuppgifter"},
			"meeting":      {"Statusmöte om 10 minuter", "Statusmöte kl. 14.45", "Dagordning för statusmötet"},
			"meeting1":     {"Statusmöte om 1 minut "},
			"echo":         {"Beslut #7 loggförd 14.32 av", "Rättelse #8 loggförd", "(rättar #7)"},
			"batch":        {"#7–#9 loggförda", "Observation #9"},
			"card":         {"Åtgärdskort: Elavbrott", "Används när:", "Ansvarig:", "*Framsteg:* 1/3 steg klara", "klart", "[Klart (2)]", "Larmlista:"},
			"role":         {"Rollkort: Krisledare", "Befogenheter:", "Innehavare:", "Ersättare:", "[Ta rollen]"},
			"list":         {"Larmlista: Krisledningsgruppen", "[Visa telefonnummer]"},
			"topic":        {"ÖVNING: Strömavbrott", "Startad 2026-12-01 kl. 14.30", "AVSLUTAD – Strömavbrott"},
			"agenda":       {"Dagordning för det första mötet"},
		}},
		{i18n.English, map[string][]string{
			"announcement": {"Incident opened:", "opened by"},
			"exercise":     {"Exercise opened:"},
			"normal":       {"Checklist for return to normal operation", "Closed 2026-12-01 16:00", "Summary:"},
			"evaluation":   {"Evaluation", "[Answer the evaluation]"},
			"not_invited":  {"could not be added to the channel – call them", "no phone number in the plan", "no contact details"},
			"meeting":      {"Status meeting in 10 minutes", "Status meeting at 14:45", "Agenda for the status meeting"},
			"meeting1":     {"Status meeting in 1 minute "},
			"echo":         {"Decision #7 logged 14:32 by", "Correction #8 logged", "(corrects #7)"},
			"batch":        {"#7–#9 logged", "Observation #9"},
			"card":         {"Action card: Elavbrott", "Use when:", "Responsible:", "*Progress:* 1/3 steps done", "done", "[Done (2)]", "Notification list:"},
			"role":         {"Role card: Krisledare", "Authority:", "Holder:", "Deputy:", "[Take the role]"},
			"list":         {"Notification list: Krisledningsgruppen", "[Show phone numbers]"},
			"topic":        {"EXERCISE: Strömavbrott", "Started 2026-12-01 14:30", "CLOSED – Strömavbrott"},
			"agenda":       {"Agenda for the first meeting"},
		}},
	} {
		p := swedishPlan(t, tt.lang)
		loc := p.Location
		anna := p.Contact("anna").SlackID
		inc := incident.Incident{ID: 3, Title: "Strömavbrott", Kind: incident.KindIncident, OpenedAt: opened, OpenedBy: anna,
			ClosedAt: opened.Add(90 * time.Minute), ClosedBy: anna, Summary: "Strömmen är tillbaka."}
		plain := func(r ui.Response) string { return ui.PlainText(r, ui.NameResolver(p)) }
		exercise := inc
		exercise.Kind = incident.KindExercise
		private := inc
		private.Private = true
		entries := []incident.Entry{
			{Seq: 7, Kind: incident.EntryDecision, Text: "Öppna reservlokalen.", Author: anna, CreatedAt: opened.Add(2 * time.Minute)},
			{Seq: 8, Kind: incident.EntryCorrection, Corrects: 7, Text: "Reservlokal B.", Author: anna, CreatedAt: opened.Add(3 * time.Minute)},
			{Seq: 9, Kind: incident.EntryEvent, Text: "Elen är tillbaka i norr.", Author: anna, CreatedAt: opened.Add(4 * time.Minute)},
		}
		p.Contact("leverantor").Phones = nil
		card := p.Card("elavbrott")
		done := map[int]incident.StepDone{1: {Step: 1, DoneAt: opened, DoneBy: anna}}
		got := map[string]string{
			"announcement": plain(ui.Announcement(p, inc, "C1", "kris-20261201-stromavbrott")),
			"exercise":     plain(ui.Announcement(p, exercise, "C1", "x")),
			"normal":       plain(ui.NormalisationChecklist(p, inc, loc)),
			"evaluation":   plain(ui.EvaluationPost(p, inc.ID)),
			"not_invited":  plain(ui.NotInvited(p, []string{"erik", "leverantor"})) + plain(ui.Response{Blocks: []ui.Block{{Kind: ui.BlockSection, Text: ui.ContactLineIn(tt.lang, &plan.Contact{})}}}),
			"meeting":      plain(ui.MeetingReminder(p, inc, opened.Add(15*time.Minute), 10, loc)) + plain(ui.MeetingReminder(p, inc, opened, 0, loc)),
			"meeting1":     plain(ui.MeetingReminder(p, inc, opened, 1, loc)),
			"echo":         ui.EchoText(p, entries[0], loc) + "\n" + ui.EchoText(p, entries[1], loc),
			"batch":        plain(ui.EchoBatch(p, entries, loc)),
			"card":         plain(ui.CardPost(p, card, done, inc.ID, loc, opened)) + plain(ui.Response{Blocks: ui.CardBlocks(p, card, nil, 0, false, loc, opened)}),
			"role":         plain(ui.Response{Blocks: ui.RoleBlocks(p, p.Role("krisledare"), anna, inc.ID)}),
			"list":         plain(ui.ListPost(p, p.List("krisledning"), false)) + plain(ui.ListPost(p, p.List("krisledning"), true)),
			"topic":        ui.OpenTopic(p, exercise, anna, loc) + "\n" + ui.ClosedTopicIn(p.Lang, inc),
			"agenda":       plain(ui.FirstMeetingAgenda(p)),
		}
		for name, text := range got {
			assertLang(t, tt.lang, name, text, tt.want[name]...)
		}
	}
}

// Bokmål stays as it was, with the plural of one minute fixed.
func TestPostsInBokmal(t *testing.T) {
	p := swedishPlan(t, i18n.Bokmal)
	at := time.Date(2026, 12, 1, 13, 30, 0, 0, time.UTC)
	inc := incident.Incident{Title: "Strøm", OpenedAt: at}
	e := incident.Entry{Seq: 7, Kind: incident.EntryDecision, Text: "Åpne", Author: "Kari", CreatedAt: at}
	if got, want := ui.EchoText(p, e, p.Location), "Beslutning #7 loggført 14:30 av Kari: Åpne"; got != want {
		t.Errorf("EchoText = %q, want %q", got, want)
	}
	if got := ui.MeetingReminder(p, inc, at, 1, p.Location).Text; got != "Statusmøte om 1 minutt (kl. 14:30)" {
		t.Errorf("MeetingReminder = %q", got)
	}
	if got := ui.MeetingReminder(p, inc, at, 10, p.Location).Text; got != "Statusmøte om 10 minutter (kl. 14:30)" {
		t.Errorf("MeetingReminder = %q", got)
	}
}
