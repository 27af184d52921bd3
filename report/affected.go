package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
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

// DurationText is how long the function was out: «3 t 20 min».
func (l AffectedLine) DurationText() string {
	m := int(l.Duration / time.Minute)
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m < 24*60:
		return fmt.Sprintf("%d t %d min", m/60, m%60)
	}
	return fmt.Sprintf("%d d %d t", m/(24*60), (m/60)%24)
}

// ToleranceText is «innenfor 4 timer», «over 4 timer» or «–».
func (l AffectedLine) ToleranceText() string {
	switch {
	case l.Tolerance == "":
		return "–"
	case l.Over:
		return "over toleransen (" + l.Tolerance + ")"
	}
	return "innenfor toleransen (" + l.Tolerance + ")"
}

// markdownAffected is the report's section on affected functions.
func (r *Report) markdownAffected(b *strings.Builder) {
	if len(r.Affected) == 0 {
		return
	}
	fmt.Fprintf(b, "## Berørte kritiske funksjoner\n\n| Funksjon | Ute siden | Gjenopprettet | Varighet | Toleranse |\n|---|---|---|---|---|\n")
	for _, a := range r.Affected {
		restored := "ikke gjenopprettet"
		if !a.Restored.IsZero() {
			restored = stamp(a.Restored)
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", mdCell(a.Name), stamp(a.Since), restored, a.DurationText(), mdCell(a.ToleranceText()))
	}
	b.WriteString("\n")
}
