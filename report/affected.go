package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// AffectedStore is what the section on affected critical functions needs
// from storage. storage.DB implements it; without it the section is
// empty.
type AffectedStore interface {
	AffectedFunctions(ctx context.Context, incidentID int64) ([]incident.AffectedFunction, error)
}

// AffectedLine is a critical function the incident put out of service:
// since when, when it was restored (zero if it was not by the report's
// end), and how long it was out against its downtime tolerance.
type AffectedLine struct {
	ID        string
	Name      string
	Since     time.Time
	Restored  time.Time
	Duration  time.Duration
	Tolerance string // as written in the plan, "" when not given
	// Over is set when the outage lasted longer than the tolerance.
	Over bool
}

// affectedLines reads the affected functions of the incident, each
// measured up to its restore or, if still out, the report's end.
func affectedLines(ctx context.Context, st Store, p *plan.Plan, incidentID int64, end time.Time, loc *time.Location) ([]AffectedLine, error) {
	as, ok := st.(AffectedStore)
	if !ok {
		return nil, nil
	}
	all, err := as.AffectedFunctions(ctx, incidentID)
	if err != nil {
		return nil, fmt.Errorf("rapport for hendelse %d: %w", incidentID, err)
	}
	var out []AffectedLine
	for _, a := range all {
		l := AffectedLine{ID: a.FunctionID, Name: a.FunctionID, Since: a.Since.In(loc), Duration: a.Duration(end)}
		if !a.Out() {
			l.Restored = a.RestoredAt.In(loc)
		}
		if f := p.Function(a.FunctionID); f != nil {
			l.Name = f.Name
			if f.HasTolerance() {
				l.Tolerance = f.DowntimeTolerance
				l.Over = l.Duration > f.Downtime
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// toleranceText is «innenfor toleransen (4 timer)», «over toleransen
// (4 timer)» or «–».
func (r *Report) toleranceText(l AffectedLine) string {
	switch {
	case l.Tolerance == "":
		return "–"
	case l.Over:
		return r.t("report.tolerance.over", i18n.Args{"Tolerance": l.Tolerance})
	}
	return r.t("report.tolerance.within", i18n.Args{"Tolerance": l.Tolerance})
}

// restoredText is when the function was restored, or «ikke gjenopprettet».
func (r *Report) restoredText(l AffectedLine) string {
	if l.Restored.IsZero() {
		return r.t("report.not_restored")
	}
	return r.stamp(l.Restored)
}

// markdownAffected is the report's section on affected functions.
func (r *Report) markdownAffected(b *strings.Builder) {
	if len(r.Affected) == 0 {
		return
	}
	fmt.Fprintf(b, "## %s\n\n| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n", r.t("report.sec.affected"),
		r.t("report.col.function"), r.t("report.col.out_since"), r.t("report.col.restored"), r.t("report.col.duration"), r.t("report.col.tolerance"))
	for _, a := range r.Affected {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", mdCell(a.Name), r.stamp(a.Since), r.restoredText(a), r.duration(a.Duration), mdCell(r.toleranceText(a)))
	}
	b.WriteString("\n")
}
