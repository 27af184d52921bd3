package sitrep

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/localtime"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// clockOf words a time as "kl. 14:30" on the day of now, else with the
// date, in the localizer's language.
func clockOf(l *i18n.Localizer, t, now time.Time, loc *time.Location) string {
	t, now = t.In(loc), now.In(loc)
	clock := localtime.Clock(l.Lang(), t)
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return l.T("sitrep.clock", i18n.Args{"Clock": clock})
	}
	return l.T("sitrep.date_clock", i18n.Args{"Date": shortDate(l.Lang(), t), "Clock": clock})
}

// shortDate is a date without the year, as each language writes it
// beside a time: 22.11. (nb), 22/11 (sv), 11-22 (en).
func shortDate(lang i18n.Lang, t time.Time) string {
	switch lang {
	case i18n.Swedish:
		return t.Format("2/1")
	case i18n.English:
		return t.Format("01-02")
	}
	return t.Format("02.01.")
}

// stamp words a time with its full date: "22.11.2026 kl. 14:30".
func stamp(l *i18n.Localizer, t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return l.T("sitrep.date_clock", i18n.Args{"Date": localtime.Date(l.Lang(), t), "Clock": localtime.Clock(l.Lang(), t)})
}

// Clock words t for running text in p's language ("kl. 14:30", or with
// the date when t is not on the day of now).
func Clock(p *plan.Plan, t, now time.Time, loc *time.Location) string {
	return clockOf(i18n.For(p.Lang), t, now, loc)
}

// Duration words a duration roughly in p's language: "25 min", "2 t 5 min".
func Duration(p *plan.Plan, d time.Duration) string {
	l := i18n.For(p.Lang)
	m := int(d / time.Minute)
	if m < 1 {
		m = 1
	}
	if m < 60 {
		return l.T("sitrep.duration.minutes", i18n.Args{"Count": m})
	}
	return l.T("sitrep.duration.hours", i18n.Args{"Hours": m / 60, "Minutes": m % 60})
}

// Clip shortens s to at most max bytes-as-characters (runes), ending it
// with a note in p's language that says how much was cut, so a modal's
// pre-filled text stays within Slack's limit. It returns s unchanged if
// it fits.
func Clip(p *plan.Plan, s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	cut := 0
	for keep := max - 80; keep > 0; keep -= 20 {
		cut = len(r) - keep
		note := "\n" + i18n.For(p.Lang).T("sitrep.trimmed", i18n.Args{"Count": cut})
		if keep+utf8.RuneCountInString(note) <= max {
			head := string(r[:keep])
			if i := strings.LastIndexByte(head, '\n'); i > len(head)/2 {
				cut += utf8.RuneCountInString(head[i:])
				head = head[:i]
				note = "\n" + i18n.For(p.Lang).T("sitrep.trimmed", i18n.Args{"Count": cut})
			}
			return head + note
		}
	}
	return string(r[:max])
}

// maxSectionBlock keeps a section block under Slack's 3000 characters.
const maxSectionBlock = 2900

// Response is the report as a message for the incident channel and the
// reporting channel: a heading, the header lines, and one block per
// heading (long texts split over several blocks).
func Response(text string) ui.Response {
	title, rest, _ := strings.Cut(text, "\n")
	var b ui.Builder
	b.Header(title)
	for _, part := range chunks(strings.TrimSpace(rest), maxSectionBlock) {
		b.Section(ui.SafeText(part))
	}
	return ui.Response{Text: title, Blocks: b.Blocks, Visibility: ui.InChannel}
}

// chunks splits s at blank lines into pieces of at most n runes (a piece
// without a blank line is cut hard).
func chunks(s string, n int) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	for _, para := range strings.Split(s, "\n\n") {
		for utf8.RuneCountInString(para) > n {
			flush()
			r := []rune(para)
			out = append(out, string(r[:n]))
			para = string(r[n:])
		}
		if utf8.RuneCountInString(cur.String())+utf8.RuneCountInString(para)+2 > n {
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteString("\n\n")
		}
		cur.WriteString(para)
	}
	flush()
	return out
}

var htmlPage = template.Must(template.New("sitrep").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.4}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.4em}p{white-space:pre-wrap;margin:.3em 0}
.meta{color:#444}@media print{body{margin:0}}</style></head>
<body><h1>{{.Title}}</h1>
{{range .Meta}}<p class="meta">{{.}}</p>
{{end}}{{range .Parts}}{{if .Heading}}<h2>{{.Heading}}</h2>
{{end}}{{if .Text}}<p>{{.Text}}</p>
{{end}}{{end}}</body></html>
`))

// HTML renders a sent report's plain text as a printable page: the first
// line as the title, the header lines, and each "N. Heading" line as a
// heading. lang is the page's language (nb, sv, en).
func HTML(text string, lang i18n.Lang) []byte {
	title, rest, _ := strings.Cut(strings.TrimSpace(text), "\n")
	head, body, _ := strings.Cut(rest, "\n\n")
	type part struct{ Heading, Text string }
	var parts []part
	for _, block := range strings.Split(body, "\n\n") {
		first, more, _ := strings.Cut(block, "\n")
		if isHeading(first) {
			parts = append(parts, part{Heading: first, Text: more})
		} else if strings.TrimSpace(block) != "" {
			parts = append(parts, part{Text: block})
		}
	}
	var meta []string
	if strings.TrimSpace(head) != "" {
		meta = strings.Split(strings.TrimSpace(head), "\n")
	}
	var buf bytes.Buffer
	_ = htmlPage.Execute(&buf, map[string]any{"Lang": string(lang), "Title": title, "Meta": meta, "Parts": parts})
	return buf.Bytes()
}

// isHeading reports whether a line is a numbered heading: "3. Tiltak".
func isHeading(line string) bool {
	num, rest, ok := strings.Cut(line, ". ")
	if !ok || rest == "" {
		return false
	}
	_, err := strconv.Atoi(num)
	return err == nil
}
