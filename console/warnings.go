package console

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// WarningStore is what the console needs to print the tolerance warnings
// of affected critical functions. storage.DB implements it; with a Store
// without it, the warnings are dropped as the other posts are.
type WarningStore interface {
	ClaimFunctionWarning(ctx context.Context, outboxID int64, pl incident.FunctionWarningPayload, text string) (incident.Incident, incident.AffectedFunction, bool, error)
}

// functionWarning prints a tolerance warning once it is due by the
// handler's clock, as the deliverer posts it in Slack: re-checked (the
// incident still open, the function still out) and logged once. done is
// false while it is not yet due, so it stays in the outbox, across
// console sessions.
func (c *Console) functionWarning(ctx context.Context, it incident.OutboxItem, out io.Writer) (done bool, err error) {
	store, ok := c.Store.(WarningStore)
	if !ok {
		return true, nil
	}
	if it.NotBefore.After(c.Handler.Now()) {
		return false, nil
	}
	var pl incident.FunctionWarningPayload
	if err := json.Unmarshal(it.Payload, &pl); err != nil {
		return true, nil // a broken item is dropped, as the deliverer does
	}
	if _, _, err := pl.Times(); err != nil {
		return true, nil
	}
	p := c.Handler.Plan()
	resp := ui.FunctionWarning(p, pl)
	inc, _, applies, err := store.ClaimFunctionWarning(ctx, it.ID, pl, resp.Text)
	if err != nil || !applies {
		return err == nil, err
	}
	_, err = fmt.Fprintf(out, "[#%s] %s", inc.ChannelID, ui.PlainText(resp, ui.NameResolver(p)))
	return err == nil, err
}
