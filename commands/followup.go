package commands

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// followUpStore is what the follow-up commands need from storage besides
// Store. storage.DB implements it; it is asserted rather than added to
// Store so fakes of Store written before follow-ups keep compiling.
type followUpStore interface {
	reminders.FollowUpStore
	AddFollowUp(ctx context.Context, f incident.FollowUp) (incident.FollowUp, error)
	FollowUp(ctx context.Context, id int64) (incident.FollowUp, error)
	FollowUps(ctx context.Context) ([]incident.FollowUp, error)
}

// FollowUpDays is the deadline of a follow-up when none is given.
const FollowUpDays = 30

// errNoFollowUps is returned with a store that keeps no follow-ups.
var errNoFollowUps = apperr.New(apperr.Internal, "the store keeps no follow-ups")

// followUps returns the store's follow-ups after closing those the plan's
// revision log records (reminders.CloseByRevisions).
func (h *Handler) followUps(ctx context.Context) (followUpStore, error) {
	fs, ok := h.Store.(followUpStore)
	if !ok {
		return nil, errNoFollowUps
	}
	if _, err := reminders.CloseByRevisions(ctx, fs, h.Plan(), h.Loc); err != nil {
		return nil, err
	}
	return fs, nil
}

// followUp handles "/beredskap oppfølging": without arguments it lists
// the open follow-ups; "lukk <nr> <notat>" closes one; anything else is
// "<tekst> [ansvarlig] [frist]" and creates one (in an incident channel,
// tied to that incident).
func (h *Handler) followUp(ctx context.Context, req ui.Request, args string) ui.Response {
	fs, err := h.followUps(ctx)
	if err != nil {
		return h.errorResponse(req, err)
	}
	word, rest := firstWord(args)
	switch plan.Fold(word) {
	case "", "liste", "list", "vis":
		return h.listFollowUps(ctx, req, fs)
	case "lukk", "lukke", "stang", "close", "ferdig":
		return h.closeFollowUp(ctx, req, fs, rest)
	}
	return h.createFollowUp(ctx, req, fs, args)
}

// tr returns the localizer of the plan's language.
func (h *Handler) tr() *i18n.Localizer { return i18n.For(h.Plan().Lang) }

// mayChangeFollowUps reports whether the user may create and close
// follow-ups: plan members (and contacts given as "kontakt:<id>").
func (h *Handler) mayChangeFollowUps(req ui.Request) bool {
	p := h.Plan()
	return p.IsMember(req.UserID) || p.Contact(strings.TrimPrefix(req.UserID, ui.ContactPrefix)) != nil
}

// createFollowUp parses "<tekst> [ansvarlig] [frist]" and stores it.
func (h *Handler) createFollowUp(ctx context.Context, req ui.Request, fs followUpStore, args string) ui.Response {
	tr, p := h.tr(), h.Plan()
	if !h.mayChangeFollowUps(req) {
		return ui.Text(tr.T("followup.members_only"))
	}
	text, owner, due, resp := parseFollowUp(p, args, h.today())
	if resp != nil {
		return *resp
	}
	if text == "" {
		return ui.Text(tr.T("followup.usage"))
	}
	if err := checkText(text, "teksten"); err != nil {
		return h.refuse(req, "Ikke lagret", err)
	}
	f := incident.FollowUp{Text: text, Owner: owner, Due: due.String(), CreatedBy: req.UserID}
	var inc *incident.Incident
	if got, err := h.Store.IncidentByChannel(ctx, req.ChannelID); err == nil {
		inc, f.IncidentID = &got, got.ID
	} else if !errors.Is(err, incident.ErrNotFound) {
		return h.errorResponse(req, err)
	}
	f, err := fs.AddFollowUp(ctx, f)
	if err != nil {
		return h.errorResponse(req, err)
	}
	line := tr.T("followup.created", i18n.Args{"ID": f.ID, "Text": ui.SafeText(f.Text), "Owner": reminders.FollowUpOwner(p, f.Owner), "Due": due.Show(p.Lang)})
	if inc != nil {
		line += " " + tr.T("followup.created_from", i18n.Args{"Where": h.incidentLabel(ctx, *inc, req)})
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
// Defaults: the plan's administrator and FollowUpDays from today. A word
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
		due = today.AddDays(FollowUpDays)
	}
	if due.Before(today) {
		r := ui.Text(tr.T("followup.past_date", i18n.Args{"Due": due.Show(p.Lang)}))
		return "", "", due, &r
	}
	if owner == "" {
		owner = DefaultFollowUpOwner(p)
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

// DefaultFollowUpOwner is who owns a follow-up when none is named: the
// plan's first administrator, else the role «beredskapskoordinator», else
// the owner of the plan revision in the årshjul; "" when the plan has none.
func DefaultFollowUpOwner(p *plan.Plan) string {
	if len(p.Org.Admins) > 0 {
		return p.Org.Admins[0]
	}
	for _, r := range p.Roles {
		if plan.Fold(r.ID) == "beredskapskoordinator" || plan.Fold(r.Title) == "beredskapskoordinator" {
			return r.ID
		}
	}
	return PlanOwner(p)
}

// PlanOwner is the owner of the plan itself, who gets the follow-ups of
// proposed plan changes: the eier of the plan revision in the årshjul,
// else the plan's first administrator.
func PlanOwner(p *plan.Plan) string {
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
func (h *Handler) closeFollowUp(ctx context.Context, req ui.Request, fs followUpStore, args string) ui.Response {
	tr, p := h.tr(), h.Plan()
	if !h.mayChangeFollowUps(req) {
		return ui.Text(tr.T("followup.members_only"))
	}
	nr, note := firstWord(args)
	id, err := strconv.ParseInt(strings.TrimPrefix(nr, "#"), 10, 64)
	if err != nil || id < 1 {
		return ui.Text(tr.T("followup.close_usage"))
	}
	if note != "" {
		if err := checkText(note, "notatet"); err != nil {
			return h.refuse(req, "Ikke lukket", err)
		}
	}
	f, err := fs.CloseFollowUp(ctx, id, req.UserID, note)
	switch {
	case errors.Is(err, incident.ErrNotFound):
		return ui.Text(tr.T("followup.not_found", i18n.Args{"ID": id}))
	case errors.Is(err, incident.ErrConflict):
		return ui.Text(tr.T("followup.already_closed", i18n.Args{"ID": id}))
	case err != nil:
		return h.errorResponse(req, err)
	}
	if note == "" {
		note = "–"
	}
	text := tr.T("followup.closed", i18n.Args{"ID": f.ID, "Text": ui.SafeText(f.Text), "Who": ui.Mention(p, req.UserID), "Note": ui.SafeText(note)})
	return ui.Response{Text: text, Blocks: []ui.Block{{Kind: ui.BlockSection, Text: text}}, Visibility: ui.InChannel}
}

// incidentLabel names a follow-up's incident for the viewer of req: a
// private incident's title only to those who may see it.
func (h *Handler) incidentLabel(ctx context.Context, inc incident.Incident, req ui.Request) string {
	tr := h.tr()
	if !h.canSee(ctx, req, inc) {
		return tr.T("followup.private_incident", i18n.Args{"ID": inc.ID})
	}
	return tr.T("followup.incident", i18n.Args{"Title": ui.Escape(inc.Title), "ID": inc.ID})
}
