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
	"sync"
	"time"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Store is what the console needs from storage besides the handlers'.
type Store interface {
	SetChannel(ctx context.Context, id int64, channelID, channelName string) error
	Incident(ctx context.Context, id int64) (incident.Incident, error)
	OpenIncidents(ctx context.Context) ([]incident.Incident, error)
	Incidents(ctx context.Context) ([]incident.Incident, error)
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
	// DefaultPoll is how often a session looks for reminders and
	// messages that have become due.
	DefaultPoll = time.Minute
	// DefaultRecentClosed is how long after closing a session still
	// starts in the closed incident's channel (for the evaluation).
	DefaultRecentClosed = 24 * time.Hour
)

// Console reads commands line by line and prints the answers.
//
// Alone on its database the console is the outbox's deliverer: its
// answers are the messages, and what the handlers queued for Slack is
// marked delivered, except the reminders and messages to channels, which
// are printed first. When a Slack bot serves the same database (it holds
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
	// Reminders, when set, runs the reminder passes while the console is
	// open: at start (catching up) and on ReminderSchedule, as the bot
	// does; what they queue is printed. Its OnQueued is set by Run.
	Reminders        *reminders.Runner
	ReminderSchedule string
	// Poll is how often the console prints reminders and messages that
	// have become due (DefaultPoll when zero, never when negative).
	Poll time.Duration
	// RecentClosed is how long after an incident closed a new session
	// starts in its channel (DefaultRecentClosed when zero).
	RecentClosed time.Duration

	mu       sync.Mutex // one line or background delivery at a time, and its output
	due      chan struct{}
	channel  string
	owner    string // the console's name in the delivery lock
	botNoted bool   // the user has been told that a bot serves the database
}

// Run reads commands from in until end of input (or "exit") and writes
// the answers to out. It returns nil at end of input; only a failing
// reader or writer is an error.
func (c *Console) Run(ctx context.Context, in io.Reader, out io.Writer) (err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c.channel = DefaultChannel
	c.owner = fmt.Sprintf("console-%d-%d", os.Getpid(), time.Now().UnixNano())
	c.due = make(chan struct{}, 1)
	if err := c.enterOnStart(ctx, out); err != nil {
		return err
	}
	if c.Reminders != nil {
		c.Reminders.OnQueued = c.poke
		stop, err := c.Reminders.Start(ctx, c.ReminderSchedule)
		if err != nil {
			return err
		}
		defer stop()
	}
	if err := c.deliverDue(ctx, out, false); err != nil {
		return err
	}
	bg := make(chan error, 1)
	go func() { bg <- c.background(ctx, out) }()
	defer func() {
		cancel()
		if berr := <-bg; err == nil {
			err = berr
		}
	}()

	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for {
		if c.Prompt {
			c.mu.Lock()
			fmt.Fprintf(out, "#%s> ", c.channel)
			c.mu.Unlock()
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
		c.mu.Lock()
		err := c.line(ctx, line, out)
		c.mu.Unlock()
		if err != nil {
			return err
		}
	}
	if c.Prompt {
		fmt.Fprintln(out)
	}
	return sc.Err()
}

// enterOnStart puts the console in the channel of the only open
// incident, so a second session continues where the first left off; with
// no incident open, in the channel of the one closed last, if that was
// recently, so it can be evaluated.
func (c *Console) enterOnStart(ctx context.Context, out io.Writer) error {
	open, err := c.Store.OpenIncidents(ctx)
	if err != nil {
		return err
	}
	if len(open) == 1 && open[0].ChannelID != "" {
		c.channel = open[0].ChannelID
		_, err = fmt.Fprintln(out, c.t("console.open", i18n.Args{"Title": open[0].Title, "Channel": c.channel}))
		return err
	}
	if len(open) > 0 {
		return nil
	}
	all, err := c.Store.Incidents(ctx)
	if err != nil {
		return err
	}
	var last *incident.Incident
	for i, inc := range all {
		if !inc.ClosedAt.IsZero() && (last == nil || inc.ClosedAt.After(last.ClosedAt)) {
			last = &all[i]
		}
	}
	recent := c.RecentClosed
	if recent <= 0 {
		recent = DefaultRecentClosed
	}
	if last == nil || last.ChannelID == "" || time.Since(last.ClosedAt) > recent {
		return nil
	}
	c.channel = last.ChannelID
	_, err = fmt.Fprintln(out, c.t("console.last_closed", i18n.Args{"Title": last.Title,
		"At": ui.StampIn(c.lang(), last.ClosedAt, c.Handler.Loc), "Channel": c.channel}))
	return err
}

func (c *Console) line(ctx context.Context, line string, out io.Writer) error {
	if !strings.HasPrefix(line, "/") {
		_, err := fmt.Fprintln(out, c.t("console.commands", nil))
		return err
	}
	cmd, text, _ := strings.Cut(line, " ")
	if strings.EqualFold(cmd, "/kanal") {
		return c.switchChannel(out, strings.TrimSpace(text))
	}
	p := c.Handler.Plan()
	text, problem := mentions(p, strings.TrimSpace(text), takesUser(cmd, text))
	if problem != "" {
		_, err := fmt.Fprintln(out, problem)
		return err
	}
	resp := c.Handler.Handle(ctx, ui.Request{Command: cmd, Text: text, UserID: c.User, ChannelID: c.channel})
	if _, err := io.WriteString(out, ui.PlainText(forConsole(c.lang(), resp), ui.NameResolver(p))); err != nil {
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
		if _, err := fmt.Fprintln(out, c.t("console.bot_serves", nil)); err != nil {
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
		_, err := fmt.Fprintln(out, c.t("console.no_channel_yet", nil))
		return err
	}
	c.channel = id
	_, err := fmt.Fprintln(out, c.t("console.moved", i18n.Args{"Channel": c.channel}))
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
		_, err := fmt.Fprintln(out, c.t("console.here", i18n.Args{"Channel": c.channel}))
		return err
	}
	c.channel = strings.TrimPrefix(name, "#")
	_, err := fmt.Fprintln(out, c.t("console.switched", i18n.Args{"Channel": c.channel}))
	return err
}

// enter gives a newly opened incident its console channel (named as the
// Slack channel would be) and moves the console into it.
func (c *Console) enter(ctx context.Context, o *ui.OpenedIncident, out io.Writer) error {
	if o.Existing && o.ChannelID != "" {
		c.channel = o.ChannelID
		_, err := fmt.Fprintln(out, c.t("console.moved", i18n.Args{"Channel": c.channel}))
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
	_, err := fmt.Fprintln(out, c.t("console.moved", i18n.Args{"Channel": c.channel}))
	return err
}
