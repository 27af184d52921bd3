package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Buttons and the form of the scheduled-item reminders (package
// reminders posts them; registerArshjul routes them here).
const (
	ActionReminderDone     = "reminder_done"     // value ReminderValue(item, due): opens the form
	ActionReminderPostpone = "reminder_postpone" // value ReminderValue(item, due): "Utsett 1 uke"
	ViewReminderDone       = "reminder_done"     // the form's callback; metadata is the item ID
)

// PostponeDays is how far "Utsett 1 uke" moves a due date: a week from the
// due date, or from today when that has passed.
const PostponeDays = 7

// ReminderValue is the button value of a reminder: the item ID and the
// due date it was sent for (YYYY-MM-DD), joined by "|".
func ReminderValue(itemID, due string) string { return itemID + "|" + due }

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

// schedule loads what the bot has recorded and returns the årshjul.
func (h *Handler) schedule(ctx context.Context, p *plan.Plan) ([]plan.Scheduled, error) {
	done, err := h.Store.LatestCompletions(ctx)
	if err != nil {
		return nil, err
	}
	postponed, err := h.Store.Postponements(ctx)
	if err != nil {
		return nil, err
	}
	return ScheduleOf(p, done, postponed), nil
}

// today is the local date on the handler's clock.
func (h *Handler) today() plan.Date { return plan.DateOf(h.now(), h.Loc) }

// arshjul shows every scheduled item with due date and status, sorted by
// due date, and the plan changes proposed in evaluations.
func (h *Handler) arshjul(ctx context.Context, req Request, args string) ui.Response {
	p := h.Plan()
	items, err := h.schedule(ctx, p)
	if err != nil {
		return h.errorResponse(req, err)
	}
	proposals, err := h.Store.ProposedPlanChanges(ctx)
	if err != nil {
		return h.errorResponse(req, err)
	}
	plan.SortByDue(items)
	today := h.today()
	var b ui.Builder
	title := "Årshjul"
	if p.Org.Name != "" {
		title += " – " + p.Org.Name
	}
	b.Header(title)
	counts := map[plan.DueStatus]int{}
	var lines []string
	for _, s := range items {
		st := s.StatusOn(today)
		counts[st]++
		lines = append(lines, arshjulLine(p, s, st))
	}
	if len(lines) == 0 {
		b.Section("Planen har ingen øvelser eller revisjoner. Legg dem inn i `arshjul.yaml`.")
	} else {
		b.Section(strings.Join(lines, "\n"))
	}
	b.Divider()
	if len(proposals) == 0 {
		b.Section("*Forslag til planendringer fra evalueringer*\nIngen ennå.")
	} else {
		pl := []string{"*Forslag til planendringer fra evalueringer* (til neste revisjon)"}
		for _, e := range proposals {
			pl = append(pl, h.proposalLine(ctx, p, e))
		}
		b.Section(strings.Join(pl, "\n"))
	}
	b.Context("`/beredskap øvelse registrer &lt;id&gt; [dato] [notat]` registrerer en øvelse eller revisjon som gjennomført. Dato er i dag hvis den utelates.")
	text := fmt.Sprintf("Årshjul: %d forfalt, %d snart, %d ok", counts[plan.StatusOverdue], counts[plan.StatusSoon], counts[plan.StatusOK])
	return ui.Response{Text: text, Blocks: b.Blocks}
}

var statusMark = map[plan.DueStatus]string{plan.StatusOK: "🟢", plan.StatusSoon: "🟡", plan.StatusOverdue: "🔴"}

// arshjulLine renders one item: "🟡 *21.01.2027* snart – *Strømbrudd i
// sentrum* (`ovelse-strom-sentrum`) · Per Prøvesen · sist 21.01.2026".
func arshjulLine(p *plan.Plan, s plan.Scheduled, st plan.DueStatus) string {
	due := "aldri gjennomført"
	if !s.Due.IsZero() {
		due = s.Due.Norwegian()
	}
	line := fmt.Sprintf("%s *%s* %s – *%s* (`%s`)", statusMark[st], due, st, ui.Escape(s.Name), s.ID)
	if c := p.Contact(s.Owner); c != nil {
		line += " · " + ui.Escape(c.Name)
	}
	if !s.LastDone.IsZero() {
		line += " · sist " + s.LastDone.Norwegian()
		if s.Recorded {
			line += " (registrert i boten)"
		}
	}
	if s.Postponed {
		line += " · utsatt"
	}
	return line
}

func (h *Handler) proposalLine(ctx context.Context, p *plan.Plan, e incident.Evaluation) string {
	where := fmt.Sprintf("hendelse #%d", e.IncidentID)
	if inc, err := h.Store.Incident(ctx, e.IncidentID); err == nil {
		where = fmt.Sprintf("%s «%s»", ui.KindWord(inc.Kind), ui.Escape(inc.Title))
	}
	return fmt.Sprintf("• %s _(%s, %s, %s)_", ui.SafeText(e.Answer), where, plan.DateOf(e.CreatedAt, h.Loc).Norwegian(), ui.Mention(p, e.Author))
}

// exercise handles "/beredskap øvelse registrer <id> [dato] [notat]".
func (h *Handler) exercise(ctx context.Context, req Request, args string) ui.Response {
	verb, rest := firstWord(args)
	switch plan.Fold(verb) {
	case "registrer", "reg", "gjennomfort", "ferdig":
	default:
		return h.exerciseUsage()
	}
	word, rest := firstWord(rest)
	if word == "" {
		return h.exerciseUsage()
	}
	p := h.Plan()
	items, err := h.schedule(ctx, p)
	if err != nil {
		return h.errorResponse(req, err)
	}
	s, resp := findScheduled(items, word)
	if resp != nil {
		return *resp
	}
	date, note, err := parseDoneArgs(rest, h.today())
	if err != nil {
		return ui.Text("Kunne ikke registrere: " + err.Error() + ".")
	}
	return h.recordDone(ctx, req, s, date, note)
}

func (h *Handler) exerciseUsage() ui.Response {
	var ids []string
	for _, s := range h.Plan().Schedule(nil, nil) {
		ids = append(ids, "`"+s.ID+"`")
	}
	msg := "Bruk: `/beredskap øvelse registrer &lt;id&gt; [dato] [notat]`, f.eks. `/beredskap øvelse registrer ovelse-varsling 08.03.2027 Alle svarte innen 20 minutter`."
	if len(ids) > 0 {
		msg += "\nØvelser og revisjoner i planen: " + strings.Join(ids, ", ") + ". Se `/beredskap årshjul` for frister."
	}
	return ui.Text(msg)
}

// findScheduled matches a typed ID or name forgivingly against the
// årshjul; the Response explains a miss.
func findScheduled(items []plan.Scheduled, typed string) (plan.Scheduled, *ui.Response) {
	cands := make([]plan.Candidate, len(items))
	for i, s := range items {
		cands[i] = plan.Candidate{ID: s.ID, Names: []string{s.Name}}
	}
	m := plan.MatchName(typed, cands)
	if m.Found() {
		for _, s := range items {
			if s.ID == m.ID {
				return s, nil
			}
		}
	}
	var r ui.Response
	switch {
	case len(m.Ambiguous) > 0:
		r = ui.Text(fmt.Sprintf("«%s» passer på flere øvelser og revisjoner: %s. Skriv mer av ID-en.", ui.Escape(typed), joinOr(quoteAll(m.Ambiguous))))
	case len(m.Suggestions) > 0:
		r = ui.Text(fmt.Sprintf("Fant ingen øvelse eller revisjon «%s». Mente du %s?", ui.Escape(typed), joinOr(quoteAll(m.Suggestions))))
	default:
		r = ui.Text(fmt.Sprintf("Fant ingen øvelse eller revisjon «%s». `/beredskap årshjul` viser alle.", ui.Escape(typed)))
	}
	return plan.Scheduled{}, &r
}

// parseDoneArgs reads "[dato] [notat]": a date (YYYY-MM-DD, DD.MM.YYYY,
// "i dag", "i går") first, else today; the rest is the note. A date after
// today is refused.
func parseDoneArgs(s string, today plan.Date) (plan.Date, string, error) {
	date := today
	first, rest := firstWord(s)
	switch f := plan.Fold(first); {
	case f == "idag":
		s = rest
	case f == "igar":
		date, s = today.AddDays(-1), rest
	case f == "i":
		second, more := firstWord(rest)
		switch plan.Fold(second) {
		case "dag":
			s = more
		case "gar":
			date, s = today.AddDays(-1), more
		}
	case first != "" && (first[0] >= '0' && first[0] <= '9'):
		d, err := plan.ParseDate(first)
		if err != nil {
			return plan.Date{}, "", err
		}
		date, s = d, rest
	}
	if today.Before(date) {
		return plan.Date{}, "", fmt.Errorf("datoen %s er fram i tid; registrer når det er gjennomført", date.Norwegian())
	}
	note := strings.TrimSpace(s)
	if note != "" {
		if err := checkText(note, "et notat"); err != nil {
			return plan.Date{}, "", err
		}
	}
	return date, note, nil
}

// recordDone records a completion and answers with the next due date.
func (h *Handler) recordDone(ctx context.Context, req Request, s plan.Scheduled, date plan.Date, note string) ui.Response {
	err := h.Store.RecordCompletion(ctx, incident.Completion{ItemID: s.ID, Done: date.String(), Note: note, By: req.UserID})
	if err != nil {
		return h.errorResponse(req, err)
	}
	p := h.Plan()
	lines := []string{fmt.Sprintf("✅ *%s* er registrert gjennomført %s av %s.", ui.Escape(s.Name), date.Norwegian(), ui.Mention(p, req.UserID))}
	if items, err := h.schedule(ctx, p); err == nil {
		for _, n := range items {
			if n.ID != s.ID {
				continue
			}
			if n.LastDone != date {
				lines = append(lines, fmt.Sprintf("Planen har en nyere gjennomføring (%s), så fristen er uendret.", n.LastDone.Norwegian()))
			}
			if !n.Due.IsZero() {
				lines = append(lines, fmt.Sprintf("Neste frist: *%s* (%s).", n.Due.Norwegian(), everyMonths(n.IntervalMonths)))
			}
		}
	}
	if note != "" {
		lines = append(lines, "_Notat:_ "+ui.SafeText(note))
	}
	var b ui.Builder
	b.Section(strings.Join(lines, "\n"))
	b.Context("Oppdater `sist_gjennomfort` i arshjul.yaml ved neste revisjon av planen.")
	return ui.Response{Text: fmt.Sprintf("%s registrert gjennomført %s", s.Name, date.Norwegian()), Blocks: b.Blocks, Visibility: ui.InChannel}
}

// everyMonths words an interval: "hver måned", "hver 12. måned".
func everyMonths(n int) string {
	if n == 1 {
		return "hver måned"
	}
	return fmt.Sprintf("hver %d. måned", n)
}
