package arshjul

import (
	"context"
	"fmt"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/commands/followups"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Store is what the årshjul needs from storage besides cmdkit.Store:
// the records of the reminders and the proposed plan changes. storage.DB
// implements it.
type Store interface {
	reminders.Records
	ProposedPlanChanges(ctx context.Context) ([]incident.Evaluation, error)
}

// tracker returns the reminders' tracker over e: its checks are e's.
func tracker(e *cmdkit.Env) (*reminders.Tracker, error) {
	st, err := cmdkit.StoreAs[Store](e)
	if err != nil {
		return nil, err
	}
	return newTracker(e, st), nil
}

func newTracker(e *cmdkit.Env, st Store) *reminders.Tracker {
	return &reminders.Tracker{Plan: e.Plan, Store: st, Today: e.Today, Log: e.Log, Allow: e.AllowOwner}
}

// Routes routes the reminders' buttons and form over st, with e's access
// checks.
func Routes(e *cmdkit.Env, st Store) ui.Routes { return newTracker(e, st).Routes() }

// schedule loads what the bot has recorded and returns the årshjul.
func schedule(ctx context.Context, e *cmdkit.Env, p *plan.Plan) ([]plan.Scheduled, error) {
	t, err := tracker(e)
	if err != nil {
		return nil, err
	}
	return t.Schedule(ctx, p)
}

// Show shows every scheduled item with due date and status, sorted by
// due date, and the plan changes proposed in evaluations.
func Show(ctx context.Context, e *cmdkit.Env, req ui.Request, args string) ui.Response {
	p := e.Plan()
	items, err := schedule(ctx, e, p)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	st, err := cmdkit.StoreAs[Store](e)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	proposals, err := st.ProposedPlanChanges(ctx)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	proposals = visibleProposals(ctx, e, req, proposals)
	plan.SortByDue(items)
	today := e.Today()
	l := i18n.For(p.Lang)
	var b ui.Builder
	title := l.T("arshjul.header")
	if p.Org.Name != "" {
		title = l.T("arshjul.header_org", i18n.Args{"Org": p.Org.Name})
	}
	b.Header(title)
	if rp, err := reminders.CheckReprint(ctx, e.Store, p); err != nil {
		return e.ErrorResponse(req, err)
	} else if rp.Needed {
		b.Section("🔴 *" + ui.Escape(reminders.ReprintTitle(p, rp, e.Loc)) + "* – `/beredskap perm`")
	}
	counts := map[plan.DueStatus]int{}
	var lines []string
	for _, s := range items {
		st := s.StatusOn(today)
		counts[st]++
		lines = append(lines, arshjulLine(p, s, st))
	}
	if len(lines) == 0 {
		b.Section(l.T("arshjul.empty"))
	} else {
		b.Section(strings.Join(lines, "\n"))
	}
	b.Divider()
	if len(proposals) == 0 {
		b.Section(l.T("arshjul.proposals.none"))
	} else {
		pl := []string{l.T("arshjul.proposals.header")}
		for _, ev := range proposals {
			pl = append(pl, proposalLine(ctx, e, p, ev))
		}
		b.Section(strings.Join(pl, "\n"))
	}
	fu, err := followups.Section(ctx, e, req)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	b.Section(fu)
	b.Context(l.T("arshjul.hint", i18n.Args{"Register": cmdkit.KeywordIn(p.Lang, "kw.register")}))
	text := l.T("arshjul.text", i18n.Args{"Overdue": counts[plan.StatusOverdue], "Soon": counts[plan.StatusSoon], "OK": counts[plan.StatusOK]})
	return ui.Response{Text: text, Blocks: b.Blocks}
}

// arshjulLine renders one item: "🟡 *21.01.2027* snart – *Strømbrudd i
// sentrum* (`ovelse-strom-sentrum`) · Per Prøvesen · sist 21.01.2026".
func arshjulLine(p *plan.Plan, s plan.Scheduled, st plan.DueStatus) string {
	l := i18n.For(p.Lang)
	due := l.T("arshjul.never")
	if !s.Due.IsZero() {
		due = s.Due.Show(p.Lang)
	}
	line := fmt.Sprintf("%s *%s* %s – *%s* (`%s`)", cmdkit.StatusMark[st], due, l.T(statusIDs[st]), ui.Escape(s.Name), s.ID)
	if c := p.Contact(s.Owner); c != nil {
		line += " · " + ui.Escape(c.Name)
	}
	if !s.LastDone.IsZero() {
		line += l.T("arshjul.last", i18n.Args{"Date": s.LastDone.Show(p.Lang)})
		if s.Recorded {
			line += l.T("arshjul.recorded")
		}
	}
	if s.Postponed {
		line += l.T("arshjul.postponed")
	}
	return line
}

// statusIDs are the catalog ids of the statuses' words.
var statusIDs = map[plan.DueStatus]string{plan.StatusOK: "arshjul.status.ok", plan.StatusSoon: "arshjul.status.soon", plan.StatusOverdue: "arshjul.status.overdue"}

// visibleProposals keeps the proposals of incidents the user of req may
// see: those of a private incident are left out for a non-member.
func visibleProposals(ctx context.Context, e *cmdkit.Env, req ui.Request, es []incident.Evaluation) []incident.Evaluation {
	out := es[:0:0]
	seen := map[int64]bool{}
	for _, ev := range es {
		ok, known := seen[ev.IncidentID]
		if !known {
			inc, err := e.Store.Incident(ctx, ev.IncidentID)
			ok = err == nil && e.CanSee(ctx, req, inc)
			seen[ev.IncidentID] = ok
		}
		if ok {
			out = append(out, ev)
		}
	}
	return out
}

func proposalLine(ctx context.Context, e *cmdkit.Env, p *plan.Plan, ev incident.Evaluation) string {
	where := i18n.For(p.Lang).T("arshjul.incident", i18n.Args{"ID": ev.IncidentID})
	if inc, err := e.Store.Incident(ctx, ev.IncidentID); err == nil {
		where = ui.KindWordIn(p.Lang, inc.Kind) + " " + quote(p.Lang, ui.Escape(inc.Title))
	}
	return fmt.Sprintf("• %s _(%s, %s, %s)_", ui.SafeText(ev.Answer), where, plan.DateOf(ev.CreatedAt, e.Loc).Show(p.Lang), ui.Mention(p, ev.Author))
}

// Exercise handles "/beredskap øvelse registrer <id> [dato] [notat]".
func Exercise(ctx context.Context, e *cmdkit.Env, req ui.Request, args string) ui.Response {
	verb, rest := cmdkit.FirstWord(args)
	if !cmdkit.Keyword(verb, "kw.register") && !cmdkit.Keyword(verb, "kw.done") {
		return exerciseUsage(e)
	}
	word, rest := cmdkit.FirstWord(rest)
	if word == "" {
		return exerciseUsage(e)
	}
	items, err := schedule(ctx, e, e.Plan())
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	s, resp := findScheduled(e.Plan().Lang, items, word)
	if resp != nil {
		return *resp
	}
	if err := e.AllowOwner(ctx, req, access.MarkDone, s.Owner); err != nil {
		return e.ErrorResponse(req, err)
	}
	lang := e.Plan().Lang
	date, note, err := parseDoneArgs(lang, rest, e.Today())
	if err != nil {
		return e.ErrorResponse(req, apperr.Refused(i18n.For(lang).T("exercise.refused"), err))
	}
	return recordDone(ctx, e, req, s, date, note)
}

// recordDone records a completion (reminders.Tracker.Record) and answers
// with the next due date.
func recordDone(ctx context.Context, e *cmdkit.Env, req ui.Request, s plan.Scheduled, date plan.Date, note string) ui.Response {
	t, err := tracker(e)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	r, err := t.Record(ctx, req, s, date, note)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	return r
}

func exerciseUsage(e *cmdkit.Env) ui.Response {
	p := e.Plan()
	l := i18n.For(p.Lang)
	var ids []string
	for _, s := range p.Schedule(nil, nil) {
		ids = append(ids, "`"+s.ID+"`")
	}
	msg := l.T("exercise.usage", i18n.Args{"Register": cmdkit.KeywordIn(p.Lang, "kw.register")})
	if len(ids) > 0 {
		msg += "\n" + l.T("exercise.usage_ids", i18n.Args{"IDs": strings.Join(ids, ", ")})
	}
	return ui.Text(msg)
}

// findScheduled matches a typed ID or name forgivingly against the
// årshjul; the Response explains a miss in lang.
func findScheduled(lang i18n.Lang, items []plan.Scheduled, typed string) (plan.Scheduled, *ui.Response) {
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
	l := i18n.For(lang)
	var r ui.Response
	switch {
	case len(m.Ambiguous) > 0:
		r = ui.Text(l.T("exercise.ambiguous", i18n.Args{"Typed": ui.Escape(typed), "List": joinOr(lang, cmdkit.QuoteAll(m.Ambiguous))}))
	case len(m.Suggestions) > 0:
		r = ui.Text(l.T("exercise.did_you_mean", i18n.Args{"Typed": ui.Escape(typed), "List": joinOr(lang, cmdkit.QuoteAll(m.Suggestions))}))
	default:
		r = ui.Text(l.T("exercise.not_found", i18n.Args{"Typed": ui.Escape(typed)}))
	}
	return plan.Scheduled{}, &r
}

// parseDoneArgs reads "[dato] [notat]": a date (YYYY-MM-DD, DD.MM.YYYY,
// "i dag", "i går") first, else today; the rest is the note. The date and
// the note are checked when they are recorded (reminders.Tracker.Record).
// "i dag" and "i går" are the keywords kw.today and kw.yesterday, in any
// language; a bad date is refused in lang.
func parseDoneArgs(lang i18n.Lang, s string, today plan.Date) (plan.Date, string, error) {
	date := today
	first, rest := cmdkit.FirstWord(s)
	second, more := cmdkit.FirstWord(rest)
	switch {
	case cmdkit.Keyword(first, "kw.today"):
		s = rest
	case cmdkit.Keyword(first, "kw.yesterday"):
		date, s = today.AddDays(-1), rest
	case second != "" && cmdkit.Keyword(first+" "+second, "kw.today"):
		s = more
	case second != "" && cmdkit.Keyword(first+" "+second, "kw.yesterday"):
		date, s = today.AddDays(-1), more
	case first != "" && (first[0] >= '0' && first[0] <= '9'):
		d, err := reminders.ParseDateIn(lang, first)
		if err != nil {
			return plan.Date{}, "", err
		}
		date, s = d, rest
	}
	return date, strings.TrimSpace(s), nil
}

// ExerciseClosed records an exercise incident in the årshjul when it is
// closed, and returns blocks for the close answer. It returns nil for a
// real incident. When the plan has one exercise, or the incident's title
// or action card clearly names one, that exercise is recorded as done on
// the closing date (note: the summary); otherwise the blocks list the
// exercises with a button and the command to record the right one. A
// storage failure becomes a block with an apology (and a log line); the
// close itself has already succeeded.
func ExerciseClosed(ctx context.Context, e *cmdkit.Env, req ui.Request, inc incident.Incident) []ui.Block {
	if inc.Kind != incident.KindExercise {
		return nil
	}
	p := e.Plan()
	date := e.Today()
	if !inc.ClosedAt.IsZero() {
		date = plan.DateOf(inc.ClosedAt, e.Loc)
	}
	l := i18n.For(p.Lang)
	if ex := matchExercise(p, inc); ex != nil {
		note := l.T("exercise.closed_note", i18n.Args{"Title": inc.Title, "ID": inc.ID})
		if strings.TrimSpace(inc.Summary) != "" {
			note += ": " + inc.Summary
		}
		s, _ := reminders.ScheduledByID(p, ex.ID)
		r := recordDone(ctx, e, req, s, date, note)
		return r.Blocks
	}
	if len(p.Exercises) == 0 {
		return nil
	}
	lines := []string{l.T("exercise.which")}
	register := cmdkit.KeywordIn(p.Lang, "kw.register")
	var buttons []ui.Button
	for _, ex := range p.Exercises {
		lines = append(lines, l.T("exercise.which_line", i18n.Args{"Register": register, "ID": ex.ID, "Date": date.Show(p.Lang), "Name": ui.Escape(ex.Name)}))
		if len(buttons) < 25 {
			buttons = append(buttons, ui.Button{ActionID: reminders.ActionDone, Text: ex.Name, Value: reminders.Value(ex.ID, "")})
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
