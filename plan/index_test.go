package plan_test

import (
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

func TestIndexLookups(t *testing.T) {
	p := loadValid(t)
	hand := &plan.Plan{Roles: p.Roles, Contacts: p.Contacts, Lists: p.Lists, Cards: p.Cards, Templates: p.Templates, Exercises: p.Exercises, Reviews: p.Reviews}
	// A Plan built by hand has no index; lookups must give the same answers.
	for name, pl := range map[string]*plan.Plan{"loaded": p, "hand-built": hand} {
		t.Run(name, func(t *testing.T) {
			if r := pl.Role("kriseleder"); r == nil || r.Title != "Kriseleder" {
				t.Errorf("Role = %v", r)
			}
			if c := pl.Contact("ola"); c == nil || c.Name != "Ola Hansen" {
				t.Errorf("Contact = %v", c)
			}
			if l := pl.List("it"); l == nil || l.Name != "IT-hendelser" {
				t.Errorf("List = %v", l)
			}
			if a := pl.Card("strom"); a == nil || a.Title != "Strømbrudd" {
				t.Errorf("Card = %v", a)
			}
			if m := pl.Template("holding-statement"); m == nil || m.Name != "Holding statement" {
				t.Errorf("Template = %v", m)
			}
			if x := pl.Exercise("it-ovelse"); x == nil || x.IntervalMonths != 12 {
				t.Errorf("Exercise = %v", x)
			}
			if r := pl.Review("ros-revisjon"); r == nil || r.Kind != plan.ReviewROS {
				t.Errorf("Review = %v", r)
			}
			// Exact match only: aliases and other case are for fuzzy matching.
			if pl.Card("Strom") != nil || pl.Card("strømbrudd") != nil || pl.Role("x") != nil ||
				pl.Contact("") != nil || pl.List("alle ") != nil || pl.Template("pressemelding") != nil ||
				pl.Exercise("plan-revisjon") != nil || pl.Review("it-ovelse") != nil {
				t.Error("a lookup matched something it should not")
			}
			roleIDs := func(rs []*plan.Role) (ids []string) {
				for _, r := range rs {
					ids = append(ids, r.ID)
				}
				return ids
			}
			for contact, want := range map[string]string{"kari": "kriseleder loggforer", "ola": "kriseleder", "lise": "loggforer", "it-leverandor": ""} {
				if got := strings.Join(roleIDs(pl.RolesOf(contact)), " "); got != want {
					t.Errorf("RolesOf(%s) = %q, want %q", contact, got, want)
				}
			}
		})
	}
}

func TestDefaultListAndListFor(t *testing.T) {
	p := loadValid(t)
	if got := p.DefaultList(); got == nil || got.ID != "alle" {
		t.Fatalf("DefaultList = %v", got)
	}
	tests := []struct {
		card *plan.ActionCard
		want string
	}{
		{p.Card("it-feil"), "it"},
		{p.Card("strom"), "alle"},
		{nil, "alle"},
		{&plan.ActionCard{ID: "x"}, "alle"},
		{&plan.ActionCard{ID: "x", List: "finnes-ikke"}, "alle"},
	}
	for _, tt := range tests {
		if got := p.ListFor(tt.card); got == nil || got.ID != tt.want {
			t.Errorf("ListFor(%v) = %v, want %s", tt.card, got, tt.want)
		}
	}

	// Without standard: true the first list is the default; without lists, nil.
	noStd := &plan.Plan{Lists: []*plan.NotificationList{{ID: "a"}, {ID: "b"}}}
	if got := noStd.DefaultList(); got == nil || got.ID != "a" {
		t.Errorf("DefaultList without standard = %v", got)
	}
	empty := &plan.Plan{}
	if empty.DefaultList() != nil || empty.ListFor(nil) != nil {
		t.Error("a plan without lists has no default list")
	}
}
