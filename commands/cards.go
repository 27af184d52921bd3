package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// notFound answers, in lang, a name that matched nothing or several
// things among what ("card", "role", "list", "template": the catalog's
// cards.what.* and cards.many.*).
func notFound(lang i18n.Lang, what, typed string, m plan.Match, listCmd string) ui.Response {
	l := i18n.For(lang)
	args := i18n.Args{"What": l.T("cards.what." + what), "Many": l.T("cards.many." + what), "Typed": ui.Escape(typed), "Cmd": listCmd}
	switch {
	case len(m.Ambiguous) > 0:
		args["List"] = joinOr(lang, cmdkit.QuoteAll(m.Ambiguous))
		return ui.Text(l.T("cards.ambiguous", args))
	case len(m.Suggestions) > 0:
		args["List"] = joinOr(lang, cmdkit.QuoteAll(m.Suggestions))
		return ui.Text(l.T("cards.did_you_mean", args))
	}
	return ui.Text(l.T("cards.not_found", args))
}

// joinOr joins "a", "b" and "c" as "a, b eller c" in lang.
func joinOr(lang i18n.Lang, ss []string) string {
	if len(ss) < 2 {
		return strings.Join(ss, "")
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " " + i18n.For(lang).T("cards.or") + " " + ss[len(ss)-1]
}

func (h *Handler) findRole(p *plan.Plan, word string) (*plan.Role, ui.Response) {
	m := plan.MatchName(word, p.RoleCandidates())
	if !m.Found() {
		return nil, notFound(p.Lang, "role", word, m, "/rolle")
	}
	return p.Role(m.ID), ui.Response{}
}

// actionCard lists the cards, shows one, or ticks a step:
// /tiltak, /tiltak strom, /tiltak strom ferdig 3. A card's name may be
// several words (/tiltak plan b).
func (h *Handler) actionCard(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
	l := i18n.For(p.Lang)
	if strings.TrimSpace(args) == "" {
		var lines []string
		for _, c := range p.Cards {
			line := fmt.Sprintf("• `%s` – %s", c.ID, c.Title)
			if len(c.Aliases) > 0 {
				line += " _(" + strings.Join(c.Aliases, ", ") + ")_"
			}
			lines = append(lines, line)
		}
		var b ui.Builder
		b.Header(l.T("cards.list.header"))
		b.Section(strings.Join(lines, "\n"))
		b.Context(l.T("cards.list.hint"))
		return ui.Response{Text: l.T("cards.list.header"), Blocks: b.Blocks}
	}
	word, verb, nr := h.splitCardArgs(p, args)
	m := h.matchCard(p, word)
	if !m.Found() {
		return notFound(p.Lang, "card", word, m, "/tiltak")
	}
	card := p.Card(m.ID)
	if verb != "" {
		done := cmdkit.KeywordIn(p.Lang, "kw.done")
		if !cmdkit.Keyword(verb, "kw.done") {
			return ui.Text(l.T("cards.bad_verb", i18n.Args{"Verb": ui.Escape(verb), "ID": card.ID, "Done": done}))
		}
		step, err := strconv.Atoi(strings.TrimSpace(nr))
		if err != nil || step < 1 || step > len(card.Steps) {
			return ui.Text(l.T("cards.bad_step", i18n.Args{"Max": len(card.Steps), "ID": card.ID, "Done": done}))
		}
		inc, resp := h.IncidentFor(ctx, req)
		if resp != nil {
			return *resp
		}
		return h.completeStep(ctx, req, inc, card, step)
	}
	inc, err := h.store.IncidentByChannel(ctx, req.ChannelID)
	if errors.Is(err, incident.ErrNotFound) || (err == nil && (!inc.Open() || !h.CanSee(ctx, req, inc))) {
		return h.staticCard(p, card)
	}
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	done, err := h.stepsDone(ctx, inc.ID, card.ID)
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	return ui.Response{Text: l.T("cards.text", i18n.Args{"Title": card.Title}), Blocks: ui.CardBlocks(p, card, done, inc.ID, true, h.Loc, h.Now()), Visibility: ui.InChannel}
}

// splitCardArgs splits what follows /tiltak into the card's name, the
// verb and the step number: the whole text when it names a card ("plan
// b"); else the words before a kw.done keyword ("plan b ferdig 2"); else
// the first word, with the second as the verb.
func (h *Handler) splitCardArgs(p *plan.Plan, args string) (word, verb, nr string) {
	words := strings.Fields(args)
	if len(words) > 1 && h.matchCard(p, strings.Join(words, " ")).Found() {
		return strings.Join(words, " "), "", ""
	}
	for k := 1; k < len(words); k++ {
		if cmdkit.Keyword(words[k], "kw.done") {
			return strings.Join(words[:k], " "), words[k], strings.Join(words[k+1:], " ")
		}
	}
	word, rest := cmdkit.FirstWord(args)
	verb, nr = cmdkit.FirstWord(rest)
	return word, verb, nr
}

func (h *Handler) stepsDone(ctx context.Context, incID int64, cardID string) (map[int]incident.StepDone, error) {
	steps, err := h.store.Steps(ctx, incID)
	if err != nil {
		return nil, err
	}
	return ui.StepsOfCard(steps, cardID), nil
}

// completeStep ticks a step of a card in inc (the channel's incident);
// it is logged and the card is shown with its progress. Channel members
// may (access.TickStep); the author is recorded.
func (h *Handler) completeStep(ctx context.Context, req ui.Request, inc incident.Incident, card *plan.ActionCard, step int) ui.Response {
	if err := h.AllowOn(ctx, req, access.TickStep, inc, "", ""); err != nil {
		return h.ErrorResponse(req, err)
	}
	p := h.Plan()
	l := i18n.For(p.Lang)
	text := l.T("cards.step_log", i18n.Args{"Title": card.Title, "Step": step, "Total": len(card.Steps), "Text": card.Steps[step-1].Text})
	e, err := h.store.CompleteStep(ctx, inc.ID, card.ID, step, req.UserID, text)
	if errors.Is(err, incident.ErrConflict) {
		return ui.Text(l.T("cards.step_already", i18n.Args{"Step": step, "Title": card.Title}))
	}
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	done, err := h.stepsDone(ctx, inc.ID, card.ID)
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	out := h.logged(e)
	out.Visibility = ui.InChannel
	out.Blocks = append(out.Blocks, ui.CardBlocks(p, card, done, inc.ID, true, h.Loc, h.Now())...)
	return out
}

// roleCard lists the role cards or shows one.
func (h *Handler) roleCard(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
	l := i18n.For(p.Lang)
	word := strings.TrimSpace(args)
	if word == "" {
		var lines []string
		for _, r := range p.Roles {
			lines = append(lines, l.T("roles.list.line", i18n.Args{"ID": r.ID, "Title": r.Title, "Holders": ui.ContactNames(p, r.Holders)}))
		}
		var b ui.Builder
		b.Header(l.T("roles.list.header"))
		b.Section(strings.Join(lines, "\n"))
		b.Context(l.T("roles.list.hint"))
		return ui.Response{Text: l.T("roles.list.header"), Blocks: b.Blocks}
	}
	r, miss := h.findRole(p, word)
	if r == nil {
		return miss
	}
	inc, err := h.store.IncidentByChannel(ctx, req.ChannelID)
	if err != nil || !inc.Open() || !h.CanSee(ctx, req, inc) {
		return ui.Response{Text: l.T("roles.text", i18n.Args{"Title": r.Title}), Blocks: ui.RoleBlocks(p, r, "", 0)}
	}
	holder := ""
	if as, err := h.store.Assignments(ctx, inc.ID); err == nil {
		for _, a := range as {
			if a.RoleID == r.ID && a.EndedAt.IsZero() {
				holder = a.UserID
			}
		}
	}
	return ui.Response{Text: l.T("roles.text", i18n.Args{"Title": r.Title}), Blocks: ui.RoleBlocks(p, r, holder, inc.ID)}
}

// contact finds contacts by name, title, company or role. Only the asker
// sees the answer: contact details are personal data.
func (h *Handler) contact(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
	l := i18n.For(p.Lang)
	if strings.TrimSpace(args) == "" {
		return ui.Text(l.T("contacts.usage"))
	}
	found := p.SearchContacts(args)
	if len(found) == 0 {
		var cands []plan.Candidate
		for _, c := range p.Contacts {
			cands = append(cands, plan.Candidate{ID: c.Name, Names: []string{c.Title, c.Company}})
		}
		m := plan.MatchName(args, cands)
		if len(m.Suggestions) > 0 {
			return ui.Text(l.T("contacts.none_did_you_mean", i18n.Args{"Typed": ui.Escape(args), "List": joinOr(p.Lang, cmdkit.QuoteAll(m.Suggestions))}))
		}
		return ui.Text(l.T("contacts.none", i18n.Args{"Typed": ui.Escape(args)}))
	}
	numbers := h.MaySeePhones(ctx, req)
	const max = 10
	var b ui.Builder
	for i, c := range found {
		if i == max {
			b.Context(l.T("contacts.more", i18n.Args{"Count": len(found) - max}))
			break
		}
		if !numbers {
			c = ui.WithoutNumbers(c)
		}
		b.Blocks = append(b.Blocks, ui.ContactBlock(p, c))
	}
	if !numbers {
		b.Context(l.T("contacts.no_numbers"))
	}
	return ui.Response{Text: l.T("contacts.text", i18n.Args{"Count": len(found)}), Blocks: b.Blocks}
}

// notificationList shows a varslingsliste: the one named, else the one of
// the channel's incident, else the default. Inside the incident channel
// everyone sees it; elsewhere only the asker.
func (h *Handler) notificationList(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
	tr := i18n.For(p.Lang)
	vis := ui.OnlyMe
	var l *plan.NotificationList
	numbers := h.MaySeePhones(ctx, req)
	if inc, err := h.store.IncidentByChannel(ctx, req.ChannelID); err == nil && h.CanSee(ctx, req, inc) {
		if numbers {
			vis = ui.InChannel
		}
		l = p.List(inc.ListID)
	}
	if word := strings.TrimSpace(args); word != "" {
		m := plan.MatchName(word, p.ListCandidates())
		if !m.Found() {
			return notFound(p.Lang, "list", word, m, "/varsling")
		}
		l = p.List(m.ID)
	}
	if l == nil {
		l = p.DefaultList()
	}
	if l == nil {
		return ui.Text(tr.T("lists.none"))
	}
	out := ui.Response{Text: tr.T("lists.text", i18n.Args{"Name": l.Name}), Blocks: ui.ListBlocks(p, l), Visibility: vis}
	if !numbers {
		out.Blocks = append(ui.ListBlocksWithout(p, l), ui.Block{Kind: ui.BlockContext, Text: tr.T("contacts.no_numbers")})
	}
	if len(p.Lists) > 1 {
		var ids []string
		for _, o := range p.Lists {
			ids = append(ids, "`"+o.ID+"`")
		}
		out.Blocks = append(out.Blocks, ui.Block{Kind: ui.BlockContext, Text: tr.T("lists.others", i18n.Args{"IDs": strings.Join(ids, ", ")})})
	}
	return out
}

// template lists the message templates or shows one.
func (h *Handler) template(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
	l := i18n.For(p.Lang)
	word := strings.TrimSpace(args)
	if word == "" {
		var lines []string
		for _, t := range p.Templates {
			lines = append(lines, fmt.Sprintf("• `%s` – %s", t.ID, t.Name))
		}
		var b ui.Builder
		b.Header(l.T("templates.header"))
		b.Section(strings.Join(lines, "\n"))
		b.Context(l.T("templates.hint"))
		return ui.Response{Text: l.T("templates.header"), Blocks: b.Blocks}
	}
	m := plan.MatchName(word, p.TemplateCandidates())
	if !m.Found() {
		return notFound(p.Lang, "template", word, m, "/beredskap mal")
	}
	t := p.Template(m.ID)
	var b ui.Builder
	b.Header(t.Name)
	if t.Use != "" {
		b.Context(t.Use)
	}
	b.Section("> " + strings.ReplaceAll(strings.TrimSpace(t.Text), "\n", "\n> "))
	return ui.Response{Text: t.Name, Blocks: b.Blocks}
}

// Act handles a button press: value is the button's Value, req.ChannelID
// the channel of the message it sits on. Buttons registered with
// RegisterAction or Route (the reminders') go to their handler, whose
// error is translated here; an unknown button gets a polite answer.
func (h *Handler) Act(ctx context.Context, req ui.Request, actionID, value string) ui.Response {
	if fn, ok := h.actions[actionID]; ok {
		r, err := fn(ctx, req, value)
		if err != nil {
			return h.ErrorResponse(req, err)
		}
		return r
	}
	p := h.Plan()
	parts := strings.Split(value, ":")
	switch actionID {
	case ui.ActionStepDone:
		if len(parts) != 3 {
			break
		}
		card := p.Card(parts[1])
		step, err := strconv.Atoi(parts[2])
		if card == nil || err != nil || step < 1 || step > len(card.Steps) {
			return ui.Text(i18n.For(p.Lang).T("cards.card_gone"))
		}
		inc, resp := h.IncidentOfButton(ctx, req, value)
		if resp != nil {
			return *resp
		}
		out := h.completeStep(ctx, req, inc, card, step)
		out.ReplaceOriginal = true
		return out
	case ui.ActionTakeRole:
		if len(parts) != 2 {
			break
		}
		r := p.Role(parts[1])
		if r == nil {
			return ui.Text(i18n.For(p.Lang).T("cards.role_gone"))
		}
		inc, resp := h.IncidentOfButton(ctx, req, value)
		if resp != nil {
			return *resp
		}
		if !inc.Open() {
			return h.alreadyClosed(inc)
		}
		return h.takeRole(ctx, req, inc, r)
	}
	return ui.Text(i18n.For(p.Lang).T("cards.unknown_button"))
}
