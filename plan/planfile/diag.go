package planfile

import (
	"sort"
	"strconv"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// Severity tells an error, which the coordinator must fix, from a warning,
// which the bot can live with.
type Severity int

// Severities of a Diagnostic.
const (
	SeverityError Severity = iota
	SeverityWarning
	// SeverityNote is neither: a remark about the other diagnostics, such
	// as the errors left out because a file could not be read. Errors and
	// Warnings leave notes out.
	SeverityNote
)

// Diagnostic is one problem found in the plan files: where it is and what
// is wrong, in the plan's language (språk in organisasjon.yaml).
type Diagnostic struct {
	File string // path inside the plan directory, e.g. "tiltakskort/strom.yaml"
	Line int    // 1-based; 0 when the problem concerns the whole file
	// Field is the YAML key path inside the object, e.g. "steg[2].rolle",
	// with the keys named in Lang (Swedish names in a Swedish plan); may
	// be empty.
	Field    string
	Message  string // ID rendered with Args in Lang
	Severity Severity
	// ID and Args are the catalog message (internal/i18n) Message was
	// rendered from, for tests and for rendering it again elsewhere.
	ID   string
	Args i18n.Args
	Lang i18n.Lang // the language of Message and Field; "" means bokmål

	key string // Field with the canonical (bokmål) keys
}

// String formats the diagnostic the way editors and compilers do, so the
// coordinator can jump to the place:
//
//	rollekort/kriseleder.yaml:12: tittel: mangler (påkrevd felt)
//	kontakter.yaml:40: stedfortreder: advarsel: …
//
// The line is left out when it is 0, the field when it is empty.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(d.Line))
	}
	b.WriteString(": ")
	if d.Field != "" {
		b.WriteString(d.Field)
		b.WriteString(": ")
	}
	if d.Severity == SeverityWarning {
		b.WriteString(i18n.For(d.Lang).T("plan.diag.warning"))
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// Diagnostics is a list of problems, sorted by file and then line when it
// comes from Load or ScheduleWarnings.
type Diagnostics []Diagnostic

// Errors returns the diagnostics of severity error, or nil if there are none.
func (ds Diagnostics) Errors() Diagnostics { return ds.filter(SeverityError) }

// Warnings returns the diagnostics of severity warning, or nil if there are none.
func (ds Diagnostics) Warnings() Diagnostics { return ds.filter(SeverityWarning) }

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// String returns one diagnostic per line.
func (ds Diagnostics) String() string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func (ds Diagnostics) filter(s Severity) Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// sortDiagnostics orders by file, then line; problems on the same line
// keep the order they were found in.
func sortDiagnostics(ds Diagnostics) {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].File != ds[j].File {
			return ds[i].File < ds[j].File
		}
		return ds[i].Line < ds[j].Line
	})
}

// collector gathers diagnostics while loading and validating.
type collector struct {
	ds Diagnostics
	// bad marks fields whose value the decoder rejected, by file, field
	// path and the line of the key, so validation does not report the
	// same field again ("mangler" after "forventet tekst").
	bad map[fieldAt]bool
}

type fieldAt struct {
	file, field string
	line        int
}

func (c *collector) markBad(file, field string, line int) {
	if c.bad == nil {
		c.bad = map[fieldAt]bool{}
	}
	c.bad[fieldAt{file, field, line}] = true
}

// errorf reports an error: the catalog message id with its args. The
// message is rendered once the plan's language is known (render).
func (c *collector) errorf(file string, line int, field, id string, args i18n.Args) {
	c.ds = append(c.ds, Diagnostic{File: file, Line: line, key: field, ID: id, Args: args, Severity: SeverityError})
}

// warnf reports a warning; see errorf.
func (c *collector) warnf(file string, line int, field, id string, args i18n.Args) {
	c.ds = append(c.ds, Diagnostic{File: file, Line: line, key: field, ID: id, Args: args, Severity: SeverityWarning})
}

// render fills Message and Field of every diagnostic in lang.
func (c *collector) render(lang i18n.Lang) {
	l := i18n.For(lang)
	for i := range c.ds {
		d := &c.ds[i]
		d.Lang = l.Lang()
		d.Message = l.T(d.ID, d.Args)
		d.Field = fieldPathIn(d.Lang, d.key)
	}
}

// hasErrorIn reports whether an error was already reported for file.
func (c *collector) hasErrorIn(file string) bool {
	for _, d := range c.ds {
		if d.File == file && d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// atPath reports an error about key of a nested object at pos, naming the
// field by its path from the top-level object (prefix "steg[2].").
func (c *collector) atPath(pos plan.Pos, prefix, key, id string, args i18n.Args) {
	c.errorf(pos.File, pos.FieldLine(key), prefix+key, id, args)
}

// warnAt reports a warning about key of the object at pos.
func (c *collector) warnAt(pos plan.Pos, key, id string, args i18n.Args) {
	c.warnf(pos.File, pos.FieldLine(key), key, id, args)
}

// where formats a position for messages that refer to another place,
// e.g. "rollekort/kriseleder.yaml:2".
func where(file string, line int) string {
	if line > 0 {
		return file + ":" + strconv.Itoa(line)
	}
	return file
}
