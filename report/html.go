package report

import (
	"bytes"
	_ "embed"
	"html"
	"html/template"
	"strings"
)

//go:embed report.html.tmpl
var htmlSource string

// htmlTemplate is parsed once; the funcs that need the report are
// replaced per rendering with Funcs on a clone.
var htmlTemplate = template.Must(template.New("report").Funcs(htmlFuncs(nil)).Parse(htmlSource))

func htmlFuncs(r *Report) template.FuncMap {
	return template.FuncMap{
		"stamp":          stamp,
		"logTime":        logTime,
		"kind":           KindLabel,
		"correctionNote": correctionNote,
		"isWebLink":      isWebLink,
		"join":           strings.Join,
		"privateNote":    func() string { return privateNote },
		"chainNote":      func() string { return chainNote },
		"display": func(s string) string {
			if r == nil {
				return s
			}
			return r.display(s)
		},
		"corrections": func(l LogLine) []LogLine {
			if r == nil {
				return nil
			}
			return r.corrections(l)
		},
		"contactsNote": func() string {
			if r == nil {
				return ""
			}
			return r.contactsNote()
		},
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
		return []byte("<!DOCTYPE html><html lang=\"nb\"><meta charset=\"utf-8\"><title>Rapportfeil</title><p>Rapporten kunne ikke lages: " +
			html.EscapeString(err.Error()) + "</p></html>\n")
	}
	return b.Bytes()
}
