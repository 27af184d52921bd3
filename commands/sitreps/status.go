package sitreps

import (
	"context"

	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/sitrep"
)

// StatusLines returns the lines /beredskap status shows about situation
// reports: the next one due under the plan's cadence, or how long it is
// overdue («Situasjonsrapport 3 forfalt for 25 min siden»), and the last
// one sent. Nothing when the plan has no cadence and none was sent, or
// the reports cannot be read (the status shows the rest).
func StatusLines(ctx context.Context, e *cmdkit.Env, inc incident.Incident) []string {
	st, err := cmdkit.StoreAs[Store](e)
	var reports []incident.Report
	if err == nil {
		reports, err = st.Reports(ctx, inc.ID)
	}
	if err != nil {
		e.Log.WithError(err).WithField("incident", inc.ID).Warn("situation reports not read for the status")
		return nil
	}
	p, now := e.Plan(), e.Now()
	l := i18n.For(p.Lang)
	var out []string
	if number, due, ok := sitrep.Next(p.SitRepTemplate(), inc, reports); ok && inc.Open() {
		short := l.T("sitrep.short", i18n.Args{"Name": sitrep.Name(p), "Number": number})
		if now.After(due) {
			out = append(out, l.T("sitrep.status.overdue", i18n.Args{"Short": short, "Ago": sitrep.Duration(p, now.Sub(due))}))
		} else {
			out = append(out, l.T("sitrep.status.next", i18n.Args{"Number": number, "Time": sitrep.Clock(p, due, now, e.Loc)}))
		}
	}
	if n := len(reports); n > 0 {
		last := reports[n-1]
		out = append(out, l.T("sitrep.status.last", i18n.Args{"Number": last.Number, "Time": sitrep.Clock(p, last.SentAt, now, e.Loc)}))
	}
	return out
}
