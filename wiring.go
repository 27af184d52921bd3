package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/delivery"
	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/report"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// openPlanAndStore loads the plan (refusing one with errors) and opens the
// database. A non-zero code means it failed and said why on stderr.
func openPlanAndStore(cfg config.Config, dir string, log logrus.FieldLogger, stderr io.Writer) (*plan.Plan, *storage.DB, int) {
	p, diags, source := loadPlan(cfg, dir)
	if diags.HasErrors() {
		for _, d := range diags.Errors() {
			fmt.Fprintln(stderr, d.String())
		}
		fmt.Fprintf(stderr, "Planen i %s har feil; rett dem og prøv igjen (beredskapsbot plan check).\n", source)
		return nil, nil, 1
	}
	db, err := storage.Open(cfg.DBPath)
	if err != nil {
		fmt.Fprintf(stderr, "kunne ikke åpne databasen %s: %v\n", cfg.DBPath, err)
		return nil, nil, 1
	}
	log.WithFields(logrus.Fields{"plan": source, "db": cfg.DBPath}).Debug("plan and database ready")
	return p, db, 0
}

// location returns the time zone override from the settings, or nil to
// use the plan's.
func location(cfg config.Config) *time.Location {
	if cfg.TimeZone == "" {
		return nil
	}
	loc, err := time.LoadLocation(cfg.TimeZone)
	if err != nil {
		return nil // Validate has already refused it
	}
	return loc
}

// displayLocation is the zone times are shown and scheduled in:
// BEREDSKAP_TZ, else the plan's zone, else Europe/Oslo.
func displayLocation(cfg config.Config, p *plan.Plan) *time.Location {
	if loc := location(cfg); loc != nil {
		return loc
	}
	if p != nil && p.Location != nil {
		return p.Location
	}
	if loc, err := time.LoadLocation("Europe/Oslo"); err == nil {
		return loc
	}
	return time.UTC
}

// newDeliverer is the outbox deliverer of the bot and of a one-off
// `reminders run`: the Slack settings, the announcement channel and the
// report uploaded when an incident closes.
func newDeliverer(cfg config.Config, db *storage.DB, p *plan.Plan, loc *time.Location, log logrus.FieldLogger) *delivery.Deliverer {
	client := slack.New(cfg.BotToken, slack.OptionAPIURL(cfg.APIURL))
	planFn := func() *plan.Plan { return p }
	return delivery.NewDeliverer(delivery.DelivererConfig{
		Client: client, Store: db, Plan: planFn, Loc: loc, Log: log, AnnounceChannel: cfg.Channel,
		Report: func(ctx context.Context, id int64) ([]delivery.ReportFile, error) {
			files, err := report.Files(ctx, db, p, id, loc)
			if err != nil {
				return nil, err
			}
			out := make([]delivery.ReportFile, len(files))
			for i, f := range files {
				out[i] = delivery.ReportFile{Name: f.Name, Title: f.Title, Content: f.Content}
			}
			return out, nil
		},
	})
}
