package reminders

import (
	"context"
	"strings"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// The buttons of a reminder and the form behind «Registrer gjennomført».
// Tracker.Routes routes them; the command handler takes those routes, so
// the transports send a press to one place.
const (
	ActionDone     = "reminder_done"     // value Value(item, due): opens the form
	ActionPostpone = "reminder_postpone" // value Value(item, due): «Utsett 1 uke»
	ViewDone       = "reminder_done"     // the form's callback; metadata is the item ID
)

// PostponeDays is how far «Utsett 1 uke» moves a due date: a week from the
// due date, or from today when that has passed.
const PostponeDays = 7

// Value is the button value of a reminder: the item ID and the due date
// it was sent for (YYYY-MM-DD, or "" / NeverDue when there is none),
// joined by "|".
func Value(itemID, due string) string { return itemID + "|" + due }

// splitValue reads Value back.
func splitValue(v string) (itemID, due string) {
	itemID, due, _ = strings.Cut(v, "|")
	return itemID, due
}

// Records is what recording and postponing need from storage.
// storage.DB implements it.
type Records interface {
	LatestCompletions(ctx context.Context) (map[string]incident.Completion, error)
	Postponements(ctx context.Context) (map[string]string, error)
	RecordCompletion(ctx context.Context, c incident.Completion) error
	Postpone(ctx context.Context, itemID, due, until, by string) error
}

// Tracker records what is done about the årshjul's items: completions
// (the form behind «Registrer gjennomført», `/beredskap øvelse
// registrer`, a closed exercise) and postponements («Utsett 1 uke»). Set
// every field but Log.
type Tracker struct {
	// Plan returns the plan in force.
	Plan  func() *plan.Plan
	Store Records
	// Today returns the local date on the caller's clock.
	Today func() plan.Date
	Log   logrus.FieldLogger
	// Allow decides whether the user of req may do act (access.MarkDone,
	// access.Postpone) on an item whose eier is owner; it returns the
	// refusal to answer with (nil: allowed). The buttons and the form
	// call it before they change anything. nil allows everyone (tests of
	// this package only; the command handler always sets it).
	Allow func(ctx context.Context, req ui.Request, act access.Action, owner string) error
}

// allow applies Allow.
func (t *Tracker) allow(ctx context.Context, req ui.Request, act access.Action, s plan.Scheduled) error {
	if t.Allow == nil {
		return nil
	}
	return t.Allow(ctx, req, act, s.Owner)
}

// Routes returns the reminders' buttons and form with their handlers.
func (t *Tracker) Routes() ui.Routes {
	return ui.Routes{
		Actions: map[string]ui.ActionFunc{
			ActionDone:     t.openForm,
			ActionPostpone: t.postpone,
		},
		Views: map[string]ui.ViewFunc{
			ViewDone: t.formSubmitted,
		},
	}
}

// Schedule returns the årshjul of plan p with what the bot has recorded
// (ScheduleOf over the stored completions and postponements).
func (t *Tracker) Schedule(ctx context.Context, p *plan.Plan) ([]plan.Scheduled, error) {
	done, err := t.Store.LatestCompletions(ctx)
	if err != nil {
		return nil, err
	}
	postponed, err := t.Store.Postponements(ctx)
	if err != nil {
		return nil, err
	}
	return ScheduleOf(p, done, postponed), nil
}

// ScheduleOf returns the plan's årshjul with what the bot has recorded:
// completions (their Done dates) and postponements, as plan.Schedule does.
// Dates that do not parse are ignored, so one bad row cannot hide the
// schedule.
func ScheduleOf(p *plan.Plan, completions map[string]incident.Completion, postponed map[string]string) []plan.Scheduled {
	done := map[string]plan.Date{}
	for id, c := range completions {
		if d, err := plan.ParseDate(c.Done); err == nil {
			done[id] = d
		}
	}
	until := map[string]plan.Date{}
	for id, u := range postponed {
		if d, err := plan.ParseDate(u); err == nil {
			until[id] = d
		}
	}
	return p.Schedule(done, until)
}

// ParseDateIn reads a date a user typed (YYYY-MM-DD or DD.MM.YYYY); a
// text that is neither is an apperr.Invalid error saying so in lang.
func ParseDateIn(lang i18n.Lang, s string) (plan.Date, error) {
	d, err := plan.ParseDate(s)
	if err != nil {
		return plan.Date{}, apperr.Wrap(err, apperr.Invalid,
			i18n.For(lang).T("reminder.bad_date", i18n.Args{"Text": ui.Escape(s)}))
	}
	return d, nil
}

// Record records item s as done on date with an optional note by the
// user of req, and returns the answer with the next due date, in the
// plan's language. A date after today or an over-long note is refused
// (apperr.Invalid, «Kunne ikke registrere: …»); storage errors are
// returned as they are.
func (t *Tracker) Record(ctx context.Context, req ui.Request, s plan.Scheduled, date plan.Date, note string) (ui.Response, error) {
	p := t.Plan()
	lang := p.Lang
	l := i18n.For(lang)
	if t.Today().Before(date) {
		return ui.Response{}, apperr.Refused(l.T("reminder.record.refused"), apperr.New(apperr.Invalid,
			l.T("reminder.record.future", i18n.Args{"Date": date.Show(lang)})))
	}
	note = strings.TrimSpace(note)
	if note != "" {
		if err := ui.CheckTextIn(lang, note, l.T("reminder.record.note_what")); err != nil {
			return ui.Response{}, apperr.Refused(l.T("reminder.record.refused"), err)
		}
	}
	if err := t.Store.RecordCompletion(ctx, incident.Completion{ItemID: s.ID, Done: date.String(), Note: note, By: req.UserID}); err != nil {
		return ui.Response{}, err
	}
	lines := []string{l.T("reminder.record.done", i18n.Args{"Name": ui.Escape(s.Name), "Date": date.Show(lang), "Who": ui.Mention(p, req.UserID)})}
	if items, err := t.Schedule(ctx, p); err == nil {
		for _, n := range items {
			if n.ID != s.ID {
				continue
			}
			if n.LastDone != date {
				lines = append(lines, l.T("reminder.record.newer", i18n.Args{"Date": n.LastDone.Show(lang)}))
			}
			if !n.Due.IsZero() {
				lines = append(lines, l.T("reminder.record.next", i18n.Args{"Date": n.Due.Show(lang), "Every": every(lang, n.IntervalMonths)}))
			}
		}
	}
	if note != "" {
		lines = append(lines, l.T("reminder.record.note", i18n.Args{"Text": ui.SafeText(note)}))
	}
	var b ui.Builder
	b.Section(strings.Join(lines, "\n"))
	b.Context(l.T("reminder.record.update"))
	return ui.Response{Text: l.T("reminder.record.text", i18n.Args{"Name": s.Name, "Date": date.Show(lang)}), Blocks: b.Blocks, Visibility: ui.InChannel}, nil
}

// scheduledByID returns the item with id from items.
func scheduledByID(items []plan.Scheduled, id string) (plan.Scheduled, bool) {
	for _, s := range items {
		if s.ID == id {
			return s, true
		}
	}
	return plan.Scheduled{}, false
}

// ScheduledByID returns the plan's item with id (without what the bot
// has recorded), and false when the plan has none.
func ScheduledByID(p *plan.Plan, id string) (plan.Scheduled, bool) {
	return scheduledByID(p.Schedule(nil, nil), id)
}

// goneFromPlan answers a button or form of an item the plan no longer has.
func goneFromPlan(p *plan.Plan) ui.Response {
	return ui.Text(i18n.For(p.Lang).T("reminder.gone"))
}

// openForm answers «Registrer gjennomført» with the form that records a
// completion.
func (t *Tracker) openForm(ctx context.Context, req ui.Request, value string) (ui.Response, error) {
	id, _ := splitValue(value)
	p := t.Plan()
	l := i18n.For(p.Lang)
	s, ok := ScheduledByID(p, id)
	if !ok {
		return goneFromPlan(p), nil
	}
	if err := t.allow(ctx, req, access.MarkDone, s); err != nil {
		return ui.Response{}, err
	}
	return ui.Response{
		Text: l.T("reminder.form.text", i18n.Args{"Name": s.Name}),
		Modal: &ui.Modal{
			CallbackID: ViewDone,
			Title:      l.T("reminder.form.title"),
			Submit:     l.T("reminder.form.submit"),
			Metadata:   s.ID,
			Inputs: []ui.Input{
				{ID: "dato", Label: l.T("reminder.form.date"), Date: true, Initial: t.Today().String()},
				{ID: "notat", Label: l.T("reminder.form.note"), Placeholder: l.T("reminder.form.note_hint"), Multiline: true, Optional: true},
			},
			Fallback: l.T("reminder.form.fallback", i18n.Args{"ID": s.ID}),
		},
	}, nil
}

// formSubmitted records the completion given in the form.
func (t *Tracker) formSubmitted(ctx context.Context, req ui.Request, metadata string, values map[string]string) (ui.Response, error) {
	p := t.Plan()
	s, ok := ScheduledByID(p, metadata)
	if !ok {
		return goneFromPlan(p), nil
	}
	if err := t.allow(ctx, req, access.MarkDone, s); err != nil {
		return ui.Response{}, err
	}
	date := t.Today()
	if v := strings.TrimSpace(values["dato"]); v != "" {
		d, err := ParseDateIn(p.Lang, v)
		if err != nil {
			return ui.Response{}, apperr.Refused(i18n.For(p.Lang).T("reminder.record.refused"), err)
		}
		date = d
	}
	return t.Record(ctx, req, s, date, values["notat"])
}

// postpone records «Utsett 1 uke»: the item is due PostponeDays after its
// due date, or after today when the due date has passed.
func (t *Tracker) postpone(ctx context.Context, req ui.Request, value string) (ui.Response, error) {
	id, dueText := splitValue(value)
	p := t.Plan()
	l := i18n.For(p.Lang)
	due, err := plan.ParseDate(dueText)
	if err != nil {
		return ui.Text(l.T("reminder.postpone.never", i18n.Args{"ID": ui.Escape(id)})), nil
	}
	items, err := t.Schedule(ctx, p)
	if err != nil {
		return ui.Response{}, err
	}
	s, ok := scheduledByID(items, id)
	if !ok {
		return goneFromPlan(p), nil
	}
	if err := t.allow(ctx, req, access.Postpone, s); err != nil {
		return ui.Response{}, err
	}
	if due.Before(s.Due) && !s.Postponed {
		return ui.Text(l.T("reminder.postpone.nothing", i18n.Args{"Name": ui.Escape(s.Name), "Date": s.Due.Show(p.Lang)})), nil
	}
	from := due
	if today := t.Today(); from.Before(today) {
		from = today
	}
	until := from.AddDays(PostponeDays)
	if err := t.Store.Postpone(ctx, id, due.String(), until.String(), req.UserID); err != nil {
		return ui.Response{}, err
	}
	t.log().WithFields(logrus.Fields{"item": id, "due": due.String(), "until": until.String(), "user": req.UserID}).Info("reminder postponed")
	text := l.T("reminder.postpone.done", i18n.Args{"Who": ui.Mention(p, req.UserID), "Name": ui.Escape(s.Name), "Date": until.Show(p.Lang)})
	return ui.Response{Text: l.T("reminder.postpone.text", i18n.Args{"Date": until.Show(p.Lang), "Name": s.Name}), Blocks: []ui.Block{{Kind: ui.BlockSection, Text: text}}, Visibility: ui.InChannel}, nil
}

func (t *Tracker) log() logrus.FieldLogger {
	if t.Log == nil {
		return quietLog
	}
	return t.Log
}
