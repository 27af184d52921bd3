package commands_test

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
)

// newEnvWithPlan is newEnv over plan p instead of the example plan.
func newEnvWithPlan(tb testing.TB, p *plan.Plan) *env {
	tb.Helper()
	e := &env{t: tb, now: fixedNow}
	e.db = testkit.OpenDB(tb, func() time.Time { return e.now })
	e.h = commands.New(p, e.db, nil, nil)
	e.h.Now = func() time.Time { return e.now }
	return e
}

// loadPlan loads a plan from plan/planfile/testdata.
func loadPlan(tb testing.TB, name string) *plan.Plan {
	tb.Helper()
	p, diags := planfile.LoadDir("../plan/planfile/testdata/" + name)
	if p == nil || diags.HasErrors() {
		tb.Fatalf("%s: %v", name, diags.Errors())
	}
	return p
}

// featureSession names what a plan offers the featureSession: a card, a role, a
// contact, a template, a critical function and an årshjul item.
type featureSession struct {
	user, card, role, contact, template, function, item string
}

// run runs each command of this feature set, as the user, outside and
// inside an incident channel, and returns every answer by command line.
func (s featureSession) run(e *env) map[string]string {
	out := map[string]string{}
	do := func(channel, line string) {
		out[line] = e.text(e.do(channel, s.user, line))
	}
	e.h.AlarmChannel = "C0ALARM"
	for _, line := range []string{
		"/tiltak", "/tiltak " + s.card, "/tiltak xyzzyqq", "/tiltak " + s.card + "x",
		"/rolle", "/rolle " + s.role, "/rolle xyzzyqq", "/rolle " + s.role + "x",
		"/kontakt", "/kontakt " + s.contact, "/kontakt xyzzyqq",
		"/varsling", "/varsling xyzzyqq",
		"/beredskap mal", "/beredskap mal " + s.template, "/beredskap mal xyzzyqq",
		"/beredskap varsle Det brinner i källaren", "/beredskap avvisninger",
		"/beredskap årshjul", "/beredskap øvelse", "/beredskap øvelse registrer xyzzyqq",
		"/beredskap øvelse registrer " + s.item + " 31.02.2026",
		"/beredskap øvelse registrer " + s.item + " 2030-01-01",
		"/beredskap øvelse registrer " + s.item,
		"/beredskap funksjoner", "/beredskap funksjoner " + s.function, "/beredskap ros",
		"/beredskap oppfølging", "/beredskap oppfølging Testa reservkraften",
		"/beredskap oppfølging lukk 1 ok", "/beredskap oppfølging lukk 99 x",
	} {
		do("C1", line)
	}
	e.open(s.user, s.card+" Strömavbrott", "C0INC")
	for _, line := range []string{
		"/tiltak " + s.card, "/tiltak " + s.card + " ferdig 1", "/tiltak " + s.card + " ferdig 1",
		"/tiltak " + s.card + " ferdig 99", "/tiltak " + s.card + " hopp 1",
		"/beredskap berørt " + s.function + " siden 08:00", "/beredskap berørt " + s.function + " gjenopprettet",
		"/beredskap rapport", "/beredskap rapport send",
		"/beredskap sladd", "/beredskap sladd 99 fel", "/beredskap sladd 2 personuppgifter",
		"/varsling", "/rolle " + s.role,
	} {
		do("C0INC", line)
	}
	return out
}

// words returns the lower-case words of s (letters only).
func words(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		out[w] = true
	}
	return out
}

// leaks returns the words (or phrases, with a space) of banned found in
// text.
func leaks(text string, banned []string) []string {
	ws, low := words(text), strings.ToLower(text)
	var found []string
	for _, b := range banned {
		b = strings.ToLower(b)
		if strings.Contains(b, " ") && strings.Contains(low, b) || ws[b] {
			found = append(found, b)
		}
	}
	return found
}

// norwegianOnly are words of the bokmål answers that neither a Swedish
// nor an English answer should show.
var norwegianOnly = []string{"ikke", "loggført", "beslutning", "hendelse", "hendelsen", "mente du", "ansvarlig",
	"brukes når", "uke", "gyldig", "advarsel", "utført", "stedfortreder", "fant", "tiltakskort", "rollekort",
	"varslingsliste", "varslingslisten", "kunne", "finnes", "nummeret", "gjelder",
	"avviste", "forsøk", "varsel", "varselet", "øvelser", "frist", "gjennomført", "forfalt", "oppfølgingspunkt",
	"lukket", "notat", "dato", "f.eks", "vis", "andre", "lister"}

// featureSwedishOnly are words of the Swedish answers that a bokmål answer
// should not show.
var featureSwedishOnly = []string{"inte", "hittade", "menade du", "händelse", "händelsen", "åtgärdskort", "rollkort",
	"larmlista", "larmlistan", "ersättare", "klart", "försök", "används när", "övning", "övningar", "åtgärdspunkt",
	"stängd", "anteckning", "datum", "t.ex", "visa", "nekade", "gäller", "skriv mer av namnet"}

// englishLeaks are Swedish words an English answer should not show.
var englishLeaks = []string{"inte", "hittade", "menade du", "åtgärdskort", "rollkort", "ersättare",
	"klart", "nekade", "åtgärdspunkt", "används när"}

// checkSession runs the featureSession on e and fails for every answer that
// shows a banned word, except those in ignore.
func checkSession(t *testing.T, e *env, s featureSession, banned []string, ignore ...string) {
	t.Helper()
	for line, text := range s.run(e) {
		if got := leaks(text, banned); len(got) > 0 && !ignored(got, ignore) {
			t.Errorf("%s: %v in\n%s", line, got, text)
		}
	}
}

func ignored(got, ignore []string) bool {
	for _, g := range got {
		found := false
		for _, i := range ignore {
			found = found || g == i
		}
		if !found {
			return false
		}
	}
	return true
}

// TestSwedishFeatureSession: every command of cards, alarms, årshjul,
// continuity, follow-ups and reports answers a Swedish plan in Swedish.
func TestSwedishFeatureSession(t *testing.T) {
	p := loadPlan(t, "sv-valid")
	if p.Lang != i18n.Swedish {
		t.Fatalf("sv-valid has Lang %q", p.Lang)
	}
	s := featureSession{user: "U01ANNA1", card: "elavbrott", role: "krisledare", contact: "anna", template: "forsta-besked", function: "hemtjanst", item: "stabsovning"}
	// "sladdet" is the marker storage writes over a redacted line.
	checkSession(t, newEnvWithPlan(t, p), s, norwegianOnly, "sladdet")
}

// TestEnglishFeatureSession: the same featureSession on the Swedish plan read as
// English shows no bokmål nor Swedish words of the catalogs.
func TestEnglishFeatureSession(t *testing.T) {
	p := loadPlan(t, "sv-valid")
	p.Lang = i18n.English
	s := featureSession{user: "U01ANNA1", card: "elavbrott", role: "krisledare", contact: "anna", template: "forsta-besked", function: "hemtjanst", item: "stabsovning"}
	checkSession(t, newEnvWithPlan(t, p), s, append(append([]string(nil), norwegianOnly...), englishLeaks...), "sladdet")
}

// TestNorwegianSession: the example plan's answers show no Swedish word.
func TestNorwegianSession(t *testing.T) {
	e := newEnv(t)
	s := featureSession{user: "U0KRISE003", card: "strom", role: "kriseleder", contact: "kari", template: "holding-statement", function: "hjemmetjenester", item: "ovelse-varsling"}
	checkSession(t, e, s, featureSwedishOnly)
}
