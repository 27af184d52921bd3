package evidence

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"html/template"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/pdf"
)

// Render returns the pack in format f. PDF needs headless Chromium (see
// PDF); the other formats never fail.
func (pk *Pack) Render(ctx context.Context, f Format) ([]byte, error) {
	switch f {
	case FormatMarkdown:
		return pk.Markdown(), nil
	case FormatHTML:
		return pk.HTML(), nil
	case FormatCSV:
		return pk.CSV(), nil
	case FormatPDF:
		return pdf.FromHTML(ctx, pk.HTML())
	}
	return nil, fmt.Errorf("ukjent format %q: bruk md, html, pdf eller csv", f)
}

// Markdown renders the pack as Markdown: one heading per section, facts
// as a list, tables as pipe tables.
func (pk *Pack) Markdown() []byte {
	var b bytes.Buffer
	title, lines := pk.Head()
	fmt.Fprintf(&b, "# %s\n\n", mdInline(title))
	for _, l := range lines {
		fmt.Fprintf(&b, "%s  \n", mdInline(l))
	}
	for _, s := range pk.Sections() {
		if !bytes.HasSuffix(b.Bytes(), []byte("\n\n")) {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "## %s\n\n", mdInline(s.Title))
		for _, f := range s.Facts {
			fmt.Fprintf(&b, "- **%s:** %s\n", mdInline(f.Label), mdInline(f.Value))
		}
		if len(s.Facts) > 0 {
			b.WriteString("\n")
		}
		for _, t := range s.Tables {
			if t.Title != "" {
				fmt.Fprintf(&b, "### %s\n\n", mdInline(t.Title))
			}
			if len(t.Rows) == 0 {
				fmt.Fprintf(&b, "%s\n\n", mdInline(t.Empty))
				continue
			}
			b.WriteString("| " + strings.Join(mdCells(t.Headers), " | ") + " |\n")
			b.WriteString(strings.Repeat("| --- ", len(t.Headers)) + "|\n")
			for _, r := range t.Rows {
				b.WriteString("| " + strings.Join(mdCells(r), " | ") + " |\n")
			}
			b.WriteString("\n")
		}
		for _, n := range s.Notes {
			fmt.Fprintf(&b, "_%s_\n\n", mdInline(n))
		}
	}
	return append(bytes.TrimRight(b.Bytes(), "\n"), '\n')
}

// mdInline makes text safe inline: one line, Markdown and HTML
// characters escaped so a user's text cannot add links, headings or
// markup.
func mdInline(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '#', '|', '<', '>', '!':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func mdCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = mdInline(c)
	}
	return out
}

// htmlPage is the self-contained printable page: no external resources,
// A4 with margins, tables that break cleanly across pages.
var htmlPage = template.Must(template.New("evidence").Funcs(template.FuncMap{"hash": isHash}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 17pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 8mm 0 2mm; border-bottom: 1px solid #999; break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 2mm; break-after: avoid; }
p.head { margin: 0; color: #333; }
dl { display: grid; grid-template-columns: max-content auto; gap: 1mm 4mm; margin: 2mm 0; }
dt { font-weight: bold; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.hash { font-family: monospace; font-size: 7pt; word-break: break-all; }
p.note { font-style: italic; color: #333; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{range .Lines}}<p class="head">{{.}}</p>
{{end}}{{range .Sections}}<section>
<h2>{{.Title}}</h2>
{{if .Facts}}<dl>
{{range .Facts}}<dt>{{.Label}}</dt><dd>{{.Value}}</dd>
{{end}}</dl>
{{end}}{{range .Tables}}{{if .Title}}<h3>{{.Title}}</h3>
{{end}}{{if .Rows}}<table>
<thead><tr>{{range .Headers}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}<td{{if hash .}} class="hash"{{end}}>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{else}}<p>{{.Empty}}</p>
{{end}}{{end}}{{range .Notes}}<p class="note">{{.}}</p>
{{end}}</section>
{{end}}</body>
</html>
`))

// isHash reports whether a cell is a log hash (long lowercase hex), shown
// small and monospaced.
func isHash(s string) bool {
	if len(s) < 32 {
		return false
	}
	return strings.Trim(s, "0123456789abcdef") == ""
}

// HTML renders the pack as one self-contained HTML page, printable on A4.
func (pk *Pack) HTML() []byte {
	title, lines := pk.Head()
	var b bytes.Buffer
	err := htmlPage.Execute(&b, struct {
		Lang     string
		Title    string
		Lines    []string
		Sections []Section
	}{string(pk.Lang), title, lines, pk.Sections()})
	if err != nil {
		panic("evidence: html template: " + err.Error()) // the template is fixed: a bug
	}
	return b.Bytes()
}

// CSV renders every table of the pack in one sheet: each row starts with
// its section (and table) title; each table has its header row. It starts
// with a UTF-8 byte order mark so spreadsheet programs read æøå correctly,
// and cells a spreadsheet would run as a formula (= + - @) get a leading
// apostrophe.
func (pk *Pack) CSV() []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	for _, s := range pk.Sections() {
		for _, f := range s.Facts {
			_ = w.Write([]string{cell(s.Title), cell(f.Label), cell(f.Value)}) // writes to a bytes.Buffer do not fail
		}
		for _, t := range s.Tables {
			where := joinWith(" – ", s.Title, t.Title)
			_ = w.Write(append([]string{cell(where)}, cells(t.Headers)...))
			for _, r := range t.Rows {
				_ = w.Write(append([]string{cell(where)}, cells(r)...))
			}
		}
	}
	w.Flush()
	return b.Bytes()
}

func cells(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = cell(s)
	}
	return out
}

// cell defuses spreadsheet formulas (CSV injection), as report's CSV does.
func cell(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
