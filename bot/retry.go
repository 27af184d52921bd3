package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/slack-go/slack"
)

// httpStatusError is a non-200 answer from a response_url.
type httpStatusError struct {
	status     int
	retryAfter time.Duration
}

func (e *httpStatusError) Error() string { return fmt.Sprintf("response_url: HTTP %d", e.status) }

// answerRetries bounds how often an answer to a user is tried: the waits
// add up to about two minutes, well inside a response_url's 30 minutes.
var answerRetries = []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 15 * time.Second, 30 * time.Second, 60 * time.Second}

// retryTransient runs fn until it succeeds, fails for good, or the retries
// are spent, waiting between tries with sleep. Rate limits (429,
// honouring Retry-After), server errors and network errors are
// transient; anything else is returned at once. When ctx ends during a
// wait, fn's last error is returned.
func retryTransient(ctx context.Context, sleep func(context.Context, time.Duration) error, fn func() error) error {
	var err error
	for i := 0; ; i++ {
		if err = fn(); err == nil {
			return nil
		}
		wait, ok := transient(err)
		if !ok || i == len(answerRetries) {
			return err
		}
		if wait < answerRetries[i] {
			wait = answerRetries[i]
		}
		if sleep(ctx, wait) != nil {
			return err
		}
	}
}

// transient reports whether err is worth retrying, and the wait Slack
// asked for, if any.
func transient(err error) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	var hs *httpStatusError
	var ne net.Error
	switch {
	case errors.As(err, &rl):
		return rl.RetryAfter, true
	case errors.As(err, &hs):
		return hs.retryAfter, hs.status == 429 || hs.status >= 500
	case errors.As(err, &sc):
		return 0, sc.Code == 429 || sc.Code >= 500
	case errors.As(err, &ne):
		return 0, true
	}
	return 0, false
}
