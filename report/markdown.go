package report

import (
	"fmt"
	"strings"
)

// Markdown renders the report as Markdown. Every text that comes from
// users or the plan is escaped, so a decision cannot add headings, links
// or tables to the report.
func (r *Report) Markdown() []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	w("# %s\n\n", mdInline(r.Heading()))
	if r.Private {
		w("> **%s**\n\n", mdInline(privateNote))
	}
	org := r.Org
	if r.PlanVersion != "" {
		org += " · planversjon " + r.PlanVersion
	}
	w("%s · rapport laget %s. %s\n\n", mdInline(org), stamp(r.Generated), mdInline(r.ZoneNote()))

	w("## Oversikt\n\n| | |\n|---|---|\n")
	row := func(k, v string) { w("| %s | %s |\n", k, mdCell(v)) }
	row("Type", r.KindWord())
	row("Status", r.StatusText())
	row("Start", stamp(r.Opened))
	row("Slutt", stamp(r.Closed))
	row("Varighet", r.Duration())
	row("Åpnet av", r.OpenedBy.Name)
	if !r.Open() {
		row("Avsluttet av", r.ClosedBy.Name)
	}
	if r.ChannelName != "" {
		row("Kanal", "#"+r.ChannelName)
	}
	if r.Private {
		row("Skjermet", "Ja (privat kanal)")
	}
	if r.List != nil {
		row("Varslingsliste", r.List.Name)
	}
	if r.Summary != "" {
		row("Oppsummering", r.display(r.Summary))
	}
	w("\n")

	w("## Roller\n\n")
	if len(r.Roles) == 0 {
		w("_Ingen roller ble tildelt._\n\n")
	} else {
		w("| Rolle | Hvem | Fra | Til | Tildelt av |\n|---|---|---|---|---|\n")
		for _, t := range r.Roles {
			to := "slutt"
			if !t.To.IsZero() {
				to = stamp(t.To)
			}
			w("| %s | %s | %s | %s | %s |\n", mdCell(t.Role), mdCell(t.Holder.Name), stamp(t.From), to, mdCell(t.AssignedText()))
		}
		w("\n")
	}

	w("## Logg\n\n%d linjer. Korreksjoner står under linjen de retter; den opprinnelige teksten blir stående.\n\n", len(r.Log))
	for _, l := range r.Log {
		head := fmt.Sprintf("**#%d** %s · %s · %s", l.Seq, logTime(l.At), KindLabel(l.Kind), mdInline(l.Author.Name))
		if n := l.RefNote(); n != "" {
			head += " · " + n
		}
		if l.RedactedNote != "" {
			head += " · _" + mdInline(l.RedactedNote) + "_"
		}
		if n := correctionNote(l.CorrectedBy); n != "" {
			head += " · _" + n + "_"
		}
		w("- %s  \n%s\n", head, mdIndent(mdEscape(r.display(l.Text)), "  "))
		if l.Source != "" {
			w("  Kilde: %s\n", mdSource(l.Source))
		}
		for _, c := range r.corrections(l) {
			w("  - ↳ **rettet i #%d** %s · %s:  \n%s\n", c.Seq, logTime(c.At), mdEscape(c.Author.Name), mdIndent(mdEscape(r.display(c.Text)), "    "))
		}
	}
	w("\n")

	w("## Tiltakskort\n\n")
	if len(r.Cards) == 0 {
		w("_Ingen tiltakskort ble brukt._\n\n")
	}
	for _, c := range r.Cards {
		w("### %s (`%s`) – %d av %d steg utført\n\n", mdInline(c.Title), c.ID, c.Done, len(c.Steps))
		for _, s := range c.Steps {
			mark, when := "⬜", "ikke utført"
			if s.Done {
				mark, when = "✅", fmt.Sprintf("utført %s av %s (logglinje #%d)", stamp(s.DoneAt), mdInline(s.DoneBy.Name), s.Entry)
			}
			w("%d. %s %s – _%s_\n", s.N, mark, mdInline(oneLine(s.Text)), when)
		}
		w("\n")
	}

	r.markdownAffected(&b)

	w("## Statusmøter\n\n")
	if len(r.Meetings) == 0 {
		w("_Ingen statusmøter ble satt._\n\n")
	} else {
		w("| Tidspunkt | Status | Satt av | Satt |\n|---|---|---|---|\n")
		for _, m := range r.Meetings {
			w("| %s | %s | %s | %s |\n", stamp(m.At), m.Status, mdCell(m.SetBy.Name), stamp(m.SetAt))
		}
		w("\n")
	}

	w("## Evaluering\n\n")
	if len(r.Evaluation) == 0 {
		w("_Planen har ingen evalueringsspørsmål, og ingen svar er gitt._\n\n")
	}
	for _, q := range r.Evaluation {
		w("### %s\n\n", mdInline(q.Question))
		if len(q.Answers) == 0 {
			w("_Ikke besvart._\n\n")
			continue
		}
		for _, a := range q.Answers {
			mark := ""
			if a.PlanChange {
				mark = "**Forslag til planendring:** "
			}
			w("- %s%s  \n  _%s, %s_\n", mark, mdContinue(mdEscape(r.display(a.Text)), "  "), mdInline(a.Author.Name), stamp(a.At))
		}
		w("\n")
	}
	if r.PlanChanges > 0 {
		w("%d forslag til planendring er tatt med i årshjulet som innspill til neste revisjon.\n\n", r.PlanChanges)
	}

	if r.List != nil {
		w("## Varslingsliste: %s\n\n", mdInline(r.List.Name))
		for i, g := range r.List.Groups {
			w("%d. **%s**\n", i+1, mdInline(g.Name))
			for _, m := range g.Members {
				line := mdInline(m.Name)
				if m.Role != "" {
					line += " – " + mdInline(m.Role)
				}
				if len(m.Phones) > 0 {
					line += " – tlf. " + mdInline(strings.Join(m.Phones, ", "))
				}
				if m.Email != "" {
					line += " – " + mdInline(m.Email)
				}
				w("   - %s\n", line)
			}
		}
		w("\n_%s_\n\n", mdInline(r.contactsNote()))
	}

	w("## Loggens integritet\n\n")
	w("- Antall linjer: %d\n", r.Chain.Entries)
	w("- Siste hash (SHA-256): `%s`\n", r.Chain.FinalHash)
	if r.Chain.Verified {
		w("- Kontroll: ✅ hash-kjeden er hel – ingen linje er endret, fjernet eller flyttet.\n")
	} else {
		w("- Kontroll: ❌ %s\n", mdInline(r.Chain.Problem))
	}
	w("\n%s\n", chainNote)
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
