package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/commands/followups"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Action and form IDs of closing and evaluation (ActionConfirmClose and
// ActionOpenEvaluation are in package ui with the other buttons: the
// deliverer posts the evaluation button too).
const (
	ActionCancelClose = "cancel_close" // value "<incident>"
	ViewEvaluation    = "evaluation"   // the evaluation form; metadata "<incident>"
)

// otherInput is the form's free field for anything the plan's questions
// do not cover.
const otherInput = "annet"

// registerClosing routes the close confirmation buttons and the
// evaluation form to this handler. Call it once after New (the Slack
// transport needs it; the console cannot press buttons); calling it again
// changes nothing.
func (h *Handler) registerClosing() {
	h.RegisterAction(ui.ActionConfirmClose, cmdkit.Answered(h.confirmClose))
	h.RegisterAction(ActionCancelClose, cmdkit.Answered(h.cancelClose))
	h.RegisterAction(ui.ActionOpenEvaluation, cmdkit.Answered(h.openEvaluation))
	h.RegisterView(ViewEvaluation, func(ctx context.Context, req ui.Request, metadata string, values map[string]string) (ui.Response, error) {
		return h.evaluationSubmitted(ctx, req, metadata, values), nil
	})
}

// evaluate stores an answer to the evaluation of the channel's closed
// incident: "/beredskap evaluer [<nr>] [plan:] <tekst>". Without text it
// opens the form with one field per question of the plan.
func (h *Handler) evaluate(ctx context.Context, req ui.Request, args string) ui.Response {
	inc, resp := h.IncidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	if inc.Open() {
		return h.notYetClosed(inc)
	}
	if err := h.AllowOn(ctx, req, access.Log, inc, "", ""); err != nil {
		return h.ErrorResponse(req, err)
	}
	if strings.TrimSpace(args) == "" {
		return h.evaluationForm(inc)
	}
	p := h.Plan()
	l := i18n.For(p.Lang)
	qs := p.Meetings.Evaluation
	if n, ok := questionNumber(args); ok && (n < 1 || n > len(qs)) {
		if len(qs) == 0 {
			return ui.Text(l.T("cmd.eval.range_none", i18n.Args{"N": n}))
		}
		return ui.Text(l.T("cmd.eval.range", i18n.Args{"Count": len(qs), "N": n}))
	}
	question, text, proposed := parseEvaluation(p.Lang, args, qs)
	if n, err := strconv.Atoi(strings.TrimRight(text, ".:)")); err == nil && n >= 1 && n <= len(qs) {
		return ui.Text(l.T("cmd.eval.number_first", i18n.Args{"N": n, "Question": qs[n-1]}))
	}
	if err := ui.CheckTextIn(p.Lang, text, l.T("cmd.eval.what")); err != nil {
		return h.Refuse(req, l.T("cmd.eval.refused"), err)
	}
	e, err := h.store.AddEvaluation(ctx, incident.Evaluation{IncidentID: inc.ID, Question: question, Answer: text, Author: req.UserID, ProposedPlanChange: proposed})
	if err != nil {
		return h.evaluationError(req, inc, err)
	}
	about := ""
	if question != "" {
		about = l.T("cmd.eval.about", i18n.Args{"Question": question})
	}
	lines := []string{l.T("cmd.eval.saved", i18n.Args{"Title": ui.Escape(inc.Title), "Who": ui.Mention(p, req.UserID), "About": ui.Escape(about)}), "> " + strings.ReplaceAll(ui.SafeText(e.Answer), "\n", "\n> ")}
	if e.ProposedPlanChange {
		lines = append(lines, l.T("cmd.eval.proposal"))
		if fu := followups.FromPlanChange(ctx, &h.Env, req, inc, e); fu != "" {
			lines = append(lines, fu)
		}
	}
	text = strings.Join(lines, "\n")
	return ui.Response{Text: l.T("cmd.eval.text"), Blocks: []ui.Block{{Kind: ui.BlockSection, Text: text}}, Visibility: ui.InChannel}
}

// questionNumber reads a question number the user meant as one: the
// whole answer ("evaluer 7") or a number marked as such ("7.", "7)",
// "7:"). "evaluer 7 dager tok det" is an answer, not question 7.
func questionNumber(args string) (int, bool) {
	word, rest := cmdkit.FirstWord(args)
	trimmed := strings.TrimRight(word, ".:)")
	n, err := strconv.Atoi(trimmed)
	if err != nil || (rest != "" && trimmed == word) {
		return 0, false
	}
	return n, true
}

// parseEvaluation reads "[<nr>] [plan:|endring:] <tekst>": a number picks
// the plan's question; a leading "plan:" or "endring:" (or answering the
// question about plan changes) marks a proposed plan change.
func parseEvaluation(lang i18n.Lang, args string, qs []string) (question, text string, proposed bool) {
	text = strings.TrimSpace(args)
	word, rest := cmdkit.FirstWord(text)
	if n, err := strconv.Atoi(strings.TrimRight(word, ".:)")); err == nil && n >= 1 && n <= len(qs) && rest != "" {
		question, text = qs[n-1], rest
		proposed = isPlanQuestion(question)
	}
	if t, ok := cutPlanPrefix(text); ok {
		text, proposed = t, true
		if question == "" {
			question = planQuestion(lang, qs)
		}
	}
	return question, text, proposed
}

// cutPlanPrefix removes a leading "plan:", "endring:" or "planendring:"
// (the keyword kw.plan_change in any language: "ändring:", "change:").
func cutPlanPrefix(s string) (string, bool) {
	i := strings.IndexByte(s, ':')
	if i < 0 {
		return s, false
	}
	if cmdkit.Keyword(strings.TrimSpace(s[:i]), "kw.plan_change") {
		return strings.TrimSpace(s[i+1:]), true
	}
	return s, false
}

// isPlanQuestion reports whether an evaluation question asks for changes
// to the plan ("Hvilke endringer i planen?"): answers to it are proposed
// plan changes.
func isPlanQuestion(q string) bool {
	for _, w := range strings.FieldsFunc(plan.Fold(q), func(r rune) bool { return !(r >= 'a' && r <= 'z') }) {
		if strings.HasPrefix(w, "plan") {
			return true
		}
	}
	return false
}

// planQuestion returns the plan's question about plan changes, or a
// heading of its own when the plan has none.
func planQuestion(lang i18n.Lang, qs []string) string {
	for _, q := range qs {
		if isPlanQuestion(q) {
			return q
		}
	}
	return i18n.For(lang).T("cmd.eval.plan_question")
}

// evaluationForm is the modal with one field per evaluation question.
func (h *Handler) evaluationForm(inc incident.Incident) ui.Response {
	qs := h.Plan().Meetings.Evaluation
	l := h.Tr()
	m := &ui.Modal{CallbackID: ViewEvaluation, Title: l.T("cmd.eval.form_title"), Submit: l.T("cmd.eval.form_submit"), Metadata: strconv.FormatInt(inc.ID, 10),
		Fallback: l.T("cmd.eval.form_fallback")}
	for i, q := range qs {
		m.Inputs = append(m.Inputs, ui.Input{ID: "q" + strconv.Itoa(i+1), Label: q, Multiline: true, Optional: true})
	}
	label := l.T("cmd.eval.form_other")
	if len(qs) == 0 {
		label = l.T("cmd.eval.form_title")
	}
	m.Inputs = append(m.Inputs, ui.Input{ID: otherInput, Label: label, Placeholder: l.T("cmd.eval.form_placeholder"), Multiline: true, Optional: true})
	var b ui.Builder
	if len(qs) > 0 {
		lines := []string{l.T("cmd.eval.form_header", i18n.Args{"Title": ui.Escape(inc.Title)})}
		for i, q := range qs {
			lines = append(lines, fmt.Sprintf("%d. %s", i+1, q))
		}
		b.Section(strings.Join(lines, "\n"))
	}
	b.Context(m.Fallback)
	return ui.Response{Text: l.T("cmd.eval.form_text", i18n.Args{"Title": ui.Escape(inc.Title)}), Modal: m, Blocks: b.Blocks}
}

// openEvaluation opens the form from the button under the close message.
func (h *Handler) openEvaluation(ctx context.Context, req ui.Request, value string) ui.Response {
	inc, resp := h.IncidentOfButton(ctx, req, value)
	if resp != nil {
		return *resp
	}
	if inc.Open() {
		return h.notYetClosed(inc)
	}
	if err := h.AllowOn(ctx, req, access.Log, inc, "", ""); err != nil {
		return h.ErrorResponse(req, err)
	}
	return h.evaluationForm(inc)
}

// evaluationSubmitted stores every cmdkit.Answered field of the form.
func (h *Handler) evaluationSubmitted(ctx context.Context, req ui.Request, metadata string, values map[string]string) ui.Response {
	inc, resp := h.IncidentOfButton(ctx, req, metadata)
	if resp != nil {
		return *resp
	}
	if inc.Open() {
		return h.notYetClosed(inc)
	}
	if err := h.AllowOn(ctx, req, access.Log, inc, "", ""); err != nil {
		return h.ErrorResponse(req, err)
	}
	p := h.Plan()
	l := i18n.For(p.Lang)
	qs := p.Meetings.Evaluation
	var answers []incident.Evaluation
	for i, q := range qs {
		if v := strings.TrimSpace(values["q"+strconv.Itoa(i+1)]); v != "" {
			t, prefixed := cutPlanPrefix(v)
			answers = append(answers, incident.Evaluation{Question: q, Answer: t, ProposedPlanChange: prefixed || isPlanQuestion(q)})
		}
	}
	if v := strings.TrimSpace(values[otherInput]); v != "" {
		q, t, proposed := parseEvaluation(p.Lang, v, nil)
		answers = append(answers, incident.Evaluation{Question: q, Answer: t, ProposedPlanChange: proposed})
	}
	if len(answers) == 0 {
		return ui.Text(l.T("cmd.eval.empty"))
	}
	for _, a := range answers {
		if err := ui.CheckTextIn(p.Lang, a.Answer, l.T("cmd.eval.what")); err != nil {
			return h.Refuse(req, l.T("cmd.eval.refused_question", i18n.Args{"Question": ui.Escape(cmdkit.ClipText(a.Question, 60))}), err)
		}
	}
	proposals := 0
	var followUps []string
	for _, a := range answers {
		a.IncidentID, a.Author = inc.ID, req.UserID
		e, err := h.store.AddEvaluation(ctx, a)
		if err != nil {
			return h.evaluationError(req, inc, err)
		}
		if a.ProposedPlanChange {
			proposals++
			if fu := followups.FromPlanChange(ctx, &h.Env, req, inc, e); fu != "" {
				followUps = append(followUps, fu)
			}
		}
	}
	text := l.T("cmd.eval.answered", i18n.Args{"Who": ui.Mention(p, req.UserID), "Title": ui.Escape(inc.Title), "Count": len(answers)})
	if proposals > 0 {
		text += l.T("cmd.eval.proposals", i18n.Args{"Count": proposals})
	}
	for _, fu := range followUps {
		text += "\n" + fu
	}
	return ui.Response{Text: l.T("cmd.eval.text"), Blocks: []ui.Block{{Kind: ui.BlockSection, Text: text}}, Visibility: ui.InChannel}
}

// evaluationError explains a refused evaluation answer.
func (h *Handler) evaluationError(req ui.Request, inc incident.Incident, err error) ui.Response {
	if errors.Is(err, incident.ErrInvalid) {
		return h.notYetClosed(inc)
	}
	return h.ErrorResponse(req, err)
}

// notYetClosed tells that evaluation waits for the incident to be closed.
func (h *Handler) notYetClosed(inc incident.Incident) ui.Response {
	lang := h.Plan().Lang
	return ui.Text(i18n.For(lang).T("cmd.eval.not_closed", i18n.Args{"Title": ui.Escape(inc.Title), "KindDef": kindDefinite(lang, inc.Kind)}))
}
