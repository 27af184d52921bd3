package planfile

import (
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// checkRetention checks the personvern section: every period readable.
func (v *validator) checkRetention() {
	r := &v.p.Org.Privacy
	if r.Line == 0 {
		return
	}
	for _, f := range []struct{ key, text string }{
		{"fritekst_lukkede_hendelser", r.ClosedIncidentTexts},
		{"leverte_utboksmeldinger", r.DeliveredOutbox},
		{"slack_brukerbuffer", r.SlackUserCache},
	} {
		if _, set := r.Fields[f.key]; !set {
			continue
		}
		if _, err := plan.ParseRetention(f.text); err != nil {
			v.fail(r.Pos, "personvern.", f.key, "plan.retention.invalid", i18n.Args{"Value": strings.TrimSpace(f.text)})
		}
	}
}
