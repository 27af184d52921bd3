package cmdkit

import (
	"context"
	"fmt"
	"strings"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Directory answers what the plan cannot tell about a Slack user: whether
// they are in a channel, and their Slack e-mail address (which recognises
// contacts the plan names by slack_epost only). The Slack transport
// implements it (with a short cache). Errors are returned as they are.
type Directory interface {
	ChannelMember(ctx context.Context, channelID, userID string) (bool, error)
	Email(ctx context.Context, userID string) (string, error)
}

// actor returns who asks in req, with the facts access.Check needs.
// channelID is the incident's channel ("" outside an incident).
//
// A slash command typed in the channel itself comes from a member: Slack
// lets only those who can write in a channel run commands there (a
// public channel asks others to join first). So the hot path — logging
// in the incident channel — needs no call to Slack, and works while
// Slack's Web API is down. Buttons, shortcuts and forms can be used by
// people who only view a channel: for them the Directory is asked.
//
// Without a Directory (the console) the user is in every channel, and is
// an administrator unless the user names a plan contact (a Slack ID of
// the plan, or "kontakt:<id>"), whose permissions then apply. A Slack
// user ID outside the plan is never an administrator.
func (e *Env) actor(ctx context.Context, p *plan.Plan, req ui.Request, channelID string) (access.Actor, error) {
	userID := req.UserID
	a := access.Actor{UserID: userID}
	if e.Directory == nil {
		a.ChannelMember = true
		if id, ok := strings.CutPrefix(userID, ui.ContactPrefix); ok {
			if c := p.Contact(id); c != nil {
				a.Email = c.SlackEmail
				return a, nil
			}
		}
		// A Slack user ID is never trusted as the console: until the
		// transport sets a Directory, Slack users outside the plan get no
		// administrator rights.
		a.ConsoleAdmin = p.ContactOf(userID, "") == nil && !ui.IsSlackID(userID)
		return a, nil
	}
	if p.ContactBySlack(userID) == nil {
		email, err := e.Directory.Email(ctx, userID)
		if err != nil {
			// Without the e-mail a slack_epost contact is treated as outside
			// the plan: a refusal, never a wrongful permission.
			e.Log.WithError(err).WithField("user", userID).Warn("e-mail lookup failed")
		}
		a.Email = email
	}
	switch {
	case channelID == "":
	case req.Command != "" && channelID == req.ChannelID:
		a.ChannelMember = true // typed in the channel: see above
	default:
		in, err := e.Directory.ChannelMember(ctx, channelID, userID)
		if err != nil {
			return a, fmt.Errorf("channel membership of %s: %w", channelID, err)
		}
		a.ChannelMember = in
	}
	return a, nil
}

// Subject is what an action on inc concerns: the incident and its
// current role holders. A nil inc gives an empty subject.
func (e *Env) Subject(ctx context.Context, inc *incident.Incident) (access.Subject, error) {
	if inc == nil {
		return access.Subject{}, nil
	}
	s := access.Subject{Incident: inc}
	as, err := e.Store.Assignments(ctx, inc.ID)
	if err != nil {
		return s, err
	}
	for _, a := range as {
		if a.EndedAt.IsZero() {
			s.Holders = append(s.Holders, incident.RoleHolder{RoleID: a.RoleID, UserID: a.UserID})
		}
	}
	return s, nil
}

// Allow decides whether the user of req may do act on subj (its Incident
// is loaded with holders by Subject when nil Holders and an incident are
// given). It returns nil when allowed; a refusal is recorded for the
// administrators and returned as an apperr.Forbidden error whose message
// is the access.Sentence, wrapping *access.Refused. Other errors are
// internal.
func (e *Env) Allow(ctx context.Context, req ui.Request, act access.Action, subj access.Subject) error {
	p := e.Plan()
	channel := ""
	if subj.Incident != nil {
		channel = subj.Incident.ChannelID
		if channel == "" {
			channel = req.ChannelID
		}
	}
	who, err := e.actor(ctx, p, req, channel)
	if err != nil {
		return err
	}
	d := access.Check(p, who, act, subj)
	if d.Allowed {
		return nil
	}
	var incID int64
	if subj.Incident != nil {
		incID = subj.Incident.ID
	}
	e.recordRefusal(ctx, req.UserID, d.Action, incID)
	return apperr.Wrap(d.Err(), apperr.Forbidden, e.refusalSentence(p, d))
}

// AllowOn is Allow for an action on inc, with inc's current role holders
// and the given extra facts (role, entry author).
func (e *Env) AllowOn(ctx context.Context, req ui.Request, act access.Action, inc incident.Incident, role, author string) error {
	subj, err := e.Subject(ctx, &inc)
	if err != nil {
		return err
	}
	subj.Role, subj.EntryAuthor = role, author
	return e.Allow(ctx, req, act, subj)
}

// refusalSentence words a refusal; a refused start adds that the user
// can raise an alarm instead.
func (e *Env) refusalSentence(p *plan.Plan, d access.Decision) string {
	s := access.SentenceIn(p.Lang, d, func(u string) string { return ui.Mention(p, u) })
	if d.Alternative == access.RaiseAlarm {
		s = i18n.For(p.Lang).T("cmdkit.not_in_plan", i18n.Args{"Reason": s})
	}
	return s
}

// recordRefusal stores a refused attempt; a failure is logged (action
// and incident only) and does not change the answer.
func (e *Env) recordRefusal(ctx context.Context, userID string, act access.Action, incID int64) {
	if err := e.Store.AddRefusal(ctx, incident.Refusal{UserID: userID, Action: string(act), IncidentID: incID}); err != nil {
		e.Log.WithError(err).WithFields(logrus.Fields{"action": string(act), "incident": incID}).Error("refusal not recorded")
	}
}

// CanSee reports whether the user of req may see inc: always for an
// incident that is not private; for a private one, channel members and
// administrators. Lookup errors count as no.
func (e *Env) CanSee(ctx context.Context, req ui.Request, inc incident.Incident) bool {
	if !inc.Private {
		return true
	}
	p := e.Plan()
	channel := inc.ChannelID
	if channel == "" {
		channel = req.ChannelID
	}
	who, err := e.actor(ctx, p, req, channel)
	if err != nil {
		e.Log.WithError(err).WithField("incident", inc.ID).Warn("membership lookup failed; private incident hidden")
		return false
	}
	return access.Check(p, who, access.SeePrivate, access.Subject{Incident: &inc}).Allowed
}

// visible keeps the incidents the user of req may see.
func (e *Env) visible(ctx context.Context, req ui.Request, incs []incident.Incident) []incident.Incident {
	out := incs[:0:0]
	for _, inc := range incs {
		if e.CanSee(ctx, req, inc) {
			out = append(out, inc)
		}
	}
	return out
}

// AllowOwner is the reminders' check of their buttons and form: act
// (access.MarkDone, access.Postpone) on an item whose eier is owner.
func (e *Env) AllowOwner(ctx context.Context, req ui.Request, act access.Action, owner string) error {
	return e.Allow(ctx, req, act, access.Subject{Owner: owner})
}

// MaySeePhones reports whether the user of req may see phone numbers
// (access.SeePhones); a refusal is not recorded, the answer just leaves
// the numbers out. Lookup errors count as no.
func (e *Env) MaySeePhones(ctx context.Context, req ui.Request) bool {
	p := e.Plan()
	who, err := e.actor(ctx, p, req, "")
	if err != nil {
		return false
	}
	return access.Check(p, who, access.SeePhones, access.Subject{}).Allowed
}
