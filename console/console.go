// Package console runs Beredskapsbot's commands from standard input, with
// the same handlers as Slack, so the bot can be tried, taught and
// exercised without a Slack workspace.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Store is what the console needs from storage besides the handlers'.
type Store interface {
	SetChannel(ctx context.Context, id int64, channelID, channelName string) error
	Incident(ctx context.Context, id int64) (incident.Incident, error)
	OpenIncidents(ctx context.Context) ([]incident.Incident, error)
	NextOutbox(ctx context.Context, now time.Time, limit int) ([]incident.OutboxItem, error)
	MarkDelivered(ctx context.Context, id int64) error
	ClaimDelivery(ctx context.Context, owner string, staleAfter time.Duration, force bool) (bool, error)
	ReleaseDelivery(ctx context.Context, owner string) error
}

// DefaultChannel is the channel the console starts in: not an incident's.
const DefaultChannel = "konsoll"

// Defaults of the Console fields that are zero.
const (
	// DefaultDeliveryStale is three heartbeats of the bot's deliverer.
	DefaultDeliveryStale = 30 * time.Second
	DefaultChannelWait   = 10 * time.Second
)

// Console reads commands line by line and prints the answers.
//
// Alone on its database the console is the outbox's deliverer: its
// answers are the messages, and what the handlers queued for Slack is
// marked delivered. When a Slack bot serves the same database (it holds
// the delivery lock, see storage.DB.ClaimDelivery), the console leaves
// the outbox to the bot, and a new incident gets the bot's Slack channel
// instead of a console channel.
type Console struct {
	Handler *commands.Handler
	Store   Store
	User    string
	// Prompt is shown before each line when set (an interactive terminal).
	Prompt bool
	// DeliveryStale is how old the delivery lock's heartbeat may be
	// before its holder counts as gone (DefaultDeliveryStale when zero).
	DeliveryStale time.Duration
	// ChannelWait is how long a new incident waits for the serving bot to
	// create its Slack channel (DefaultChannelWait when zero, not at all
	// when negative).
	ChannelWait time.Duration

	channel  string
	owner    string // the console's name in the delivery lock
	botNoted bool   // the user has been told that a bot serves the database
}

// Run reads commands from in until end of input (or "exit") and writes
// the answers to out. It returns nil at end of input; only a failing
// reader or writer is an error.
func (c *Console) Run(ctx context.Context, in io.Reader, out io.Writer) error {
	c.channel = DefaultChannel
	c.owner = fmt.Sprintf("console-%d-%d", os.Getpid(), time.Now().UnixNano())
	if err := c.enterSingleOpen(ctx, out); err != nil {
		return err
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for {
		if c.Prompt {
			fmt.Fprintf(out, "#%s> ", c.channel)
		}
		if !sc.Scan() {
			break
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if line == "exit" || line == "quit" || line == "/exit" {
			return nil
		}
		if err := c.line(ctx, line, out); err != nil {
			return err
		}
	}
	if c.Prompt {
		fmt.Fprintln(out)
	}
	return sc.Err()
}

// enterSingleOpen puts the console in the channel of the only open
// incident, so a second session continues where the first left off.
func (c *Console) enterSingleOpen(ctx context.Context, out io.Writer) error {
	open, err := c.Store.OpenIncidents(ctx)
	if err != nil {
		return err
	}
	if len(open) == 1 && open[0].ChannelID != "" {
		c.channel = open[0].ChannelID
		_, err = fmt.Fprintf(out, "Åpen hendelse: «%s» – du er i #%s.\n", open[0].Title, c.channel)
	}
	return err
}

func (c *Console) line(ctx context.Context, line string, out io.Writer) error {
	if !strings.HasPrefix(line, "/") {
		_, err := fmt.Fprintln(out, "Kommandoer begynner med /. Skriv /beredskap hjelp.")
		return err
	}
	cmd, text, _ := strings.Cut(line, " ")
	if strings.EqualFold(cmd, "/kanal") {
		return c.switchChannel(out, strings.TrimSpace(text))
	}
	resp := c.Handler.Handle(ctx, ui.Request{Command: cmd, Text: strings.TrimSpace(text), UserID: c.User, ChannelID: c.channel})
	if _, err := io.WriteString(out, ui.PlainText(resp, ui.NameResolver(c.Handler.Plan()))); err != nil {
		return err
	}
	// The console delivers only while it holds the delivery lock; a bot
	// serving the database holds it with a fresh heartbeat.
	held, err := c.Store.ClaimDelivery(ctx, c.owner, c.deliveryStale(), false)
	if err != nil {
		return err
	}
	if !held {
		return c.leaveToBot(ctx, resp.Opened, out)
	}
	err = c.deliver(ctx, resp.Opened, out)
	if rerr := c.Store.ReleaseDelivery(context.WithoutCancel(ctx), c.owner); err == nil {
		err = rerr
	}
	return err
}

// deliver is the console's delivery, under the delivery lock: a new
// incident gets its console channel, and the outbox is drained.
func (c *Console) deliver(ctx context.Context, opened *ui.OpenedIncident, out io.Writer) error {
	if opened != nil {
		if err := c.enter(ctx, opened, out); err != nil {
			return err
		}
	}
	return c.drain(ctx, out)
}

// leaveToBot leaves the outbox to the bot that serves the database. A new
// incident's channel is the one the bot creates in Slack: the console
// waits a little for it and enters it.
func (c *Console) leaveToBot(ctx context.Context, opened *ui.OpenedIncident, out io.Writer) error {
	if !c.botNoted {
		c.botNoted = true
		if _, err := fmt.Fprintln(out, "Merk: Slack-boten kjører på denne databasen; den sender meldingene til Slack."); err != nil {
			return err
		}
	}
	if opened == nil {
		return nil
	}
	id := opened.ChannelID
	if id == "" {
		var err error
		if id, err = c.awaitChannel(ctx, opened.IncidentID); err != nil {
			return err
		}
	}
	if id == "" {
		_, err := fmt.Fprintln(out, "→ Boten har ikke opprettet kanalen i Slack ennå; bytt til den med /kanal <kanal-ID> når den finnes.")
		return err
	}
	c.channel = id
	_, err := fmt.Fprintf(out, "→ Du er nå i #%s.\n", c.channel)
	return err
}

// awaitChannel waits up to ChannelWait for the bot to record the
// incident's Slack channel and returns its ID ("" if it did not come).
func (c *Console) awaitChannel(ctx context.Context, incidentID int64) (string, error) {
	wait := c.ChannelWait
	if wait == 0 {
		wait = DefaultChannelWait
	}
	deadline := time.Now().Add(wait)
	for {
		inc, err := c.Store.Incident(ctx, incidentID)
		if err != nil {
			return "", err
		}
		if inc.ChannelID != "" || !time.Now().Before(deadline) {
			return inc.ChannelID, nil
		}
		select {
		case <-ctx.Done():
			return "", nil
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (c *Console) deliveryStale() time.Duration {
	if c.DeliveryStale > 0 {
		return c.DeliveryStale
	}
	return DefaultDeliveryStale
}

func (c *Console) switchChannel(out io.Writer, name string) error {
	if name == "" {
		_, err := fmt.Fprintf(out, "Du er i #%s. Bytt med /kanal <navn>.\n", c.channel)
		return err
	}
	c.channel = strings.TrimPrefix(name, "#")
	_, err := fmt.Fprintf(out, "Du er nå i #%s.\n", c.channel)
	return err
}

// enter gives a newly opened incident its console channel (named as the
// Slack channel would be) and moves the console into it.
func (c *Console) enter(ctx context.Context, o *ui.OpenedIncident, out io.Writer) error {
	if o.Existing && o.ChannelID != "" {
		c.channel = o.ChannelID
		_, err := fmt.Fprintf(out, "→ Du er nå i #%s.\n", c.channel)
		return err
	}
	name := o.ChannelName
	for n := 2; ; n++ {
		err := c.Store.SetChannel(ctx, o.IncidentID, name, name)
		if err == nil {
			break
		}
		if !errors.Is(err, incident.ErrConflict) || n > 100 {
			return err
		}
		name = fmt.Sprintf("%s-%d", o.ChannelName, n)
	}
	c.channel = name
	_, err := fmt.Fprintf(out, "→ Du er nå i #%s.\n", c.channel)
	return err
}

// drain marks what the handlers queued for Slack as delivered: in the
// console the answer itself is the message, and a later Slack session on
// the same database must not post console incidents. It runs only while
// the console holds the delivery lock.
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
