// Package continuity holds the commands of the continuity plan (plan B):
// /beredskap funksjoner and ros show the critical functions and the ROS
// analysis; /beredskap berørt starts and stops a function's tolerance
// clock in an incident (Section shows the clocks in the status, Hint
// offers them at start); /beredskap perm sends the plan binder as a PDF.
package continuity

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// The continuity plan (plan B) in view: /beredskap funksjoner [id] and
// /beredskap ros, in the plan's language.

// Functions lists the critical functions by priority with tolerance,
// consequence table and reserve routine, or shows one in full.
func Functions(ctx context.Context, e *cmdkit.Env, req ui.Request, args string) ui.Response {
	p := e.Plan()
	l := i18n.For(p.Lang)
	if q := strings.TrimSpace(args); q != "" {
		f, msg := matchFunction(p, q)
		if f == nil {
			return ui.Text(msg)
		}
		return functionFull(p, f)
	}
	if len(p.Functions) == 0 {
		return ui.Text(l.T("cmd.cont.functions.none"))
	}
	var b ui.Builder
	b.Header(l.T("cmd.cont.functions.title"))
	for _, f := range byPriority(p.Functions) {
		lines := []string{functionLine(p, f)}
		if c := consequenceLines(p, &f.Consequences); c != "" {
			lines = append(lines, c)
		}
		if r := ui.ReserveText(p, f); r != "" {
			lines = append(lines, r)
		}
		b.Section(strings.Join(lines, "\n"))
	}
	b.Context(l.T("cmd.cont.functions.hint"))
	return ui.Response{Text: l.T("cmd.cont.functions.title"), Blocks: b.Blocks}
}

// functionFull shows one function with everything the plan says about
// it: system, comment, consequence table, reserve routine and
// responsible, processes with their reserve routines, peak times,
// backup, dependencies and what is left out.
func functionFull(p *plan.Plan, f *plan.CriticalFunction) ui.Response {
	l := i18n.For(p.Lang)
	var b ui.Builder
	b.Header(f.Name)
	head := []string{functionLine(p, f)}
	if f.System != "" {
		head = append(head, l.T("cmd.cont.function.system", i18n.Args{"Text": ui.Escape(f.System)}))
	}
	if f.Comment != "" {
		head = append(head, l.T("cmd.cont.function.comment", i18n.Args{"Text": ui.Escape(f.Comment)}))
	}
	b.Section(strings.Join(head, "\n"))
	if c := consequenceLines(p, &f.Consequences); c != "" {
		b.Section(l.T("cmd.cont.function.consequence") + "\n" + c)
	}
	var reserve []string
	if f.ReserveRoutine != "" {
		reserve = append(reserve, l.T("cmd.cont.function.reserve", i18n.Args{"Text": ui.Escape(f.ReserveRoutine)}))
	}
	if f.Responsible != "" {
		reserve = append(reserve, l.T("cmd.cont.function.responsible", i18n.Args{"Role": ui.Escape(ui.RoleTitle(p, f.Responsible))}))
	}
	if len(reserve) > 0 {
		b.Section(strings.Join(reserve, "\n"))
	}
	if len(f.Processes) > 0 {
		lines := []string{l.T("cmd.cont.function.processes")}
		for _, pr := range byProcessPriority(f.Processes) {
			line := fmt.Sprintf("%d. *%s*", pr.Priority, ui.Escape(pr.Name))
			if pr.Description != "" {
				line += " – " + ui.Escape(pr.Description)
			}
			lines = append(lines, line)
			if pr.Reserve.Action != "" || pr.Reserve.How != "" {
				lines = append(lines, "   "+l.T("cmd.cont.function.process_reserve", i18n.Args{"Text": ui.Escape(strings.Join(nonBlank(pr.Reserve.Action, pr.Reserve.How), " – "))}))
			}
			if pr.Reserve.Responsible != "" {
				lines = append(lines, "   "+l.T("cmd.cont.function.process_responsible", i18n.Args{"Role": ui.Escape(ui.RoleTitle(p, pr.Reserve.Responsible))}))
			}
			if c := consequenceLines(p, &pr.Consequences); c != "" {
				lines = append(lines, indent(c, "   "))
			}
		}
		b.Section(strings.Join(lines, "\n"))
	}
	var more []string
	if len(f.PeakTimes) > 0 {
		more = append(more, l.T("cmd.cont.function.peak", i18n.Args{"Text": ui.Escape(strings.Join(f.PeakTimes, "; "))}))
	}
	if !f.Backup.IsZero() {
		more = append(more, l.T("cmd.cont.function.backup", i18n.Args{"Frequency": dash(f.Backup.Frequency),
			"Restore": dash(f.Backup.RestoreTime), "System": dash(f.Backup.ReserveSystem)}))
	}
	if len(f.LeftOut) > 0 {
		more = append(more, l.T("cmd.cont.function.left_out", i18n.Args{"Text": ui.Escape(strings.Join(f.LeftOut, "; "))}))
	}
	if len(more) > 0 {
		b.Section(strings.Join(more, "\n"))
	}
	if len(f.Dependencies) > 0 {
		lines := []string{l.T("cmd.cont.function.dependencies")}
		for _, d := range f.Dependencies {
			name := d.Name
			if c := p.Contact(d.Contact); c != nil {
				name += ", " + ui.ContactLineIn(p.Lang, c)
			}
			lines = append(lines, "• "+l.T("cmd.cont.function.dependency", i18n.Args{"Name": ui.Escape(name), "Kind": dash(d.Kind),
				"Requirement": dash(d.Requirement), "Status": dash(d.Status), "Gap": dash(d.Gap)}))
		}
		b.Section(strings.Join(lines, "\n"))
	}
	return ui.Response{Text: f.Name, Blocks: b.Blocks}
}

// functionLine is «*3. Hjemmesykepleie* (`hjemmetjenester`) – toleranse: 2 timer».
func functionLine(p *plan.Plan, f *plan.CriticalFunction) string {
	return i18n.For(p.Lang).T("cmd.cont.functions.line", i18n.Args{"Priority": f.Priority, "Name": ui.Escape(f.Name),
		"ID": f.ID, "Tolerance": ui.Escape(ui.ToleranceText(p.Lang, f))})
}

// consequenceLines is the consequence table, one step a line: «• Under
// 6 timer: moderat – comment»; "" when no step is written.
func consequenceLines(p *plan.Plan, c *plan.Consequence) string {
	var lines []string
	for _, s := range c.StepsIn(p.Lang) {
		if s.Step.IsZero() {
			continue
		}
		line := "• " + s.Label + ": " + ui.LevelWord(p.Lang, s.Step.Level)
		if s.Step.Comment != "" {
			line += " – " + ui.Escape(s.Step.Comment)
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// matchFunction finds the critical function a user named (ID, name or
// system; forgiving, as cards are). When none fits, the second result is
// the answer, with «Mente du …?».
func matchFunction(p *plan.Plan, query string) (*plan.CriticalFunction, string) {
	l := i18n.For(p.Lang)
	m := plan.MatchName(query, p.FunctionCandidates())
	switch {
	case m.Found():
		return p.Function(m.ID), ""
	case len(m.Ambiguous) > 0:
		return nil, l.T("cmd.cont.function.ambiguous", i18n.Args{"Query": ui.Escape(query), "Names": strings.Join(cmdkit.QuoteAll(m.Ambiguous), ", ")})
	}
	msg := l.T("cmd.cont.function.unknown", i18n.Args{"Query": ui.Escape(query)})
	if len(m.Suggestions) > 0 {
		msg += " " + l.T("cmd.cont.didyoumean", i18n.Args{"Names": l.Join(cmdkit.QuoteAll(m.Suggestions), false)})
	} else if len(p.Functions) > 0 {
		msg += " " + l.T("cmd.cont.didyoumean", i18n.Args{"Names": l.Join(cmdkit.QuoteAll(functionIDs(p)), false)})
	}
	return nil, msg
}

// ROS shows the ROS table: every hazard with likelihood, consequence,
// measures (owner, deadline and status when written) and a link to its
// action card.
func ROS(ctx context.Context, e *cmdkit.Env, req ui.Request, args string) ui.Response {
	p := e.Plan()
	l := i18n.For(p.Lang)
	if len(p.ROS) == 0 {
		return ui.Text(l.T("cmd.cont.ros.none"))
	}
	var b ui.Builder
	b.Header(l.T("cmd.cont.ros.title"))
	for _, r := range p.ROS {
		lines := []string{l.T("cmd.cont.ros.line", i18n.Args{"Hazard": ui.Escape(r.Hazard), "ID": r.ID,
			"Likelihood": dash(string(r.Likelihood)), "Consequence": dash(string(r.Consequence))})}
		for _, m := range r.Measures {
			if m.Owner == "" && m.Deadline.IsZero() && m.Status == "" {
				lines = append(lines, "• "+ui.Escape(m.Text))
				continue
			}
			deadline := "–"
			if !m.Deadline.IsZero() {
				deadline = m.Deadline.Show(p.Lang)
			}
			lines = append(lines, "• "+l.T("cmd.cont.ros.measure", i18n.Args{"Text": ui.Escape(m.Text),
				"Owner": dash(ui.RoleTitle(p, m.Owner)), "Deadline": deadline, "Status": dash(string(m.Status))}))
		}
		if r.Card != "" {
			lines = append(lines, l.T("cmd.cont.ros.card", i18n.Args{"ID": r.Card}))
		}
		b.Section(strings.Join(lines, "\n"))
	}
	scale := p.ROSScale
	if scale == 0 {
		scale = 4
	}
	b.Context(l.T("cmd.cont.ros.scale", i18n.Args{"Scale": scale}))
	return ui.Response{Text: l.T("cmd.cont.ros.title"), Blocks: b.Blocks}
}

func byPriority(fs []*plan.CriticalFunction) []*plan.CriticalFunction {
	out := append([]*plan.CriticalFunction(nil), fs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Priority < out[j].Priority })
	return out
}

func byProcessPriority(ps []*plan.Process) []*plan.Process {
	out := append([]*plan.Process(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Priority < out[j].Priority })
	return out
}

func functionIDs(p *plan.Plan) []string {
	var out []string
	for _, f := range byPriority(p.Functions) {
		out = append(out, f.ID)
	}
	return out
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return ui.Escape(s)
}

func nonBlank(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

func indent(s, pre string) string { return pre + strings.ReplaceAll(s, "\n", "\n"+pre) }
