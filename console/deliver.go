package console

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// drain delivers what the handlers and the reminder passes queued: the
// reminders and messages to channels are printed, the rest is marked
// delivered unprinted (in the console the answer itself is the message,
// and a later Slack session on the same database must not post console
// incidents). Each item is printed before it is marked delivered. It runs
// only while the console holds the delivery lock.
func (c *Console) drain(ctx context.Context, out io.Writer) error {
	for {
		// An item waits for the earlier ones with its key: more passes.
		now := time.Now()
		if t := c.Handler.Now(); t.After(now) {
			now = t // a test clock ahead of the wall clock
		}
		items, err := c.Store.NextOutbox(ctx, now.Add(24*time.Hour), 100)
		if err != nil || len(items) == 0 {
			return err
		}
		marked := 0
		for _, it := range items {
			// Tolerance warnings are printed when due, and wait until then.
			if it.Kind == incident.OutboxFunctionWarning {
				done, err := c.functionWarning(ctx, it, out)
				if err != nil {
					return err
				}
				if !done {
					continue
				}
			} else if text := c.printed(it); text != "" {
				if _, err := io.WriteString(out, text); err != nil {
					return err
				}
			}
			if err := c.Store.MarkDelivered(ctx, it.ID); err != nil {
				return err
			}
			marked++
		}
		if marked == 0 {
			return nil
		}
	}
}

// printed is how an outbox item shows in the console: a heading naming
// the channel and the message as plain text, for a reminder or a message
// to a channel; "" for anything else.
func (c *Console) printed(it incident.OutboxItem) string {
	var heading string
	switch it.Kind {
	case incident.OutboxReminder:
		heading = c.t("console.heading.reminder", nil)
	case incident.OutboxMessage:
		heading = c.t("console.heading.message", nil)
	default:
		return ""
	}
	var post ui.Post
	if err := json.Unmarshal(it.Payload, &post); err != nil {
		return c.t("console.unreadable", i18n.Args{"Heading": heading, "ID": it.ID}) + "\n"
	}
	if post.Channel != "" {
		heading = c.t("console.heading.to", i18n.Args{"Heading": heading, "Channel": strings.TrimPrefix(post.Channel, "#")})
	}
	return heading + ":\n" + ui.PlainText(forConsole(c.lang(), post.Response), ui.NameResolver(c.Handler.Plan()))
}

// lang is the language of the plan in use (bokmål without a plan).
func (c *Console) lang() i18n.Lang {
	if p := c.Handler.Plan(); p != nil {
		return p.Lang
	}
	return i18n.Default
}

// t renders a console message in the plan's language.
func (c *Console) t(id string, args i18n.Args) string {
	return i18n.For(c.lang()).T(id, args)
}

// deliverDue prints and marks delivered what is due, if the console can
// take the delivery lock; while a bot serves the database, the bot
// delivers. atPrompt means the user sits at a prompt that the output
// interrupts: it is shown again after.
func (c *Console) deliverDue(ctx context.Context, out io.Writer, atPrompt bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	held, err := c.Store.ClaimDelivery(ctx, c.owner, c.deliveryStale(), false)
	if err != nil || !held {
		return err
	}
	var buf strings.Builder
	err = c.drain(ctx, &promptWriter{w: out, buf: &buf, atPrompt: atPrompt && c.Prompt})
	if rerr := c.Store.ReleaseDelivery(context.WithoutCancel(ctx), c.owner); err == nil {
		err = rerr
	}
	if err == nil && atPrompt && c.Prompt && buf.Len() > 0 {
		_, err = fmt.Fprintf(out, "#%s> ", c.channel)
	}
	return err
}

// promptWriter starts output that interrupts a prompt on a new line.
type promptWriter struct {
	w        io.Writer
	buf      *strings.Builder // what was written, to know whether anything was
	atPrompt bool
}

func (p *promptWriter) Write(b []byte) (int, error) {
	if p.atPrompt && p.buf.Len() == 0 && len(b) > 0 {
		if _, err := io.WriteString(p.w, "\n"); err != nil {
			return 0, err
		}
	}
	p.buf.Write(b)
	return p.w.Write(b)
}

// background prints, until ctx is done, what becomes due while the user
// types: every Poll, and at once when a reminder pass has queued
// something. Its error is the writer's or the store's.
func (c *Console) background(ctx context.Context, out io.Writer) error {
	poll := c.Poll
	if poll == 0 {
		poll = DefaultPoll
	}
	var tick <-chan time.Time
	if poll > 0 {
		t := time.NewTicker(poll)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick:
		case <-c.due:
		}
		if err := c.deliverDue(ctx, out, true); err != nil && ctx.Err() == nil {
			return err
		}
	}
}

// poke tells the background loop that something was queued.
func (c *Console) poke() {
	select {
	case c.due <- struct{}{}:
	default:
	}
}
