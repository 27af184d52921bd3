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
		return notYetClosed(inc)
	}
	if err := h.AllowOn(ctx, req, access.Log, inc, "", ""); err != nil {
		return h.ErrorResponse(req, err)
	}
	if strings.TrimSpace(args) == "" {
		return h.evaluationForm(inc)
	}
	qs := h.Plan().Meetings.Evaluation
	question, text, proposed := parseEvaluation(args, qs)
	if n, err := strconv.Atoi(strings.TrimRight(text, ".:)")); err == nil && n >= 1 && n <= len(qs) {
		return ui.Text(fmt.Sprintf("Skriv svaret etter nummeret, f.eks. `/beredskap evaluer %d &lt;tekst&gt;` for «%s».", n, qs[n-1]))
	}
	if err := ui.CheckText(text, "svaret"); err != nil {
		return h.Refuse(req, "Ikke lagret", err)
	}
	e, err := h.store.AddEvaluation(ctx, incident.Evaluation{IncidentID: inc.ID, Question: question, Answer: text, Author: req.UserID, ProposedPlanChange: proposed})
	if err != nil {
		return h.evaluationError(req, inc, err)
	}
	p := h.Plan()
	about := ""
	if question != "" {
		about = " – «" + question + "»"
	}
	lines := []string{fmt.Sprintf("Evaluering av «%s» lagret fra %s%s:", ui.Escape(inc.Title), ui.Mention(p, req.UserID), ui.Escape(about)), "> " + strings.ReplaceAll(ui.SafeText(e.Answer), "\n", "\n> ")}
	if e.ProposedPlanChange {
		lines = append(lines, "Merket som *forslag til planendring*; det vises i `/beredskap årshjul` fram til neste revisjon.")
		if fu := followups.FromPlanChange(ctx, &h.Env, req, inc, e); fu != "" {
			lines = append(lines, fu)
		}
	}
	text = strings.Join(lines, "\n")
	return ui.Response{Text: "Evaluering lagret", Blocks: []ui.Block{{Kind: ui.BlockSection, Text: text}}, Visibility: ui.InChannel}
}

// parseEvaluation reads "[<nr>] [plan:|endring:] <tekst>": a number picks
// the plan's question; a leading "plan:" or "endring:" (or answering the
// question about plan changes) marks a proposed plan change.
func parseEvaluation(args string, qs []string) (question, text string, proposed bool) {
	text = strings.TrimSpace(args)
	word, rest := cmdkit.FirstWord(text)
	if n, err := strconv.Atoi(strings.TrimRight(word, ".:)")); err == nil && n >= 1 && n <= len(qs) && rest != "" {
		question, text = qs[n-1], rest
		proposed = isPlanQuestion(question)
	}
	if t, ok := cutPlanPrefix(text); ok {
		text, proposed = t, true
		if question == "" {
			question = planQuestion(qs)
		}
	}
	return question, text, proposed
}

// cutPlanPrefix removes a leading "plan:", "endring:" or "planendring:".
func cutPlanPrefix(s string) (string, bool) {
	i := strings.IndexByte(s, ':')
	if i < 0 {
		return s, false
	}
	switch plan.Fold(strings.TrimSpace(s[:i])) {
	case "plan", "endring", "planendring", "endring i planen":
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
func planQuestion(qs []string) string {
	for _, q := range qs {
		if isPlanQuestion(q) {
			return q
		}
	}
	return "Forslag til planendring"
}

// evaluationForm is the modal with one field per evaluation question.
func (h *Handler) evaluationForm(inc incident.Incident) ui.Response {
	qs := h.Plan().Meetings.Evaluation
	m := &ui.Modal{CallbackID: ViewEvaluation, Title: "Evaluering", Submit: "Lagre", Metadata: strconv.FormatInt(inc.ID, 10),
		Fallback: "Svar med `/beredskap evaluer &lt;nr&gt; &lt;tekst&gt;`, ett svar per spørsmål, f.eks. `/beredskap evaluer 1 Varslingen gikk raskt`. Skriv `plan:` foran forslag til endringer i planen."}
	for i, q := range qs {
		m.Inputs = append(m.Inputs, ui.Input{ID: "q" + strconv.Itoa(i+1), Label: q, Multiline: true, Optional: true})
	}
	label := "Andre innspill"
	if len(qs) == 0 {
		label = "Evaluering"
	}
	m.Inputs = append(m.Inputs, ui.Input{ID: otherInput, Label: label, Placeholder: "Skriv plan: foran et forslag til endring i planen", Multiline: true, Optional: true})
	var b ui.Builder
	if len(qs) > 0 {
		lines := []string{"*Evaluering av «" + ui.Escape(inc.Title) + "»*"}
		for i, q := range qs {
			lines = append(lines, fmt.Sprintf("%d. %s", i+1, q))
		}
		b.Section(strings.Join(lines, "\n"))
	}
	b.Context(m.Fallback)
	return ui.Response{Text: "Evaluering av " + ui.Escape(inc.Title), Modal: m, Blocks: b.Blocks}
}

// openEvaluation opens the form from the button under the close message.
func (h *Handler) openEvaluation(ctx context.Context, req ui.Request, value string) ui.Response {
	inc, resp := h.IncidentOfButton(ctx, req, value)
	if resp != nil {
		return *resp
	}
	if inc.Open() {
		return notYetClosed(inc)
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
		return notYetClosed(inc)
	}
	if err := h.AllowOn(ctx, req, access.Log, inc, "", ""); err != nil {
		return h.ErrorResponse(req, err)
	}
	qs := h.Plan().Meetings.Evaluation
	var answers []incident.Evaluation
	for i, q := range qs {
		if v := strings.TrimSpace(values["q"+strconv.Itoa(i+1)]); v != "" {
			t, prefixed := cutPlanPrefix(v)
			answers = append(answers, incident.Evaluation{Question: q, Answer: t, ProposedPlanChange: prefixed || isPlanQuestion(q)})
		}
	}
	if v := strings.TrimSpace(values[otherInput]); v != "" {
		q, t, proposed := parseEvaluation(v, nil)
		answers = append(answers, incident.Evaluation{Question: q, Answer: t, ProposedPlanChange: proposed})
	}
	if len(answers) == 0 {
		return ui.Text("Skjemaet var tomt, så ingenting er lagret. Skriv minst ett svar.")
	}
	for _, a := range answers {
		if err := ui.CheckText(a.Answer, "svaret"); err != nil {
			return h.Refuse(req, "Ikke lagret: «"+ui.Escape(cmdkit.ClipText(a.Question, 60))+"»", err)
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
	text := fmt.Sprintf("%s har svart på evalueringen av «%s» (%d svar).", ui.Mention(h.Plan(), req.UserID), ui.Escape(inc.Title), len(answers))
	if proposals > 0 {
		text += fmt.Sprintf(" %d forslag til planendring vises i `/beredskap årshjul`.", proposals)
	}
	for _, fu := range followUps {
		text += "\n" + fu
	}
	return ui.Response{Text: "Evaluering lagret", Blocks: []ui.Block{{Kind: ui.BlockSection, Text: text}}, Visibility: ui.InChannel}
}

// evaluationError explains a refused evaluation answer.
func (h *Handler) evaluationError(req ui.Request, inc incident.Incident, err error) ui.Response {
	if errors.Is(err, incident.ErrInvalid) {
		return notYetClosed(inc)
	}
	return h.ErrorResponse(req, err)
}

// notYetClosed tells that evaluation waits for the incident to be closed.
func notYetClosed(inc incident.Incident) ui.Response {
	return ui.Text(fmt.Sprintf("«%s» pågår fortsatt. Evalueringen gjøres etter at %s er avsluttet med `/beredskap avslutt`; fram til da loggføres beslutninger med `/beredskap logg &lt;tekst&gt;`.",
		ui.Escape(inc.Title), ui.KindWord(inc.Kind)+"n"))
}
