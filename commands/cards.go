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
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// noNumbers tells a user outside the plan why phone numbers are missing.
const noNumbers = "Telefonnumre vises bare for dem som står i beredskapsplanen."

// notFound answers a name that matched nothing or several things.
func notFound(what, typed string, m plan.Match, listCmd string) ui.Response {
	switch {
	case len(m.Ambiguous) > 0:
		return ui.Text(fmt.Sprintf("«%s» passer på flere %s: %s. Skriv mer av navnet.", ui.Escape(typed), what, cmdkit.JoinOr(cmdkit.QuoteAll(m.Ambiguous))))
	case len(m.Suggestions) > 0:
		return ui.Text(fmt.Sprintf("Fant ikke %s «%s». Mente du %s?", what, ui.Escape(typed), cmdkit.JoinOr(cmdkit.QuoteAll(m.Suggestions))))
	}
	return ui.Text(fmt.Sprintf("Fant ikke %s «%s». `%s` viser alle.", what, ui.Escape(typed), listCmd))
}

func (h *Handler) findRole(p *plan.Plan, word string) (*plan.Role, ui.Response) {
	m := plan.MatchName(word, p.RoleCandidates())
	if !m.Found() {
		return nil, notFound("rollekort", word, m, "/rolle")
	}
	return p.Role(m.ID), ui.Response{}
}

// actionCard lists the cards, shows one, or ticks a step:
// /tiltak, /tiltak strom, /tiltak strom ferdig 3.
func (h *Handler) actionCard(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
	word, rest := cmdkit.FirstWord(args)
	if word == "" {
		var lines []string
		for _, c := range p.Cards {
			line := fmt.Sprintf("• `%s` – %s", c.ID, c.Title)
			if len(c.Aliases) > 0 {
				line += " _(" + strings.Join(c.Aliases, ", ") + ")_"
			}
			lines = append(lines, line)
		}
		var b ui.Builder
		b.Header("Tiltakskort")
		b.Section(strings.Join(lines, "\n"))
		b.Context("Vis ett: `/tiltak &lt;kort&gt;`")
		return ui.Response{Text: "Tiltakskort", Blocks: b.Blocks}
	}
	m := h.matchCard(p, word)
	if !m.Found() {
		return notFound("tiltakskort", word, m, "/tiltak")
	}
	card := p.Card(m.ID)
	verb, nr := cmdkit.FirstWord(rest)
	if verb != "" {
		if f := plan.Fold(verb); f != "ferdig" && f != "utfort" && f != "done" {
			return ui.Text(fmt.Sprintf("Ukjent valg «%s». Kryss av et steg med `/tiltak %s ferdig &lt;nr&gt;`.", ui.Escape(verb), card.ID))
		}
		step, err := strconv.Atoi(strings.TrimSpace(nr))
		if err != nil || step < 1 || step > len(card.Steps) {
			return ui.Text(fmt.Sprintf("Skriv nummeret på steget (1–%d), f.eks. `/tiltak %s ferdig 3`.", len(card.Steps), card.ID))
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
	return ui.Response{Text: "Tiltakskort: " + card.Title, Blocks: ui.CardBlocks(p, card, done, inc.ID, true, h.Loc, h.Now()), Visibility: ui.InChannel}
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
	text := fmt.Sprintf("Tiltakskort %s, steg %d/%d utført: %s", card.Title, step, len(card.Steps), card.Steps[step-1].Text)
	e, err := h.store.CompleteStep(ctx, inc.ID, card.ID, step, req.UserID, text)
	if errors.Is(err, incident.ErrConflict) {
		return ui.Text(fmt.Sprintf("Steg %d på «%s» er allerede krysset av.", step, card.Title))
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
	word := strings.TrimSpace(args)
	if word == "" {
		var lines []string
		for _, r := range p.Roles {
			lines = append(lines, fmt.Sprintf("• `%s` – %s (%s)", r.ID, r.Title, ui.ContactNames(p, r.Holders)))
		}
		var b ui.Builder
		b.Header("Rollekort")
		b.Section(strings.Join(lines, "\n"))
		b.Context("Vis ett: `/rolle &lt;rolle&gt;`")
		return ui.Response{Text: "Rollekort", Blocks: b.Blocks}
	}
	r, miss := h.findRole(p, word)
	if r == nil {
		return miss
	}
	inc, err := h.store.IncidentByChannel(ctx, req.ChannelID)
	if err != nil || !inc.Open() || !h.CanSee(ctx, req, inc) {
		return ui.Response{Text: "Rollekort: " + r.Title, Blocks: ui.RoleBlocks(p, r, "", 0)}
	}
	holder := ""
	if as, err := h.store.Assignments(ctx, inc.ID); err == nil {
		for _, a := range as {
			if a.RoleID == r.ID && a.EndedAt.IsZero() {
				holder = a.UserID
			}
		}
	}
	return ui.Response{Text: "Rollekort: " + r.Title, Blocks: ui.RoleBlocks(p, r, holder, inc.ID)}
}

// contact finds contacts by name, title, company or role. Only the asker
// sees the answer: contact details are personal data.
func (h *Handler) contact(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
	if strings.TrimSpace(args) == "" {
		return ui.Text("Skriv hvem du leter etter, f.eks. `/kontakt kriseleder` eller `/kontakt nett`.")
	}
	found := p.SearchContacts(args)
	if len(found) == 0 {
		var cands []plan.Candidate
		for _, c := range p.Contacts {
			cands = append(cands, plan.Candidate{ID: c.Name, Names: []string{c.Title, c.Company}})
		}
		m := plan.MatchName(args, cands)
		if len(m.Suggestions) > 0 {
			return ui.Text(fmt.Sprintf("Ingen kontakt passer «%s». Mente du %s?", ui.Escape(args), cmdkit.JoinOr(cmdkit.QuoteAll(m.Suggestions))))
		}
		return ui.Text(fmt.Sprintf("Ingen kontakt passer «%s».", ui.Escape(args)))
	}
	numbers := h.MaySeePhones(ctx, req)
	const max = 10
	var b ui.Builder
	for i, c := range found {
		if i == max {
			b.Context(fmt.Sprintf("… og %d til. Skriv mer presist.", len(found)-max))
			break
		}
		if !numbers {
			c = ui.WithoutNumbers(c)
		}
		b.Blocks = append(b.Blocks, ui.ContactBlock(p, c))
	}
	if !numbers {
		b.Context(noNumbers)
	}
	return ui.Response{Text: fmt.Sprintf("%d kontakter", len(found)), Blocks: b.Blocks}
}

// notificationList shows a varslingsliste: the one named, else the one of
// the channel's incident, else the default. Inside the incident channel
// everyone sees it; elsewhere only the asker.
func (h *Handler) notificationList(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
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
			return notFound("varslingslisten", word, m, "/varsling")
		}
		l = p.List(m.ID)
	}
	if l == nil {
		l = p.DefaultList()
	}
	if l == nil {
		return ui.Text("Planen har ingen varslingsliste.")
	}
	out := ui.Response{Text: "Varslingsliste: " + l.Name, Blocks: ui.ListBlocks(p, l), Visibility: vis}
	if !numbers {
		out.Blocks = append(ui.ListBlocksWithout(p, l), ui.Block{Kind: ui.BlockContext, Text: noNumbers})
	}
	if len(p.Lists) > 1 {
		var ids []string
		for _, o := range p.Lists {
			ids = append(ids, "`"+o.ID+"`")
		}
		out.Blocks = append(out.Blocks, ui.Block{Kind: ui.BlockContext, Text: "Andre lister: " + strings.Join(ids, ", ") + " – `/varsling &lt;liste&gt;`"})
	}
	return out
}

// template lists the message templates or shows one.
func (h *Handler) template(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
	word := strings.TrimSpace(args)
	if word == "" {
		var lines []string
		for _, t := range p.Templates {
			lines = append(lines, fmt.Sprintf("• `%s` – %s", t.ID, t.Name))
		}
		var b ui.Builder
		b.Header("Meldingsmaler")
		b.Section(strings.Join(lines, "\n"))
		b.Context("Vis en: `/beredskap mal &lt;navn&gt;`")
		return ui.Response{Text: "Meldingsmaler", Blocks: b.Blocks}
	}
	m := plan.MatchName(word, p.TemplateCandidates())
	if !m.Found() {
		return notFound("malen", word, m, "/beredskap mal")
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
			return ui.Text("Dette tiltakskortet finnes ikke lenger i planen.")
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
			return ui.Text("Denne rollen finnes ikke lenger i planen.")
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
	return ui.Text("Ukjent knapp. Prøv kommandoen på nytt.")
}
