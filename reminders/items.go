// Package reminders sends the reminders of the årshjul: every exercise,
// the plan revision, the ROS revision, the contact-list check and any
// other review in the plan, to the item's team channel, mentioning its
// owner, at set stages before and after the due date.
//
// Each reminder is claimed in a ledger (item, stage, due date) in the same
// transaction as its outbox item, so a pass can be interrupted anywhere
// and run again without sending anything twice; the transport's outbox
// delivers it. A pass sends, per item, only the latest stage reached, so a
// bot that was down for weeks sends one message per item, not a flood,
// and the stages it skipped are never sent later either.
package reminders

import (
	"fmt"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// Item is one scheduled exercise or review with its due date worked out.
type Item struct {
	ID   string
	Name string
	// Kind is "ovelse", "plan", "ros", "kontaktliste" or "annet".
	Kind string
	// Owner is the eier contact; nil if the plan names no such contact.
	Owner          *plan.Contact
	Channel        string    // team channel (kanal): an ID or "#name"
	Due            plan.Date // zero when never done
	LastDone       plan.Date // zero when never done
	Stages         []int     // days before the due date
	DoneWhen       string
	IntervalMonths int
	// Postponed is set when Due is a postponement ("Utsett 1 uke").
	Postponed bool
}

// Items returns every exercise and review of the plan, in plan order
// (exercises first). A completion newer than the plan's sist_gjennomfort
// wins; a postponement later than the computed due date moves it. It never
// fails: dates that do not parse are ignored.
func Items(p *plan.Plan, completions map[string]incident.Completion, postponed map[string]string) []Item {
	sched := ScheduleOf(p, completions, postponed)
	out := make([]Item, len(sched))
	for i, s := range sched {
		out[i] = Item{ID: s.ID, Name: s.Name, Kind: s.Kind, Owner: p.Contact(s.Owner), Channel: s.Channel,
			Due: s.Due, LastDone: s.LastDone, Stages: s.Stages, DoneWhen: s.DoneWhen,
			IntervalMonths: s.IntervalMonths, Postponed: s.Postponed}
	}
	return out
}

// NeverDue is the due key in the ledger of an item that has never been
// done: it is reminded once a week (the stage is the ISO week) until a
// completion is recorded.
const NeverDue = "aldri"

// stageFor returns the ledger keys (stage, due) of the reminder item
// should have had by asOf, and false when none is due yet.
func stageFor(it Item, asOf plan.Date) (stage, due string, ok bool) {
	if it.Due.IsZero() {
		y, w := asOf.In(time.UTC).ISOWeek()
		return fmt.Sprintf("uke-%04d-%02d", y, w), NeverDue, true
	}
	s, ok := plan.CurrentStage(it.Due, asOf, it.Stages, it.Postponed)
	if !ok {
		return "", "", false
	}
	return s.Key(), it.Due.String(), true
}
