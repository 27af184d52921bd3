// Package sitrep drafts and words situation reports (situasjonsrapport,
// sv. lägesrapport): the regular report upward during a crisis, in the
// structure the plan gives (plan.SitRep), filled in from what the
// incident's log holds since the previous report. It is pure: callers
// gather the facts (the log, the reports sent) and store or post the
// result. Words come from the sitrep catalogs in the plan's language.
package sitrep

import (
	"strconv"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Facts are what a draft is made from.
type Facts struct {
	Incident incident.Incident
	Entries  []incident.Entry  // the incident's whole log, in order
	Reports  []incident.Report // the reports sent before, by number
	// AffectedFunctions is the hook for issue 13: the critical functions
	// the incident records as affected (titles, or "title: note"). They go
	// under the consequences heading. Nil until incidents record them.
	AffectedFunctions []string
	Author            string // user ID of the writer
	Now               time.Time
}

// Draft is a situation report before it is sent.
type Draft struct {
	Number   int
	Title    string   // "Situasjonsrapport 2 – Strømbrudd"
	Header   []string // organisation, time, period, author
	Sections []Section
	// Body replaces the sections when set: the text the sender wrote.
	Body string
}

// Section is one heading of a draft with its text.
type Section struct {
	Title string
	Hint  string
	Fill  string // what the bot filled in (plan.FillActions …)
	Text  string
}

// Make drafts report number len(f.Reports)+1 under p's template, with the
// decisions, ticked steps, role changes and meetings logged since the
// previous report under the headings the template gives them. names
// turns Slack user IDs into names for the plain text.
func Make(p *plan.Plan, f Facts, loc *time.Location, names func(string) string) Draft {
	l := i18n.For(p.Lang)
	tmpl := p.SitRepTemplate()
	d := Draft{Number: len(f.Reports) + 1}
	d.Title = l.T("sitrep.title", i18n.Args{"Name": Name(p), "Number": d.Number, "Title": f.Incident.Title})
	d.Header = header(p, f, d.Number, loc, names)

	since := 0
	if n := len(f.Reports); n > 0 {
		since = f.Reports[n-1].EntrySeq
	}
	var actions, meetings []string
	for _, e := range f.Entries {
		if e.Seq <= since || e.Redacted() {
			continue
		}
		line := "– " + clockOf(l, e.CreatedAt, f.Now, loc) + " " + kindWord(l, e.Kind) + ": " + oneLine(ui.Unmrkdwn(e.Text, names))
		switch e.Kind {
		case incident.EntryDecision, incident.EntryCorrection, incident.EntryEvent, incident.EntryStep, incident.EntryRole:
			actions = append(actions, line)
		case incident.EntryMeeting:
			meetings = append(meetings, "– "+oneLine(ui.Unmrkdwn(e.Text, names)))
		}
	}
	if len(actions) == 0 {
		actions = []string{l.T("sitrep.nothing_new")}
	}
	if tmpl.Every > 0 {
		meetings = append(meetings, l.T("sitrep.next_due", i18n.Args{"Name": Name(p), "Time": clockOf(l, f.Now.Add(tmpl.Every), f.Now, loc)}))
	}
	var consequences []string
	for _, fn := range f.AffectedFunctions {
		consequences = append(consequences, "– "+oneLine(fn))
	}

	fills := map[string][]string{plan.FillActions: actions, plan.FillNext: meetings, plan.FillConsequences: consequences}
	placed := map[string]bool{}
	for _, s := range tmpl.Sections {
		fill := plan.SitRepFill(s)
		sec := Section{Title: s.Title, Hint: s.Hint, Fill: fill}
		if fill != plan.FillNone && !placed[fill] {
			sec.Text = strings.Join(fills[fill], "\n")
			placed[fill] = true
		}
		d.Sections = append(d.Sections, sec)
	}
	// A template without a heading for actions still gets them: under
	// the first heading, so no decision is left out of the report.
	if !placed[plan.FillActions] && len(d.Sections) > 0 {
		d.Sections[0].Text = strings.TrimSpace(d.Sections[0].Text + "\n" + strings.Join(actions, "\n"))
	}
	return d
}

// header returns the lines above the sections.
func header(p *plan.Plan, f Facts, number int, loc *time.Location, names func(string) string) []string {
	l := i18n.For(p.Lang)
	var out []string
	if p.Org.Name != "" {
		out = append(out, l.T("sitrep.header.from", i18n.Args{"Org": p.Org.Name}))
	}
	out = append(out, l.T("sitrep.header.time", i18n.Args{"Time": stamp(l, f.Now, loc)}))
	if n := len(f.Reports); n > 0 {
		prev := f.Reports[n-1]
		out = append(out, l.T("sitrep.header.since_report", i18n.Args{"Name": Name(p), "Number": prev.Number, "Time": stamp(l, prev.SentAt, loc)}))
	} else {
		out = append(out, l.T("sitrep.header.since_open", i18n.Args{"Time": stamp(l, f.Incident.OpenedAt, loc)}))
	}
	if f.Author != "" {
		out = append(out, l.T("sitrep.header.author", i18n.Args{"Name": ui.Unmrkdwn(ui.Mention(p, f.Author), names)}))
	}
	return out
}

// Name is what the report is called in the plan's language:
// «Situasjonsrapport», «Lägesrapport», «Situation report».
func Name(p *plan.Plan) string { return i18n.For(p.Lang).T("sitrep.name") }

// WithTexts returns d with the sections' texts replaced by texts (by
// position; missing ones become empty).
func (d Draft) WithTexts(texts []string) Draft {
	secs := make([]Section, len(d.Sections))
	copy(secs, d.Sections)
	for i := range secs {
		secs[i].Text = ""
		if i < len(texts) {
			secs[i].Text = strings.TrimSpace(texts[i])
		}
	}
	d.Sections = secs
	return d
}

// WithBody returns d with body in place of its sections.
func (d Draft) WithBody(body string) Draft {
	d.Body = strings.TrimSpace(body)
	return d
}

// Text renders the report as plain text, ready to paste into DSB-CIM or
// WIS: the title, the header lines, then each numbered heading with its
// text ("–" when empty), or the sender's own body.
func (d Draft) Text() string {
	var b strings.Builder
	b.WriteString(d.Title)
	b.WriteString("\n")
	for _, h := range d.Header {
		b.WriteString(h)
		b.WriteString("\n")
	}
	if d.Body != "" {
		b.WriteString("\n")
		b.WriteString(d.Body)
		b.WriteString("\n")
		return b.String()
	}
	for i, s := range d.Sections {
		b.WriteString("\n")
		b.WriteString(strconv.Itoa(i+1) + ". " + s.Title + "\n")
		text := strings.TrimSpace(s.Text)
		if text == "" {
			text = "–"
		}
		b.WriteString(text)
		b.WriteString("\n")
	}
	return b.String()
}

// Next returns the number and due time of the next report of inc under
// the cadence tmpl gives: one interval after the last report, or after
// opening for the first. ok is false without a cadence.
func Next(tmpl plan.SitRep, inc incident.Incident, reports []incident.Report) (number int, due time.Time, ok bool) {
	if tmpl.Every <= 0 {
		return 0, time.Time{}, false
	}
	base := inc.OpenedAt
	if n := len(reports); n > 0 {
		base = reports[n-1].SentAt
	}
	return len(reports) + 1, base.Add(tmpl.Every), true
}

func kindWord(l *i18n.Localizer, k incident.EntryKind) string {
	switch k {
	case incident.EntryStep:
		return l.T("sitrep.kind.step")
	case incident.EntryRole:
		return l.T("sitrep.kind.role")
	case incident.EntryEvent:
		return l.T("sitrep.kind.event")
	case incident.EntryCorrection:
		return l.T("sitrep.kind.correction")
	}
	return l.T("sitrep.kind.decision")
}

// oneLine folds a multi-line text to one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
