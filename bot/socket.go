package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/sirupsen/logrus"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// NewSocketClient returns a Socket Mode client for api, which must carry
// the app-level token (slack.OptionAppLevelToken). opts are passed on
// (tests shorten the ping interval with socketmode.OptionPingInterval).
func NewSocketClient(api *slack.Client, opts ...socketmode.Option) *socketmode.Client {
	return socketmode.New(api, opts...)
}

// RunSocket serves slash commands, interactivity and events over Socket
// Mode with the same handlers as HTTP until ctx ends. The client
// reconnects by itself when the connection drops. RunSocket returns nil
// when ctx ends (after the envelopes being handled are acknowledged), or
// the error that makes connecting impossible, such as a revoked app token.
func (a *App) RunSocket(ctx context.Context, sm *socketmode.Client) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- sm.RunContext(ctx) }()

	var handling sync.WaitGroup
	defer handling.Wait()
	for {
		select {
		case err := <-runErr:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("socket mode: %w", err)
		case evt := <-sm.Events:
			switch evt.Type {
			case socketmode.EventTypeConnecting:
				a.log.Debug("socket mode: connecting")
			case socketmode.EventTypeConnected:
				a.log.Info("socket mode: connected")
			case socketmode.EventTypeConnectionError:
				a.log.WithField("error", fmt.Sprint(evt.Data)).Warn("socket mode: connection failed; retrying")
			case socketmode.EventTypeInvalidAuth:
				a.log.Error("socket mode: Slack refused the app token")
			case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
				handling.Add(1)
				go func() {
					defer handling.Done()
					a.socketEnvelope(ctx, sm, evt)
				}()
			}
		}
	}
}

// socketEnvelope handles one envelope and acknowledges it, with the same
// payload an HTTP response would carry.
func (a *App) socketEnvelope(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		return
	}
	id := evt.Request.EnvelopeID
	l := a.log.WithFields(logrus.Fields{"envelope": id, "type": evt.Type})
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		sc, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			a.ack(ctx, sm, id, nil, l)
			return
		}
		rep := a.command(sc)
		if rep == nil {
			a.ack(ctx, sm, id, nil, l)
			return
		}
		if err := sm.AckCtx(ctx, id, rep); err != nil {
			// Too big for an acknowledgement (20 KB): send it to
			// response_url instead.
			l.WithError(err).Debug("ack payload refused; answering through response_url")
			a.ack(ctx, sm, id, nil, l)
			to := replyTarget{responseURL: sc.ResponseURL, channelID: sc.ChannelID, userID: sc.UserID}
			a.background(func(ctx context.Context) { a.postAll(ctx, to, []reply{*rep}) })
		}
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			a.ack(ctx, sm, id, nil, l)
			return
		}
		a.ack(ctx, sm, id, a.interaction(cb), l)
	case socketmode.EventTypeEventsAPI:
		a.ack(ctx, sm, id, nil, l)
		if _, err := a.event(evt.Request.Payload); err != nil {
			l.WithError(err).Warn("socket mode: bad event")
		}
	}
}

// ack acknowledges an envelope with payload (none when nil).
func (a *App) ack(ctx context.Context, sm *socketmode.Client, id string, payload any, l logrus.FieldLogger) {
	if err := sm.AckCtx(ctx, id, payload); err != nil && !errors.Is(err, context.Canceled) {
		l.WithError(err).Warn("socket mode: ack failed")
	}
}
