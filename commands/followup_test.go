package commands_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// closeIncident closes an incident from its channel.
func (e *env) closeIncident(channel, user string) {
	e.t.Helper()
	e.do(channel, user, "/beredskap avslutt bekreft Normal drift")
	if r := e.do(channel, user, "/beredskap status"); !strings.Contains(e.text(r), "vslutt") {
		e.t.Fatalf("not closed: %s", e.text(r))
	}
}

func (e *env) followUps() []incident.FollowUp {
	e.t.Helper()
	fs, err := e.db.FollowUps(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return fs
}

func TestFollowUpFromEvaluationListedClosedInArshjul(t *testing.T) {
	e := newEnv(t)
	e.open("U0KRISE001", "Strømbrudd i sentrum", "C0INC")
	e.closeIncident("C0INC", "U0KRISE001")

	// A «plan:» answer becomes a follow-up of the plan's owner (the eier of
	// the plan revision, Ingrid), due in 30 days.
	r := e.do("C0INC", "U0KRISE001", "/beredskap evaluer plan: Aggregatet må inn i tiltakskortet")
	mustContain(t, e.text(r), "oppfølgingspunkt #1", "22.12.2026", "neste revisjon i revisjonsloggen lukker det")
	fs := e.followUps()
	if len(fs) != 1 || !fs[0].PlanChange || fs[0].Owner != "ingrid-eksempel" || fs[0].Due != "2026-12-22" || fs[0].IncidentID != 1 {
		t.Fatalf("follow-ups: %+v", fs)
	}

	// An answer made a follow-up by hand, with owner and deadline.
	r = e.do("C0INC", "U0KRISE001", "/beredskap oppfølging Test aggregatet hver måned per-provesen 01.12.2026")
	mustContain(t, e.text(r), "Oppfølgingspunkt #2 opprettet", "Test aggregatet hver måned", "@Per Prøvesen", "01.12.2026", "«Strømbrudd i sentrum» (#1)")
	// Defaults: the administrator and 30 days; a mention as owner.
	e.do("C0BEREDSKAP", "U0KRISE003", "/beredskap oppfølging Oppdater varslingslisten")
	e.do("C0BEREDSKAP", "U0KRISE003", "/beredskap oppfølging Øv på nødnett <@U0KRISE002> 2027-01-15")
	fs = e.followUps()
	if len(fs) != 4 || fs[2].Owner != "ingrid-eksempel" || fs[2].Due != "2026-12-22" || fs[2].IncidentID != 0 ||
		fs[3].Owner != "U0KRISE002" || fs[3].Due != "2027-01-15" || fs[3].Text != "Øv på nødnett" {
		t.Fatalf("follow-ups: %+v", fs)
	}
	// Refusals: not a plan member, a deadline passed, a bad date.
	mustContain(t, e.text(e.do("C0BEREDSKAP", "U0UKJENT", "/beredskap oppfølging Noe")), "Bare de som står i beredskapsplanen kan opprette og lukke oppfølgingspunkter.")
	mustContain(t, e.text(e.do("C0BEREDSKAP", "U0KRISE003", "/beredskap oppfølging Noe 01.01.2026")), "allerede passert")
	mustContain(t, e.text(e.do("C0BEREDSKAP", "U0KRISE003", "/beredskap oppfølging Noe 2026-13-45")), "ikke en gyldig frist")

	list := e.text(e.do("C0BEREDSKAP", "U0KRISE005", "/beredskap oppfølging"))
	mustContain(t, list, "Oppfølgingspunkter", "#1* Aggregatet må inn i tiltakskortet", "#2* Test aggregatet", "#4* Øv på nødnett",
		"«oppfølging #<nr>»")
	if i, j := strings.Index(list, "#2*"), strings.Index(list, "#1*"); i > j {
		t.Errorf("not by deadline:\n%s", list)
	}

	r = e.do("C0BEREDSKAP", "U0KRISE004", "/beredskap oppfølging lukk 2 Testet 01.12, virker")
	mustContain(t, e.text(r), "Oppfølgingspunkt #2", "lukket av @Per Prøvesen: Testet 01.12, virker")
	mustContain(t, e.text(e.do("C0BEREDSKAP", "U0KRISE004", "/beredskap oppfølging lukk 2 igjen")), "allerede lukket")
	mustContain(t, e.text(e.do("C0BEREDSKAP", "U0KRISE004", "/beredskap oppfølging lukk 99 x")), "Fant ikke oppfølgingspunkt #99")

	arshjul := e.text(e.do("C0BEREDSKAP", "U0KRISE005", "/beredskap årshjul"))
	mustContain(t, arshjul, "Åpne oppfølgingspunkter", "#1* Aggregatet", "#3* Oppdater varslingslisten")
	if strings.Contains(arshjul, "#2*") {
		t.Errorf("closed follow-up in the årshjul:\n%s", arshjul)
	}

	// Overdue after the deadline.
	e.now = e.now.Add(60 * 24 * time.Hour)
	mustContain(t, e.text(e.do("C0BEREDSKAP", "U0KRISE005", "/beredskap oppfølging")), "🔴 *#1*", "forfalt")

	// The next plan revision closes the «plan:» follow-up; a revision
	// mentioning «oppfølging #3» closes that one.
	p := *e.h.Plan()
	p.Org.Revisions = append(append([]plan.Revision(nil), p.Org.Revisions...),
		plan.Revision{Date: plan.Date{Year: 2027, Month: 1, Day: 10}, Change: "Årlig revisjon; varslingslisten oppdatert (oppfølging #3)"})
	e.h.SetPlan(&p)
	list = e.text(e.do("C0BEREDSKAP", "U0KRISE005", "/beredskap oppfølging"))
	if strings.Contains(list, "#1*") || strings.Contains(list, "#3*") || !strings.Contains(list, "#4*") {
		t.Errorf("after the revision:\n%s", list)
	}
	f, err := e.db.FollowUp(context.Background(), 3)
	if err != nil || f.Open() || !strings.Contains(f.Note, "10.01.2027") {
		t.Errorf("follow-up 3: %+v, %v", f, err)
	}
}

func TestFollowUpOfPrivateIncidentHidesTitle(t *testing.T) {
	e := newEnv(t)
	e.h.Directory = &staticDirectory{members: map[string][]string{"C0PRIV": {"U0KRISE001"}}}
	e.open("U0KRISE001", "--privat Trusler mot ansatt", "C0PRIV")
	e.do("C0PRIV", "U0KRISE001", "/beredskap oppfølging Gå gjennom adgangskontroll")
	mustContain(t, e.text(e.do("C0PRIV", "U0KRISE001", "/beredskap oppfølging")), "Trusler mot ansatt")
	// The owner (the plan's administrator) sees it anywhere.
	mustContain(t, e.text(e.do("C0BEREDSKAP", "U0KRISE003", "/beredskap oppfølging")), "Gå gjennom adgangskontroll", "Trusler mot ansatt")
	// For a plan member outside the channel, it does not exist.
	for _, cmd := range []string{"/beredskap oppfølging", "/beredskap årshjul"} {
		got := e.text(e.do("C0BEREDSKAP", "U0KRISE005", cmd))
		for _, leak := range []string{"Trusler", "adgangskontroll", "skjermet"} {
			if strings.Contains(got, leak) {
				t.Errorf("%s shows %q to a non-member:\n%s", cmd, leak, got)
			}
		}
	}
}

// The evaluation form: every proposed plan change becomes a follow-up.
func TestFollowUpsFromEvaluationForm(t *testing.T) {
	e := newEnv(t)
	e.open("U0KRISE001", "Strømbrudd i sentrum", "C0INC")
	e.closeIncident("C0INC", "U0KRISE001")
	r := e.h.Submit(context.Background(), ui.Request{UserID: "U0KRISE002", ChannelID: "C0INC"}, commands.ViewEvaluation, "1",
		map[string]string{"q1": "Rask varsling", "q3": "Varmestue i steg 2", "annet": "plan: Oppdater nummeret til legevakten"})
	mustContain(t, e.text(r), "2 forslag til planendring", "oppfølgingspunkt #1", "oppfølgingspunkt #2")
	fs := e.followUps()
	if len(fs) != 2 || fs[0].Text != "Varmestue i steg 2" || fs[1].Text != "Oppdater nummeret til legevakten" || !fs[1].PlanChange || fs[1].CreatedBy != "U0KRISE002" {
		t.Errorf("follow-ups: %+v", fs)
	}
}
