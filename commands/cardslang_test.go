package commands_test

import (
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// hasLine reports whether text has a line that is want, leading and
// trailing white space aside.
func hasLine(text, want string) bool {
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == want {
			return true
		}
	}
	return false
}

func mustHaveLines(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !hasLine(text, w) {
			t.Errorf("no line %q in\n%s", w, text)
		}
	}
}

// TestNotificationListParts: «gjelder» and «beskrivelse» are two parts,
// and a deputy is shown with their own title and whom they stand in for,
// in /varsling and in the list posted without numbers.
func TestNotificationListParts(t *testing.T) {
	e := newEnv(t)
	want := []string{
		"*Gjelder:* Alle hendelser som krever kriseledelse, når tiltakskortet ikke sier noe annet",
		"Den som oppdager hendelsen varsler kriseleder og beredskapskoordinator først. Kriseleder avgjør om hele kriseledelsen skal mobiliseres.",
		"1) *Kari Nordmann* – Kriseleder",
		"3) *Ola Nordmann* – Assisterende kommunedirektør (stedfortreder for Kriseleder)",
		"9) *Per Prøvesen* – Rådgiver samfunnssikkerhet (stedfortreder for Strategisk koordinator)",
	}
	mustHaveLines(t, e.text(e.do("C1", "U0KRISE003", "/varsling")), want...)
	p := e.h.Plan()
	post := ui.PlainText(ui.ListPost(p, p.DefaultList(), false), ui.NameResolver(p))
	mustHaveLines(t, post, append(want[:2:2], "3) *Ola Nordmann* – Assisterende kommunedirektør (stedfortreder for Kriseleder) · @Ola Nordmann")...)

	sv := newEnvWithPlan(t, loadPlan(t, "sv-valid"))
	mustHaveLines(t, sv.text(sv.do("C1", "U01ANNA1", "/varsling")),
		"*Gäller:* Alla händelser", "Larmas först.",
		"1) *Anna Andersson* – Krisledare (ersättare för Loggförare)", "2) *Erik Svensson* – Loggförare (ersättare för Krisledare)")
	enPlan := loadPlan(t, "sv-valid")
	enPlan.Lang = i18n.English
	en := newEnvWithPlan(t, enPlan)
	mustHaveLines(t, en.text(en.do("C1", "U01ANNA1", "/varsling")),
		"*Applies to:* Alla händelser", "2) *Erik Svensson* – Loggförare (deputy for Krisledare)")
}

// TestCardNamesFoldHyphensAndSpaces: /tiltak itbortfall finds the card
// titled «IT-bortfall», /tiltak plan b the card with the alias «plan b»;
// a step is ticked after a name of several words; «Mente du» still helps.
func TestCardNamesFoldHyphensAndSpaces(t *testing.T) {
	e := newEnv(t)
	for _, typed := range []string{"itbortfall", "IT bortfall", "it-bortfall", "It_Bortfall", "it-stans", "itstans"} {
		if out := e.text(e.do("C1", "U0KRISE003", "/tiltak "+typed)); !strings.HasPrefix(out, "== Tiltakskort: IT-bortfall (fagsystemer nede) ==") {
			t.Errorf("/tiltak %s:\n%s", typed, out)
		}
	}
	mustContain(t, e.text(e.do("C1", "U0KRISE003", "/tiltak itbortfxll")), "Fant ikke tiltakskort «itbortfxll». Mente du `it`?")
	mustContain(t, e.text(e.do("C1", "U0KRISE003", "/rolle strategiskkoordinator")), "Rollekort: Strategisk koordinator")
	mustContain(t, e.text(e.do("C1", "U0KRISE003", "/tiltak strom hopp 1")), "Ukjent valg «hopp». Kryss av et steg med `/tiltak strom ferdig <nr>`.")
	e.open("U0KRISE001", "it Serverne er nede", "C0INC")
	mustContain(t, e.text(e.do("C0INC", "U0KRISE001", "/tiltak IT bortfall ferdig 2")), "steg 2/9 utført", "*Fremdrift:* 1/9 steg utført")
	mustContain(t, e.text(e.do("C0INC", "U0KRISE001", "/tiltak it utført 3")), "steg 3/9 utført")

	sv := newEnvWithPlan(t, loadPlan(t, "kontinuitet-sv"))
	p := sv.h.Plan()
	card := p.Card(sv.h.Plan().Cards[0].ID)
	for _, typed := range []string{"plan b", "planb", "Plan-B", "systembortfall"} {
		if out := sv.text(sv.do("C1", "x", "/tiltak "+typed)); !strings.Contains(out, card.Title) {
			t.Errorf("/tiltak %s:\n%s", typed, out)
		}
	}
}

// TestSwedishKeywords: the Swedish spellings of the keywords typed after
// a command work (and the bokmål ones keep working, tested elsewhere).
func TestSwedishKeywords(t *testing.T) {
	e := newEnvWithPlan(t, loadPlan(t, "sv-valid"))
	const anna = "U01ANNA1"
	mustContain(t, e.text(e.do("C1", anna, "/beredskap øvelse registrera stabsovning igår")), "2026-11-21")
	mustContain(t, e.text(e.do("C1", anna, "/beredskap oppfølging Testa reservkraften")), "Åtgärdspunkt #1 skapad")
	mustContain(t, e.text(e.do("C1", anna, "/beredskap oppfølging stäng 1 Testad")), "stängd av")
	e.open(anna, "elavbrott Strömavbrott", "C0INC")
	mustContain(t, e.text(e.do("C0INC", anna, "/tiltak elavbrott klar 1")), "steg 1/3 klart")
	mustContain(t, e.text(e.do("C0INC", anna, "/tiltak elavbrott klart 2")), "steg 2/3 klart")
	mustContain(t, e.text(e.do("C0INC", anna, "/tiltak elavbrott hoppa 1")), "Okänt val ”hoppa”", "`/tiltak elavbrott klar <nr>`")
	mustContain(t, e.text(e.do("C0INC", anna, "/beredskap berørt hemtjanst sedan 08:00")), "08.00")
	mustContain(t, e.text(e.do("C0INC", anna, "/beredskap berørt hemtjanst återställd")), "återställd")
	mustContain(t, e.text(e.do("C0INC", anna, "/beredskap rapport skicka")), "Lägesrapport 1 är skickad")
}
