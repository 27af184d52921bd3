package planfile

import (
	"fmt"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// Bounds of a report cadence: more often than every 15 minutes is not a
// report, less often than weekly not a cadence.
const (
	minSitRepInterval = 15 * time.Minute
	maxSitRepInterval = 7 * 24 * time.Hour
	// maxSitRepSections is what a Slack form holds: 100 blocks, one input each.
	maxSitRepSections = 100
)

// checkSitRep validates the situasjonsrapport section and sets Every.
func (v *validator) checkSitRep() {
	s := &v.p.Meetings.SitRep
	if !s.Configured() {
		return
	}
	const prefix = "situasjonsrapport."
	if strings.TrimSpace(s.Interval) != "" {
		d, err := plan.ParseInterval(s.Interval)
		switch {
		case err != nil:
			v.fail(s.Pos, prefix, "hyppighet", "plan.sitrep.interval", i18n.Args{"Value": s.Interval})
		case d < minSitRepInterval || d > maxSitRepInterval:
			v.fail(s.Pos, prefix, "hyppighet", "plan.sitrep.interval_range", i18n.Args{"Value": s.Interval})
		default:
			s.Every = d
		}
	}
	v.ref(s.Pos, prefix, "ansvarlig", "ansvarlig", strings.TrimSpace(s.Responsible), "rolle", v.roles)
	if s.Channel != "" && !validChannel(s.Channel) {
		v.fail(s.Pos, prefix, "mottakerkanal", "plan.schedule.channel", i18n.Args{"Value": s.Channel})
	}
	if len(s.Sections) > maxSitRepSections {
		v.fail(s.Pos, prefix, "seksjoner", "plan.sitrep.too_many", i18n.Args{"Count": len(s.Sections), "Max": maxSitRepSections})
	}
	for i, sec := range s.Sections {
		p := fmt.Sprintf("%sseksjoner[%d].", prefix, i+1)
		v.required(sec.Pos, p, "tittel", sec.Title)
		if !plan.IsSitRepFill(sec.Fill) {
			v.fail(sec.Pos, p, "innhold", "plan.sitrep.fill", i18n.Args{"Value": sec.Fill, "Allowed": "tiltak, konsekvenser, neste"})
		}
	}
}
