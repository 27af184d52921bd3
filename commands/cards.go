package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// notFound answers a name that matched nothing or several things.
func notFound(what, typed string, m plan.Match, listCmd string) Response {
	switch {
	case len(m.Ambiguous) > 0:
		return textResponse(fmt.Sprintf("«%s» passer på flere %s: %s. Skriv mer av navnet.", Escape(typed), what, joinOr(quoteAll(m.Ambiguous))))
	case len(m.Suggestions) > 0:
		return textResponse(fmt.Sprintf("Fant ikke %s «%s». Mente du %s?", what, Escape(typed), joinOr(quoteAll(m.Suggestions))))
	}
	return textResponse(fmt.Sprintf("Fant ikke %s «%s». `%s` viser alle.", what, Escape(typed), listCmd))
}

func (h *Handler) findRole(p *plan.Plan, word string) (*plan.Role, Response) {
	m := plan.MatchName(word, p.RoleCandidates())
	if !m.Found() {
		return nil, notFound("rollekort", word, m, "/rolle")
	}
	return p.Role(m.ID), Response{}
}

// actionCard lists the cards, shows one, or ticks a step:
// /tiltak, /tiltak strom, /tiltak strom ferdig 3.
func (h *Handler) actionCard(ctx context.Context, req Request, args string) Response {
	p := h.Plan()
	word, rest := firstWord(args)
	if word == "" {
		var lines []string
		for _, c := range p.Cards {
			line := fmt.Sprintf("• `%s` – %s", c.ID, c.Title)
			if len(c.Aliases) > 0 {
				line += " _(" + strings.Join(c.Aliases, ", ") + ")_"
			}
			lines = append(lines, line)
		}
		var b builder
		b.header("Tiltakskort")
		b.section(strings.Join(lines, "\n"))
		b.context("Vis ett: `/tiltak &lt;kort&gt;`")
		return Response{Text: "Tiltakskort", Blocks: b.blocks}
	}
	m := h.matchCard(p, word)
	if !m.Found() {
		return notFound("tiltakskort", word, m, "/tiltak")
	}
	card := p.Card(m.ID)
	verb, nr := firstWord(rest)
	if verb != "" {
		if f := plan.Fold(verb); f != "ferdig" && f != "utfort" && f != "done" {
			return textResponse(fmt.Sprintf("Ukjent valg «%s». Kryss av et steg med `/tiltak %s ferdig &lt;nr&gt;`.", Escape(verb), card.ID))
		}
		step, err := strconv.Atoi(strings.TrimSpace(nr))
		if err != nil || step < 1 || step > len(card.Steps) {
			return textResponse(fmt.Sprintf("Skriv nummeret på steget (1–%d), f.eks. `/tiltak %s ferdig 3`.", len(card.Steps), card.ID))
		}
		return h.completeStep(ctx, req, card, step)
	}
	inc, err := h.Store.IncidentByChannel(ctx, req.ChannelID)
	if errors.Is(err, incident.ErrNotFound) || (err == nil && !inc.Open()) {
		return h.staticCard(p, card)
	}
	if err != nil {
		return h.errorResponse(req, err)
	}
	done, err := h.stepsDone(ctx, inc.ID, card.ID)
	if err != nil {
		return h.errorResponse(req, err)
	}
	return Response{Text: "Tiltakskort: " + card.Title, Blocks: CardBlocks(p, card, done, inc.ID, true, h.Loc, h.now()), Visibility: InChannel}
}

func (h *Handler) stepsDone(ctx context.Context, incID int64, cardID string) (map[int]incident.StepDone, error) {
	steps, err := h.Store.Steps(ctx, incID)
	if err != nil {
		return nil, err
	}
	return StepsOfCard(steps, cardID), nil
}

// StepsOfCard picks the completed steps of one card, by step number, as
// CardBlocks wants them.
func StepsOfCard(steps []incident.StepDone, cardID string) map[int]incident.StepDone {
	done := map[int]incident.StepDone{}
	for _, s := range steps {
		if s.CardID == cardID {
			done[s.Step] = s
		}
	}
	return done
}

// completeStep ticks a step of a card in the channel's incident; it is
// logged and the card is shown with its progress.
func (h *Handler) completeStep(ctx context.Context, req Request, card *plan.ActionCard, step int) Response {
	inc, resp := h.incidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	p := h.Plan()
	text := fmt.Sprintf("Tiltakskort %s, steg %d/%d utført: %s", card.Title, step, len(card.Steps), card.Steps[step-1].Text)
	e, err := h.Store.CompleteStep(ctx, inc.ID, card.ID, step, req.UserID, text)
	if errors.Is(err, incident.ErrConflict) {
		return textResponse(fmt.Sprintf("Steg %d på «%s» er allerede krysset av.", step, card.Title))
	}
	if err != nil {
		return h.errorResponse(req, err)
	}
	done, err := h.stepsDone(ctx, inc.ID, card.ID)
	if err != nil {
		return h.errorResponse(req, err)
	}
	out := h.logged(e)
	out.Visibility = InChannel
	out.Blocks = append(out.Blocks, CardBlocks(p, card, done, inc.ID, true, h.Loc, h.now())...)
	return out
}

// roleCard lists the role cards or shows one.
func (h *Handler) roleCard(ctx context.Context, req Request, args string) Response {
	p := h.Plan()
	word := strings.TrimSpace(args)
	if word == "" {
		var lines []string
		for _, r := range p.Roles {
			lines = append(lines, fmt.Sprintf("• `%s` – %s (%s)", r.ID, r.Title, contactNames(p, r.Holders)))
		}
		var b builder
		b.header("Rollekort")
		b.section(strings.Join(lines, "\n"))
		b.context("Vis ett: `/rolle &lt;rolle&gt;`")
		return Response{Text: "Rollekort", Blocks: b.blocks}
	}
	r, miss := h.findRole(p, word)
	if r == nil {
		return miss
	}
	inc, err := h.Store.IncidentByChannel(ctx, req.ChannelID)
	if err != nil || !inc.Open() {
		return Response{Text: "Rollekort: " + r.Title, Blocks: RoleBlocks(p, r, "", 0)}
	}
	holder := ""
	if as, err := h.Store.Assignments(ctx, inc.ID); err == nil {
		for _, a := range as {
			if a.RoleID == r.ID && a.EndedAt.IsZero() {
				holder = a.UserID
			}
		}
	}
	return Response{Text: "Rollekort: " + r.Title, Blocks: RoleBlocks(p, r, holder, inc.ID)}
}

// contact finds contacts by name, title, company or role. Only the asker
// sees the answer: contact details are personal data.
func (h *Handler) contact(ctx context.Context, req Request, args string) Response {
	p := h.Plan()
	if strings.TrimSpace(args) == "" {
		return textResponse("Skriv hvem du leter etter, f.eks. `/kontakt kriseleder` eller `/kontakt nett`.")
	}
	found := p.SearchContacts(args)
	if len(found) == 0 {
		var cands []plan.Candidate
		for _, c := range p.Contacts {
			cands = append(cands, plan.Candidate{ID: c.Name, Names: []string{c.Title, c.Company}})
		}
		m := plan.MatchName(args, cands)
		if len(m.Suggestions) > 0 {
			return textResponse(fmt.Sprintf("Ingen kontakt passer «%s». Mente du %s?", Escape(args), joinOr(quoteAll(m.Suggestions))))
		}
		return textResponse(fmt.Sprintf("Ingen kontakt passer «%s».", Escape(args)))
	}
	const max = 10
	var b builder
	for i, c := range found {
		if i == max {
			b.context(fmt.Sprintf("… og %d til. Skriv mer presist.", len(found)-max))
			break
		}
		b.blocks = append(b.blocks, ContactBlock(p, c))
	}
	return Response{Text: fmt.Sprintf("%d kontakter", len(found)), Blocks: b.blocks}
}

// notificationList shows a varslingsliste: the one named, else the one of
// the channel's incident, else the default. Inside the incident channel
// everyone sees it; elsewhere only the asker.
func (h *Handler) notificationList(ctx context.Context, req Request, args string) Response {
	p := h.Plan()
	vis := OnlyMe
	var l *plan.NotificationList
	if inc, err := h.Store.IncidentByChannel(ctx, req.ChannelID); err == nil {
		vis = InChannel
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
		return textResponse("Planen har ingen varslingsliste.")
	}
	out := Response{Text: "Varslingsliste: " + l.Name, Blocks: ListBlocks(p, l), Visibility: vis}
	if len(p.Lists) > 1 {
		var ids []string
		for _, o := range p.Lists {
			ids = append(ids, "`"+o.ID+"`")
		}
		out.Blocks = append(out.Blocks, Block{Kind: BlockContext, Text: "Andre lister: " + strings.Join(ids, ", ") + " – `/varsling &lt;liste&gt;`"})
	}
	return out
}

// template lists the message templates or shows one.
func (h *Handler) template(ctx context.Context, req Request, args string) Response {
	p := h.Plan()
	word := strings.TrimSpace(args)
	if word == "" {
		var lines []string
		for _, t := range p.Templates {
			lines = append(lines, fmt.Sprintf("• `%s` – %s", t.ID, t.Name))
		}
		var b builder
		b.header("Meldingsmaler")
		b.section(strings.Join(lines, "\n"))
		b.context("Vis en: `/beredskap mal &lt;navn&gt;`")
		return Response{Text: "Meldingsmaler", Blocks: b.blocks}
	}
	m := plan.MatchName(word, p.TemplateCandidates())
	if !m.Found() {
		return notFound("malen", word, m, "/beredskap mal")
	}
	t := p.Template(m.ID)
	var b builder
	b.header(t.Name)
	if t.Use != "" {
		b.context(t.Use)
	}
	b.section("> " + strings.ReplaceAll(strings.TrimSpace(t.Text), "\n", "\n> "))
	return Response{Text: t.Name, Blocks: b.blocks}
}

// Act handles a button press: value is the button's Value, channelID the
// channel of the message it sits on.
func (h *Handler) Act(ctx context.Context, req Request, actionID, value string) Response {
	if fn, ok := h.actions[actionID]; ok {
		return fn(ctx, req, value)
	}
	p := h.Plan()
	parts := strings.Split(value, ":")
	switch actionID {
	case ActionStepDone:
		if len(parts) != 3 {
			break
		}
		card := p.Card(parts[1])
		step, err := strconv.Atoi(parts[2])
		if card == nil || err != nil || step < 1 || step > len(card.Steps) {
			return textResponse("Dette tiltakskortet finnes ikke lenger i planen.")
		}
		out := h.completeStep(ctx, req, card, step)
		out.ReplaceOriginal = true
		return out
	case ActionTakeRole:
		if len(parts) != 2 {
			break
		}
		r := p.Role(parts[1])
		if r == nil {
			return textResponse("Denne rollen finnes ikke lenger i planen.")
		}
		return h.giveRole(ctx, req, r, req.UserID)
	}
	return textResponse("Ukjent knapp. Prøv kommandoen på nytt.")
}
