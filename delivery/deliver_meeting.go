package delivery

import (
	"context"
	"fmt"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// meetingGrace is how late a "starts now" reminder may still be posted
// (after a Slack outage, say); later it would only mislead.
const meetingGrace = 15 * time.Minute

// deliverMeeting posts a status meeting reminder with the status agenda,
// after checking that it still applies: nothing is posted (and the item
// counts as delivered) when the incident is closed, the meeting was moved
// (NextMeeting differs from "at"), or the reminder is too late to be
// true ("in 10 minutes" after the start, "starts now" more than
// meetingGrace after it).
func (d *Deliverer) deliverMeeting(ctx context.Context, r *run) error {
	var pl incident.MeetingPayload
	if err := r.payload(&pl); err != nil {
		return err
	}
	at, err := time.Parse(time.RFC3339, pl.At)
	if err != nil {
		return permanent(fmt.Errorf("meeting reminder %d: invalid time %q: %w", r.item.ID, pl.At, err))
	}
	inc, p, err := d.incident(ctx, pl.IncidentID)
	if err != nil {
		return err
	}
	log := d.log.WithField("outbox_id", r.item.ID).WithField("incident_id", inc.ID)
	now := d.cfg.Now()
	switch {
	case !inc.Open():
		log.Debug("meeting reminder dropped: the incident is closed")
		return nil
	case !inc.NextMeeting.Truncate(time.Second).Equal(at.Truncate(time.Second)):
		log.Debug("meeting reminder dropped: the meeting was moved")
		return nil
	case pl.MinutesBefore > 0 && !now.Before(at), pl.MinutesBefore == 0 && now.After(at.Add(meetingGrace)):
		log.Info("meeting reminder dropped: too late to be right")
		return nil
	}
	if inc.ChannelID == "" {
		return errNoChannel
	}
	_, err = r.postResponse(ctx, "meeting", inc.ChannelID, ui.MeetingReminder(p, inc, at, pl.MinutesBefore, d.loc(p)))
	return err
}
