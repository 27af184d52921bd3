package plan

import (
	"strconv"
	"time"
)

// ScheduleWarnings returns a warning for every exercise and review that is
// overdue at now, or has never been done, sorted by file and line. An item
// is due on LastDone plus IntervalMonths, counted as calendar dates in
// p.Location (Europe/Oslo when unset); it is overdue from the day after.
// Items without a positive interval are skipped: Load reports those as
// errors. It returns nil when nothing is overdue.
func (p *Plan) ScheduleWarnings(now time.Time) Diagnostics {
	loc := p.Location
	if loc == nil {
		loc = defaultLocation()
	}
	today := DateOf(now, loc)
	var c collector
	for _, e := range p.Exercises {
		scheduleWarning(&c, e.Pos, "øvelsen", e.ID, e.LastDone, e.IntervalMonths, today)
	}
	for _, r := range p.Reviews {
		scheduleWarning(&c, r.Pos, "revisjonen", r.ID, r.LastDone, r.IntervalMonths, today)
	}
	sortDiagnostics(c.ds)
	return c.ds
}

func scheduleWarning(c *collector, pos Pos, what, id string, last Date, interval int, today Date) {
	if interval <= 0 {
		return
	}
	if last.IsZero() {
		c.warnAt(pos, "sist_gjennomfort", "%s «%s» er aldri gjennomført (%s)", what, id, every(interval))
		return
	}
	due := DueDate(last, interval)
	if due.Before(today) {
		c.warnAt(pos, "sist_gjennomfort", "%s «%s» er forfalt: skulle vært gjennomført innen %s (sist %s, %s)",
			what, id, due.Norwegian(), last.Norwegian(), every(interval))
	}
}

// every words an interval the Norwegian way: "hver måned", "hver 12. måned".
func every(n int) string {
	if n == 1 {
		return "hver måned"
	}
	return "hver " + strconv.Itoa(n) + ". måned"
}
