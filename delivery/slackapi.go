package delivery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// slackAPI wraps the Slack calls the outbox makes: each call waits for
// its client-side rate limit, runs with its own timeout (a call once
// started is finished even when the caller is shutting down, so its
// result can be recorded), and a 429 pauses that method (or that
// channel's posts) for Retry-After. Errors come back as *callError with
// the method name; the token never appears in them.
type slackAPI struct {
	c       *slack.Client
	lim     *limiter
	limits  Limits
	timeout time.Duration
	// maxWait is how long a call waits for a paused method before giving
	// up with a *slack.RateLimitedError, so one rate-limited method does
	// not hold a worker that other items could use.
	maxWait time.Duration
}

// callError is a failed Slack call.
type callError struct {
	Method string
	Err    error
}

func (e *callError) Error() string { return e.Method + ": " + e.Err.Error() }
func (e *callError) Unwrap() error { return e.Err }

// slackCode returns the Slack error code of err ("name_taken"), or "".
func slackCode(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

// do runs one call of method under the rate limit of key.
func (a *slackAPI) do(ctx context.Context, method, key string, fn func(context.Context) error) error {
	rate := a.limits.Methods[method]
	if key != method {
		rate = a.limits.PostPerChannel
	}
	if until := a.lim.PausedUntil(key); !until.IsZero() {
		if wait := until.Sub(a.lim.now()); wait > a.maxWait {
			return &callError{method, &slack.RateLimitedError{RetryAfter: wait}}
		}
	}
	if err := a.lim.Wait(ctx, key, rate); err != nil {
		return err
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.timeout)
	defer cancel()
	err := fn(cctx)
	if err == nil {
		return nil
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		a.lim.Pause(key, a.lim.now().Add(rl.RetryAfter))
	}
	return &callError{method, err}
}

// outboxMeta is the message metadata that marks a post as step of an
// outbox item, so a retry can find what an interrupted attempt posted.
const outboxEventType = "beredskapsbot_outbox"

func outboxMeta(itemID int64, step string) slack.SlackMetadata {
	return slack.SlackMetadata{EventType: outboxEventType, EventPayload: map[string]any{"outbox_id": itemID, "step": step}}
}

// isOutboxMessage reports whether m carries the metadata of itemID and step.
func isOutboxMessage(m slack.Message, itemID int64, step string) bool {
	md := m.Metadata
	if md.EventType != outboxEventType || md.EventPayload["step"] != step {
		return false
	}
	switch v := md.EventPayload["outbox_id"].(type) {
	case float64:
		return int64(v) == itemID
	case string:
		return v == fmt.Sprint(itemID)
	}
	return false
}

// post sends a message and returns the channel ID and timestamp.
func (a *slackAPI) post(ctx context.Context, channel, text string, blocks []slack.Block, meta slack.SlackMetadata) (string, string, error) {
	opts := []slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionMetadata(meta)}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	var chID, ts string
	err := a.do(ctx, "chat.postMessage", "chat.postMessage:"+channel, func(ctx context.Context) error {
		var err error
		chID, ts, err = a.c.PostMessageContext(ctx, channel, opts...)
		return err
	})
	return chID, ts, err
}

// historyPages bounds how far back findMessage looks: what an interrupted
// attempt posted is among the newest messages of the channel.
const historyPages = 5

// findMessage looks through the newest messages of a channel (with their
// metadata) for one that match accepts and returns its timestamp.
func (a *slackAPI) findMessage(ctx context.Context, channelID string, match func(slack.Message) bool) (string, bool, error) {
	cursor := ""
	for range historyPages {
		var resp *slack.GetConversationHistoryResponse
		err := a.do(ctx, "conversations.history", "conversations.history", func(ctx context.Context) error {
			var err error
			resp, err = a.c.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
				ChannelID: channelID, Cursor: cursor, Limit: 200, IncludeAllMetadata: true})
			return err
		})
		if err != nil {
			return "", false, err
		}
		for _, m := range resp.Messages {
			if match(m) {
				return m.Timestamp, true, nil
			}
		}
		cursor = resp.ResponseMetaData.NextCursor
		if !resp.HasMore || cursor == "" {
			break
		}
	}
	return "", false, nil
}

// createChannel creates a channel and returns its ID.
func (a *slackAPI) createChannel(ctx context.Context, name string, private bool) (string, error) {
	var id string
	err := a.do(ctx, "conversations.create", "conversations.create", func(ctx context.Context) error {
		ch, err := a.c.CreateConversationContext(ctx, slack.CreateConversationParams{ChannelName: name, IsPrivate: private})
		if err == nil {
			id = ch.ID
		}
		return err
	})
	return id, err
}

// channelByName finds a channel the bot can see by name (public ones, and
// private ones it is a member of); nil if there is none.
func (a *slackAPI) channelByName(ctx context.Context, name string) (*slack.Channel, error) {
	name = strings.TrimPrefix(name, "#")
	cursor := ""
	for {
		var list []slack.Channel
		err := a.do(ctx, "conversations.list", "conversations.list", func(ctx context.Context) error {
			var err error
			list, cursor, err = a.c.GetConversationsContext(ctx, &slack.GetConversationsParameters{
				// Slack takes "an integer under 1000".
				Cursor: cursor, Limit: 999, ExcludeArchived: true, Types: []string{"public_channel", "private_channel"}})
			return err
		})
		if err != nil {
			return nil, err
		}
		for i := range list {
			if strings.EqualFold(list[i].Name, name) {
				return &list[i], nil
			}
		}
		if cursor == "" {
			return nil, nil
		}
	}
}

func (a *slackAPI) setTopic(ctx context.Context, channelID, topic string) error {
	return a.do(ctx, "conversations.setTopic", "conversations.setTopic", func(ctx context.Context) error {
		_, err := a.c.SetTopicOfConversationContext(ctx, channelID, topic)
		return err
	})
}

// invite adds users to a channel with force, so the valid ones are added
// even when some are not. It returns the users that could not be added
// with Slack's reason; already_in_channel counts as added.
func (a *slackAPI) invite(ctx context.Context, channelID string, users []string) (map[string]string, error) {
	failed := map[string]string{}
	err := a.do(ctx, "conversations.invite", "conversations.invite", func(ctx context.Context) error {
		_, err := a.c.ForceInviteUsersToConversationContext(ctx, channelID, users...)
		return err
	})
	if err == nil {
		return failed, nil
	}
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) {
		return nil, err
	}
	perUser := false
	for _, e := range se.Errors {
		if ie := e.ConversationsInviteResponseError; ie != nil && ie.User != "" {
			perUser = true
			if ie.Error != "already_in_channel" {
				failed[ie.User] = ie.Error
			}
		}
	}
	switch {
	case perUser:
		return failed, nil
	case se.Err == "already_in_channel":
		return failed, nil
	case len(users) == 1 && userError(se.Err):
		failed[users[0]] = se.Err
		return failed, nil
	}
	return nil, err
}

// userError reports whether a conversations.invite error is about the
// user rather than the call.
func userError(code string) bool {
	switch code {
	case "user_not_found", "cant_invite", "cant_invite_self", "user_is_deactivated", "user_is_restricted",
		"user_is_ultra_restricted", "ura_max_channels", "not_allowed_token_type", "no_user":
		return true
	}
	return false
}

// pin pins a message; already_pinned counts as success.
func (a *slackAPI) pin(ctx context.Context, channelID, ts string) error {
	err := a.do(ctx, "pins.add", "pins.add", func(ctx context.Context) error {
		return a.c.AddPinContext(ctx, channelID, slack.NewRefToMessage(channelID, ts))
	})
	if slackCode(err) == "already_pinned" {
		return nil
	}
	return err
}

// lookupEmail returns the Slack user with an e-mail address; ok is false
// when there is none (users_not_found).
func (a *slackAPI) lookupEmail(ctx context.Context, email string) (string, bool, error) {
	var id string
	err := a.do(ctx, "users.lookupByEmail", "users.lookupByEmail", func(ctx context.Context) error {
		u, err := a.c.GetUserByEmailContext(ctx, email)
		if err == nil {
			id = u.ID
		}
		return err
	})
	if slackCode(err) == "users_not_found" {
		return "", false, nil
	}
	return id, err == nil, err
}

// join makes the bot a member of a public channel.
func (a *slackAPI) join(ctx context.Context, channelID string) error {
	return a.do(ctx, "conversations.join", "conversations.join", func(ctx context.Context) error {
		_, _, _, err := a.c.JoinConversationContext(ctx, channelID)
		return err
	})
}

// openDM returns the ID of the bot's direct-message conversation with a user.
func (a *slackAPI) openDM(ctx context.Context, userID string) (string, error) {
	var id string
	err := a.do(ctx, "conversations.open", "conversations.open", func(ctx context.Context) error {
		ch, _, _, err := a.c.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{userID}})
		if err == nil {
			id = ch.ID
		}
		return err
	})
	return id, err
}

// uploadFile reserves a file and uploads its bytes (steps one and two of
// Slack's external upload); the file is not shared until completeUpload.
// It returns the file ID.
func (a *slackAPI) uploadFile(ctx context.Context, name string, content []byte) (string, error) {
	var u *slack.GetUploadURLExternalResponse
	err := a.do(ctx, "files.getUploadURLExternal", "files.getUploadURLExternal", func(ctx context.Context) error {
		var err error
		u, err = a.c.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: name, FileSize: len(content)})
		return err
	})
	if err != nil {
		return "", err
	}
	err = a.do(ctx, "files.upload", "files.upload", func(ctx context.Context) error {
		return a.c.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: u.UploadURL, Reader: bytes.NewReader(content), Filename: name})
	})
	if err != nil {
		return "", err
	}
	return u.FileID, nil
}

// completeUpload shares an uploaded file in a channel.
func (a *slackAPI) completeUpload(ctx context.Context, channelID, fileID, title string) error {
	return a.do(ctx, "files.completeUploadExternal", "files.completeUploadExternal", func(ctx context.Context) error {
		_, err := a.c.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{
			Files: []slack.FileSummary{{ID: fileID, Title: title}}, Channel: channelID})
		return err
	})
}
