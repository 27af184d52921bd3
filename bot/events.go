package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/sirupsen/logrus"
	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// PinReaction is the reaction (📌) that logs a message in an incident
// channel as an event.
const PinReaction = "pushpin"

// eventEnvelope is the part of an Events API body the bot reads.
type eventEnvelope struct {
	Type      string `json:"type"` // "url_verification" or "event_callback"
	Challenge string `json:"challenge"`
	EventID   string `json:"event_id"`
	Event     struct {
		Type     string `json:"type"`
		User     string `json:"user"`
		Reaction string `json:"reaction"`
		Item     struct {
			Type    string `json:"type"`
			Channel string `json:"channel"`
			TS      string `json:"ts"`
		} `json:"item"`
	} `json:"event"`
}

// errBadEvent means an Events API body could not be decoded.
var errBadEvent = errors.New("malformed events API body")

// event handles an Events API body and returns the challenge to answer a
// url_verification with ("" otherwise). The work an event causes runs in
// the background, so Slack is answered at once; an event_id seen before
// (Slack's retries) is ignored. It returns an error wrapping errBadEvent
// for a body that is not an event.
func (a *App) event(body []byte) (string, error) {
	var env eventEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return "", fmt.Errorf("%w: %v", errBadEvent, err)
	}
	switch env.Type {
	case "url_verification":
		return env.Challenge, nil
	case "event_callback":
	default:
		return "", nil
	}
	now := a.now()
	if env.EventID != "" && !a.events.add(env.EventID, now, now.Add(eventMemory)) {
		a.log.WithField("event_id", env.EventID).Debug("event already handled; retry ignored")
		return "", nil
	}
	ev := env.Event
	if ev.Type == "reaction_added" && ev.Reaction == PinReaction && ev.Item.Type == "message" && !a.isBot(ev.User) {
		a.background(func(ctx context.Context) {
			a.pinned(ctx, ev.Item.Channel, ev.Item.TS, ev.User)
		})
	}
	return "", nil
}

// pinned logs the message at ts in channel as an event of the channel's
// incident, once: pinning the same message again changes nothing.
// Reactions outside incident channels, and in closed incidents, are
// ignored.
func (a *App) pinned(ctx context.Context, channel, ts, user string) {
	l := a.log.WithFields(logrus.Fields{"channel": channel, "ts": ts, "user": user})
	inc, err := a.h.Store.IncidentByChannel(ctx, channel)
	if errors.Is(err, incident.ErrNotFound) {
		return
	}
	if err != nil {
		l.WithError(err).Error("pin: finding the incident failed")
		return
	}
	if !inc.Open() {
		return
	}
	msg, err := a.fetchMessage(ctx, channel, ts)
	if err != nil {
		l.WithError(err).Warn("pin: could not fetch the pinned message")
		return
	}
	text := msg.Text
	if text == "" {
		text = "(festet melding uten tekst)"
	}
	if utf8.RuneCountInString(text) > commands.MaxTextLen {
		text = clip(text, commands.MaxTextLen)
	}
	_, err = a.h.LogMessage(ctx, ui.Request{UserID: user, ChannelID: channel}, ui.MessageRef{Channel: channel, TS: ts}, incident.EntryEvent, text)
	switch apperr.CodeOf(err) {
	case "":
		a.notify()
		l.WithField("incident", inc.ID).Info("pinned message logged")
	case apperr.Conflict:
		l.WithError(err).Debug("pin: message not logged (already logged, or the incident is closed)")
	default:
		l.WithError(err).Warn("pin: logging the message failed")
	}
}

// errMessageNotFound: the pinned message is neither in the channel's
// history nor in a thread.
var errMessageNotFound = errors.New("message not found")

// fetchMessage returns the message at ts in channel: from the history
// (latest=ts, inclusive, limit 1), else, for a reply in a thread, from
// conversations.replies.
func (a *App) fetchMessage(ctx context.Context, channel, ts string) (slack.Message, error) {
	h, err := a.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
		ChannelID: channel, Latest: ts, Inclusive: true, Limit: 1})
	if err != nil {
		return slack.Message{}, fmt.Errorf("conversations.history: %w", err)
	}
	if len(h.Messages) > 0 && h.Messages[0].Timestamp == ts {
		return h.Messages[0], nil
	}
	msgs, _, _, err := a.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
		ChannelID: channel, Timestamp: ts, Latest: ts, Oldest: ts, Inclusive: true, Limit: 10})
	if err != nil {
		return slack.Message{}, fmt.Errorf("conversations.replies: %w", err)
	}
	for _, m := range msgs {
		if m.Timestamp == ts {
			return m, nil
		}
	}
	return slack.Message{}, fmt.Errorf("%w: %s/%s", errMessageNotFound, channel, ts)
}
