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
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Store is what the console needs from storage besides the handlers'.
type Store interface {
	SetChannel(ctx context.Context, id int64, channelID, channelName string) error
	OpenIncidents(ctx context.Context) ([]incident.Incident, error)
	NextOutbox(ctx context.Context, now time.Time, limit int) ([]incident.OutboxItem, error)
	MarkDelivered(ctx context.Context, id int64) error
}

// DefaultChannel is the channel the console starts in: not an incident's.
const DefaultChannel = "konsoll"

// Console reads commands line by line and prints the answers.
type Console struct {
	Handler *commands.Handler
	Store   Store
	User    string
	// Prompt is shown before each line when set (an interactive terminal).
	Prompt  bool
	channel string
}

// Run reads commands from in until end of input (or "exit") and writes
// the answers to out. It returns nil at end of input; only a failing
// reader or writer is an error.
func (c *Console) Run(ctx context.Context, in io.Reader, out io.Writer) error {
	c.channel = DefaultChannel
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
	if resp.Opened != nil {
		if err := c.enter(ctx, resp.Opened, out); err != nil {
			return err
		}
	}
	return c.drain(ctx)
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
// the same database must not post console incidents.
func (c *Console) drain(ctx context.Context) error {
	items, err := c.Store.NextOutbox(ctx, time.Now().Add(24*time.Hour), 100)
	if err != nil {
		return err
	}
	for _, it := range items {
		if err := c.Store.MarkDelivered(ctx, it.ID); err != nil {
			return err
		}
	}
	return nil
}
