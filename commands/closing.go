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
	if err := checkSummary(args); err != nil {
		return h.Refuse(req, "Kunne ikke avslutte", err)
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
	kind := ui.KindWord(inc.Kind)
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
	b.Header(fmt.Sprintf("Avslutte %s «%s»?", kind+"n", inc.Title))
	b.Section(fmt.Sprintf("Når %sn er avsluttet, kan ingen flere beslutninger loggføres. Kanalen får emnet «AVSLUTTET», sjekklisten for normalisering og evalueringsspørsmålene, og rapporten lastes opp.", kind))
	if strings.TrimSpace(summary) != "" {
		b.Section("*Oppsummering:* " + ui.SafeText(summary))
	}
	if len(p.Meetings.Normalisation) > 0 {
		b.Section("*Sjekk før du avslutter (normalisering)*\n• " + strings.Join(p.Meetings.Normalisation, "\n• "))
	}
	b.Buttons(
		ui.Button{ActionID: ui.ActionConfirmClose, Text: "Avslutt " + kind + "n", Value: value, Style: "danger"},
		ui.Button{ActionID: ActionCancelClose, Text: "Avbryt", Value: id},
	)
	b.Context("Uten knapper (konsollen): `/beredskap avslutt bekreft [oppsummering]`.")
	return ui.Response{Text: fmt.Sprintf("Avslutte «%s»?", ui.Escape(inc.Title)), Blocks: b.Blocks}
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
			return ui.Text("Oppsummeringen til denne knappen finnes ikke lenger. Avslutt på nytt med `/beredskap avslutt [oppsummering]`.")
		}
		if err != nil {
			return h.ErrorResponse(req, err)
		}
	}
	return h.closeNow(ctx, req, inc, summary)
}

// cancelClose answers "Avbryt" on the confirmation; it changes nothing.
func (h *Handler) cancelClose(ctx context.Context, req ui.Request, value string) ui.Response {
	out := ui.Text("Avbrutt – hendelsen er ikke avsluttet.")
	if inc, resp := h.IncidentOfButton(ctx, req, value); resp == nil {
		out = ui.Text(fmt.Sprintf("Avbrutt – «%s» er ikke avsluttet.", ui.Escape(inc.Title)))
	}
	out.ReplaceOriginal = true
	return out
}

func (h *Handler) alreadyClosed(inc incident.Incident) ui.Response {
	return ui.Text(fmt.Sprintf("«%s» ble avsluttet %s av %s.", ui.Escape(inc.Title), ui.Stamp(inc.ClosedAt, h.Loc), ui.Mention(h.Plan(), inc.ClosedBy)))
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
	var b ui.Builder
	b.Header(ui.Capital(ui.KindWord(inc.Kind)) + " avsluttet: " + inc.Title)
	b.Section(fmt.Sprintf("Avsluttet %s av %s (logglinje #%d).", ui.Stamp(inc.ClosedAt, h.Loc), ui.Mention(p, req.UserID), entry.Seq))
	if len(p.Meetings.Normalisation) > 0 {
		b.Section("*Normalisering*\n• " + strings.Join(p.Meetings.Normalisation, "\n• "))
	}
	if len(p.Meetings.Evaluation) > 0 {
		var qs []string
		for i, q := range p.Meetings.Evaluation {
			qs = append(qs, fmt.Sprintf("%d. %s", i+1, q))
		}
		b.Section("*Evaluering*\n" + strings.Join(qs, "\n"))
	}
	// An exercise is recorded in the årshjul (or the closer is asked which one it was).
	b.Blocks = append(b.Blocks, arshjul.ExerciseClosed(ctx, &h.Env, req, inc)...)
	b.Buttons(ui.Button{ActionID: ui.ActionOpenEvaluation, Text: "Svar på evalueringen", Value: strconv.FormatInt(inc.ID, 10), Style: "primary"})
	b.Context(fmt.Sprintf("Svar med `/beredskap evaluer &lt;nr&gt; &lt;tekst&gt;` (skriv `plan:` foran forslag til planendring). Rapporten lastes opp i kanalen; `beredskapsbot export --incident %d` lager den på nytt.", inc.ID))
	return ui.Response{Text: "Avsluttet: " + ui.Escape(inc.Title), Blocks: b.Blocks}
}

func checkSummary(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return ui.CheckText(s, "en oppsummering")
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
