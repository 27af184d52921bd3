package planfile

import (
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// ScheduleWarnings returns a warning for every exercise and review of p
// that is overdue at now, or has never been done, sorted by file and line,
// in the plan's language. An item
// is due on LastDone plus IntervalMonths, counted as calendar dates in
// p.Location (Europe/Oslo when unset); it is overdue from the day after.
// Items without a positive interval are skipped: Load reports those as
// errors. It returns nil when nothing is overdue.
func ScheduleWarnings(p *plan.Plan, now time.Time) Diagnostics {
	loc := p.Location
	if loc == nil {
		loc = plan.Zone(nil, nil)
	}
	today := plan.DateOf(now, loc)
	var c collector
	for _, e := range p.Exercises {
		scheduleWarning(&c, p.Lang, e.Pos, "exercise", e.ID, e.LastDone, e.IntervalMonths, today)
	}
	for _, r := range p.Reviews {
		scheduleWarning(&c, p.Lang, r.Pos, "review", r.ID, r.LastDone, r.IntervalMonths, today)
	}
	c.render(p.Lang)
	sortDiagnostics(c.ds)
	return c.ds
}

// scheduleWarning warns about one exercise or review (what) that is
// overdue or never done.
func scheduleWarning(c *collector, lang i18n.Lang, pos plan.Pos, what, id string, last plan.Date, interval int, today plan.Date) {
	if interval <= 0 {
		return
	}
	every := i18n.M("count.every_months", i18n.Args{"Count": interval})
	if last.IsZero() {
		c.warnAt(pos, "sist_gjennomfort", "plan.schedule."+what+"_never", i18n.Args{"ID": id, "Every": every})
		return
	}
	due := plan.DueDate(last, interval)
	if due.Before(today) {
		c.warnAt(pos, "sist_gjennomfort", "plan.schedule."+what+"_overdue",
			i18n.Args{"ID": id, "Due": due.Show(lang), "Last": last.Show(lang), "Every": every})
	}
}
