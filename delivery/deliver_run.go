package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/blockkit"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// progress is the saved state of a delivery (OutboxItem.State): the steps
// done with their results (a message timestamp, a file ID, "ok"), and
// what later steps need. It holds no contact details.
type progress struct {
	// Started is saved before the first Slack call of an item, so a crash
	// during its first attempt is known at the next.
	Started     bool              `json:"started,omitempty"`
	Done        map[string]string `json:"done,omitempty"`
	ChannelID   string            `json:"channel_id,omitempty"`
	ChannelName string            `json:"channel_name,omitempty"`
	// Private is set when the channel was created as a Slack private
	// channel; only then does the pinned varslingsliste show numbers.
	Private bool `json:"private,omitempty"`
	// Creating is the channel name a create call was (or is about to be)
	// made for; Suffix its number (1 = no suffix, 2 = "-2" …).
	Creating string `json:"creating,omitempty"`
	Suffix   int    `json:"suffix,omitempty"`
	// NotInvited lists the plan contacts that could not be added to the
	// incident channel.
	NotInvited []string `json:"not_invited,omitempty"`
	// Batch lists the echo items (this one first) a combined echo post
	// covers; saved before it is posted. One item: an ordinary echo.
	Batch []batchEcho `json:"batch,omitempty"`
	// Files maps a report file's index to its uploaded file ID.
	Files map[string]string `json:"files,omitempty"`
	// RateLimited counts the attempts Slack answered with 429: they waited
	// as told (Retry-After) and do not lengthen the backoff of later
	// failures.
	RateLimited int `json:"rate_limited,omitempty"`
}

// run is one delivery attempt of one item.
type run struct {
	d    *Deliverer
	item incident.OutboxItem
	st   progress
	// resuming is set while an earlier attempt may have made the next
	// call without recording it: the item failed before, or had progress.
	// Only the first step of an attempt can be such a call; it checks
	// Slack before repeating it.
	resuming bool
}

func newRun(d *Deliverer, item incident.OutboxItem) (*run, error) {
	r := &run{d: d, item: item, resuming: item.Attempts > 0 || len(item.State) > 0}
	if len(item.State) > 0 {
		if err := json.Unmarshal(item.State, &r.st); err != nil {
			return nil, permanent(fmt.Errorf("outbox item %d: invalid progress: %w", item.ID, err))
		}
	}
	if r.st.Done == nil {
		r.st.Done = map[string]string{}
	}
	return r, nil
}

// start records that an attempt is under way before its first Slack
// call, unless the item already has progress or failed attempts.
func (r *run) start(ctx context.Context) error {
	if r.resuming {
		return nil
	}
	r.st.Started = true
	return r.save(ctx)
}

// errCrashed ends an attempt as if the process had died: nothing more is
// recorded (see Deliverer.crashAfter).
var errCrashed = errors.New("simulated crash")

// payload decodes the item's payload into v.
func (r *run) payload(v any) error {
	if err := json.Unmarshal(r.item.Payload, v); err != nil {
		return permanent(fmt.Errorf("outbox item %d: invalid payload: %w", r.item.ID, err))
	}
	return nil
}

// save records the progress. It is not cancelled with ctx: what was done
// in Slack must be recorded.
func (r *run) save(ctx context.Context) error {
	b, err := json.Marshal(r.st)
	if err != nil {
		return permanent(err)
	}
	if err := r.d.cfg.Store.SaveOutboxState(context.WithoutCancel(ctx), r.item.ID, b); err != nil {
		return fmt.Errorf("save progress of outbox item %d: %w", r.item.ID, err)
	}
	return nil
}

// step runs fn once for the named step: it is skipped when done, and its
// result is saved as soon as it succeeds. fn learns whether it is the
// first call of a resumed delivery. Between steps a done ctx stops the
// delivery (the item stays pending).
func (r *run) step(ctx context.Context, name string, fn func(resuming bool) (string, error)) (string, error) {
	if res, ok := r.st.Done[name]; ok {
		return res, nil
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	resuming := r.resuming
	r.resuming = false
	res, err := fn(resuming)
	if err != nil {
		return "", err
	}
	if r.d.crashAfter != nil && r.d.crashAfter(r.item, name) {
		return "", errCrashed
	}
	if res == "" {
		res = "ok"
	}
	r.st.Done[name] = res
	return res, r.save(ctx)
}

// postOnce posts one message as the named step and returns its timestamp.
// On a resumed delivery it first looks for the message in the channel (by
// its metadata) and posts only if it is not there.
func (r *run) postOnce(ctx context.Context, name, channel, text string, blocks []slack.Block) (string, error) {
	return r.step(ctx, name, func(resuming bool) (string, error) {
		if resuming {
			if ts, ok, err := r.d.findPosted(ctx, channel, r.item.ID, name); err != nil || ok {
				return ts, err
			}
		}
		meta := outboxMeta(r.item.ID, name)
		_, ts, err := r.d.api.post(ctx, channel, text, blocks, meta)
		if slackCode(err) == "not_in_channel" {
			if err := r.d.joinChannel(ctx, channel); err != nil {
				return "", err
			}
			_, ts, err = r.d.api.post(ctx, channel, text, blocks, meta)
		}
		return ts, err
	})
}

// postResponse posts a response, rendered as one or more messages, as
// steps "<name>.0", "<name>.1" …; it returns the first message's timestamp.
func (r *run) postResponse(ctx context.Context, name, channel string, resp ui.Response) (string, error) {
	text := resp.Text
	if text == "" {
		text = ui.PlainText(resp, nil)
	}
	first := ""
	for i, blocks := range blockkit.Render(resp) {
		ts, err := r.postOnce(ctx, fmt.Sprintf("%s.%d", name, i), channel, text, blocks)
		if err != nil {
			return "", err
		}
		if i == 0 {
			first = ts
		}
	}
	return first, nil
}

// findPosted looks for the message an earlier attempt of item posted as
// step in channel. A channel whose history the bot cannot read (and not
// join) is reported as "not found" with a warning: posting again is
// better than never posting.
func (d *Deliverer) findPosted(ctx context.Context, channel string, itemID int64, step string) (string, bool, error) {
	id, err := d.channelID(ctx, channel)
	if err != nil {
		return "", false, err
	}
	match := func(m slack.Message) bool { return isOutboxMessage(m, itemID, step) }
	ts, ok, err := d.api.findMessage(ctx, id, match)
	if slackCode(err) == "not_in_channel" {
		if jerr := d.api.join(ctx, id); jerr == nil {
			ts, ok, err = d.api.findMessage(ctx, id, match)
		}
	}
	if err != nil && isPermanent(err) {
		d.log.WithError(err).WithField("outbox_id", itemID).Warn("cannot read the channel to see whether the message was already sent; sending")
		return "", false, nil
	}
	return ts, ok, err
}

// joinChannel makes the bot a member of a public channel (ID or name).
func (d *Deliverer) joinChannel(ctx context.Context, channel string) error {
	id, err := d.channelID(ctx, channel)
	if err != nil {
		return err
	}
	return d.api.join(ctx, id)
}

// channelID resolves a channel reference to a conversation ID: IDs are
// returned as they are, a user ID gives the bot's DM with that user, a
// name ("#beredskap" or "beredskap") is looked up once and remembered.
// Returns a permanent error if no channel has that name.
func (d *Deliverer) channelID(ctx context.Context, ref string) (string, error) {
	if isConversationID(ref) {
		return ref, nil
	}
	d.namesMu.Lock()
	id, ok := d.names[ref]
	d.namesMu.Unlock()
	if ok {
		return id, nil
	}
	if ui.IsSlackID(ref) {
		var err error
		if id, err = d.api.openDM(ctx, ref); err != nil {
			return "", err
		}
	} else {
		ch, err := d.api.channelByName(ctx, ref)
		if err != nil {
			return "", err
		}
		if ch == nil {
			return "", permanent(fmt.Errorf("no channel named %s", ref))
		}
		id = ch.ID
	}
	d.namesMu.Lock()
	d.names[ref] = id
	d.namesMu.Unlock()
	return id, nil
}

// isConversationID reports whether s looks like a Slack conversation ID
// (C…, G… or D… in upper case letters and digits).
func isConversationID(s string) bool {
	return len(s) >= 3 && strings.ContainsRune("CGD", rune(s[0])) && upperAlnum(s[1:])
}

func upperAlnum(s string) bool {
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
