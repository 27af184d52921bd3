package reminders_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

var _ reminders.FollowUpStore = (*storage.DB)(nil)

// followUp stores a follow-up created at created with deadline due.
func (e *env) followUp(created time.Time, text, due string, planChange bool) incident.FollowUp {
	e.t.Helper()
	e.db.Now = func() time.Time { return created }
	f, err := e.db.AddFollowUp(context.Background(), incident.FollowUp{Text: text, Owner: "per-provesen", Due: due, PlanChange: planChange})
	if err != nil {
		e.t.Fatal(err)
	}
	return f
}

// planReview gives the plan a yearly plan revision in #beredskap, done
// on last: the channel of follow-ups not tied to an incident.
func (e *env) planReview(last plan.Date) {
	e.mu.Lock()
	e.p.Reviews = append(e.p.Reviews, &plan.Review{ID: "revisjon-plan", Name: "Revisjon av planen", Kind: plan.ReviewPlan,
		Owner: "per-provesen", Channel: "#beredskap", IntervalMonths: 12, LastDone: last})
	e.mu.Unlock()
}

func TestFollowUpRemindedOncePerStageAcrossRestart(t *testing.T) {
	e := newEnv(t)
	e.planReview(date(2027, 1, 15))
	f := e.followUp(at(2027, 2, 1, 10, 0), "Test aggregatet hver måned", "2027-03-10", false)
	item := reminders.FollowUpItemID(f.ID)
	days := []struct {
		day  time.Time
		want []string
	}{
		{at(2027, 3, 2, 9, 0), nil},
		{at(2027, 3, 3, 9, 0), []string{item + " -7 2027-03-10"}},
		{at(2027, 3, 4, 9, 0), nil},
		{at(2027, 3, 10, 9, 0), []string{item + " 0 2027-03-10"}},
		{at(2027, 3, 12, 9, 0), nil},
	}
	for _, d := range days {
		if got := stages(e.pass(d.day)); !reflect.DeepEqual(got, d.want) {
			t.Fatalf("pass on %s: %v, want %v", d.day.Format("02.01"), got, d.want)
		}
	}
	// A restart: a new runner on the same database sends nothing again,
	// then the first overdue stage once.
	r2 := &reminders.Runner{Plan: e.plan, Store: e.db, Loc: oslo}
	now := at(2027, 3, 12, 9, 5)
	if got, err := r2.CatchUp(context.Background(), now); err != nil || len(got) != 0 {
		t.Fatalf("catch-up after restart: %v, %v", stages(got), err)
	}
	e.r = r2
	if got := stages(e.pass(at(2027, 3, 17, 9, 0))); !reflect.DeepEqual(got, []string{item + " +7 2027-03-10"}) {
		t.Fatalf("a week overdue: %v", got)
	}
	sent, err := e.db.ReminderSent(context.Background(), item, "2027-03-10")
	if err != nil || !reflect.DeepEqual(sent, []string{"-7", "0", "+7"}) {
		t.Fatalf("ledger: %v, %v", sent, err)
	}
	out := e.outbox()
	if len(out) != 3 {
		t.Fatalf("%d reminders in the outbox, want 3", len(out))
	}
	p := post(t, out[2])
	text := p.Response.Blocks[1].Text + " " + p.Response.Blocks[2].Text
	for _, want := range []string{"<@U0KRISE004>", "Test aggregatet", "forfalt for 7 dager siden", "oppfølging lukk 1", "«oppfølging #1»", "revisjoner"} {
		if !strings.Contains(text, want) {
			t.Errorf("reminder %q lacks %q", text, want)
		}
	}
	if p.Channel != "#beredskap" {
		t.Errorf("channel %q", p.Channel)
	}
	// Closed: no more reminders.
	if _, err := e.db.CloseFollowUp(context.Background(), f.ID, "U1", "Testet"); err != nil {
		t.Fatal(err)
	}
	if got := e.pass(at(2027, 3, 24, 9, 0)); len(got) != 0 {
		t.Errorf("closed follow-up reminded: %v", stages(got))
	}
}

func TestFollowUpClosedByRevision(t *testing.T) {
	e := newEnv(t)
	e.planReview(date(2027, 1, 15))
	planChange := e.followUp(at(2027, 2, 1, 10, 0), "Ny varslingsliste for helse", "2027-03-03", true)
	mentioned := e.followUp(at(2027, 2, 1, 11, 0), "Bytt nummer til legevakt", "2027-03-03", false)
	other := e.followUp(at(2027, 2, 1, 12, 0), "Kjøp aggregat", "2027-03-03", false)
	e.mu.Lock()
	e.p.Org.Revisions = append(e.p.Org.Revisions,
		plan.Revision{Date: date(2027, 2, 1), Change: "Samme dag: lukker ikke et planforslag"},
		plan.Revision{Date: date(2027, 2, 20), Change: "Nytt nummer til legevakten (oppfølging #2)"})
	e.mu.Unlock()
	got := e.pass(at(2027, 2, 25, 9, 0))
	if want := []string{reminders.FollowUpItemID(other.ID) + " -7 2027-03-03"}; !reflect.DeepEqual(stages(got), want) {
		t.Fatalf("pass: %v, want %v", stages(got), want)
	}
	for _, id := range []int64{planChange.ID, mentioned.ID} {
		f, err := e.db.FollowUp(context.Background(), id)
		if err != nil || f.Open() || f.ClosedBy != incident.ClosedByRevision || !strings.Contains(f.Note, "20.02.2027") {
			t.Errorf("follow-up %d after the revision: %+v, %v", id, f, err)
		}
	}
}

func TestMentionedFollowUps(t *testing.T) {
	for text, want := range map[string][]int64{
		"Oppfølging #3 og oppfølgingspunkt nr. 4": {3, 4},
		"åtgärdspunkt #12":                        {12},
		"Follow-up #7, followup no. 8":            {7, 8},
		"Revidert etter øvelse 3":                 nil,
	} {
		if got := reminders.MentionedFollowUps(text); !reflect.DeepEqual(got, want) {
			t.Errorf("MentionedFollowUps(%q) = %v, want %v", text, got, want)
		}
	}
}
