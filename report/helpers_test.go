package report_test

import (
	"context"
	"flag"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/report"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// -update rewrites the golden files (testkit.Golden reads it), as does
// UPDATE_GOLDEN=1.
var _ = flag.Bool("update", false, "rewrite golden files")

// storage.DB is the store reports are built from.
var _ report.Store = (*storage.DB)(nil)

// fixture is the example plan and a real SQLite file with a clock the
// test moves.
type fixture struct {
	t   testing.TB
	p   *plan.Plan
	db  *storage.DB
	now time.Time
	ctx context.Context
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	f := &fixture{t: tb, p: testkit.ExamplePlan(tb), ctx: context.Background()}
	f.db = testkit.OpenDB(tb, func() time.Time { return f.now })
	return f
}

// at sets the clock to hh:mm UTC on the fixture's day.
func (f *fixture) at(day time.Time, hh, mm int) {
	f.now = time.Date(day.Year(), day.Month(), day.Day(), hh, mm, 0, 0, time.UTC)
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) log(id int64, kind incident.EntryKind, author, text string, corrects int, source string) incident.Entry {
	f.t.Helper()
	e, err := f.db.AppendEntry(f.ctx, incident.NewEntry{IncidentID: id, Kind: kind, Author: author, Text: text, Corrects: corrects, Source: source})
	f.must(err)
	return e
}

// day is Sunday 22 November 2026, Oslo winter time (UTC+1).
var day = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// reportTime is when the golden reports are made.
var reportTime = time.Date(2026, 11, 22, 18, 0, 0, 0, time.UTC)

// powerCut builds the incident of the golden reports (13 log entries):
// roles from the role cards, one that changes hands, decisions, an observation with a source, a correction, two
// completed steps of the power card, three status meetings (moved, held,
// not held), closing and evaluation answers (one proposes a plan change).
func (f *fixture) powerCut() int64 {
	f.t.Helper()
	const kari, ola, ingrid, per, siri = "U0KRISE001", "U0KRISE002", "U0KRISE003", "U0KRISE004", "U0KRISE005"
	f.at(day, 13, 30)
	// The roles of the role cards are given in the opening transaction,
	// without entries of their own; a holder without Slack by reference.
	inc, _, err := f.db.CreateIncident(f.ctx, incident.NewIncident{Title: "Strømbrudd i sentrum", Kind: incident.KindIncident,
		CardID: "strom", ListID: "infrastruktur", OpenedBy: kari, ChannelName: "beredskap-20261122-strombrudd-i-sentrum",
		Roles: []incident.RoleHolder{{RoleID: "kriseleder", UserID: kari}, {RoleID: "loggforer", UserID: "kontakt:per-provesen"}}})
	f.must(err)
	id := inc.ID
	f.must(f.db.SetChannel(f.ctx, id, "C0INC", inc.ChannelName))
	f.at(day, 13, 35)
	f.log(id, incident.EntryDecision, kari, "Kriseledelsen mobiliseres. Møte på rådhuset kl. 15:00 – <@"+ingrid+"> kaller inn.", 0, "")
	f.at(day, 13, 40)
	f.log(id, incident.EntryEvent, siri, "Nettselskapet melder at 1 200 kunder er uten strøm", 0, "https://eksempel.slack.com/archives/C0INC/p1795354800000100")
	f.at(day, 13, 45)
	_, err = f.db.CompleteStep(f.ctx, id, "strom", 1, per, "Tiltak Strømbrudd, steg 1 utført")
	f.must(err)
	f.at(day, 13, 50)
	wrong := f.log(id, incident.EntryDecision, kari, "Varmestue åpnes på Eksempel skole kl. 17", 0, "")
	f.at(day, 14, 0)
	_, err = f.db.SetMeeting(f.ctx, id, time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC), kari, "Neste statusmøte kl. 16:00")
	f.must(err)
	f.at(day, 14, 5)
	f.log(id, incident.EntryCorrection, kari, "Varmestue åpnes på Eksempel skole kl. 16, ikke 17", wrong.Seq, "")
	f.at(day, 14, 10)
	_, err = f.db.SetMeeting(f.ctx, id, time.Date(2026, 11, 22, 15, 30, 0, 0, time.UTC), ola, "Neste statusmøte kl. 16:30")
	f.must(err)
	f.at(day, 14, 20)
	_, err = f.db.AssignRole(f.ctx, id, "kriseleder", ola, kari, "Rolle Kriseleder: <@"+ola+"> (tildelt av <@"+kari+">)")
	f.must(err)
	f.at(day, 14, 25)
	f.log(id, incident.EntryDecision, siri, "Pressemelding <b>ikke</b> sendt ennå | *utkast* ligger i [delt mappe](https://evil.example)\n# Ikke en overskrift\n- ikke en liste", 0, "")
	f.at(day, 15, 30)
	_, err = f.db.CompleteStep(f.ctx, id, "strom", 2, "U0KRISE014", "Tiltak Strømbrudd, steg 2 utført")
	f.must(err)
	f.at(day, 16, 30)
	_, err = f.db.SetMeeting(f.ctx, id, time.Date(2026, 11, 22, 17, 0, 0, 0, time.UTC), ola, "Neste statusmøte kl. 18:00")
	f.must(err)
	f.at(day, 16, 45)
	_, _, err = f.db.CloseIncident(f.ctx, id, ola, "Strømmen er tilbake i hele sentrum. Normal drift.")
	f.must(err)
	f.at(day, 17, 15)
	for _, e := range []incident.Evaluation{
		{Question: "Hva fungerte?", Answer: "Varslingen gikk raskt, alle i første gruppe svarte innen 10 minutter.", Author: ingrid},
		{Question: "Hvilke endringer i planen?", Answer: "Tiltakskortet for strøm bør nevne varmestue allerede i steg 2.", Author: ola, ProposedPlanChange: true},
		{Question: "", Answer: "Aggregatet på skolen må prøvekjøres oftere.", Author: per},
	} {
		e.IncidentID = id
		_, err := f.db.AddEvaluation(f.ctx, e)
		f.must(err)
	}
	return id
}

// build makes the report of id at reportTime.
func (f *fixture) build(id int64, opt report.Options) *report.Report {
	f.t.Helper()
	if opt.Now.IsZero() {
		opt.Now = reportTime
	}
	r, err := report.Build(f.ctx, f.db, f.p, id, opt)
	f.must(err)
	return r
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("lacks %q:\n%s", w, got)
		}
	}
}

func mustNotContain(t *testing.T, got string, bads ...string) {
	t.Helper()
	for _, b := range bads {
		if strings.Contains(got, b) {
			t.Errorf("contains %q but must not:\n%s", b, got)
		}
	}
}
