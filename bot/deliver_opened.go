package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// incidentPayload is the payload of incident.opened and incident.closed.
type incidentPayload struct {
	IncidentID int64 `json:"incident_id"`
}

// deliverOpened sets up a new incident's channel, one recorded step at a
// time: the channel, the invitations, the announcement in the team
// channel, the varslingsliste (pinned), the topic, the first-meeting
// agenda, the action card, and who could not be invited, with phone
// numbers so someone calls them.
func (d *Deliverer) deliverOpened(ctx context.Context, r *run) error {
	var pl incidentPayload
	if err := r.payload(&pl); err != nil {
		return err
	}
	inc, p, err := d.incident(ctx, pl.IncidentID)
	if err != nil {
		return err
	}
	loc := d.loc(p)
	ch, err := d.ensureChannel(ctx, r, inc, loc)
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
	if d.cfg.AnnounceChannel != "" {
		if _, err := r.step(ctx, "announce", func(bool) (string, error) { return "", d.enqueueAnnouncement(ctx, p, inc, ch, r.channelName(inc)) }); err != nil {
			return err
		}
	}
	if list != nil {
		ts, err := r.postResponse(ctx, "list", ch, ui.Response{Text: "Varslingsliste: " + list.Name, Blocks: ui.ListBlocks(p, list)})
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
		const title = "Agenda for førstemøtet"
		if _, err := r.postResponse(ctx, "agenda", ch, ui.Response{Text: title, Blocks: ui.AgendaBlocks(title, p.Meetings.First)}); err != nil {
			return err
		}
	}
	if card := p.Card(inc.CardID); inc.CardID != "" && card != nil {
		done, err := d.stepsDone(ctx, inc.ID, card.ID)
		if err != nil {
			return err
		}
		blocks := ui.CardBlocks(p, card, done, inc.ID, true, loc, d.cfg.Now())
		if _, err := r.postResponse(ctx, "card", ch, ui.Response{Text: "Tiltakskort: " + card.Title, Blocks: blocks}); err != nil {
			return err
		}
	}
	if len(r.st.NotInvited) > 0 {
		if _, err := r.postResponse(ctx, "not_invited", ch, notInvitedResponse(p, r.st.NotInvited)); err != nil {
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
		return inc, nil, permanent(errors.New("ingen beredskapsplan er lastet"))
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

// loc is the time zone for times in messages.
func (d *Deliverer) loc(p *plan.Plan) *time.Location {
	switch {
	case d.cfg.Loc != nil:
		return d.cfg.Loc
	case p != nil && p.Location != nil:
		return p.Location
	}
	if l, err := time.LoadLocation("Europe/Oslo"); err == nil {
		return l
	}
	return time.UTC
}

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
	return commands.StepsOfCard(steps, cardID), nil
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
	if isUserID(inc.OpenedBy) {
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
		if failed, err = d.api.invite(ctx, ch, users); err != nil {
			return err
		}
	}
	r.st.NotInvited = nil
	for _, c := range contacts {
		u, ok := userOf[c.ID]
		if reason, refused := failed[u]; !ok || refused {
			r.st.NotInvited = append(r.st.NotInvited, c.ID)
			d.log.WithFields(logrus.Fields{"incident_id": inc.ID, "contact": c.ID, "reason": reason}).Debug("kontakt kunne ikke inviteres til kanalen")
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
		d.log.WithError(err).WithField("contact", c.ID).Warn("kunne ikke mellomlagre Slack-bruker")
	}
	return u, true, nil
}

// notInvitedResponse lists the contacts that are not in the channel, with
// their phone numbers.
func notInvitedResponse(p *plan.Plan, ids []string) ui.Response {
	lines := []string{"*Disse kunne ikke legges til i kanalen – ring dem:*"}
	for _, id := range ids {
		c := p.Contact(id)
		if c == nil {
			continue
		}
		line := "• *" + c.Name + "*"
		if c.Title != "" {
			line += " (" + c.Title + ")"
		}
		var phones []string
		for i, ph := range c.Phones {
			label := ph
			if i < len(c.PhoneDisplay) {
				label = c.PhoneDisplay[i]
			}
			phones = append(phones, "<tel:"+ph+"|"+label+">")
		}
		if len(phones) == 0 {
			phones = []string{"_ingen telefon i planen_"}
		}
		lines = append(lines, line+": "+strings.Join(phones, " · "))
	}
	text := strings.Join(lines, "\n")
	return ui.Response{Text: "Kunne ikke legges til i kanalen – ring dem", Blocks: []ui.Block{{Kind: ui.BlockSection, Text: text}}}
}

// maxTopic is Slack's limit for a channel topic.
const maxTopic = 250

// openTopic is the topic of a new incident's channel, with the current
// holder of the leader role:
// "Strømbrudd · Kriseleder: Kari Nordmann · Startet 22.11.2026 kl. 14:32".
func (d *Deliverer) openTopic(ctx context.Context, p *plan.Plan, inc incident.Incident, loc *time.Location) (string, error) {
	title := inc.Title
	if inc.Kind == incident.KindExercise {
		title = "ØVELSE: " + title
	}
	rest := " · Startet " + ui.Stamp(inc.OpenedAt, loc)
	if role := leaderRole(p); role != nil {
		as, err := d.cfg.Store.Assignments(ctx, inc.ID)
		if err != nil {
			return "", err
		}
		holder := ""
		for _, a := range as {
			if a.RoleID == role.ID && a.EndedAt.IsZero() {
				holder = a.UserID
			}
		}
		if holder != "" {
			rest = " · " + role.Title + ": " + userName(p, holder) + rest
		}
	}
	return truncate(title, maxTopic-utf8.RuneCountInString(rest)) + rest, nil
}

// leaderRole is the role named in the topic: "kriseleder", else the
// plan's first role card.
func leaderRole(p *plan.Plan) *plan.Role {
	if r := p.Role("kriseleder"); r != nil {
		return r
	}
	if len(p.Roles) > 0 {
		return p.Roles[0]
	}
	return nil
}

// userName names a user for plain text such as a topic: the plan
// contact's name, else a Slack mention.
func userName(p *plan.Plan, userID string) string {
	if name := ui.NameResolver(p)(userID); name != userID {
		return name
	}
	if isUserID(userID) {
		return "<@" + userID + ">"
	}
	return ui.Unmrkdwn(ui.Mention(p, userID), nil)
}

// truncate cuts s to at most n characters, marking a cut with "…".
func truncate(s string, n int) string {
	if n < 1 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// enqueueAnnouncement announces the incident in the team channel through
// its own outbox item (exactly once: the claim is keyed by the
// incident), so a wrong team channel setting is retried on its own and
// never holds back the incident's echoes.
func (d *Deliverer) enqueueAnnouncement(ctx context.Context, p *plan.Plan, inc incident.Incident, ch, name string) error {
	post := ui.Post{Channel: d.cfg.AnnounceChannel, Response: announcement(p, inc, ch, name)}
	payload, err := json.Marshal(post)
	if err != nil {
		return permanent(err)
	}
	id := "beredskapsbot:kunngjoring:hendelse:" + strconv.FormatInt(inc.ID, 10)
	_, err = d.cfg.Store.ClaimReminder(context.WithoutCancel(ctx), id, "apnet", inc.OpenedAt.UTC().Format(time.DateOnly),
		incident.OutboxItem{Kind: incident.OutboxMessage, IncidentID: inc.ID, Payload: payload})
	return err
}

// announcement is the message in the team channel. A private incident is
// announced without its title or channel.
func announcement(p *plan.Plan, inc incident.Incident, ch, name string) ui.Response {
	word := "Hendelse"
	if inc.Kind == incident.KindExercise {
		word = "Øvelse"
	}
	by := ui.Mention(p, inc.OpenedBy)
	var text string
	if inc.Private {
		text = fmt.Sprintf(":rotating_light: *Skjermet %s åpnet* av %s. Kanalen er privat; kriseleder inviterer dem som trenger tilgang.", strings.ToLower(word), by)
	} else {
		text = fmt.Sprintf(":rotating_light: *%s åpnet:* %s – <#%s|%s> (åpnet av %s)", word, ui.Escape(inc.Title), ch, name, by)
	}
	return ui.Response{Text: ui.Unmrkdwn(text, nil), Blocks: []ui.Block{{Kind: ui.BlockSection, Text: text}}}
}
