package continuity

import (
	"context"
	"encoding/json"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/pdf"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// OutboxStore enqueues an item for the deliverer. storage.DB implements it.
type OutboxStore interface {
	Enqueue(ctx context.Context, item incident.OutboxItem) (int64, error)
}

// Binder sends the binder as a PDF to the asking plan member in a
// direct message, through the outbox (the deliverer makes the PDF and
// uploads it). When no PDF can be made, it says so at once and offers
// `plan print --format html`.
func Binder(ctx context.Context, e *cmdkit.Env, req ui.Request, args string) ui.Response {
	p := e.Plan()
	l := i18n.For(p.Lang)
	// The binder holds every phone number of the plan.
	if err := e.Allow(ctx, req, access.SeePhones, access.Subject{}); err != nil {
		return e.ErrorResponse(req, err)
	}
	available := e.PDFAvailable
	if available == nil {
		available = pdf.Available
	}
	if !available() {
		return ui.Text(l.T("cmd.cont.binder.failed", i18n.Args{"Reason": apperr.UserMessage(pdf.ErrUnavailable)}))
	}
	store, err := cmdkit.StoreAs[OutboxStore](e)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	payload, _ := json.Marshal(incident.BinderPayload{UserID: req.UserID})
	if _, err := store.Enqueue(ctx, incident.OutboxItem{Kind: incident.OutboxBinder, Payload: payload}); err != nil {
		return e.ErrorResponse(req, err)
	}
	return ui.Text(l.T("cmd.cont.binder.sent"))
}
