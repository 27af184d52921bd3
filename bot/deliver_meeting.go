package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/beredskapsbot/beredskapsbot/ui"
)

// meetingPayload is the payload of a meeting reminder.
type meetingPayload struct {
	IncidentID    int64  `json:"incident_id"`
	At            string `json:"at"` // RFC 3339, UTC
	MinutesBefore int    `json:"minutes_before"`
}

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
	var pl meetingPayload
	if err := r.payload(&pl); err != nil {
		return err
	}
	at, err := time.Parse(time.RFC3339, pl.At)
	if err != nil {
		return permanent(fmt.Errorf("møtepåminnelse %d: ugyldig tidspunkt %q: %w", r.item.ID, pl.At, err))
	}
	inc, p, err := d.incident(ctx, pl.IncidentID)
	if err != nil {
		return err
	}
	log := d.log.WithField("outbox_id", r.item.ID).WithField("incident_id", inc.ID)
	now := d.cfg.Now()
	switch {
	case !inc.Open():
		log.Debug("møtepåminnelse droppet: hendelsen er avsluttet")
		return nil
	case !inc.NextMeeting.Truncate(time.Second).Equal(at.Truncate(time.Second)):
		log.Debug("møtepåminnelse droppet: møtet er flyttet")
		return nil
	case pl.MinutesBefore > 0 && !now.Before(at), pl.MinutesBefore == 0 && now.After(at.Add(meetingGrace)):
		log.Info("møtepåminnelse droppet: for sent til å stemme")
		return nil
	}
	if inc.ChannelID == "" {
		return errNoChannel
	}
	loc := d.loc(p)
	heading := "Statusmøtet starter nå"
	if pl.MinutesBefore > 0 {
		heading = fmt.Sprintf("Statusmøte om %d minutter", pl.MinutesBefore)
	}
	blocks := []ui.Block{
		{Kind: ui.BlockHeader, Text: heading},
		{Kind: ui.BlockSection, Text: fmt.Sprintf("Statusmøte kl. %s for *%s*.", at.In(loc).Format("15:04"), ui.Escape(inc.Title))},
	}
	if len(p.Meetings.Status) > 0 {
		blocks = append(blocks, ui.AgendaBlocks("Agenda for statusmøtet", p.Meetings.Status)...)
	}
	text := fmt.Sprintf("%s (kl. %s)", heading, at.In(loc).Format("15:04"))
	_, err = r.postResponse(ctx, "meeting", inc.ChannelID, ui.Response{Text: text, Blocks: blocks})
	return err
}
