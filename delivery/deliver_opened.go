package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// deliverOpened sets up a new incident's channel, one recorded step at a
// time: the channel, the invitations, the announcement in the team
// channel, the varslingsliste (pinned), the topic, the first-meeting
// agenda, the action card, and who could not be invited, with phone
// numbers so someone calls them (direct messages, see tellNotInvited).
func (d *Deliverer) deliverOpened(ctx context.Context, r *run) error {
	var pl incident.IncidentPayload
	if err := r.payload(&pl); err != nil {
		return err
	}
	inc, p, err := d.incident(ctx, pl.IncidentID)
	if err != nil {
		return err
	}
	loc := d.loc(p)
	ch, err := d.ensureChannel(ctx, r, p, inc, loc)
	if err != nil {
		return err
	}
	list := p.List(inc.ListID)
	if list == nil { // none named, or no longer in the plan
		list = p.DefaultList()
	}
	if _, err := r.step(ctx, "invite", func(bool) (string, error) { return "", d.invite(ctx, r, p, inc, list, ch) }); err != nil {
		return err
	}
	// A skjermet incident does not exist for those outside its channel: it
	// is not announced at all.
	if d.cfg.AnnounceChannel != "" && !inc.Private {
		if _, err := r.step(ctx, "announce", func(bool) (string, error) { return "", d.enqueueAnnouncement(ctx, p, inc, ch, r.channelName(inc)) }); err != nil {
			return err
		}
	}
	if list != nil {
		ts, err := r.postResponse(ctx, "list", ch, ui.ListPost(p, list, r.st.Private))
		if err != nil {
			return err
		}
		if _, err := r.step(ctx, "pin", func(bool) (string, error) { return "", d.api.pin(ctx, ch, ts) }); err != nil {
			return err
		}
	}
	if _, err := r.step(ctx, "topic", func(bool) (string, error) {
		topic, err := d.openTopic(ctx, p, inc, loc)
		if err != nil {
			return "", err
		}
		return "", d.api.setTopic(ctx, ch, topic)
	}); err != nil {
		return err
	}
	if len(p.Meetings.First) > 0 {
		if _, err := r.postResponse(ctx, "agenda", ch, ui.FirstMeetingAgenda(p)); err != nil {
			return err
		}
	}
	if card := p.Card(inc.CardID); inc.CardID != "" && card != nil {
		done, err := d.stepsDone(ctx, inc.ID, card.ID)
		if err != nil {
			return err
		}
		if _, err := r.postResponse(ctx, "card", ch, ui.CardPost(p, card, done, inc.ID, loc, d.cfg.Now())); err != nil {
			return err
		}
	}
	if len(r.st.NotInvited) > 0 {
		return d.tellNotInvited(ctx, r, p, inc)
	}
	return nil
}

// tellNotInvited sends who could not be invited, with their phone
// numbers, as a direct message to the opener and to the kriseleder (the
// holders of the plan's leader role), never to a channel: the numbers are
// personal data and the incident channel may be open to everyone.
func (d *Deliverer) tellNotInvited(ctx context.Context, r *run, p *plan.Plan, inc incident.Incident) error {
	var to []string
	add := func(u string) {
		if ui.IsSlackID(u) && !slices.Contains(to, u) {
			to = append(to, u)
		}
	}
	add(inc.OpenedBy)
	if role := p.LeaderRole(); role != nil {
		as, err := d.cfg.Store.Assignments(ctx, inc.ID)
		if err != nil {
			return err
		}
		for _, a := range as {
			if a.RoleID == role.ID && a.EndedAt.IsZero() {
				add(a.UserID)
			}
		}
	}
	if len(to) == 0 {
		d.log.WithField("incident_id", inc.ID).Warn("no one to send the list of contacts who could not be invited to")
	}
	for _, u := range to {
		dm, err := d.channelID(ctx, u)
		if err != nil {
			return err
		}
		if _, err := r.postResponse(ctx, "not_invited."+u, dm, ui.NotInvited(p, r.st.NotInvited)); err != nil {
			return err
		}
	}
	return nil
}

// incident loads an incident and the plan in force.
func (d *Deliverer) incident(ctx context.Context, id int64) (incident.Incident, *plan.Plan, error) {
	inc, err := d.cfg.Store.Incident(ctx, id)
	if errors.Is(err, incident.ErrNotFound) {
		return inc, nil, permanent(err)
	}
	if err != nil {
		return inc, nil, err
	}
	var p *plan.Plan
	if d.cfg.Plan != nil {
		p = d.cfg.Plan()
	}
	if p == nil {
		return inc, nil, permanent(errors.New("no preparedness plan is loaded"))
	}
	return inc, p, nil
}

// channelIncident is incident for deliveries that post in the incident's
// own channel: errNoChannel (the item waits) while it does not exist yet.
func (d *Deliverer) channelIncident(ctx context.Context, id int64) (incident.Incident, *plan.Plan, error) {
	inc, p, err := d.incident(ctx, id)
	if err == nil && inc.ChannelID == "" {
		err = errNoChannel
	}
	return inc, p, err
}

// loc is the time zone for times in messages: Loc, else the zone of the
// plan p (the one in force), else Europe/Oslo, else UTC. It is never
// nil (Time.In panics on a nil zone).
func (d *Deliverer) loc(p *plan.Plan) *time.Location { return plan.Zone(d.cfg.Loc, p) }

func (r *run) channelName(inc incident.Incident) string {
	if r.st.ChannelName != "" {
		return r.st.ChannelName
	}
	return inc.ChannelName
}

// stepsDone returns the completed steps of one card in an incident.
func (d *Deliverer) stepsDone(ctx context.Context, incidentID int64, cardID string) (map[int]incident.StepDone, error) {
	steps, err := d.cfg.Store.Steps(ctx, incidentID)
	if err != nil {
		return nil, err
	}
	return ui.StepsOfCard(steps, cardID), nil
}

// invite adds the opener and the Slack users of the notification list to
// the channel. Contacts without a Slack user, and users Slack refuses,
// are recorded in the progress as not invited.
func (d *Deliverer) invite(ctx context.Context, r *run, p *plan.Plan, inc incident.Incident, list *plan.NotificationList, ch string) error {
	var users []string
	add := func(u string) {
		for _, have := range users {
			if have == u {
				return
			}
		}
		users = append(users, u)
	}
	if ui.IsSlackID(inc.OpenedBy) {
		add(inc.OpenedBy)
	}
	contacts := listContacts(p, list)
	userOf := map[string]string{} // contact ID → Slack user
	for _, c := range contacts {
		u, ok, err := d.slackUser(ctx, c)
		if err != nil {
			return err
		}
		if ok {
			userOf[c.ID] = u
			add(u)
		}
	}
	failed := map[string]string{}
	if len(users) > 0 {
		var err error
		failed, err = d.api.invite(ctx, ch, users)
		if d.cfg.Invited != nil {
			d.cfg.Invited(ch) // even a failed call may have added some
		}
		if err != nil {
			return err
		}
	}
	r.st.NotInvited = nil
	for _, c := range contacts {
		u, ok := userOf[c.ID]
		if reason, refused := failed[u]; !ok || refused {
			r.st.NotInvited = append(r.st.NotInvited, c.ID)
			d.log.WithFields(logrus.Fields{"incident_id": inc.ID, "contact": c.ID, "reason": reason}).Debug("contact could not be invited to the channel")
		}
	}
	return nil
}

// listContacts returns the contacts of a list in notification order,
// each once.
func listContacts(p *plan.Plan, l *plan.NotificationList) []*plan.Contact {
	if l == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []*plan.Contact
	for _, g := range l.Groups {
		for _, id := range g.Contacts {
			if c := p.Contact(id); c != nil && !seen[id] {
				seen[id] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// slackUser finds a contact's Slack user: the plan's ID, else the user
// with the contact's Slack e-mail (or e-mail), cached in the database.
// ok is false when there is none.
func (d *Deliverer) slackUser(ctx context.Context, c *plan.Contact) (string, bool, error) {
	if c.SlackID != "" {
		return c.SlackID, true, nil
	}
	email := c.SlackEmail
	if email == "" {
		email = c.Email
	}
	if email == "" {
		return "", false, nil
	}
	if u, ok, err := d.cfg.Store.CachedSlackUser(ctx, email); err != nil || ok {
		return u, ok, err
	}
	u, ok, err := d.api.lookupEmail(ctx, email)
	if err != nil || !ok {
		return "", false, err
	}
	if err := d.cfg.Store.CacheSlackUser(ctx, email, u); err != nil {
		d.log.WithError(err).WithField("contact", c.ID).Warn("could not cache the Slack user")
	}
	return u, true, nil
}

// openTopic is the topic of a new incident's channel, naming the
// current holder of the role ui.TopicRole picks.
func (d *Deliverer) openTopic(ctx context.Context, p *plan.Plan, inc incident.Incident, loc *time.Location) (string, error) {
	holder := ""
	if role := ui.TopicRole(p); role != nil {
		as, err := d.cfg.Store.Assignments(ctx, inc.ID)
		if err != nil {
			return "", err
		}
		for _, a := range as {
			if a.RoleID == role.ID && a.EndedAt.IsZero() {
				holder = a.UserID
			}
		}
	}
	return ui.OpenTopic(p, inc, holder, loc), nil
}

// enqueueAnnouncement announces the incident in the team channel through
// its own outbox item (exactly once: the claim is keyed by the
// incident), so a wrong team channel setting is retried on its own and
// never holds back the incident's echoes.
func (d *Deliverer) enqueueAnnouncement(ctx context.Context, p *plan.Plan, inc incident.Incident, ch, name string) error {
	post := ui.Post{Channel: d.cfg.AnnounceChannel, Response: ui.Announcement(p, inc, ch, name)}
	payload, err := json.Marshal(post)
	if err != nil {
		return permanent(err)
	}
	id := "beredskapsbot:kunngjoring:hendelse:" + strconv.FormatInt(inc.ID, 10)
	_, err = d.cfg.Store.ClaimReminder(context.WithoutCancel(ctx), id, "apnet", inc.OpenedAt.UTC().Format(time.DateOnly),
		incident.OutboxItem{Kind: incident.OutboxMessage, IncidentID: inc.ID, Payload: payload})
	return err
}
