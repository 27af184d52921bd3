package cli

import (
	"context"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/delivery"
	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/report"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

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
