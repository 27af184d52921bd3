package cmdkit

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// IncidentFor finds the incident of the channel the command was typed
// in. When there is none (or the user may not see it), the second result
// is the answer to give: it says so and lists the open incidents.
func (e *Env) IncidentFor(ctx context.Context, req ui.Request) (incident.Incident, *ui.Response) {
	inc, err := e.Store.IncidentByChannel(ctx, req.ChannelID)
	if err == nil && !e.CanSee(ctx, req, inc) {
		// A private incident does not exist for a non-member.
		e.recordRefusal(ctx, req.UserID, access.SeePrivate, inc.ID)
		inc, err = incident.Incident{}, incident.ErrNotFound
	}
	if err == nil {
		return inc, nil
	}
	if !errors.Is(err, incident.ErrNotFound) {
		r := e.ErrorResponse(req, err)
		return inc, &r
	}
	r := e.OpenList(ctx, req, e.Tr().T("cmdkit.not_incident_channel"))
	return inc, &r
}

// OpenList answers with the open incidents the user of req may see,
// after lead when it is not empty.
func (e *Env) OpenList(ctx context.Context, req ui.Request, lead string) ui.Response {
	open, err := e.Store.OpenIncidents(ctx)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	open = e.visible(ctx, req, open)
	p, now := e.Plan(), e.Now()
	l := e.Tr()
	var b ui.Builder
	if lead != "" {
		b.Section(lead)
	}
	if len(open) == 0 {
		b.Section(l.T("cmdkit.no_open"))
		return ui.Response{Text: strings.TrimSpace(lead + " " + l.T("cmdkit.no_open_short")), Blocks: b.Blocks}
	}
	lines := []string{l.T("cmdkit.open_header")}
	for _, inc := range open {
		lines = append(lines, l.T("cmdkit.open_line", i18n.Args{"Channel": ChannelLink(inc), "Title": ui.Escape(inc.Title),
			"Kind": ui.KindWordIn(p.Lang, inc.Kind), "At": ui.ClockIn(p.Lang, inc.OpenedAt, now, e.Loc), "Who": ui.Mention(p, inc.OpenedBy)}))
	}
	b.Section(strings.Join(lines, "\n"))
	return ui.Response{Text: l.T("cmdkit.open_count", i18n.Args{"Count": len(open)}), Blocks: b.Blocks}
}

// ChannelLink links an incident's channel, or names it while the channel
// is not created yet.
func ChannelLink(inc incident.Incident) string {
	if inc.ChannelID == "" {
		return "#" + inc.ChannelName
	}
	return "<#" + inc.ChannelID + "|" + inc.ChannelName + ">"
}

// errOtherIncident refuses a button or form that names another incident
// than the channel it was used in.
func (e *Env) errOtherIncident() error {
	return apperr.New(apperr.Forbidden, e.Tr().T("cmdkit.other_incident"))
}

// IncidentOfButton finds the incident a button or form acts on: the
// incident of the channel it was used in, which must be the one the
// value names ("<id>[:…]"). Where the transport gives no channel, the
// incident named is used and the access check decides. The Response
// explains a miss or a mismatch.
func (e *Env) IncidentOfButton(ctx context.Context, req ui.Request, value string) (incident.Incident, *ui.Response) {
	idText, _, _ := strings.Cut(value, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id < 1 {
		r := ui.Text(e.Tr().T("cmdkit.unknown_incident"))
		return incident.Incident{}, &r
	}
	if req.ChannelID == "" {
		inc, resp := e.IncidentByValue(ctx, req, value)
		if resp == nil && !e.CanSee(ctx, req, inc) {
			r := ui.Text(e.Tr().T("cmdkit.incident_gone", i18n.Args{"ID": id}))
			return inc, &r
		}
		return inc, resp
	}
	inc, err := e.Store.IncidentByChannel(ctx, req.ChannelID)
	if err == nil && inc.ID != id {
		err = e.errOtherIncident()
	}
	if errors.Is(err, incident.ErrNotFound) {
		err = e.errOtherIncident()
	}
	if err != nil {
		r := e.ErrorResponse(req, err)
		return inc, &r
	}
	return inc, nil
}

// IncidentByValue reads the incident ID a button or form carries
// ("<id>[:…]"); the Response explains a malformed or unknown ID.
func (e *Env) IncidentByValue(ctx context.Context, req ui.Request, value string) (incident.Incident, *ui.Response) {
	idText, _, _ := strings.Cut(value, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id < 1 {
		r := ui.Text(e.Tr().T("cmdkit.unknown_incident"))
		return incident.Incident{}, &r
	}
	inc, err := e.Store.Incident(ctx, id)
	if errors.Is(err, incident.ErrNotFound) {
		r := ui.Text(e.Tr().T("cmdkit.incident_gone", i18n.Args{"ID": id}))
		return inc, &r
	}
	if err != nil {
		r := e.ErrorResponse(req, err)
		return inc, &r
	}
	return inc, nil
}
