package followups

import (
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

func TestParseFollowUp(t *testing.T) {
	p := testkit.ExamplePlan(t)
	today := plan.Date{Year: 2026, Month: 11, Day: 22}
	tests := []struct {
		args, text, owner, due string
		refused                bool
	}{
		{args: "Oppdater listen", text: "Oppdater listen", owner: defaultOwner(p), due: "2026-12-22"},
		{args: "Øv på nødnett <@U0KRISE002> 2027-01-15", text: "Øv på nødnett", owner: "U0KRISE002", due: "2027-01-15"},
		{args: "Øv 15.01.2027 <@U0KRISE002|kari>", text: "Øv", owner: "U0KRISE002", due: "2027-01-15"},
		{args: "Noe 01.01.2026", refused: true},
		{args: "Noe 2026-13-45", refused: true},
	}
	for _, tc := range tests {
		text, owner, due, resp := parseFollowUp(p, tc.args, today)
		if tc.refused {
			if resp == nil {
				t.Errorf("%q: not refused", tc.args)
			}
			continue
		}
		if resp != nil || text != tc.text || owner != tc.owner || due.String() != tc.due {
			t.Errorf("%q: got %q, %q, %s, %v; want %q, %q, %s", tc.args, text, owner, due, resp, tc.text, tc.owner, tc.due)
		}
	}
}
