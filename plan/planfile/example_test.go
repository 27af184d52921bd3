package planfile

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/plan"
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
	want := []string{"flowstop", "kommune", "sverige"}
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
