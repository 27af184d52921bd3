package planfile

import (
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// TestSwedishExample checks the Swedish example: no diagnostics at all,
// read as Swedish with Swedish phone numbers, and the parts of a
// kontinuitetsplan the example is there to show.
func TestSwedishExample(t *testing.T) {
	p, ds := LoadExample("sverige")
	if len(ds) != 0 {
		t.Fatalf("the Swedish example has diagnostics:\n%s", ds)
	}
	if p.Lang != i18n.Swedish || p.Org.Region != "SE" || p.Location.String() != "Europe/Stockholm" {
		t.Errorf("lang %q, region %q, zone %v; want sv, SE, Europe/Stockholm", p.Lang, p.Org.Region, p.Location)
	}
	if p.Org.Kind != plan.OrgMunicipality {
		t.Errorf("kind %q, want %q", p.Org.Kind, plan.OrgMunicipality)
	}
	for _, c := range p.Contacts {
		for _, n := range c.Phones {
			if len(n) != 12 || n[:8] != "+4670174" || n[8:10] != "06" || n[10:] < "05" {
				t.Errorf("contact %s: %s is not in the fiction range 070-174 06 05–99", c.ID, n)
			}
		}
	}
	f := p.Functions[0]
	if f.ID != "verksamhetssystem" || len(f.Processes) != 4 || f.Backup.RestoreTime != "8 timmar" || len(f.Dependencies) != 4 || len(f.LeftOut) != 3 {
		t.Errorf("verksamhetssystem: %+v", f)
	}
	if got, want := f.Processes[0].Reserve.Responsible, "informationsagare"; got != want {
		t.Errorf("first process's reserve routine by %q, want %q", got, want)
	}
	roles := map[string]bool{}
	for _, r := range p.Roles {
		roles[r.ID] = true
	}
	for _, id := range []string{"ordforande", "kommundirektor", "informationsansvarig", "sakerhetssamordnare", "loggforare", "systemagare", "informationsagare", "systemforvaltare", "it-support"} {
		if !roles[id] {
			t.Errorf("no role card %q", id)
		}
	}
	cards := map[string]bool{}
	for _, c := range p.Cards {
		cards[c.ID] = true
	}
	for _, id := range []string{"systemavbrott", "elavbrott", "it-attack"} {
		if !cards[id] {
			t.Errorf("no action card %q", id)
		}
	}
	if s := p.Meetings.SitRep; s.Interval != "4 timmar" || s.Responsible != "sakerhetssamordnare" || len(s.Sections) != 6 || plan.SitRepFill(s.Sections[2]) != plan.FillActions {
		t.Errorf("lägesrapport: %+v", p.Meetings.SitRep)
	}
	for id, part := range map[string]string{
		"forberett-uttalande": "Vi kan bekräfta att en händelse har inträffat ([tid/plats]).",
		"svar-vid-fragor":     "Jag förstår att du har många frågor, men det här är den information vi kan dela just nu.",
	} {
		if m := findTemplate(p, id); m == nil || !strings.Contains(m.Text, part) {
			t.Errorf("mall %q: want %q in it", id, part)
		}
	}
	if len(p.ROS) != 4 || len(p.Templates) != 3 || len(p.Exercises) != 3 || len(p.Reviews) != 3 || len(p.Lists) != 2 {
		t.Errorf("RSA %d, mallar %d, övningar %d, revisioner %d, larmlistor %d", len(p.ROS), len(p.Templates), len(p.Exercises), len(p.Reviews), len(p.Lists))
	}
}
