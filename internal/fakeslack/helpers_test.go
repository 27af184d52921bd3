package fakeslack_test

import (
	"errors"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/internal/testclock"
)

// client returns a real slack-go client pointed at the fake.
func client(t testing.TB, fake *fakeslack.Server, opts ...slack.Option) *slack.Client {
	t.Helper()
	all := append([]slack.Option{
		slack.OptionAPIURL(fake.URL()),
		slack.OptionAppLevelToken(fake.AppToken()),
	}, opts...)
	return slack.New(fake.Token(), all...)
}

// slackError returns the Slack error code of err, or "" if err is not a
// Slack error answer.
func slackError(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

// asSlackError reports whether err is a Slack error answer and sets se.
func asSlackError(err error, se *slack.SlackErrorResponse) bool {
	return errors.As(err, se)
}

// newClock is a settable clock for WithClock.
func newClock() *testclock.Clock {
	return testclock.New(time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC))
}

// mustCreate creates a channel through the API and fails the test on error.
func mustCreate(t testing.TB, api *slack.Client, name string, private bool) *slack.Channel {
	t.Helper()
	ch, err := api.CreateConversation(slack.CreateConversationParams{ChannelName: name, IsPrivate: private})
	if err != nil {
		t.Fatalf("create %q: %v", name, err)
	}
	return ch
}

// mustPost posts a text message and returns its timestamp.
func mustPost(t testing.TB, api *slack.Client, channel, text string, opts ...slack.MsgOption) string {
	t.Helper()
	_, ts, err := api.PostMessage(channel, append([]slack.MsgOption{slack.MsgOptionText(text, false)}, opts...)...)
	if err != nil {
		t.Fatalf("post to %s: %v", channel, err)
	}
	return ts
}
