// Package alarms holds /beredskap varsle, which lets anyone tell the
// kriseleder that something has happened without opening an incident
// (posted to the alarm channel with a button «Åpne hendelse»), and
// /beredskap avvisninger, the refused attempts for the administrators.
package alarms

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// ActionOpen is the «Åpne hendelse» button under an alarm; its value
// is the stored alarm's ID, never its text.
const ActionOpen = "open_alarm"

// Store is what alarms and refusals need from storage besides
// cmdkit.Store. storage.DB implements it.
type Store interface {
	RaiseAlarm(ctx context.Context, by, text string, post func(incident.Alarm) (incident.OutboxItem, error)) (incident.Alarm, error)
	Alarm(ctx context.Context, id int64) (incident.Alarm, error)
	AlarmOpened(ctx context.Context, id, incidentID int64) error
	Refusals(ctx context.Context, limit int) ([]incident.Refusal, error)
}

// OpenFunc opens an incident titled title for the user of req, as
// /beredskap start does (package commands provides it); the caller has
// checked access.OpenIncident.
type OpenFunc func(ctx context.Context, req ui.Request, title string) ui.Response

// maxAlarmTitle is how much of an alarm's first line becomes the title of
// the incident opened from it.
const maxAlarmTitle = 80

// Raise handles "/beredskap varsle <tekst>": anyone may (unless the
// plan says otherwise) tell the kriseleder that something has happened,
// without opening an incident. The alarm is stored and posted to the
// alarm channel through the outbox, mentioning the kriseleder role
// card's holders and deputies, with a button to open an incident.
func Raise(ctx context.Context, e *cmdkit.Env, req ui.Request, args string) ui.Response {
	if err := e.Allow(ctx, req, access.RaiseAlarm, access.Subject{}); err != nil {
		return e.ErrorResponse(req, err)
	}
	p := e.Plan()
	l := i18n.For(p.Lang)
	if err := ui.CheckTextIn(p.Lang, args, l.T("alarm.what")); err != nil {
		return e.Refuse(req, l.T("alarm.refused"), err)
	}
	if e.AlarmChannel == "" {
		return ui.Text(l.T("alarm.no_channel"))
	}
	to := alarmRecipients(p)
	st, err := cmdkit.StoreAs[Store](e)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	a, err := st.RaiseAlarm(ctx, req.UserID, strings.TrimSpace(args), func(a incident.Alarm) (incident.OutboxItem, error) {
		payload, err := json.Marshal(ui.Post{Channel: e.AlarmChannel, Response: alarmMessage(e, p, a, to)})
		return incident.OutboxItem{Kind: incident.OutboxMessage, Payload: payload}, err
	})
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	who := l.T("alarm.channel")
	if len(to) > 0 {
		who = strings.Join(to, ", ")
	}
	return ui.Text(l.T("alarm.sent", i18n.Args{"ID": a.ID, "Channel": channelRef(e.AlarmChannel), "Who": who}))
}

// alarmRecipients mentions the kriseleder role card's holders and
// deputies (no phone numbers).
func alarmRecipients(p *plan.Plan) []string {
	r := p.LeaderRole()
	if r == nil {
		return nil
	}
	var out []string
	for _, id := range append(append([]string(nil), r.Holders...), r.Deputies...) {
		if c := p.Contact(id); c != nil {
			if m := ui.Mention(p, ui.ContactUser(c)); !containsString(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// alarmMessage is the post in the alarm channel.
func alarmMessage(e *cmdkit.Env, p *plan.Plan, a incident.Alarm, to []string) ui.Response {
	l := i18n.For(p.Lang)
	var b ui.Builder
	b.Header(l.T("alarm.header"))
	lines := []string{l.T("alarm.raised", i18n.Args{"Who": ui.Mention(p, a.RaisedBy), "At": ui.StampIn(p.Lang, a.At, e.Loc)}),
		"> " + strings.ReplaceAll(ui.SafeText(a.Text), "\n", "\n> ")}
	if len(to) > 0 {
		title := l.T("alarm.leader")
		if r := p.LeaderRole(); r != nil {
			title = r.Title
		}
		lines = append(lines, l.T("alarm.to", i18n.Args{"Title": strings.ToLower(title), "Who": strings.Join(to, ", ")}))
	}
	b.Section(strings.Join(lines, "\n"))
	b.Buttons(ui.Button{ActionID: ActionOpen, Text: l.T("alarm.open"), Value: strconv.FormatInt(a.ID, 10), Style: "primary"})
	b.Context(l.T("alarm.open_hint"))
	return ui.Response{Text: l.T("alarm.text", i18n.Args{"Who": ui.Mention(p, a.RaisedBy)}), Blocks: b.Blocks, Visibility: ui.InChannel}
}

// Routes routes the button «Åpne hendelse» (ActionOpen) under an alarm:
// it opens an incident titled from the alarm with open, for those who
// may open incidents.
func Routes(e *cmdkit.Env, open OpenFunc) ui.Routes {
	return ui.Routes{Actions: map[string]ui.ActionFunc{
		ActionOpen: cmdkit.Answered(func(ctx context.Context, req ui.Request, value string) ui.Response {
			return openAlarm(ctx, e, req, value, open)
		}),
	}}
}

// openAlarm is «Åpne hendelse» under an alarm.
func openAlarm(ctx context.Context, e *cmdkit.Env, req ui.Request, value string, open OpenFunc) ui.Response {
	if err := e.Allow(ctx, req, access.OpenIncident, access.Subject{}); err != nil {
		return e.ErrorResponse(req, err)
	}
	st, err := cmdkit.StoreAs[Store](e)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	p := e.Plan()
	l := i18n.For(p.Lang)
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil || id < 1 {
		return ui.Text(l.T("alarm.unknown"))
	}
	a, err := st.Alarm(ctx, id)
	if errors.Is(err, incident.ErrNotFound) {
		return ui.Text(l.T("alarm.gone"))
	}
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	if a.IncidentID != 0 {
		msg := l.T("alarm.already")
		if inc, err := e.Store.Incident(ctx, a.IncidentID); err == nil && e.CanSee(ctx, req, inc) {
			msg = l.T("alarm.already_link", i18n.Args{"Link": cmdkit.ChannelLink(inc), "Title": ui.Escape(inc.Title)})
		}
		return ui.Text(msg)
	}
	out := open(ctx, req, alarmTitle(p.Lang, a.Text))
	if out.Opened == nil || out.Opened.Existing {
		return out
	}
	incID := out.Opened.IncidentID
	if err := st.AlarmOpened(ctx, a.ID, incID); err != nil {
		e.Log.WithError(err).WithField("alarm", a.ID).Warn("alarm not linked to its incident")
	}
	text := l.T("alarm.logged", i18n.Args{"ID": a.ID, "Who": ui.Mention(p, a.RaisedBy), "Text": a.Text})
	if _, err := e.Store.AppendEntry(ctx, incident.NewEntry{IncidentID: incID, Kind: incident.EntryEvent, Author: req.UserID, Text: text}); err != nil {
		e.Log.WithError(err).WithField("incident", incID).Warn("alarm text not logged")
	}
	return out
}

// alarmTitle is the title of an incident opened from an alarm: its first
// line, shortened; "Varsel" in lang when it has none.
func alarmTitle(lang i18n.Lang, text string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	t := cmdkit.ClipText(strings.Join(strings.Fields(first), " "), maxAlarmTitle)
	if t == "" {
		return i18n.For(lang).T("alarm.title")
	}
	return t
}

// channelRef shows a configured channel: "#name" as it is, an ID as a
// link.
func channelRef(ch string) string {
	if strings.HasPrefix(ch, "#") {
		return ch
	}
	return "<#" + ch + ">"
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// maxRefusalsShown is how many refusals /beredskap avvisninger lists.
const maxRefusalsShown = 30

// Refusals lists the latest refused attempts for the administrators
// (access.SeeRefusals): who, what, when.
func Refusals(ctx context.Context, e *cmdkit.Env, req ui.Request, args string) ui.Response {
	if err := e.Allow(ctx, req, access.SeeRefusals, access.Subject{}); err != nil {
		return e.ErrorResponse(req, err)
	}
	st, err := cmdkit.StoreAs[Store](e)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	rs, err := st.Refusals(ctx, maxRefusalsShown)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	p := e.Plan()
	l := i18n.For(p.Lang)
	if len(rs) == 0 {
		return ui.Text(l.T("refusals.none"))
	}
	lines := make([]string, 0, len(rs))
	for _, r := range rs {
		line := l.T("refusals.line", i18n.Args{"At": ui.StampIn(p.Lang, r.At, e.Loc), "Who": ui.Mention(p, r.UserID), "Verb": access.VerbIn(p.Lang, access.Action(r.Action))})
		if r.IncidentID != 0 {
			line += l.T("refusals.incident", i18n.Args{"ID": r.IncidentID})
		}
		lines = append(lines, line)
	}
	var b ui.Builder
	b.Header(l.T("refusals.header"))
	b.Section(strings.Join(lines, "\n"))
	b.Context(l.T("refusals.footer", i18n.Args{"Count": len(rs)}))
	return ui.Response{Text: l.T("refusals.text", i18n.Args{"Count": len(rs)}), Blocks: b.Blocks}
}
