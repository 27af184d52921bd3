package reminders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/sitrep"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// SitRepLead is how long before a situation report is due its writer is
// reminded.
const SitRepLead = 15 * time.Minute

// sitRepStage is the ledger stage of the reminder before a report.
const sitRepStage = "-15m"

// CadenceStore is what the situation report cadence needs from storage.
// storage.DB implements it.
type CadenceStore interface {
	OpenIncidents(ctx context.Context) ([]incident.Incident, error)
	Reports(ctx context.Context, incidentID int64) ([]incident.Report, error)
	Assignments(ctx context.Context, incidentID int64) ([]incident.Assignment, error)
	ClaimReminder(ctx context.Context, itemID, stage, due string, item incident.OutboxItem) (claimed bool, err error)
}

// Cadence reminds the writer of situation reports: for every open
// incident, when the next report is due within Lead (hyppighet in the
// plan's situasjonsrapport section, counted from the last report or from
// opening), it posts a reminder in the incident channel mentioning the
// current holder of the responsible role. The reminder ledger holds it
// once per incident and due time, so it is sent once however often the
// pass runs, in however many processes, and across restarts; a pass run
// after the bot was down sends what is now due, worded as overdue. The
// pass re-reads the incident's reports each time, so a report sent early
// moves the due time and the reminder with it.
type Cadence struct {
	Plan  func() *plan.Plan
	Store CadenceStore
	Loc   *time.Location // default: the plan's zone
	Log   logrus.FieldLogger
	// Lead is how long before the due time the reminder goes (default
	// SitRepLead).
	Lead time.Duration
	// OnQueued is called after a pass that queued anything.
	OnQueued func()
	// Now is the clock of Start's passes (default time.Now).
	Now func() time.Time

	mu sync.Mutex // one pass at a time
}

// SitRepReminder is one reminder a pass queued.
type SitRepReminder struct {
	IncidentID int64
	Number     int
	Due        time.Time
	Post       ui.Post
}

// Pass queues the reminders due at now and returns them. A failure for
// one incident is logged and joined into the error after the others are
// done; a failure to list the open incidents stops the pass.
func (c *Cadence) Pass(ctx context.Context, now time.Time) ([]SitRepReminder, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.Plan()
	if p == nil {
		return nil, errors.New("situation reports: no plan is loaded")
	}
	tmpl := p.SitRepTemplate()
	if tmpl.Every <= 0 {
		return nil, nil
	}
	open, err := c.Store.OpenIncidents(ctx)
	if err != nil {
		return nil, fmt.Errorf("situation reports: %w", err)
	}
	var out []SitRepReminder
	var errs []error
	for _, inc := range open {
		r, ok, err := c.one(ctx, p, tmpl, inc, now)
		if err != nil {
			c.log().WithError(err).WithField("incident", inc.ID).Warn("situation report reminder not queued")
			errs = append(errs, fmt.Errorf("incident %d: %w", inc.ID, err))
			continue
		}
		if ok {
			c.log().WithFields(logrus.Fields{"incident": inc.ID, "report": r.Number, "due": r.Due.Format(time.RFC3339)}).Info("situation report reminder queued")
			out = append(out, r)
		}
	}
	if len(out) > 0 && c.OnQueued != nil {
		c.OnQueued()
	}
	return out, errors.Join(errs...)
}

// one claims the reminder of one incident if it is due.
func (c *Cadence) one(ctx context.Context, p *plan.Plan, tmpl plan.SitRep, inc incident.Incident, now time.Time) (SitRepReminder, bool, error) {
	if inc.ChannelID == "" {
		return SitRepReminder{}, false, nil // the channel is not created yet
	}
	reports, err := c.Store.Reports(ctx, inc.ID)
	if err != nil {
		return SitRepReminder{}, false, err
	}
	number, due, ok := sitrep.Next(tmpl, inc, reports)
	if !ok || now.Before(due.Add(-c.lead())) {
		return SitRepReminder{}, false, nil
	}
	who, err := c.writer(ctx, p, tmpl, inc)
	if err != nil {
		return SitRepReminder{}, false, err
	}
	post := ui.Post{Channel: inc.ChannelID, Response: c.message(p, who, number, due, now)}
	payload, err := json.Marshal(post)
	if err != nil {
		return SitRepReminder{}, false, err
	}
	itemID := "situasjonsrapport:" + strconv.FormatInt(inc.ID, 10)
	claimed, err := c.Store.ClaimReminder(ctx, itemID, sitRepStage, due.UTC().Format(time.RFC3339), incident.OutboxItem{
		Kind: incident.OutboxMessage, Key: "incident:" + strconv.FormatInt(inc.ID, 10), IncidentID: inc.ID, Payload: payload,
	})
	if err != nil {
		return SitRepReminder{}, false, err
	}
	return SitRepReminder{IncidentID: inc.ID, Number: number, Due: due, Post: post}, claimed, nil
}

// writer names who is reminded: the current holder of the responsible
// role (mentioned), or, when nobody holds it, the role.
func (c *Cadence) writer(ctx context.Context, p *plan.Plan, tmpl plan.SitRep, inc incident.Incident) (string, error) {
	if tmpl.Responsible == "" {
		return "<!here>", nil
	}
	roles, err := c.Store.Assignments(ctx, inc.ID)
	if err != nil {
		return "", err
	}
	for _, a := range roles {
		if a.RoleID == tmpl.Responsible && a.EndedAt.IsZero() {
			return ui.Mention(p, a.UserID), nil
		}
	}
	title := tmpl.Responsible
	if r := p.Role(tmpl.Responsible); r != nil {
		title = r.Title
	}
	return i18n.For(p.Lang).T("sitrep.reminder.no_holder", i18n.Args{"Role": title}), nil
}

// message words the reminder in the plan's language.
func (c *Cadence) message(p *plan.Plan, who string, number int, due, now time.Time) ui.Response {
	l := i18n.For(p.Lang)
	loc := c.location(p)
	short := l.T("sitrep.short", i18n.Args{"Name": sitrep.Name(p), "Number": number})
	args := i18n.Args{"Who": who, "Short": short, "Time": sitrep.Clock(p, due, now, loc)}
	id := "sitrep.reminder.overdue"
	if now.Before(due) {
		id = "sitrep.reminder.before"
		args["In"] = sitrep.Duration(p, due.Sub(now))
	}
	text := l.T(id, args)
	return ui.Response{Text: short, Blocks: []ui.Block{{Kind: ui.BlockSection, Text: text}}, Visibility: ui.InChannel}
}

// Start runs a pass now and then every interval until ctx ends or stop
// is called; stop waits for a pass in progress.
func (c *Cadence) Start(ctx context.Context, every time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if _, err := c.Pass(ctx, c.now()); err != nil && ctx.Err() == nil {
				c.log().WithError(err).Warn("situation report pass failed")
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() { cancel(); <-done }
}

func (c *Cadence) lead() time.Duration {
	if c.Lead > 0 {
		return c.Lead
	}
	return SitRepLead
}

func (c *Cadence) location(p *plan.Plan) *time.Location {
	r := Runner{Loc: c.Loc}
	return r.location(p)
}

func (c *Cadence) log() logrus.FieldLogger {
	l := c.Log
	if l == nil {
		l = quietLog
	}
	return l.WithField("component", "sitreps")
}

func (c *Cadence) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}
