package report

import (
	"bytes"
	_ "embed"
	"html"
	"html/template"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

//go:embed report.html.tmpl
var htmlSource string

// htmlTemplate is parsed once; the funcs that need the report are
// replaced per rendering with Funcs on a clone.
var htmlTemplate = template.Must(template.New("report").Funcs(htmlFuncs(nil)).Parse(htmlSource))

func htmlFuncs(r *Report) template.FuncMap {
	if r == nil {
		r = &Report{Lang: i18n.Default}
	}
	return template.FuncMap{
		// t renders a message: {{t "id"}} or {{t "id" "Key" value …}}.
		"t":              i18n.For(r.Lang).TemplateT,
		"stamp":          r.stamp,
		"logTime":        r.logTime,
		"kind":           func(k incident.EntryKind) string { return ui.KindLabel(r.Lang, k) },
		"correctionNote": r.correctionNote,
		"refNote":        r.refNote,
		"assigned":       r.assigned,
		"roleEnd":        r.roleEnd,
		"restored":       r.restoredText,
		"duration":       r.duration,
		"tolerance":      r.toleranceText,
		"meta":           func() string { org, made := r.meta(); return org + " · " + made },
		"capital":        capital,
		"isWebLink":      isWebLink,
		"join":           strings.Join,
		"display":        r.display,
		"corrections":    r.corrections,
		"contactsNote":   r.contactsNote,
	}
}

// HTML renders the report as one self-contained, printable HTML page:
// inline CSS with print styles, no scripts and no external resources (a
// Content-Security-Policy forbids them), every text escaped by
// html/template.
func (r *Report) HTML() []byte {
	t := template.Must(htmlTemplate.Clone()).Funcs(htmlFuncs(r))
	var b bytes.Buffer
	if err := t.Execute(&b, r); err != nil {
		// The template is fixed and its data typed, so this is a
		// programming error (the golden tests catch it); a page that says
		// so is better than a crash in the middle of closing an incident.
		return []byte("<!DOCTYPE html><html lang=\"" + string(r.Lang) + "\"><meta charset=\"utf-8\"><title>" +
			html.EscapeString(r.t("report.error.title")) + "</title><p>" + html.EscapeString(r.t("report.error", i18n.Args{"Err": err.Error()})) + "</p></html>\n")
	}
	return b.Bytes()
}
