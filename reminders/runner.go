package reminders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Store is what the reminders need from storage. storage.DB implements
// it.
type Store interface {
	LatestCompletions(ctx context.Context) (map[string]incident.Completion, error)
	Postponements(ctx context.Context) (map[string]string, error)
	ClaimReminder(ctx context.Context, itemID, stage, due string, item incident.OutboxItem) (claimed bool, err error)
	ReminderSent(ctx context.Context, itemID, due string) ([]string, error)
}

// Planned is one reminder a pass queued (or, in a dry run, would queue).
type Planned struct {
	Item    Item
	Stage   string // ledger stage: "-30", "0", "+7" …, or "uke-2027-09" for an item never done
	Due     string // ledger due date YYYY-MM-DD, or NeverDue
	Channel string
	Text    string // the message as plain text, for the command line and tests
	// When says, in the plan's language, where the day the message is
	// worded for stands against the due date, with the same day count as
	// Text ("54 dager etter fristen"); "" for the reprint reminder.
	When string
	Post ui.Post
}

// Runner runs reminder passes over the plan in force. Set Plan and Store;
// the other fields have defaults. A Runner's passes run one at a time;
// several processes may run passes on the same database at once, the
// ledger sends each reminder once.
type Runner struct {
	// Plan returns the plan in force (it may be reloaded between passes).
	Plan  func() *plan.Plan
	Store Store
	// Loc is the time zone of the schedule and of due dates (default: the
	// plan's, else Europe/Oslo).
	Loc *time.Location
	Log logrus.FieldLogger
	// OnQueued is called after a pass that queued anything, e.g. the
	// outbox deliverer's Notify.
	OnQueued func()
	// Now is the clock of scheduled passes (default time.Now).
	Now func() time.Time

	passMu sync.Mutex // one pass at a time
	cronMu sync.Mutex
	sched  cron.Schedule // set by Start; CatchUp looks back to its last run
	cron   *cron.Cron
}

// Pass queues, for every item, the latest reminder stage reached on the
// local date of now that has not been claimed before (nor a later stage
// of the same due date), and returns what it queued. With dryRun it
// claims and queues nothing and returns what it would queue. A failure for
// one item is logged and joined into the error after the other items are
// done; a failure to read completions or postponements stops the pass.
func (r *Runner) Pass(ctx context.Context, now time.Time, dryRun bool) ([]Planned, error) {
	return r.pass(ctx, now, now, dryRun, "pass")
}

// CatchUp is the pass run at start-up: it sends what was missed while the
// bot was down, one message per item at most (its latest stage). Stages
// are counted as of the last scheduled run before now (when Start has set
// a schedule), so a restart before the day's run does not send that day's
// reminders early. Errors are as for Pass.
func (r *Runner) CatchUp(ctx context.Context, now time.Time) ([]Planned, error) {
	asOf := now
	r.cronMu.Lock()
	sched := r.sched
	r.cronMu.Unlock()
	if sched != nil {
		if last, ok := lastRun(sched, now, r.location(r.Plan())); ok {
			asOf = last
		}
	}
	return r.pass(ctx, now, asOf, false, "catch-up")
}

// pass is Pass with the stages counted as of asOf and the message worded
// for now.
func (r *Runner) pass(ctx context.Context, now, asOf time.Time, dryRun bool, what string) ([]Planned, error) {
	r.passMu.Lock()
	defer r.passMu.Unlock()
	p := r.Plan()
	if p == nil {
		return nil, errors.New("reminders: no plan is loaded")
	}
	loc := r.location(p)
	today, asOfDate := plan.DateOf(now, loc), plan.DateOf(asOf, loc)
	done, err := r.Store.LatestCompletions(ctx)
	if err != nil {
		return nil, fmt.Errorf("reminders: %w", err)
	}
	postponed, err := r.Store.Postponements(ctx)
	if err != nil {
		return nil, fmt.Errorf("reminders: %w", err)
	}
	log := r.log().WithFields(logrus.Fields{"run": what, "date": today.String(), "dry_run": dryRun})
	var out []Planned
	var errs []error
	for _, it := range Items(p, done, postponed) {
		pl, ok, err := r.one(ctx, p, it, today, asOfDate, dryRun)
		if err != nil {
			log.WithError(err).WithField("item", it.ID).Warn("reminder not queued")
			errs = append(errs, fmt.Errorf("%s: %w", it.ID, err))
			continue
		}
		if !ok {
			continue
		}
		if !dryRun {
			log.WithFields(logrus.Fields{"item": it.ID, "stage": pl.Stage, "due": pl.Due, "channel": pl.Channel}).Info("reminder queued")
		}
		out = append(out, pl)
	}
	fus, ferrs := r.followUpPass(ctx, p, today, asOfDate, loc, dryRun, log)
	out, errs = append(out, fus...), append(errs, ferrs...)
	if rp, err := r.reprint(ctx, p, dryRun); err != nil {
		log.WithError(err).Warn("reprint reminder not queued")
		errs = append(errs, fmt.Errorf("%s: %w", ReprintItem, err))
	} else {
		out = append(out, rp...)
	}
	if len(out) > 0 && !dryRun && r.OnQueued != nil {
		r.OnQueued()
	}
	log.WithField("reminders", len(out)).Debug("reminder pass done")
	return out, errors.Join(errs...)
}

// one decides and (unless dryRun) claims the reminder of one item. ok is
// false when there is nothing to send: no stage reached, the stage (or a
// later one) already claimed, or another runner claimed it first.
func (r *Runner) one(ctx context.Context, p *plan.Plan, it Item, today, asOf plan.Date, dryRun bool) (Planned, bool, error) {
	stage, due, ok := stageFor(it, asOf)
	if !ok {
		return Planned{}, false, nil
	}
	if it.Channel == "" {
		return Planned{}, false, errors.New("no channel")
	}
	sent, err := r.Store.ReminderSent(ctx, it.ID, due)
	if err != nil {
		return Planned{}, false, err
	}
	if covered(sent, stage) {
		return Planned{}, false, nil
	}
	resp := MessageIn(p.Lang, it, due, today)
	pl := Planned{Item: it, Stage: stage, Due: due, Channel: it.Channel, When: DueWords(p.Lang, it.Due, today),
		Text: ui.PlainText(resp, ui.NameResolver(p)), Post: ui.Post{Channel: it.Channel, Response: resp}}
	if dryRun {
		return pl, true, nil
	}
	payload, err := json.Marshal(pl.Post)
	if err != nil {
		return Planned{}, false, err
	}
	claimed, err := r.Store.ClaimReminder(ctx, it.ID, stage, due, incident.OutboxItem{Kind: incident.OutboxReminder, Payload: payload})
	if err != nil {
		return Planned{}, false, err
	}
	return pl, claimed, nil
}

// covered reports whether stage, or a later stage of the same due date,
// has been claimed: then stage is never sent (time moved on, or the
// clock went back).
func covered(sent []string, stage string) bool {
	cur, dated := plan.ParseStage(stage)
	for _, s := range sent {
		if s == stage {
			return true
		}
		if prev, ok := plan.ParseStage(s); ok && dated && prev.Offset > cur.Offset {
			return true
		}
	}
	return false
}

func (r *Runner) location(p *plan.Plan) *time.Location { return plan.Zone(r.Loc, p) }

// quietLog is the logger of a Runner without one: warnings and errors.
var quietLog = func() logrus.FieldLogger {
	l := logrus.New()
	l.SetLevel(logrus.WarnLevel)
	return l
}()

func (r *Runner) log() logrus.FieldLogger {
	l := r.Log
	if l == nil {
		l = quietLog
	}
	return l.WithField("component", "reminders")
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}
