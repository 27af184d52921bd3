package plan

import (
	"sort"
	"strconv"
	"time"
)

// DefaultStages are the reminder stages used when an exercise or review
// sets no `varsler`: 30 days before the due date, 7 days before, and on the
// day.
var DefaultStages = []int{30, 7, 0}

// OverdueEvery is how often, in days, an overdue item is reminded again.
const OverdueEvery = 7

// Scheduled is one item of the årshjul (the yearly schedule): an exercise
// or a review, with its due date worked out. Build it with Plan.Schedule.
type Scheduled struct {
	ID          string
	Name        string
	Description string
	// Kind is "ovelse" for an exercise, else the review's type: "plan",
	// "ros", "kontaktliste" or "annet".
	Kind           string
	Owner          string // contact ID (eier)
	Channel        string // team channel (kanal)
	IntervalMonths int
	DoneWhen       string // what counts as done (gjennomfort_nar)
	Stages         []int  // days before the due date; DefaultStages when the plan sets none
	// LastDone is the newer of the plan's sist_gjennomfort and a
	// completion recorded in the bot; zero when never done.
	LastDone Date
	// Recorded is set when LastDone comes from a recorded completion
	// rather than from the plan file.
	Recorded bool
	// Due is when the item must be done next: LastDone + IntervalMonths,
	// or the postponed date. Zero when the item has never been done.
	Due Date
	// Postponed is set when Due is a postponement ("Utsett 1 uke") and not
	// the computed date.
	Postponed bool
	Pos       Pos
}

// KindExercise is the Kind of a Scheduled exercise.
const KindExercise = "ovelse"

// DueDate returns the date an item done on last is due again with the
// given interval: last plus months (29 February + 12 months is 28
// February). It returns the zero Date when last is zero or months is not
// positive.
func DueDate(last Date, months int) Date {
	if last.IsZero() || months <= 0 {
		return Date{}
	}
	return last.AddMonths(months)
}

// Schedule returns every exercise and review of the plan with its due
// date, exercises first, each in plan order. done holds dates recorded in
// the bot per item ID; one newer than the plan's sist_gjennomfort wins.
// postponed holds postponement dates per item ID; one later than the
// computed due date moves it (a postponement made for an earlier due date
// is stale once the item is done again, and is ignored). Either map may be
// nil. It never fails.
func (p *Plan) Schedule(done, postponed map[string]Date) []Scheduled {
	out := make([]Scheduled, 0, len(p.Exercises)+len(p.Reviews))
	for _, e := range p.Exercises {
		out = append(out, Scheduled{ID: e.ID, Name: e.Name, Description: e.Description, Kind: KindExercise,
			Owner: e.Owner, Channel: e.Channel, IntervalMonths: e.IntervalMonths, DoneWhen: e.DoneWhen,
			Stages: e.Stages, LastDone: e.LastDone, Pos: e.Pos})
	}
	for _, r := range p.Reviews {
		out = append(out, Scheduled{ID: r.ID, Name: r.Name, Kind: string(r.Kind),
			Owner: r.Owner, Channel: r.Channel, IntervalMonths: r.IntervalMonths, DoneWhen: r.DoneWhen,
			Stages: r.Stages, LastDone: r.LastDone, Pos: r.Pos})
	}
	for i := range out {
		s := &out[i]
		if len(s.Stages) == 0 {
			s.Stages = DefaultStages
		}
		if d, ok := done[s.ID]; ok && s.LastDone.Before(d) {
			s.LastDone, s.Recorded = d, true
		}
		s.Due = DueDate(s.LastDone, s.IntervalMonths)
		if u, ok := postponed[s.ID]; ok && !s.Due.IsZero() && s.Due.Before(u) {
			s.Due, s.Postponed = u, true
		}
	}
	return out
}

// SortByDue sorts items by due date, never-done items first (they are the
// most overdue), then by name.
func SortByDue(items []Scheduled) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i].Due, items[j].Due
		if a != b {
			return a.Before(b)
		}
		return items[i].Name < items[j].Name
	})
}

// DaysBetween returns the number of calendar days from a to b (negative
// when b is before a). Days are counted on the calendar, so a change to or
// from summer time in between does not shift the count.
func DaysBetween(a, b Date) int {
	return int(b.In(time.UTC).Sub(a.In(time.UTC)).Hours() / 24)
}

// AddDays returns the date n calendar days later (earlier for negative n).
func (d Date) AddDays(n int) Date {
	t := time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC)
	return Date{t.Year(), t.Month(), t.Day()}
}

// DueStatus is where an item stands against its due date.
type DueStatus int

// Statuses of a scheduled item on a given day.
const (
	StatusOK      DueStatus = iota // more than SoonDays left
	StatusSoon                     // due within SoonDays (or today)
	StatusOverdue                  // the due date has passed, or never done
)

// SoonDays is how close a due date must be to count as "snart".
const SoonDays = 30

// String returns the status as the årshjul shows it: "ok", "snart" or
// "forfalt".
func (s DueStatus) String() string {
	switch s {
	case StatusSoon:
		return "snart"
	case StatusOverdue:
		return "forfalt"
	}
	return "ok"
}

// StatusOn returns the item's status on today: forfalt after the due date
// (or when never done), snart within SoonDays, ok otherwise.
func (s Scheduled) StatusOn(today Date) DueStatus {
	if s.Due.IsZero() {
		return StatusOverdue
	}
	switch left := DaysBetween(today, s.Due); {
	case left < 0:
		return StatusOverdue
	case left <= SoonDays:
		return StatusSoon
	}
	return StatusOK
}

// Stage is one reminder of an item: Offset is its day relative to the
// due date (-30 is 30 days before, 0 the due date, 7 a week overdue).
type Stage struct {
	Offset int
}

// Key returns the stage as stored in the reminder ledger: "-30", "0",
// "+7".
func (s Stage) Key() string {
	if s.Offset > 0 {
		return "+" + strconv.Itoa(s.Offset)
	}
	return strconv.Itoa(s.Offset)
}

// ParseStage reads a Key back. ok is false for anything else.
func ParseStage(key string) (Stage, bool) {
	n, err := strconv.Atoi(key)
	if err != nil {
		return Stage{}, false
	}
	return Stage{n}, true
}

// CurrentStage returns the latest reminder stage of an item due on due
// that has been reached on today, and false when none has (today is
// earlier than the first stage, or due is zero). Stages are the days
// before due given by before (negative values are ignored); after the due
// date, every full OverdueEvery days overdue (7, 14 …) is a stage of its
// own. When postponed is set the stages are the new due date and the
// overdue ones only: the "before" reminders were given for the original
// date, and a fresh "frist om 6 dager" right after pressing "Utsett 1 uke"
// would be noise.
func CurrentStage(due, today Date, before []int, postponed bool) (Stage, bool) {
	if due.IsZero() {
		return Stage{}, false
	}
	left := DaysBetween(today, due)
	if left < 0 {
		over := -left
		if over >= OverdueEvery {
			return Stage{over / OverdueEvery * OverdueEvery}, true
		}
	}
	if postponed {
		before = []int{0}
	}
	best, found := 0, false
	for _, b := range before {
		if b < 0 {
			continue
		}
		if left <= b && (!found || b < best) {
			best, found = b, true
		}
	}
	return Stage{-best}, found
}
