package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// The continuity plan in the crisis: the tolerance clock of an affected
// critical function and the warnings posted when it runs out, in the
// plan's language.

// ShortDuration words a duration compactly in lang: "45 min", "3 t 20 min",
// "4 t", "2 d 3 t" (Swedish and English use "h").
func ShortDuration(lang i18n.Lang, d time.Duration) string {
	l := i18n.For(lang)
	hour, day := l.T("cmd.cont.unit.hour"), l.T("cmd.cont.unit.day")
	m := int(d / time.Minute)
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m < 24*60 && m%60 == 0:
		return fmt.Sprintf("%d %s", m/60, hour)
	case m < 24*60:
		return fmt.Sprintf("%d %s %d min", m/60, hour, m%60)
	case (m/60)%24 == 0:
		return fmt.Sprintf("%d %s", m/(24*60), day)
	}
	return fmt.Sprintf("%d %s %d %s", m/(24*60), day, (m/60)%24, hour)
}

// LevelWord is a consequence level in lang ("betydelig", "betydande"),
// or «ikke angitt» for none.
func LevelWord(lang i18n.Lang, level plan.ConsequenceLevel) string {
	l := i18n.For(lang)
	if plan.ConsequenceRank(level) == 0 {
		return l.T("cmd.cont.clock.no_level")
	}
	return l.T("cmd.cont.level." + string(level))
}

// ToleranceText is a function's downtime tolerance as written, or «ikke
// angitt».
func ToleranceText(lang i18n.Lang, f *plan.CriticalFunction) string {
	if !f.HasTolerance() {
		return i18n.For(lang).T("cmd.cont.function.no_tolerance")
	}
	return f.DowntimeTolerance
}

// levelAt is the consequence level that applies after an outage of d.
func levelAt(lang i18n.Lang, f *plan.CriticalFunction, d time.Duration) string {
	s, _ := f.Consequences.StepAt(d)
	return LevelWord(lang, s.Step.Level)
}

// functionName is the function's name, or its ID when the plan no
// longer has it.
func functionName(p *plan.Plan, id string) (string, *plan.CriticalFunction) {
	if f := p.Function(id); f != nil {
		return Escape(f.Name), f
	}
	return Escape(id), nil
}

// AffectedClock is one line of /beredskap status for an affected
// function: «Hjemmetjenesten: 3 t 20 min av 4 t toleranse – konsekvens
// nå: betydelig», or that it was restored.
func AffectedClock(p *plan.Plan, a incident.AffectedFunction, now time.Time) string {
	l := i18n.For(p.Lang)
	name, f := functionName(p, a.FunctionID)
	elapsed := a.Duration(now)
	if !a.Out() {
		return l.T("cmd.cont.clock.restored", i18n.Args{"Name": name, "Elapsed": ShortDuration(p.Lang, elapsed)})
	}
	if f == nil {
		return l.T("cmd.cont.clock.line_no_tolerance", i18n.Args{"Name": name, "Elapsed": ShortDuration(p.Lang, elapsed), "Level": LevelWord(p.Lang, "")})
	}
	if !f.HasTolerance() {
		return l.T("cmd.cont.clock.line_no_tolerance", i18n.Args{"Name": name, "Elapsed": ShortDuration(p.Lang, elapsed), "Level": levelAt(p.Lang, f, elapsed)})
	}
	line := l.T("cmd.cont.clock.line", i18n.Args{"Name": name, "Elapsed": ShortDuration(p.Lang, elapsed),
		"Tolerance": ShortDuration(p.Lang, f.Downtime), "Level": levelAt(p.Lang, f, elapsed)})
	if elapsed >= f.Downtime {
		line += l.T("cmd.cont.clock.over")
	}
	return line
}

// FunctionWarning is the warning posted in the incident channel when an
// affected function reaches 75 % or 100 % of its tolerance, or a higher
// consequence level: what happened, the consequence now, and the reserve
// routines of the function and its processes. Its Text is also what is
// logged. Times are as at the warning's due time, so a late delivery
// says what the warning was for.
func FunctionWarning(p *plan.Plan, pl incident.FunctionWarningPayload) Response {
	l := i18n.For(p.Lang)
	name, f := functionName(p, pl.FunctionID)
	at, since, err := pl.Times()
	elapsed := at.Sub(since)
	if err != nil || elapsed < 0 {
		elapsed = 0
	}
	args := i18n.Args{"Name": name, "Elapsed": ShortDuration(p.Lang, elapsed), "Tolerance": "–", "Level": LevelWord(p.Lang, ""), "Step": pl.Step}
	var b Builder
	if f != nil {
		if f.HasTolerance() {
			args["Tolerance"] = ShortDuration(p.Lang, f.Downtime)
		}
		args["Level"] = levelAt(p.Lang, f, elapsed)
		if s, ok := plan.StepByKey(f.Consequences.StepsIn(p.Lang), pl.Step); ok {
			args["Level"], args["Step"] = LevelWord(p.Lang, s.Step.Level), s.Label
			if s.Step.Comment != "" {
				args["Step"] = s.Label + ": " + Escape(s.Step.Comment)
			}
		}
	}
	kind := pl.Kind
	if kind != incident.WarnTolerance75 && kind != incident.WarnTolerance100 {
		kind = incident.WarnStep
	}
	text := l.T("cmd.cont.warn."+kind, args)
	b.Section(text)
	if f != nil {
		if r := ReserveText(p, f); r != "" {
			b.Section(r)
		}
	}
	b.Context(l.T("cmd.cont.warn.footer", i18n.Args{"ID": pl.FunctionID}))
	return Response{Text: Unmrkdwn(text, func(id string) string { return id }), Blocks: b.Blocks}
}

// ReserveText is the reserve routine of a function and, one line each,
// those of its processes in priority order; "" when none is written.
func ReserveText(p *plan.Plan, f *plan.CriticalFunction) string {
	l := i18n.For(p.Lang)
	var lines []string
	if f.ReserveRoutine != "" {
		lines = append(lines, l.T("cmd.cont.warn.reserve", i18n.Args{"Text": Escape(f.ReserveRoutine)}))
	}
	for _, pr := range f.Processes {
		if line := processReserve(p, pr); line != "" {
			lines = append(lines, "• "+line)
		}
	}
	return strings.Join(lines, "\n")
}

// processReserve is «1. Legemiddelhåndtering – reserverutine: …;
// ansvarlig: …», or "" when the process has no reserve routine.
func processReserve(p *plan.Plan, pr *plan.Process) string {
	if pr.Reserve.IsZero() {
		return ""
	}
	l := i18n.For(p.Lang)
	var parts []string
	if t := strings.TrimSpace(strings.Join(nonEmpty(pr.Reserve.Action, pr.Reserve.How), " – ")); t != "" {
		parts = append(parts, l.T("cmd.cont.function.process_reserve", i18n.Args{"Text": Escape(t)}))
	}
	if pr.Reserve.Responsible != "" {
		parts = append(parts, l.T("cmd.cont.function.process_responsible", i18n.Args{"Role": Escape(RoleTitle(p, pr.Reserve.Responsible))}))
	}
	return fmt.Sprintf("%d. %s – %s", pr.Priority, Escape(pr.Name), strings.Join(parts, "; "))
}

// RoleTitle is the title of a role card, or of a contact, or the ID.
func RoleTitle(p *plan.Plan, id string) string {
	if r := p.Role(id); r != nil && r.Title != "" {
		return r.Title
	}
	if c := p.Contact(id); c != nil && c.Name != "" {
		return c.Name
	}
	return id
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}
