package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// registerArshjul routes the reminder buttons ("Registrer gjennomført",
// "Utsett 1 uke") and the completion form to this handler. Call it once
// after New; calling it again changes nothing.
func (h *Handler) registerArshjul() {
	h.RegisterAction(ActionReminderDone, h.reminderDone)
	h.RegisterAction(ActionReminderPostpone, h.reminderPostpone)
	h.RegisterView(ViewReminderDone, h.reminderDoneSubmitted)
}

// splitReminderValue reads ReminderValue back.
func splitReminderValue(v string) (itemID, due string) {
	itemID, due, _ = strings.Cut(v, "|")
	return itemID, due
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

var goneFromPlan = ui.Text("Denne øvelsen eller revisjonen finnes ikke lenger i planen. Se `/beredskap årshjul`.")

// reminderDone opens the form that records a completion.
func (h *Handler) reminderDone(ctx context.Context, req Request, value string) ui.Response {
	id, _ := splitReminderValue(value)
	s, ok := scheduledByID(h.Plan().Schedule(nil, nil), id)
	if !ok {
		return goneFromPlan
	}
	return ui.Response{
		Text: "Registrer gjennomført: " + s.Name,
		Modal: &ui.Modal{
			CallbackID: ViewReminderDone,
			Title:      "Registrer gjennomført",
			Submit:     "Registrer",
			Metadata:   s.ID,
			Inputs: []ui.Input{
				{ID: "dato", Label: "Dato gjennomført", Date: true, Initial: h.today().String()},
				{ID: "notat", Label: "Kort evaluering", Placeholder: "Hva fungerte, hva må forbedres?", Multiline: true, Optional: true},
			},
			Fallback: fmt.Sprintf("/beredskap øvelse registrer %s [dato] [notat]", s.ID),
		},
	}
}

// reminderDoneSubmitted records the completion given in the form.
func (h *Handler) reminderDoneSubmitted(ctx context.Context, req Request, metadata string, values map[string]string) ui.Response {
	s, ok := scheduledByID(h.Plan().Schedule(nil, nil), metadata)
	if !ok {
		return goneFromPlan
	}
	today := h.today()
	date := today
	if v := strings.TrimSpace(values["dato"]); v != "" {
		d, err := plan.ParseDate(v)
		if err != nil {
			return ui.Text("Kunne ikke registrere: " + err.Error() + ".")
		}
		date = d
	}
	if today.Before(date) {
		return ui.Text(fmt.Sprintf("Kunne ikke registrere: datoen %s er fram i tid.", date.Norwegian()))
	}
	note := strings.TrimSpace(values["notat"])
	if note != "" {
		if err := checkText(note, "et notat"); err != nil {
			return ui.Text("Kunne ikke registrere: " + err.Error() + ".")
		}
	}
	return h.recordDone(ctx, req, s, date, note)
}

// reminderPostpone records "Utsett 1 uke": the item is due PostponeDays
// after its due date, or after today when the due date has passed.
func (h *Handler) reminderPostpone(ctx context.Context, req Request, value string) ui.Response {
	id, dueText := splitReminderValue(value)
	due, err := plan.ParseDate(dueText)
	if err != nil {
		return ui.Text("Denne påminnelsen kan ikke utsettes; registrer heller når det er gjort (`/beredskap øvelse registrer " + ui.Escape(id) + "`).")
	}
	p := h.Plan()
	items, err := h.schedule(ctx, p)
	if err != nil {
		return h.errorResponse(req, err)
	}
	s, ok := scheduledByID(items, id)
	if !ok {
		return goneFromPlan
	}
	if due.Before(s.Due) && !s.Postponed {
		return ui.Text(fmt.Sprintf("*%s* har allerede ny frist %s; det er ingenting å utsette.", ui.Escape(s.Name), s.Due.Norwegian()))
	}
	from := due
	if today := h.today(); from.Before(today) {
		from = today
	}
	until := from.AddDays(PostponeDays)
	if err := h.Store.Postpone(ctx, id, due.String(), until.String(), req.UserID); err != nil {
		return h.errorResponse(req, err)
	}
	h.Log.WithFields(logrus.Fields{"item": id, "due": due.String(), "until": until.String(), "user": req.UserID}).Info("reminder postponed")
	text := fmt.Sprintf("⏸ %s utsatte *%s* én uke: ny frist *%s*. Påminnelsen kommer igjen da.", ui.Mention(p, req.UserID), ui.Escape(s.Name), until.Norwegian())
	return ui.Response{Text: "Utsatt til " + until.Norwegian() + ": " + s.Name, Blocks: []ui.Block{{Kind: ui.BlockSection, Text: text}}, Visibility: ui.InChannel}
}

// ExerciseClosed records an exercise incident in the årshjul when it is
// closed, and returns blocks for the close answer. It returns nil for a
// real incident. When the plan has one exercise, or the incident's title
// or action card clearly names one, that exercise is recorded as done on
// the closing date (note: the summary); otherwise the blocks list the
// exercises with a button and the command to record the right one. A
// storage failure becomes a block with an apology (and a log line); the
// close itself has already succeeded.
func (h *Handler) ExerciseClosed(ctx context.Context, req Request, inc incident.Incident) []ui.Block {
	if inc.Kind != incident.KindExercise {
		return nil
	}
	p := h.Plan()
	date := h.today()
	if !inc.ClosedAt.IsZero() {
		date = plan.DateOf(inc.ClosedAt, h.Loc)
	}
	if e := matchExercise(p, inc); e != nil {
		note := fmt.Sprintf("Øvelse «%s» avsluttet i Beredskapsbot (hendelse #%d)", inc.Title, inc.ID)
		if strings.TrimSpace(inc.Summary) != "" {
			note += ": " + inc.Summary
		}
		s, _ := scheduledByID(p.Schedule(nil, nil), e.ID)
		r := h.recordDone(ctx, req, s, date, note)
		return r.Blocks
	}
	if len(p.Exercises) == 0 {
		return nil
	}
	lines := []string{"*Registrer øvelsen i årshjulet.* Hvilken av planens øvelser var dette?"}
	var buttons []ui.Button
	for _, e := range p.Exercises {
		lines = append(lines, fmt.Sprintf("• `/beredskap øvelse registrer %s %s` – %s", e.ID, date.Norwegian(), ui.Escape(e.Name)))
		if len(buttons) < 25 {
			buttons = append(buttons, ui.Button{ActionID: ActionReminderDone, Text: e.Name, Value: ReminderValue(e.ID, "")})
		}
	}
	var b ui.Builder
	b.Section(strings.Join(lines, "\n"))
	b.Buttons(buttons...)
	return b.Blocks
}

// matchExercise returns the exercise an exercise incident was, or nil
// when that is not clear: the plan's only exercise; else one whose ID or
// name the title names (MatchName), or whose name the title contains (or
// the other way round); else the one exercise that mentions the
// incident's action card by ID or title.
func matchExercise(p *plan.Plan, inc incident.Incident) *plan.Exercise {
	if len(p.Exercises) == 1 {
		return p.Exercises[0]
	}
	cands := make([]plan.Candidate, len(p.Exercises))
	for i, e := range p.Exercises {
		cands[i] = plan.Candidate{ID: e.ID, Names: []string{e.Name}}
	}
	if m := plan.MatchName(inc.Title, cands); m.Found() {
		return exerciseByID(p, m.ID)
	}
	title := plan.Fold(inc.Title)
	if one := uniqueExercise(p, func(e *plan.Exercise) bool {
		name := plan.Fold(e.Name)
		return len(name) >= 5 && strings.Contains(title, name) || len(title) >= 5 && strings.Contains(name, title)
	}); one != nil {
		return one
	}
	card := p.Card(inc.CardID)
	if card == nil {
		return nil
	}
	return uniqueExercise(p, func(e *plan.Exercise) bool {
		words := foldedWords(e.ID + " " + e.Name + " " + e.Description)
		return words[plan.Fold(card.ID)] || strings.Contains(plan.Fold(e.Name+" "+e.Description), plan.Fold(card.Title))
	})
}

func exerciseByID(p *plan.Plan, id string) *plan.Exercise {
	for _, e := range p.Exercises {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// uniqueExercise returns the only exercise for which ok is true, or nil.
func uniqueExercise(p *plan.Plan, ok func(*plan.Exercise) bool) *plan.Exercise {
	var found *plan.Exercise
	for _, e := range p.Exercises {
		if ok(e) {
			if found != nil {
				return nil
			}
			found = e
		}
	}
	return found
}

// foldedWords returns the folded words of s, split at anything that is
// not a letter or digit ("ovelse-strom-sentrum" → ovelse, strom, sentrum).
func foldedWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(plan.Fold(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		out[w] = true
	}
	return out
}
