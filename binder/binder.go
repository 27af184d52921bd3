// Package binder writes the preparedness plan as a printed binder: one
// self-contained HTML document laid out for A4 paper, and, through
// headless Chromium, a PDF of it. The binder is what is left when the
// network, Slack or the power is gone: the notification lists with every
// phone number, every action card with tick boxes per step, every role
// card with its phase checklists, the critical functions with their
// reserve routines, the ROS analysis, the message templates, and blank
// forms for the decision log and the situation report.
package binder

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/pdf"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// Format is the kind of file Write produces.
type Format string

// The formats of the binder.
const (
	FormatHTML Format = "html"
	FormatPDF  Format = "pdf"
)

// ParseFormat reads a format as given on the command line («html», «pdf»,
// any case). It returns an error in bokmål for anything else.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatHTML, FormatPDF:
		return f, nil
	}
	return "", fmt.Errorf("ukjent format «%s»; bruk html eller pdf", s)
}

//go:embed binder.html.tmpl binder.css
var files embed.FS

var page = template.Must(template.New("binder.html.tmpl").Funcs(funcs(nil)).ParseFS(files, "binder.html.tmpl", "binder.css"))

// funcs are the template's helpers; those that look things up in the
// plan are bound to p per rendering.
func funcs(p *plan.Plan) template.FuncMap {
	lang := i18n.Default
	if p != nil && p.Lang.Valid() {
		lang = p.Lang
	}
	l := i18n.For(lang)
	return template.FuncMap{
		// t renders a message: {{t "id"}} or {{t "id" "Key" value …}}.
		"t": l.TemplateT,
		// th renders a message that holds HTML entities (&shy;): the
		// catalogs are ours, not the plan's.
		"th":         func(id string) template.HTML { return template.HTML(l.T(id)) },
		"date":       func(d plan.Date) string { return d.Show(lang) },
		"inc":        func(i int) int { return i + 1 },
		"css":        cssString,
		"orDash":     orDash,
		"phaseTitle": func(ph plan.RolePhase) string { return phaseTitle(lang, ph) },
		"contact": func(id string) *plan.Contact {
			if p == nil {
				return nil
			}
			return p.Contact(id)
		},
		"roleTitle": func(id string) string {
			if p != nil {
				if r := p.Role(id); r != nil && r.Title != "" {
					return r.Title
				}
			}
			return id
		},
		"ownerName": func(id string) string {
			if p != nil {
				if r := p.Role(id); r != nil && r.Title != "" {
					return r.Title
				}
				if c := p.Contact(id); c != nil && c.Name != "" {
					return c.Name
				}
			}
			return id
		},
		"cardTitle": func(id string) string {
			if p != nil {
				if c := p.Card(id); c != nil && c.Title != "" {
					return c.Title
				}
			}
			return id
		},
		"templateName": func(id string) string {
			if p != nil {
				if t := p.Template(id); t != nil && t.Name != "" {
					return t.Name
				}
			}
			return id
		},
		"listFor": func(c *plan.ActionCard) *plan.NotificationList {
			if p == nil || c.List == "" {
				return nil
			}
			return p.List(c.List)
		},
	}
}

// phaseTitle is the resolved phase's heading in lang, or the name as
// written.
func phaseTitle(lang i18n.Lang, ph plan.RolePhase) string {
	if ph.Phase != "" {
		return plan.PhaseTitleIn(lang, ph.Phase)
	}
	return ph.Name
}

// HTML renders the binder of p, printed at the time printed (shown in the
// plan's time zone on the front page and in the footer of every page).
// The document is self-contained: inline CSS, no scripts, no external
// resources; every plan text is escaped. It returns an error only if the
// template fails, which is a programming error.
func HTML(p *plan.Plan, printed time.Time) ([]byte, error) {
	t, err := page.Clone()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Funcs(funcs(p)).Execute(&b, newView(p, printed)); err != nil {
		return nil, fmt.Errorf("binder template: %w", err)
	}
	return b.Bytes(), nil
}

// Write writes the binder of p in the given format to w, printed at now.
// For FormatPDF it prints through headless Chromium (internal/pdf) and
// returns pdf.ErrUnavailable when none is installed. Nothing is written to w
// when it fails.
func Write(ctx context.Context, w io.Writer, p *plan.Plan, format Format, now time.Time) error {
	doc, err := HTML(p, now)
	if err != nil {
		return err
	}
	switch format {
	case FormatHTML:
		_, err = w.Write(doc)
		return err
	case FormatPDF:
		out, err := pdf.FromHTML(ctx, doc)
		if err != nil {
			return err
		}
		_, err = w.Write(out)
		return err
	}
	return fmt.Errorf("ukjent format «%s»; bruk html eller pdf", format)
}

// cssString quotes s as a CSS string for the running header and footer.
// Everything but letters, digits, space and a few safe marks is written as
// a CSS escape, so plan text cannot end the string or the rule.
func cssString(s string) template.CSS {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '.' || r == ',' || r == '·' || r == '–' || r == '-':
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "\\%x ", r)
		}
	}
	b.WriteByte('"')
	return template.CSS(b.String())
}

// FileName suggests a file name for the binder of p printed at now:
// «beredskapsplan-4.1-2026-12-01.pdf», the version made safe for a file
// name and left out when the plan has none.
func FileName(p *plan.Plan, format Format, now time.Time) string {
	loc := p.Location
	if loc == nil {
		loc = time.UTC
	}
	var b strings.Builder
	for _, r := range plan.Fold(p.Org.PlanVersion) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '.' {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	name := "beredskapsplan-"
	if v := strings.Trim(b.String(), "-."); v != "" {
		name += v + "-"
	}
	return name + now.In(loc).Format("2006-01-02") + "." + string(format)
}
