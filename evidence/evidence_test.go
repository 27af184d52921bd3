package evidence_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/evidence"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/pdf"
	"github.com/beredskapsbot/beredskapsbot/internal/testclock"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

var _ = flag.Bool("update", false, "rewrite golden files")

var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return loc
}()

// fixture fills a real SQLite file on a test clock: an exercise, a real
// incident and a private one, evaluations, follow-ups and reminders.
// It returns the database, the plan and the time the pack is made.
func fixture(t *testing.T) (*storage.DB, *plan.Plan, time.Time) {
	t.Helper()
	ctx := context.Background()
	clk := testclock.New(time.Date(2026, 11, 3, 9, 0, 0, 0, oslo))
	db := testkit.OpenDB(t, clk.Now)
	p := testkit.ExamplePlan(t)
	open := func(title string, kind incident.Kind, private bool) incident.Incident {
		inc, _, err := db.CreateIncident(ctx, incident.NewIncident{Title: title, Kind: kind, Private: private, OpenedBy: "U0KRISE001",
			ChannelID: "C" + strings.ToUpper(strings.Fields(title)[0]), ChannelName: "hendelse"})
		if err != nil {
			t.Fatal(err)
		}
		return inc
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ex := open("Varslingsøvelse november", incident.KindExercise, false)
	_, err := db.AppendEntry(ctx, incident.NewEntry{IncidentID: ex.ID, Kind: incident.EntryDecision, Author: "U0KRISE001", Text: "Alle på lista varslet"})
	must(err)
	clk.Add(90 * time.Minute)
	_, _, err = db.CloseIncident(ctx, ex.ID, "U0KRISE001", "Øvelsen er gjennomført")
	must(err)
	must(db.RecordCompletion(ctx, incident.Completion{ItemID: "ovelse-varsling", Done: "2026-11-03", By: "U0KRISE001",
		Note: "Øvelse «Varslingsøvelse november» avsluttet i Beredskapsbot (hendelse #1)"}))
	clk.Add(time.Hour)
	_, err = db.AddEvaluation(ctx, incident.Evaluation{IncidentID: ex.ID, Question: "Hva fungerte?", Answer: "Alle svarte innen 20 minutter", Author: "U0KRISE001"})
	must(err)
	_, err = db.AddEvaluation(ctx, incident.Evaluation{IncidentID: ex.ID, Question: "Hvilke endringer i planen?", Answer: "=Nytt nummer til legevakten", Author: "U0KRISE004", ProposedPlanChange: true})
	must(err)
	_, err = db.AddFollowUp(ctx, incident.FollowUp{IncidentID: ex.ID, Text: "=Nytt nummer til legevakten", Owner: "ingrid-eksempel", Due: "2026-12-03", PlanChange: true, CreatedBy: "U0KRISE004"})
	must(err)
	testAggregat, err := db.AddFollowUp(ctx, incident.FollowUp{IncidentID: ex.ID, Text: "Test aggregatet hver måned", Owner: "per-provesen", Due: "2026-11-20", CreatedBy: "U0KRISE001"})
	must(err)

	clk.Add(24 * time.Hour)
	real := open("Strømbrudd i sentrum", incident.KindIncident, false)
	clk.Add(3*time.Hour + 15*time.Minute)
	_, _, err = db.CloseIncident(ctx, real.ID, "U0KRISE001", "Strømmen er tilbake")
	must(err)
	_, err = db.AddEvaluation(ctx, incident.Evaluation{IncidentID: real.ID, Question: "Hva må forbedres?", Answer: "Aggregatet startet ikke", Author: "U0KRISE001"})
	must(err)
	_, err = db.AddFollowUp(ctx, incident.FollowUp{IncidentID: real.ID, Text: "Bytt startbatteri på aggregatet", Owner: "U0KRISE002", Due: "2027-01-15", CreatedBy: "U0KRISE001"})
	must(err)
	clk.Add(time.Hour)
	open("Trusler mot ansatt", incident.KindIncident, true)

	// The reminder pass on 13.11: the follow-up's stage -7 (and the
	// årshjul's items whose stage is reached); one delivered.
	r := &reminders.Runner{Plan: func() *plan.Plan { return p }, Store: db, Loc: oslo}
	clk.Set(time.Date(2026, 11, 13, 9, 0, 0, 0, oslo))
	planned, err := r.Pass(ctx, clk.Now(), false)
	must(err)
	if len(planned) == 0 {
		t.Fatal("no reminders")
	}
	items, err := db.NextOutbox(ctx, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), 100)
	must(err)
	clk.Add(time.Minute)
	for _, it := range items {
		if it.Kind == incident.OutboxReminder {
			must(db.MarkDelivered(ctx, it.ID))
		}
	}
	clk.Set(time.Date(2026, 11, 15, 12, 0, 0, 0, oslo))
	_, err = db.CloseFollowUp(ctx, testAggregat.ID, "U0KRISE004", "Testet, startet på første forsøk")
	must(err)
	clk.Add(24 * time.Hour)
	must(db.RecordCompletion(ctx, incident.Completion{ItemID: "revisjon-kontakter", Done: "2026-11-16", By: "U0KRISE004"}))
	return db, p, time.Date(2026, 11, 22, 14, 30, 0, 0, oslo)
}

func build(t *testing.T, opt evidence.Options) *evidence.Pack {
	t.Helper()
	db, p, now := fixture(t)
	opt.Now, opt.Loc = now, oslo
	pk, err := evidence.Build(context.Background(), db, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	return pk
}

func TestEvidenceGolden(t *testing.T) {
	pk := build(t, evidence.Options{})
	md := string(pk.Markdown())
	testkit.Golden(t, "testdata/evidence.md.golden", md)
	testkit.Golden(t, "testdata/evidence.html.golden", pk.HTML())

	// Every exercise and review of the årshjul, each incident with its
	// verify status, each follow-up.
	for _, s := range pk.Schedule {
		if !strings.Contains(md, s.ID) {
			t.Errorf("årshjul item %s missing", s.ID)
		}
	}
	if len(pk.Incidents) != 3 {
		t.Fatalf("%d incidents, want 3", len(pk.Incidents))
	}
	for _, it := range pk.Incidents {
		if !it.Verified || len(it.Hash) < 32 || !strings.Contains(md, it.Hash) {
			t.Errorf("incident %d: verified %v, hash %q", it.ID, it.Verified, it.Hash)
		}
	}
	if len(pk.FollowUps) != 3 {
		t.Errorf("%d follow-ups, want 3", len(pk.FollowUps))
	}
	for _, want := range []string{"Nytt nummer til legevakten", "Test aggregatet hver måned", "Bytt startbatteri", "lukket 15.11.2026",
		"Skjermet hendelse", "intakt", "gjennomført 16.11.2026", "Varslingsøvelse november (øvelse)", "#1"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(md, "Trusler") || strings.Contains(string(pk.HTML()), "Trusler") || strings.Contains(string(pk.CSV()), "Trusler") {
		t.Error("a private incident's title is shown without --with-private")
	}
}

func TestEvidencePrivatePeriodCSV(t *testing.T) {
	pk := build(t, evidence.Options{WithPrivate: true, From: plan.Date{Year: 2026, Month: 11, Day: 4}})
	md := string(pk.Markdown())
	if !strings.Contains(md, "Trusler mot ansatt") {
		t.Error("--with-private does not show the title")
	}
	if strings.Contains(md, "Varslingsøvelse november") || len(pk.Incidents) != 2 {
		t.Errorf("the period does not filter incidents: %d", len(pk.Incidents))
	}
	csv := pk.CSV()
	if !bytes.HasPrefix(csv, []byte("\uFEFF")) || !bytes.Contains(csv, []byte(",'=Nytt nummer til legevakten")) {
		t.Errorf("CSV not formula-safe:\n%s", csv)
	}
}

func TestClosingRevisionShownAsClosed(t *testing.T) {
	db, p, now := fixture(t)
	p.Org.Revisions = append(p.Org.Revisions, plan.Revision{Date: plan.Date{Year: 2026, Month: 11, Day: 20}, Change: "Nytt legevaktnummer"})
	pk, err := evidence.Build(context.Background(), db, p, evidence.Options{Now: now, Loc: oslo})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(pk.Markdown()), "lukket av revisjon 20.11.2026") {
		t.Error("the «plan:» follow-up is not shown closed by the revision")
	}
}

// PDF through headless Chromium, when it is installed.
func TestEvidencePDF(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium")
	}
	pk := build(t, evidence.Options{})
	out, err := pk.Render(context.Background(), evidence.FormatPDF)
	if errors.Is(err, pdf.ErrUnavailable) {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed (CI installs it: apt-get install chromium)")
		}
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, []byte("%PDF-")) || len(out) < 5000 {
		t.Errorf("not a PDF: %d bytes, starts %q", len(out), out[:min(len(out), 8)])
	}
}
