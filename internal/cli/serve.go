package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/record"
	"github.com/beredskapsbot/beredskapsbot/reminders"
)

// shutdownGrace bounds how long serve waits for work in flight after
// SIGINT/SIGTERM.
const shutdownGrace = 30 * time.Second

// serveCmd runs the Slack bot: the outbox deliverer, the reminder
// schedule, the HTTP server (always, for /healthz; /slack/events in HTTP
// mode) and Socket Mode when SLACK_APP_TOKEN is set. It returns 0 after a
// clean shutdown on SIGINT/SIGTERM, 1 when it cannot start or a server
// fails, 2 for bad settings.
func serveCmd(c *call, args []string) int {
	ctx, cfg, stderr := c.ctx, c.cfg, c.stderr
	fs := c.flags("serve")
	if code := c.parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, c.t("cli.serve.no_args", i18n.Args{"Args": fmt.Sprintf("%q", fs.Args())}))
		return 2
	}
	if err := cfg.ValidateSlack(); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	log := cfg.NewLogger()
	p, db, code := openPlanAndStore(cfg, "", log, stderr)
	if code != 0 {
		return code
	}
	defer db.Close()
	loc := displayLocation(cfg, p)

	opts := []slack.Option{slack.OptionAPIURL(cfg.APIURL)}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	api := slack.New(cfg.BotToken, opts...)
	h := commands.New(p, db, location(cfg), log)
	h.AlarmChannel = cfg.Channel // /beredskap varsle posts where incidents are announced
	// Channel membership and e-mail addresses for the permission checks
	// come from Slack, cached briefly; an invite clears the channel's entry.
	dir := bot.NewDirectory(api, time.Now)
	h.Directory = dir
	d := newDeliverer(cfg, db, p, loc, log, dir.Invalidate)
	app, err := bot.NewApp(bot.AppConfig{Handler: h, Slack: api, DB: db, Notifier: d, SigningSecret: cfg.SigningSecret, Log: log})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}

	actx, cancel := context.WithTimeout(ctx, 15*time.Second)
	who, err := app.CheckSlack(actx)
	cancel()
	if err != nil {
		fmt.Fprintln(stderr, slackStartError(err, cfg.APIURL))
		return 1
	}
	log.WithFields(logrus.Fields{"team": who.Team, "bot_user": who.UserID}).Info("koblet til Slack")

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		fmt.Fprintf(stderr, "kunne ikke lytte på BEREDSKAP_LISTEN=%s: %v\n", cfg.Listen, err)
		return 1
	}

	// The deliverer runs until everything else has stopped, so what the
	// last commands queued is still delivered.
	dctx, stopDeliverer := context.WithCancel(context.WithoutCancel(ctx))
	defer stopDeliverer()
	delivered := make(chan struct{})
	go func() {
		defer close(delivered)
		_ = d.Run(dctx)
	}()

	runCtx, stopRunning := context.WithCancel(ctx)
	defer stopRunning()
	fatal := make(chan error, 2)

	r := &reminders.Runner{Plan: h.Plan, Store: db, Loc: loc, Log: log, OnQueued: d.Notify}
	stopReminders, err := r.Start(runCtx, cfg.ReminderSchedule)
	if err != nil {
		fmt.Fprintf(stderr, "påminnelsene kunne ikke startes: %v\n", err)
		_ = ln.Close()
		stopDeliverer()
		<-delivered
		return 1
	}

	// Situation report reminders: a pass a minute, once per due time (ledger).
	stopCadence := (&reminders.Cadence{Plan: h.Plan, Store: db, Loc: loc, Log: log, OnQueued: d.Notify}).Start(runCtx, time.Minute)
	defer stopCadence()
	anchorsDone := make(chan struct{})
	if cfg.AnchorChannel != "" {
		j := &record.AnchorJob{Store: db, Channel: cfg.AnchorChannel, Loc: loc, OnQueued: d.Notify, Log: log,
			Lang: func() i18n.Lang { return h.Plan().Lang }}
		go func() {
			defer close(anchorsDone)
			_ = j.Run(runCtx)
		}()
	} else {
		close(anchorsDone)
	}

	srv := app.NewHTTPServer(cfg.Listen)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fatal <- fmt.Errorf("HTTP-serveren stoppet: %w", err)
		}
	}()
	socketDone := make(chan struct{})
	mode := "HTTP (POST " + ln.Addr().String() + "/slack/events)"
	if cfg.SocketMode() {
		mode = "Socket Mode"
		go func() {
			defer close(socketDone)
			if err := app.RunSocket(runCtx, bot.NewSocketClient(api)); err != nil {
				fatal <- fmt.Errorf("forbindelsen i Socket Mode stoppet: %w", err)
			}
		}()
	} else {
		close(socketDone)
	}
	log.WithFields(logrus.Fields{"mode": mode, "listen": ln.Addr().String(), "reminders": cfg.ReminderSchedule}).Info("Beredskapsbot kjører")

	exit := 0
	select {
	case <-ctx.Done():
		log.Info("stopper: fullfører det som er i gang")
	case err := <-fatal:
		log.WithError(err).Error("stopper på grunn av feil")
		fmt.Fprintln(stderr, err)
		exit = 1
	}

	// Stop taking new work, then finish what is in flight: commands
	// running in the background, a reminder pass, the deliverer's item.
	stopRunning()
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.WithError(err).Warn("HTTP-serveren stoppet ikke pent")
	}
	<-socketDone
	stopReminders()
	stopCadence()
	<-anchorsDone
	if err := app.Shutdown(sctx); err != nil {
		log.WithError(err).Warn("ikke alt arbeid ble ferdig før stopp")
	}
	stopDeliverer()
	select {
	case <-delivered:
	case <-sctx.Done():
		log.Warn("utboksen ble ikke ferdig før stopp; resten leveres ved neste start")
	}
	log.Info("stoppet")
	return exit
}

// slackStartError explains in bokmål why the first auth.test failed.
func slackStartError(err error, apiURL string) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch se.Err {
		case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive":
			return fmt.Sprintf("Slack godtok ikke SLACK_BOT_TOKEN (%s). Bruk bot-tokenet (xoxb-…) fra «OAuth & Permissions» "+
				"i Slack-appen, og sjekk at appen er installert i arbeidsområdet.", se.Err)
		}
		return fmt.Sprintf("Slack avviste oppstartssjekken (auth.test): %s", se.Err)
	}
	return fmt.Sprintf("Kunne ikke nå Slack på %s: %v. Sjekk nettverket og SLACK_API_URL.", apiURL, err)
}
