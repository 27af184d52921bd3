package planfile

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

// The example has no personvern: the defaults apply. A plan sets its own,
// and a bad period is reported with file:line and the field.
func TestRetentionsInPlan(t *testing.T) {
	p, diags := LoadExample("kommune")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if got := p.Retentions(); got != plan.DefaultRetention {
		t.Errorf("example: %+v, want the defaults %+v", got, plan.DefaultRetention)
	}
	fsys := planFS(t, "testdata/valid")
	org := string(fsys["organisasjon.yaml"].Data)
	fsys["organisasjon.yaml"] = &fstest.MapFile{Data: []byte(org + "personvern:\n  fritekst_lukkede_hendelser: 10 år\n  slack_brukerbuffer: 1 uke\n")}
	p, diags = Load(fsys)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want := plan.Retentions{ClosedIncidentTexts: plan.RetentionPeriod{Years: 10}, DeliveredOutbox: plan.RetentionPeriod{Days: 30}, SlackUserCache: plan.RetentionPeriod{Days: 7}}
	if got := p.Retentions(); got != want {
		t.Errorf("set: %+v, want %+v", got, want)
	}
	lines := strings.Count(org, "\n")
	fsys["organisasjon.yaml"] = &fstest.MapFile{Data: []byte(org + "personvern:\n  leverte_utboksmeldinger: snart\n")}
	_, diags = Load(fsys)
	errs := diags.Errors()
	if len(errs) != 1 || errs[0].File != "organisasjon.yaml" || errs[0].Line != lines+2 || errs[0].Field != "personvern.leverte_utboksmeldinger" {
		t.Fatalf("bad period: %v, want organisasjon.yaml:%d: personvern.leverte_utboksmeldinger", errs, lines+2)
	}
}
