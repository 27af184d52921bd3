package delivery

import (
	"context"
	"errors"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// deliverEcho posts a stored log entry in the incident channel
// ("Beslutning #7 loggført 14:32 av @kari: …"). Echoes of one incident
// share its key, so they appear in log order, after the channel exists;
// while it does not, the item waits (errNoChannel).
func (d *Deliverer) deliverEcho(ctx context.Context, r *run) error {
	var pl incident.EntryPayload
	if err := r.payload(&pl); err != nil {
		return err
	}
	inc, p, err := d.channelIncident(ctx, pl.IncidentID)
	if err != nil {
		return err
	}
	e, err := d.cfg.Store.Entry(ctx, pl.IncidentID, pl.Seq)
	if errors.Is(err, incident.ErrNotFound) {
		return permanent(err)
	}
	if err != nil {
		return err
	}
	text := ui.EchoText(p, e, d.loc(p))
	_, err = r.postResponse(ctx, "echo", inc.ChannelID, ui.Response{Text: text})
	return err
}
