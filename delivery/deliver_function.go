package delivery

import (
	"context"
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// FunctionWarningStore is what the tolerance warnings need from storage
// besides OutboxStore. storage.DB implements it; a store without it
// drops the warnings.
type FunctionWarningStore interface {
	ClaimFunctionWarning(ctx context.Context, outboxID int64, pl incident.FunctionWarningPayload, text string) (incident.Incident, incident.AffectedFunction, bool, error)
}

// deliverFunctionWarning posts a tolerance warning of an affected
// critical function (75 %, 100 % or a higher consequence level) with its
// reserve routine in the incident channel, after checking that it still
// applies: nothing is posted (and the item counts as delivered) when the
// incident is closed or the function restored. The warning is logged in
// the incident's log once, before it is posted; a retried post is found
// by its metadata and not posted twice.
func (d *Deliverer) deliverFunctionWarning(ctx context.Context, r *run) error {
	var pl incident.FunctionWarningPayload
	if err := r.payload(&pl); err != nil {
		return err
	}
	if _, _, err := pl.Times(); err != nil {
		return permanent(fmt.Errorf("tolerance warning %d: invalid time: %w", r.item.ID, err))
	}
	store, ok := d.cfg.Store.(FunctionWarningStore)
	if !ok {
		return permanent(fmt.Errorf("tolerance warning %d: the store cannot record warnings", r.item.ID))
	}
	_, p, err := d.channelIncident(ctx, pl.IncidentID)
	if err != nil {
		return err
	}
	resp := ui.FunctionWarning(p, pl)
	inc, _, applies, err := store.ClaimFunctionWarning(ctx, r.item.ID, pl, resp.Text)
	if err != nil {
		return err
	}
	log := d.log.WithField("outbox_id", r.item.ID).WithField("incident_id", pl.IncidentID).WithField("function", pl.FunctionID)
	if !applies {
		log.Debug("function warning dropped: incident closed or function restored")
		return nil
	}
	log.WithField("kind", pl.Kind).Info("function warning posted")
	_, err = r.postResponse(ctx, "function-warning", inc.ChannelID, resp)
	return err
}
