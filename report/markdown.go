package report

import (
	"fmt"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Markdown renders the report as Markdown. Every text that comes from
// users or the plan is escaped, so a decision cannot add headings, links
// or tables to the report.
func (r *Report) Markdown() []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	t := func(id string, args ...i18n.Args) string { return r.t(id, args...) }

	w("# %s\n\n", mdInline(r.Heading()))
	if r.Private {
		w("> **%s**\n\n", mdInline(t("report.private_note")))
	}
	org, made := r.meta()
	w("%s · %s\n\n", mdInline(org), mdInline(made))

	w("## %s\n\n| | |\n|---|---|\n", t("report.sec.overview"))
	row := func(k, v string) { w("| %s | %s |\n", t(k), mdCell(v)) }
	row("report.col.type", r.KindWord())
	row("report.col.status", r.StatusText())
	row("report.col.start", r.stamp(r.Opened))
	row("report.col.end", r.stamp(r.Closed))
	row("report.col.duration", r.Duration())
	row("report.col.opened_by", r.OpenedBy.Name)
	if !r.Open() {
		row("report.col.closed_by", r.ClosedBy.Name)
	}
	if r.ChannelName != "" {
		row("report.col.channel", "#"+r.ChannelName)
	}
	if r.Private {
		row("report.col.private", t("report.private_yes"))
	}
	if r.List != nil {
		row("report.col.list", r.List.Name)
	}
	if r.Summary != "" {
		row("report.col.summary", r.display(r.Summary))
	}
	w("\n")

	w("## %s\n\n", t("report.sec.roles"))
	if len(r.Roles) == 0 {
		w("_%s_\n\n", t("report.roles.none"))
	} else {
		w("| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n", t("report.col.role"), t("report.col.who"), t("report.col.from"), t("report.col.to"), t("report.col.assigned_by"))
		for _, rt := range r.Roles {
			w("| %s | %s | %s | %s | %s |\n", mdCell(rt.Role), mdCell(rt.Holder.Name), r.stamp(rt.From), r.roleEnd(rt), mdCell(r.assigned(rt)))
		}
		w("\n")
	}

	w("## %s\n\n%s\n\n", t("report.sec.log"), t("report.log.intro_md", i18n.Args{"Count": len(r.Log)}))
	for _, l := range r.Log {
		head := fmt.Sprintf("**#%d** %s · %s · %s", l.Seq, r.logTime(l.At), ui.KindLabel(r.Lang, l.Kind), mdInline(l.Author.Name))
		if n := r.refNote(l); n != "" {
			head += " · " + n
		}
		if l.RedactedNote != "" {
			head += " · _" + mdInline(l.RedactedNote) + "_"
		}
		if n := r.correctionNote(l.CorrectedBy); n != "" {
			head += " · _" + n + "_"
		}
		w("- %s  \n%s\n", head, mdIndent(mdEscape(r.display(l.Text)), "  "))
		if l.Source != "" {
			w("  %s\n", t("report.source", i18n.Args{"Source": mdSource(l.Source)}))
		}
		for _, c := range r.corrections(l) {
			w("  - ↳ **%s** %s · %s:  \n%s\n", r.correctionNote([]int{c.Seq}), r.logTime(c.At), mdEscape(c.Author.Name), mdIndent(mdEscape(r.display(c.Text)), "    "))
		}
	}
	w("\n")

	w("## %s\n\n", t("report.sec.cards"))
	if len(r.Cards) == 0 {
		w("_%s_\n\n", t("report.cards.none"))
	}
	for _, c := range r.Cards {
		w("### %s (`%s`) – %s\n\n", mdInline(c.Title), c.ID, t("report.card.progress", i18n.Args{"Done": c.Done, "Total": len(c.Steps)}))
		for _, s := range c.Steps {
			mark, when := "⬜", t("report.step.not_done")
			if s.Done {
				mark, when = "✅", t("report.step.done", i18n.Args{"Time": r.stamp(s.DoneAt), "Who": mdInline(s.DoneBy.Name), "Seq": s.Entry})
			}
			w("%d. %s %s – _%s_\n", s.N, mark, mdInline(oneLine(s.Text)), when)
		}
		w("\n")
	}

	r.markdownAffected(&b)

	w("## %s\n\n", t("report.sec.meetings"))
	if len(r.Meetings) == 0 {
		w("_%s_\n\n", t("report.meetings.none"))
	} else {
		w("| %s | %s | %s | %s |\n|---|---|---|---|\n", t("report.col.when"), t("report.col.status"), t("report.col.set_by"), t("report.col.set_at"))
		for _, m := range r.Meetings {
			w("| %s | %s | %s | %s |\n", r.stamp(m.At), m.Status, mdCell(m.SetBy.Name), r.stamp(m.SetAt))
		}
		w("\n")
	}

	w("## %s\n\n", t("report.sec.evaluation"))
	if len(r.Evaluation) == 0 {
		w("_%s_\n\n", t("report.eval.none"))
	}
	for _, q := range r.Evaluation {
		w("### %s\n\n", mdInline(q.Question))
		if len(q.Answers) == 0 {
			w("_%s_\n\n", t("report.eval.unanswered"))
			continue
		}
		for _, a := range q.Answers {
			mark := ""
			if a.PlanChange {
				mark = "**" + t("report.eval.plan_change") + "** "
			}
			w("- %s%s  \n  _%s, %s_\n", mark, mdContinue(mdEscape(r.display(a.Text)), "  "), mdInline(a.Author.Name), r.stamp(a.At))
		}
		w("\n")
	}
	if r.PlanChanges > 0 {
		w("%s\n\n", t("report.eval.changes", i18n.Args{"Count": r.PlanChanges}))
	}

	if r.List != nil {
		w("## %s\n\n", t("report.sec.list", i18n.Args{"Name": mdInline(r.List.Name)}))
		for i, g := range r.List.Groups {
			w("%d. **%s**\n", i+1, mdInline(g.Name))
			for _, m := range g.Members {
				line := mdInline(m.Name)
				if m.Role != "" {
					line += " – " + mdInline(m.Role)
				}
				if len(m.Phones) > 0 {
					line += " – " + t("report.phone", i18n.Args{"Phones": mdInline(strings.Join(m.Phones, ", "))})
				}
				if m.Email != "" {
					line += " – " + mdInline(m.Email)
				}
				w("   - %s\n", line)
			}
		}
		w("\n_%s_\n\n", mdInline(r.contactsNote()))
	}

	w("## %s\n\n", t("report.sec.integrity"))
	w("- %s: %d\n", t("report.chain.entries"), r.Chain.Entries)
	w("- %s: `%s`\n", t("report.chain.hash"), r.Chain.FinalHash)
	if r.Chain.Verified {
		w("- %s: ✅ %s\n", t("report.chain.check"), t("report.chain.ok"))
	} else {
		w("- %s: ❌ %s\n", t("report.chain.check"), mdInline(r.Chain.Problem))
	}
	w("\n%s\n", t("report.chain_note"))
	return []byte(b.String())
}

// mdInline escapes the characters Markdown gives meaning to inside a
// line (emphasis, code, links, HTML, table cells).
func mdInline(s string) string {
	return strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
		"<", "&lt;", ">", "&gt;", "|", `\|`, "~", `\~`).Replace(s)
}

// mdEscape escapes text that may span lines: inline characters, and
// what would start a block (heading, list, quote) at the start of a line.
func mdEscape(s string) string {
	lines := strings.Split(mdInline(s), "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " \t")
		if t == "" {
			continue
		}
		lead := l[:len(l)-len(t)]
		switch t[0] {
		case '#', '-', '+', '=':
			lines[i] = lead + `\` + t
		default:
			if j := strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' }); j > 0 && (t[j] == '.' || t[j] == ')') {
				lines[i] = lead + t[:j] + `\` + t[j:]
			}
		}
	}
	return strings.Join(lines, "\n")
}

// mdCell escapes text for a table cell, which must stay on one line.
func mdCell(s string) string { return mdInline(oneLine(s)) }

// mdIndent indents every line of s, so multi-line text stays in its list
// item, and ends each line but the last with a hard line break.
func mdIndent(s, indent string) string {
	return indent + mdContinue(s, indent)
}

// mdContinue is mdIndent without indenting the first line, for text that
// continues a line already begun.
func mdContinue(s, indent string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		if i > 0 {
			lines[i] = indent + lines[i]
		}
		if i < len(lines)-1 {
			lines[i] += "  "
		}
	}
	return strings.Join(lines, "\n")
}

// mdSource renders where an entry came from: a web link as an autolink
// that cannot break out of its angle brackets, anything else as text.
func mdSource(s string) string {
	if isWebLink(s) {
		return "<" + strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20", "\n", "").Replace(s) + ">"
	}
	return mdInline(oneLine(s))
}

// isWebLink reports whether s is an http(s) URL.
func isWebLink(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// oneLine joins the lines of s with spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
