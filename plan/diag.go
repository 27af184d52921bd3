package plan

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Severity tells an error, which the coordinator must fix, from a warning,
// which the bot can live with.
type Severity int

// Severities of a Diagnostic.
const (
	SeverityError Severity = iota
	SeverityWarning
)

// Diagnostic is one problem found in the plan files: where it is and what
// is wrong, in bokmål.
type Diagnostic struct {
	File     string // path inside the plan directory, e.g. "tiltakskort/strom.yaml"
	Line     int    // 1-based; 0 when the problem concerns the whole file
	Field    string // YAML key path inside the object, e.g. "steg[2].rolle"; may be empty
	Message  string
	Severity Severity
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
		b.WriteString("advarsel: ")
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

func (c *collector) errorf(file string, line int, field, format string, args ...any) {
	c.ds = append(c.ds, Diagnostic{File: file, Line: line, Field: field, Message: fmt.Sprintf(format, args...), Severity: SeverityError})
}

func (c *collector) warnf(file string, line int, field, format string, args ...any) {
	c.ds = append(c.ds, Diagnostic{File: file, Line: line, Field: field, Message: fmt.Sprintf(format, args...), Severity: SeverityWarning})
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
func (c *collector) atPath(pos Pos, prefix, key, format string, args ...any) {
	c.errorf(pos.File, pos.FieldLine(key), prefix+key, format, args...)
}

// warnAt reports a warning about key of the object at pos.
func (c *collector) warnAt(pos Pos, key, format string, args ...any) {
	c.warnf(pos.File, pos.FieldLine(key), key, format, args...)
}

// where formats a position for messages that refer to another place,
// e.g. "rollekort/kriseleder.yaml:2".
func where(file string, line int) string {
	if line > 0 {
		return file + ":" + strconv.Itoa(line)
	}
	return file
}
