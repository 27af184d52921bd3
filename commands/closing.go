package commands

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/arshjul"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// closeIncident asks for confirmation before it ends the incident: a
// button in Slack, "/beredskap avslutt bekreft [oppsummering]" where
// buttons cannot be pressed (the console) or to skip the question. Only
// those access.Close allows get the question.
func (h *Handler) closeIncident(ctx context.Context, req ui.Request, args string) ui.Response {
	inc, resp := h.IncidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	if !inc.Open() {
		return h.alreadyClosed(inc)
	}
	if err := h.AllowOn(ctx, req, access.Close, inc, "", ""); err != nil {
		return h.ErrorResponse(req, err)
	}
	confirmed := false
	if word, rest := cmdkit.FirstWord(args); cmdkit.Keyword(word, "kw.confirm") {
		confirmed, args = true, rest
	}
	if err := checkSummary(h.Plan().Lang, args); err != nil {
		return h.Refuse(req, h.Tr().T("cmd.close.refused"), err)
	}
	if confirmed {
		return h.closeNow(ctx, req, inc, args)
	}
	return h.confirmCloseQuestion(ctx, req, inc, args)
}

// confirmCloseQuestion asks "Avslutte …?" with the normalisation
// checklist to go through first. A summary is kept as a close draft; the
// button's value is "<incident>" or "<incident>:<draft>", never the
// summary itself (Slack limits values and action IDs).
func (h *Handler) confirmCloseQuestion(ctx context.Context, req ui.Request, inc incident.Incident, summary string) ui.Response {
	p := h.Plan()
	l := i18n.For(p.Lang)
	kindDef := kindDefinite(p.Lang, inc.Kind)
	id := strconv.FormatInt(inc.ID, 10)
	value := id
	if s := strings.TrimSpace(summary); s != "" {
		draft, err := h.store.SaveCloseDraft(ctx, inc.ID, req.UserID, s)
		if err != nil {
			return h.ErrorResponse(req, err)
		}
		value += ":" + strconv.FormatInt(draft, 10)
	}
	var b ui.Builder
	b.Header(l.T("cmd.close.question", i18n.Args{"KindDef": kindDef, "Title": inc.Title}))
	b.Section(l.T("cmd.close.question_body", i18n.Args{"KindDef": kindDef}))
	if strings.TrimSpace(summary) != "" {
		b.Section(l.T("cmd.close.summary", i18n.Args{"Text": ui.SafeText(summary)}))
	}
	steps, err := h.store.Steps(ctx, inc.ID)
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	if n, cards := openSteps(p, inc, steps); n > 0 {
		b.Section(l.T("cmd.close.open_steps", i18n.Args{"Count": n, "Cards": cards}))
	}
	if len(p.Meetings.Normalisation) > 0 {
		b.Section(l.T("cmd.close.check") + "\n• " + strings.Join(p.Meetings.Normalisation, "\n• "))
	}
	b.Buttons(
		ui.Button{ActionID: ui.ActionConfirmClose, Text: l.T("cmd.close.button", i18n.Args{"KindDef": kindDef}), Value: value, Style: "danger"},
		ui.Button{ActionID: ActionCancelClose, Text: l.T("cmd.close.cancel_button"), Value: id},
	)
	b.Context(l.T("cmd.close.no_buttons"))
	return ui.Response{Text: l.T("cmd.close.text", i18n.Args{"Title": ui.Escape(inc.Title)}), Blocks: b.Blocks}
}

// openSteps counts the steps not yet done of the action cards the
// incident uses (its own card and any card with a step done), and names
// them with their progress: "Strømbrudd 3/7".
func openSteps(p *plan.Plan, inc incident.Incident, steps []incident.StepDone) (int, string) {
	done := map[string]map[int]bool{}
	if inc.CardID != "" {
		done[inc.CardID] = map[int]bool{}
	}
	for _, s := range steps {
		if done[s.CardID] == nil {
			done[s.CardID] = map[int]bool{}
		}
		done[s.CardID][s.Step] = true
	}
	open := 0
	var names []string
	for _, id := range sortedIDs(done) {
		c := p.Card(id)
		if c == nil || len(done[id]) >= len(c.Steps) {
			continue
		}
		open += len(c.Steps) - len(done[id])
		names = append(names, fmt.Sprintf("%s %d/%d", c.Title, len(done[id]), len(c.Steps)))
	}
	return open, strings.Join(names, ", ")
}

// confirmClose closes the incident when the confirmation button is
// pressed; value is "<incident>[:<draft>]". The incident is the
// channel's, and the presser must be allowed to close it.
func (h *Handler) confirmClose(ctx context.Context, req ui.Request, value string) ui.Response {
	out := h.confirmCloseNow(ctx, req, value)
	out.ReplaceOriginal = true
	return out
}

func (h *Handler) confirmCloseNow(ctx context.Context, req ui.Request, value string) ui.Response {
	inc, resp := h.IncidentOfButton(ctx, req, value)
	if resp != nil {
		return *resp
	}
	if !inc.Open() {
		return h.alreadyClosed(inc)
	}
	if err := h.AllowOn(ctx, req, access.Close, inc, "", ""); err != nil {
		return h.ErrorResponse(req, err)
	}
	summary := ""
	if _, ref, ok := strings.Cut(value, ":"); ok {
		draft, err := strconv.ParseInt(ref, 10, 64)
		if err == nil {
			summary, err = h.store.CloseDraft(ctx, inc.ID, draft)
		}
		if errors.Is(err, incident.ErrNotFound) || errors.Is(err, strconv.ErrSyntax) {
			return ui.Text(h.Tr().T("cmd.close.draft_gone"))
		}
		if err != nil {
			return h.ErrorResponse(req, err)
		}
	}
	return h.closeNow(ctx, req, inc, summary)
}

// cancelClose answers "Avbryt" on the confirmation; it changes nothing.
func (h *Handler) cancelClose(ctx context.Context, req ui.Request, value string) ui.Response {
	l := h.Tr()
	out := ui.Text(l.T("cmd.close.cancelled"))
	if inc, resp := h.IncidentOfButton(ctx, req, value); resp == nil {
		out = ui.Text(l.T("cmd.close.cancelled_title", i18n.Args{"Title": ui.Escape(inc.Title)}))
	}
	out.ReplaceOriginal = true
	return out
}

func (h *Handler) alreadyClosed(inc incident.Incident) ui.Response {
	p := h.Plan()
	return ui.Text(i18n.For(p.Lang).T("cmd.close.already", i18n.Args{"Title": ui.Escape(inc.Title), "At": ui.StampIn(p.Lang, inc.ClosedAt, h.Loc), "Who": ui.Mention(p, inc.ClosedBy)}))
}

// closeNow ends the incident (normalisering) and shows the closer the
// normalisation checklist and the evaluation questions. The channel gets
// them through the incident.closed outbox item, with the topic and the
// report, so this answer is only for the closer. The caller has checked
// access.Close.
func (h *Handler) closeNow(ctx context.Context, req ui.Request, inc incident.Incident, summary string) ui.Response {
	inc, entry, err := h.store.CloseIncident(ctx, inc.ID, req.UserID, strings.TrimSpace(summary))
	if errors.Is(err, incident.ErrIncidentClosed) {
		if cur, err := h.store.Incident(ctx, inc.ID); err == nil {
			return h.alreadyClosed(cur)
		}
	}
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	if err := h.store.DeleteCloseDrafts(ctx, inc.ID); err != nil {
		h.Log.WithError(err).WithField("incident", inc.ID).Warn("close drafts not deleted")
	}
	p := h.Plan()
	l := i18n.For(p.Lang)
	var b ui.Builder
	b.Header(l.T("cmd.closed.header", i18n.Args{"Kind": ui.Capital(ui.KindWordIn(p.Lang, inc.Kind)), "Title": inc.Title}))
	b.Section(l.T("cmd.closed.by", i18n.Args{"At": ui.StampIn(p.Lang, inc.ClosedAt, h.Loc), "Who": ui.Mention(p, req.UserID), "Seq": entry.Seq}))
	if len(p.Meetings.Normalisation) > 0 {
		b.Section(l.T("cmd.closed.normalisation") + "\n• " + strings.Join(p.Meetings.Normalisation, "\n• "))
	}
	if len(p.Meetings.Evaluation) > 0 {
		var qs []string
		for i, q := range p.Meetings.Evaluation {
			qs = append(qs, fmt.Sprintf("%d. %s", i+1, q))
		}
		b.Section(l.T("cmd.closed.evaluation") + "\n" + strings.Join(qs, "\n"))
	}
	// An exercise is recorded in the årshjul (or the closer is asked which one it was).
	b.Blocks = append(b.Blocks, arshjul.ExerciseClosed(ctx, &h.Env, req, inc)...)
	b.Buttons(ui.Button{ActionID: ui.ActionOpenEvaluation, Text: l.T("cmd.closed.eval_button"), Value: strconv.FormatInt(inc.ID, 10), Style: "primary"})
	b.Context(l.T("cmd.closed.context", i18n.Args{"ID": inc.ID}))
	return ui.Response{Text: l.T("cmd.closed.text", i18n.Args{"Title": ui.Escape(inc.Title)}), Blocks: b.Blocks}
}

func checkSummary(lang i18n.Lang, s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return ui.CheckTextIn(lang, s, i18n.For(lang).T("cmd.close.summary_what"))
}

// kindDefinite returns the definite form of the kind's word in lang:
// "hendelsen", "övningen", "the incident".
func kindDefinite(lang i18n.Lang, k incident.Kind) string {
	if k == incident.KindExercise {
		return i18n.For(lang).T("cmd.kind.def.exercise")
	}
	return i18n.For(lang).T("cmd.kind.def.incident")
}

// randomRef returns six random hex digits, for the channel name of a
// private incident (its ID is not known before it is stored).
func randomRef() string {
	var b [3]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "x"
	}
	return hex.EncodeToString(b[:])
}
