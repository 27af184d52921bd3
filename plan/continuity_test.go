package plan_test

import (
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// The ROS values of the valid plan stay as they were: plain measures.
func TestPlainMeasuresStayValid(t *testing.T) {
	p := loadValid(t)
	m := p.ROS[0].Measures
	if len(m) != 2 || m[0].Text != "Aggregat" || m[1].Text != "Nødlys" || m[0].Line == 0 {
		t.Errorf("measures = %+v", m)
	}
	if p.ROSScale != 4 || p.ROS[0].Consequence != plan.LevelHigh {
		t.Errorf("scale %d, consequence %q", p.ROSScale, p.ROS[0].Consequence)
	}
}

// The consequence table is labelled in the plan's language.
func TestConsequenceStepsIn(t *testing.T) {
	c := plan.Consequence{OverWeek: plan.ConsequenceStep{Level: plan.ConsequenceSevere}}
	for lang, want := range map[i18n.Lang][2]string{
		i18n.Bokmal:  {"Under 6 timer", "Over 1 uke"},
		i18n.Swedish: {"Mindre än 6 tim", "Mer än 1 vecka"},
		i18n.English: {"Under 6 hours", "Over 1 week"},
	} {
		steps := c.StepsIn(lang)
		if len(steps) != 5 || steps[0].Label != want[0] || steps[4].Label != want[1] || steps[4].Step.Level != plan.ConsequenceSevere || steps[4].Key != "over_1uke" {
			t.Errorf("%s: %+v", lang, steps)
		}
	}
	if c.IsZero() || !(&plan.Consequence{}).IsZero() {
		t.Errorf("IsZero wrong")
	}
}
