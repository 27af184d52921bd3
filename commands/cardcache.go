package commands

import (
	"sync"
	"sync/atomic"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// cardCache holds what /tiltak <kort> computes from the plan alone: the
// card a typed word names, and the card's answer outside an incident (no
// progress, no buttons, no times). Both are computed once per plan;
// SetPlan starts a new cache.
type cardCache struct {
	plan  *plan.Plan
	cards sync.Map // *plan.ActionCard -> ui.Response
	words sync.Map // typed word -> plan.Match
	nword atomic.Int64
}

// maxCachedWords bounds the words remembered per plan; words typed
// beyond it are matched every time.
const maxCachedWords = 1024

// cardsFor returns the cache of plan p.
func (h *Handler) cardsFor(p *plan.Plan) *cardCache {
	cc := h.cards.Load()
	if cc == nil || cc.plan != p {
		cc = &cardCache{plan: p}
		h.cards.Store(cc)
	}
	return cc
}

// matchCard is plan.MatchName(word, p.CardCandidates()), remembered.
func (h *Handler) matchCard(p *plan.Plan, word string) plan.Match {
	cc := h.cardsFor(p)
	if m, ok := cc.words.Load(word); ok {
		return m.(plan.Match)
	}
	m := plan.MatchName(word, p.CardCandidates())
	if cc.nword.Add(1) <= maxCachedWords {
		cc.words.Store(word, m)
	}
	return m
}

// staticCard returns the card as shown outside an incident. The blocks
// are shared between answers: their capacity equals their length, so an
// append by a caller copies them, and nothing may change them in place.
func (h *Handler) staticCard(p *plan.Plan, c *plan.ActionCard) ui.Response {
	cc := h.cardsFor(p)
	if r, ok := cc.cards.Load(c); ok {
		return r.(ui.Response)
	}
	blocks := ui.CardBlocks(p, c, nil, 0, false, h.Loc, h.Now())
	r := ui.Response{Text: i18n.For(p.Lang).T("cards.text", i18n.Args{"Title": c.Title}), Blocks: blocks[:len(blocks):len(blocks)]}
	cc.cards.Store(c, r)
	return r
}
