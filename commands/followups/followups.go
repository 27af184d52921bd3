// Package followups holds /beredskap oppfølging: follow-ups from
// evaluations (oppfølgingspunkter) with owner and deadline, listed,
// created and closed; the årshjul's part about them (Section); and the
// follow-up a proposed plan change becomes (FromPlanChange).
package followups

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Store is what the follow-up commands need from storage besides
// cmdkit.Store. storage.DB implements it.
type Store interface {
	reminders.FollowUpStore
	AddFollowUp(ctx context.Context, f incident.FollowUp) (incident.FollowUp, error)
	FollowUp(ctx context.Context, id int64) (incident.FollowUp, error)
	FollowUps(ctx context.Context) ([]incident.FollowUp, error)
}

// defaultDays is the deadline of a follow-up when none is given.
const defaultDays = 30

// openStore returns the store's follow-ups after closing those the plan's
// revision log records (reminders.CloseByRevisions).
func openStore(ctx context.Context, e *cmdkit.Env) (Store, error) {
	fs, err := cmdkit.StoreAs[Store](e)
	if err != nil {
		return nil, err
	}
	if _, err := reminders.CloseByRevisions(ctx, fs, e.Plan(), e.Loc); err != nil {
		return nil, err
	}
	return fs, nil
}

// Run handles "/beredskap oppfølging": without arguments it lists
// the open follow-ups; "lukk <nr> <notat>" closes one; anything else is
// "<tekst> [ansvarlig] [frist]" and creates one (in an incident channel,
// tied to that incident).
func Run(ctx context.Context, e *cmdkit.Env, req ui.Request, args string) ui.Response {
	fs, err := openStore(ctx, e)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	word, rest := cmdkit.FirstWord(args)
	switch {
	case word == "" || cmdkit.Keyword(word, "kw.list"):
		return listFollowUps(ctx, e, req, fs)
	case cmdkit.Keyword(word, "kw.close") || cmdkit.Keyword(word, "kw.done"):
		return closeFollowUp(ctx, e, req, fs, rest)
	}
	return createFollowUp(ctx, e, req, fs, args)
}

// createFollowUp parses "<tekst> [ansvarlig] [frist]" and stores it.
func createFollowUp(ctx context.Context, e *cmdkit.Env, req ui.Request, fs Store, args string) ui.Response {
	tr, p := e.Tr(), e.Plan()
	if err := e.Allow(ctx, req, access.FollowUp, access.Subject{}); err != nil {
		return e.ErrorResponse(req, err)
	}
	text, owner, due, resp := parseFollowUp(p, args, e.Today())
	if resp != nil {
		return *resp
	}
	if text == "" {
		return ui.Text(tr.T("followup.usage"))
	}
	if err := ui.CheckTextIn(p.Lang, text, tr.T("followup.text_what")); err != nil {
		return e.Refuse(req, tr.T("followup.not_saved"), err)
	}
	f := incident.FollowUp{Text: text, Owner: owner, Due: due.String(), CreatedBy: req.UserID}
	var inc *incident.Incident
	if got, err := e.Store.IncidentByChannel(ctx, req.ChannelID); err == nil {
		inc, f.IncidentID = &got, got.ID
	} else if !errors.Is(err, incident.ErrNotFound) {
		return e.ErrorResponse(req, err)
	}
	f, err := fs.AddFollowUp(ctx, f)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	line := tr.T("followup.created", i18n.Args{"ID": f.ID, "Text": ui.SafeText(f.Text), "Owner": reminders.FollowUpOwner(p, f.Owner), "Due": due.Show(p.Lang)})
	if inc != nil {
		line += " " + tr.T("followup.created_from", i18n.Args{"Where": incidentLabel(ctx, e, *inc, req)})
	}
	var b ui.Builder
	b.Section(line)
	b.Context(ui.Escape(tr.T("followup.rule")))
	return ui.Response{Text: tr.T("followup.created", i18n.Args{"ID": f.ID, "Text": f.Text, "Owner": reminders.FollowUpOwner(p, f.Owner), "Due": due.Show(p.Lang)}),
		Blocks: b.Blocks, Visibility: ui.InChannel}
}

// parseFollowUp reads "<tekst> [ansvarlig] [frist]" from the end: a last
// word that is a date is the deadline, a last word that is a @mention or
// the ID of a contact or role of the plan is the owner (in either order).
// Defaults: the plan's administrator and defaultDays from today. A word
// that starts like a date but is none, or a deadline before today, is
// refused with the Response.
func parseFollowUp(p *plan.Plan, args string, today plan.Date) (text, owner string, due plan.Date, resp *ui.Response) {
	tr := i18n.For(p.Lang)
	words := strings.Fields(args)
	for len(words) > 1 {
		last := words[len(words)-1]
		if due.IsZero() && looksLikeDate(last) {
			d, err := plan.ParseDate(last)
			if err != nil {
				r := ui.Text(tr.T("followup.bad_date", i18n.Args{"Text": ui.Escape(last)}))
				return "", "", due, &r
			}
			due, words = d, words[:len(words)-1]
			continue
		}
		if owner == "" {
			if o := ownerOf(p, last); o != "" {
				owner, words = o, words[:len(words)-1]
				continue
			}
		}
		break
	}
	if due.IsZero() {
		due = today.AddDays(defaultDays)
	}
	if due.Before(today) {
		r := ui.Text(tr.T("followup.past_date", i18n.Args{"Due": due.Show(p.Lang)}))
		return "", "", due, &r
	}
	if owner == "" {
		owner = defaultOwner(p)
	}
	return strings.Join(words, " "), owner, due, nil
}

// looksLikeDate reports whether a word is meant as a date: digits with
// "-" or "." between them.
func looksLikeDate(w string) bool {
	return len(w) >= 6 && w[0] >= '0' && w[0] <= '9' && strings.ContainsAny(w, "-.") &&
		strings.Trim(w, "0123456789-.") == ""
}

// ownerOf returns the owner a word names: a Slack user from a mention
// ("<@U123>" or "<@U123|kari>"), or a contact or role ID of the plan; ""
// when it names none.
func ownerOf(p *plan.Plan, w string) string {
	if strings.HasPrefix(w, "<@") && strings.HasSuffix(w, ">") {
		id, _, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(w, "<@"), ">"), "|")
		if ui.IsSlackID(id) {
			return id
		}
	}
	if c := p.Contact(w); c != nil {
		return c.ID
	}
	if r := p.Role(w); r != nil {
		return r.ID
	}
	return ""
}

// defaultOwner is who owns a follow-up when none is named: the
// plan's first administrator, else the role «beredskapskoordinator», else
// the owner of the plan revision in the årshjul; "" when the plan has none.
func defaultOwner(p *plan.Plan) string {
	if len(p.Org.Admins) > 0 {
		return p.Org.Admins[0]
	}
	for _, r := range p.Roles {
		if plan.Fold(r.ID) == "beredskapskoordinator" || plan.Fold(r.Title) == "beredskapskoordinator" {
			return r.ID
		}
	}
	return planOwner(p)
}

// planOwner is the owner of the plan itself, who gets the follow-ups of
// proposed plan changes: the eier of the plan revision in the årshjul,
// else the plan's first administrator.
func planOwner(p *plan.Plan) string {
	for _, r := range p.Reviews {
		if r.Kind == plan.ReviewPlan && r.Owner != "" {
			return r.Owner
		}
	}
	if len(p.Org.Admins) > 0 {
		return p.Org.Admins[0]
	}
	return ""
}

// closeFollowUp handles "lukk <nr> <notat>".
func closeFollowUp(ctx context.Context, e *cmdkit.Env, req ui.Request, fs Store, args string) ui.Response {
	tr, p := e.Tr(), e.Plan()
	if err := e.Allow(ctx, req, access.FollowUp, access.Subject{}); err != nil {
		return e.ErrorResponse(req, err)
	}
	nr, note := cmdkit.FirstWord(args)
	id, err := strconv.ParseInt(strings.TrimPrefix(nr, "#"), 10, 64)
	if err != nil || id < 1 {
		return ui.Text(tr.T("followup.close_usage"))
	}
	if note != "" {
		if err := ui.CheckTextIn(p.Lang, note, tr.T("followup.note_what")); err != nil {
			return e.Refuse(req, tr.T("followup.not_closed"), err)
		}
	}
	f, err := fs.CloseFollowUp(ctx, id, req.UserID, note)
	switch {
	case errors.Is(err, incident.ErrNotFound):
		return ui.Text(tr.T("followup.not_found", i18n.Args{"ID": id}))
	case errors.Is(err, incident.ErrConflict):
		return ui.Text(tr.T("followup.already_closed", i18n.Args{"ID": id}))
	case err != nil:
		return e.ErrorResponse(req, err)
	}
	if note == "" {
		note = "–"
	}
	text := tr.T("followup.closed", i18n.Args{"ID": f.ID, "Text": ui.SafeText(f.Text), "Who": ui.Mention(p, req.UserID), "Note": ui.SafeText(note)})
	return ui.Response{Text: text, Blocks: []ui.Block{{Kind: ui.BlockSection, Text: text}}, Visibility: ui.InChannel}
}

// incidentLabel names a follow-up's incident for the viewer of req: a
// private incident's title only to those who may see it.
func incidentLabel(ctx context.Context, e *cmdkit.Env, inc incident.Incident, req ui.Request) string {
	tr := e.Tr()
	if !e.CanSee(ctx, req, inc) {
		return tr.T("followup.private_incident", i18n.Args{"ID": inc.ID})
	}
	return tr.T("followup.incident", i18n.Args{"Title": ui.Escape(inc.Title), "ID": inc.ID})
}
