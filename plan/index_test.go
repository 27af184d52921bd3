package plan

import (
	"strings"
	"testing"
)

func TestIndexLookups(t *testing.T) {
	p, _ := LoadDir("testdata/valid")
	hand := &Plan{Roles: p.Roles, Contacts: p.Contacts, Lists: p.Lists, Cards: p.Cards, Templates: p.Templates, Exercises: p.Exercises, Reviews: p.Reviews}
	// A Plan built by hand has no index; lookups must give the same answers.
	for name, plan := range map[string]*Plan{"loaded": p, "hand-built": hand} {
		t.Run(name, func(t *testing.T) {
			if r := plan.Role("kriseleder"); r == nil || r.Title != "Kriseleder" {
				t.Errorf("Role = %v", r)
			}
			if c := plan.Contact("ola"); c == nil || c.Name != "Ola Hansen" {
				t.Errorf("Contact = %v", c)
			}
			if l := plan.List("it"); l == nil || l.Name != "IT-hendelser" {
				t.Errorf("List = %v", l)
			}
			if a := plan.Card("strom"); a == nil || a.Title != "Strømbrudd" {
				t.Errorf("Card = %v", a)
			}
			if m := plan.Template("holding-statement"); m == nil || m.Name != "Holding statement" {
				t.Errorf("Template = %v", m)
			}
			if x := plan.Exercise("it-ovelse"); x == nil || x.IntervalMonths != 12 {
				t.Errorf("Exercise = %v", x)
			}
			if r := plan.Review("ros-revisjon"); r == nil || r.Kind != ReviewROS {
				t.Errorf("Review = %v", r)
			}
			// Exact match only: aliases and other case are for fuzzy matching.
			if plan.Card("Strom") != nil || plan.Card("strømbrudd") != nil || plan.Role("x") != nil ||
				plan.Contact("") != nil || plan.List("alle ") != nil || plan.Template("pressemelding") != nil ||
				plan.Exercise("plan-revisjon") != nil || plan.Review("it-ovelse") != nil {
				t.Error("a lookup matched something it should not")
			}
			roleIDs := func(rs []*Role) (ids []string) {
				for _, r := range rs {
					ids = append(ids, r.ID)
				}
				return ids
			}
			for contact, want := range map[string]string{"kari": "kriseleder loggforer", "ola": "kriseleder", "lise": "loggforer", "it-leverandor": ""} {
				if got := strings.Join(roleIDs(plan.RolesOf(contact)), " "); got != want {
					t.Errorf("RolesOf(%s) = %q, want %q", contact, got, want)
				}
			}
		})
	}
}

func TestDefaultListAndListFor(t *testing.T) {
	p, _ := LoadDir("testdata/valid")
	if got := p.DefaultList(); got == nil || got.ID != "alle" {
		t.Fatalf("DefaultList = %v", got)
	}
	tests := []struct {
		card *ActionCard
		want string
	}{
		{p.Card("it-feil"), "it"},
		{p.Card("strom"), "alle"},
		{nil, "alle"},
		{&ActionCard{ID: "x"}, "alle"},
		{&ActionCard{ID: "x", List: "finnes-ikke"}, "alle"},
	}
	for _, tt := range tests {
		if got := p.ListFor(tt.card); got == nil || got.ID != tt.want {
			t.Errorf("ListFor(%v) = %v, want %s", tt.card, got, tt.want)
		}
	}

	// Without standard: true the first list is the default; without lists, nil.
	noStd := &Plan{Lists: []*NotificationList{{ID: "a"}, {ID: "b"}}}
	if got := noStd.DefaultList(); got == nil || got.ID != "a" {
		t.Errorf("DefaultList without standard = %v", got)
	}
	empty := &Plan{}
	if empty.DefaultList() != nil || empty.ListFor(nil) != nil {
		t.Error("a plan without lists has no default list")
	}
}
