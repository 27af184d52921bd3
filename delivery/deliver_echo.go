package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Echoes that fell behind.
const (
	// EchoCombineAfter is how many pending echoes of one incident are
	// posted one by one; more than that, in a row, are combined into one
	// post («#41–#67 loggført: …»), so a flood does not bury what follows.
	// Slack takes about a post a second per channel, so 20 behind is
	// 20 seconds late; a short burst of decisions is still echoed singly.
	EchoCombineAfter = 20
	// maxEchoBatch bounds the entries of one combined post.
	maxEchoBatch = 100
)

// batchEcho is one echo item taken into a combined post.
type batchEcho struct {
	ID  int64 `json:"id"`
	Seq int   `json:"seq"`
}

// deliverEcho posts a stored log entry in the incident channel
// ("Beslutning #7 loggført 14:32 av @kari: …"). Echoes of one incident
// share its key, so they appear in log order, after the channel exists;
// while it does not, the item waits (errNoChannel).
//
// When echoes fell behind, a closing of the incident queued after them
// is delivered first (the channel exists, so nothing overtakes it), and
// more than EchoCombineAfter echoes in a row are combined into one post.
// Which items a post combines is saved in the head item's progress before
// it is posted, and the others are marked delivered after, so each entry
// is posted exactly once across crashes.
func (d *Deliverer) deliverEcho(ctx context.Context, r *run) error {
	var pl incident.EntryPayload
	if err := r.payload(&pl); err != nil {
		return err
	}
	inc, p, err := d.channelIncident(ctx, pl.IncidentID)
	if err != nil {
		return err
	}
	if r.item.Key != "" {
		if err := d.planEchoes(ctx, r, pl); err != nil {
			return err
		}
	}
	if len(r.st.Batch) <= 1 {
		e, err := d.cfg.Store.Entry(ctx, pl.IncidentID, pl.Seq)
		if errors.Is(err, incident.ErrNotFound) {
			return permanent(err)
		}
		if err != nil {
			return err
		}
		_, err = r.postResponse(ctx, "echo", inc.ChannelID, ui.Response{Text: ui.EchoText(p, e, d.loc(p))})
		return err
	}
	var entries []incident.Entry
	for _, b := range r.st.Batch {
		e, err := d.cfg.Store.Entry(ctx, pl.IncidentID, b.Seq)
		if errors.Is(err, incident.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		entries = append(entries, e)
	}
	if len(entries) > 0 {
		if _, err := r.postResponse(ctx, "echoes", inc.ChannelID, ui.EchoBatch(p, entries, d.loc(p))); err != nil {
			return err
		}
	}
	for _, b := range r.st.Batch {
		if b.ID == r.item.ID {
			continue
		}
		if err := d.cfg.Store.MarkDelivered(context.WithoutCancel(ctx), b.ID); err != nil && !errors.Is(err, incident.ErrNotFound) {
			return err
		}
	}
	return nil
}

// planEchoes looks at the incident's queue behind this echo: a closing
// in it is delivered first (also when a batch was planned by an earlier
// attempt: it was not posted then, or the closing would have been
// delivered before it), then, unless an earlier attempt did, the echoes
// in a row from this one are taken as this item's batch (just this one
// unless more than EchoCombineAfter), saved before anything is posted.
func (d *Deliverer) planEchoes(ctx context.Context, r *run, pl incident.EntryPayload) error {
	queue, err := d.cfg.Store.PendingOutboxOfKey(ctx, r.item.Key, "", maxEchoBatch+EchoCombineAfter)
	if err != nil {
		return err
	}
	if len(queue) > EchoCombineAfter {
		closing, err := d.cfg.Store.PendingOutboxOfKey(ctx, r.item.Key, incident.OutboxIncidentClosed, 1)
		if err != nil {
			return err
		}
		if len(closing) == 1 && closing[0].ID > r.item.ID {
			if !d.deliverOne(ctx, closing[0]) {
				return fmt.Errorf("the closing of incident %d (outbox item %d) is not delivered yet", pl.IncidentID, closing[0].ID)
			}
			if queue, err = d.cfg.Store.PendingOutboxOfKey(ctx, r.item.Key, "", maxEchoBatch+EchoCombineAfter); err != nil {
				return err
			}
		}
	}
	if r.st.Batch != nil {
		return nil
	}
	batch := []batchEcho{{ID: r.item.ID, Seq: pl.Seq}}
	if run := echoRun(queue, r.item.ID); len(run) > EchoCombineAfter {
		batch = run[:min(len(run), maxEchoBatch)]
	}
	r.st.Batch = batch
	return r.save(ctx)
}

// echoRun returns the echo items of queue in a row from the item head.
func echoRun(queue []incident.OutboxItem, head int64) []batchEcho {
	var out []batchEcho
	started := false
	for _, it := range queue {
		if it.ID == head {
			started = true
		}
		if !started {
			continue
		}
		if it.Kind != incident.OutboxEntryLogged {
			break
		}
		var pl incident.EntryPayload
		if json.Unmarshal(it.Payload, &pl) != nil {
			break
		}
		out = append(out, batchEcho{ID: it.ID, Seq: pl.Seq})
	}
	return out
}
