package binder

import (
	"strconv"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/localtime"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// view is what the template reads: the plan, and what is derived from it
// for paper (names for ids, tables laid out, blank rows counted).
type view struct {
	Lang      i18n.Lang // the plan's language, which the binder is in
	P         *plan.Plan
	Printed   string // «01.12.2026 kl. 23:15», local time
	PrintDate string // «01.12.2026»
	Title     string
	Footer    string // the running footer: plan version and print date
	Header    string // the running header: organisation
	PageWord  string // «Side » of the page numbers: «Side 3 av 40»
	PageOf    string // « av » of the page numbers
	Recipient string // who gets the situation report: Statsforvalteren or Länsstyrelsen
	Functions []functionView
	ROSMatrix rosMatrix
	LogPages  [][]int // row numbers of the blank log, one slice per page
}

// logPages and logRowsPerPage size the blank decision log.
const (
	logPages       = 4
	logRowsPerPage = 24
)

func newView(p *plan.Plan, printed time.Time) *view {
	loc := p.Location
	if loc == nil {
		loc = time.UTC
	}
	t := printed.In(loc)
	lang := p.Lang
	if !lang.Valid() {
		lang = i18n.Default
	}
	l := i18n.For(lang)
	v := &view{
		Lang:      lang,
		P:         p,
		Printed:   localtime.Stamp(lang, t),
		PrintDate: localtime.Date(lang, t),
		Recipient: l.T("binder.recipient.no"),
		PageWord:  l.T("binder.page.word"),
		PageOf:    l.T("binder.page.of"),
	}
	if p.Org.Region == "SE" {
		v.Recipient = l.T("binder.recipient.se")
	}
	title := l.T("binder.title")
	name := strings.TrimSpace(p.Org.Name)
	if name == "" {
		name = title
	}
	v.Title = title + " – " + name
	v.Footer = l.T("binder.footer", i18n.Args{"Version": orDash(p.Org.PlanVersion), "Date": v.PrintDate})
	v.Header = name + " · " + title
	for _, f := range p.Functions {
		v.Functions = append(v.Functions, newFunctionView(l, p, f))
	}
	v.ROSMatrix = newROSMatrix(p)
	n := 1
	for range logPages {
		page := make([]int, logRowsPerPage)
		for i := range page {
			page[i] = n
			n++
		}
		v.LogPages = append(v.LogPages, page)
	}
	return v
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}

// functionView is a critical function with its consequence table laid out
// as seed 001 does: a row per outage length, a column for the function
// and one for each process that has its own levels.
type functionView struct {
	F           *plan.CriticalFunction
	Consequence consequenceTable
	Processes   []*plan.Process // sorted by priority as written
}

type consequenceTable struct {
	Columns []string
	Rows    []consequenceRow
}

type consequenceRow struct {
	Label      string
	Levels     []plan.ConsequenceLevel
	Comments   []string
	HasComment bool
}

func newFunctionView(l *i18n.Localizer, p *plan.Plan, f *plan.CriticalFunction) functionView {
	fv := functionView{F: f, Processes: f.Processes}
	cols := []*plan.Consequence{&f.Consequences}
	fv.Consequence.Columns = []string{l.T("binder.whole_function")}
	for _, pr := range f.Processes {
		if !pr.Consequences.IsZero() {
			cols = append(cols, &pr.Consequences)
			fv.Consequence.Columns = append(fv.Consequence.Columns, processLabel(pr))
		}
	}
	if len(cols) == 1 && f.Consequences.IsZero() {
		return fv
	}
	for i, s := range f.Consequences.StepsIn(l.Lang()) {
		row := consequenceRow{Label: s.Label}
		any := false
		for _, c := range cols {
			st := c.StepsIn(l.Lang())[i].Step
			row.Levels = append(row.Levels, st.Level)
			row.Comments = append(row.Comments, st.Comment)
			if st.Comment != "" {
				row.HasComment = true
			}
			if !st.IsZero() {
				any = true
			}
		}
		if any {
			fv.Consequence.Rows = append(fv.Consequence.Rows, row)
		}
	}
	return fv
}

func processLabel(pr *plan.Process) string {
	if pr.Priority > 0 {
		return strconv.Itoa(pr.Priority) + ". " + pr.Name
	}
	return pr.Name
}

// rosMatrix places the hazards by likelihood (rows, highest first) and
// consequence (columns, lowest first).
type rosMatrix struct {
	Levels []plan.Level // the scale, lowest first: the column headings
	Rows   []rosMatrixRow
}

type rosMatrixRow struct {
	Level plan.Level
	Cells []rosCell
}

type rosCell struct {
	Risk  int // likelihood rank × consequence rank, for shading
	Class string
	Nums  []int // the hazards' numbers in the ROS table, from 1
}

func newROSMatrix(p *plan.Plan) rosMatrix {
	scale := p.ROSScale
	if scale != 5 {
		scale = 4
	}
	levels := plan.ScaleLevels(scale)
	m := rosMatrix{Levels: levels}
	for li := len(levels) - 1; li >= 0; li-- {
		row := rosMatrixRow{Level: levels[li]}
		for ci := range levels {
			cell := rosCell{Risk: (li + 1) * (ci + 1)}
			switch r := float64(cell.Risk) / float64(scale*scale); {
			case r >= 0.5:
				cell.Class = "risiko-hoy"
			case r >= 0.2:
				cell.Class = "risiko-middels"
			default:
				cell.Class = "risiko-lav"
			}
			for n, h := range p.ROS {
				if h.Likelihood.Rank(scale) == li+1 && h.Consequence.Rank(scale) == ci+1 {
					cell.Nums = append(cell.Nums, n+1)
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}
