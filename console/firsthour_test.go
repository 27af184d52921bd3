package console_test

import (
	"strings"
	"testing"
)

// What a first real user tripped over (issue 16), through the console on
// the embedded example: every answer names its entry number, a correction
// quotes what it corrects and status shows it, logg alone lists the log,
// cards are found with hyphens and spaces folded, closing with open steps
// says how many and clears the next meeting, a question number out of
// range is refused, and a start without title shows a card of the plan.
func TestConsoleFirstHourAnswers(t *testing.T) {
	out := consoleOn(t, example(t, "kommune"), `/beredskap start
/beredskap start strom Strømbrudd i sentrum
/beredskap logg Aggregat startes på sykehjemmet
/beredskap logg
/beredskap korriger 2 Aggregat startet kl. 10
/beredskap status
/beredskap møte 23:59
/tiltak itbortfall
/tiltak plan b
/varsling
/beredskap avslutt
/beredskap avslutt bekreft Strømmen er tilbake
/beredskap status
/beredskap evaluer 7
`)
	for _, want := range []string{
		"Kunne ikke åpne hendelsen: skriv en tittel, f.eks. `/beredskap start ekom Bortfall av telefon og internett (ekom)`.",
		"*Loggført som #2.*",
		"*Siste linjer i loggen til «Strømbrudd i sentrum»*",
		"*#2* ",
		"*Loggført som #3, retter #2:* \"Aggregat startes på sykehjemmet\"",
		"Aggregat startes på sykehjemmet _(rettet i #3: Aggregat startet kl. 10)_",
		"== Tiltakskort: IT-bortfall (fagsystemer nede) ==",
		"*Gjelder:* Strømbrudd, bortfall av telefon/internett, vannforsyning eller IT-systemer",
		"– Leder vann og avløp (stedfortreder for Fagleder teknisk drift)",
		":warning: *9 steg i tiltakskortene er ikke utført* (Strømbrudd 0/9). Vil du likevel avslutte?",
		"*Neste statusmøte:* ingen",
		"Planen har 3 evalueringsspørsmål, så #7 finnes ikke.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the session lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "== Tiltakskort: IT-bortfall (fagsystemer nede) =="); n != 2 {
		t.Errorf("«itbortfall» and «plan b» found the IT card %d times, want 2", n)
	}
}
