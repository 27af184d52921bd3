package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// TestRetryTransient: transient failures are retried on the schedule of
// answerRetries, or after Retry-After when Slack asks for longer; other
// failures, and the failure after the last retry, are returned. The waits
// are recorded, not slept.
func TestRetryTransient(t *testing.T) {
	netErr := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	tests := []struct {
		name  string
		errs  []error // what the tries return, in order; then success
		waits []time.Duration
		fails bool
	}{
		{"lykkes straks", nil, nil, false},
		{"429 med Retry-After", []error{&httpStatusError{status: 429, retryAfter: 5 * time.Second}}, []time.Duration{5 * time.Second}, false},
		{"kort Retry-After", []error{&httpStatusError{status: 429, retryAfter: 0}, &slack.RateLimitedError{RetryAfter: time.Second}},
			[]time.Duration{time.Second, 2 * time.Second}, false},
		{"500, 503 og nettverk", []error{&httpStatusError{status: 500}, slack.StatusCodeError{Code: 503}, netErr},
			[]time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, false},
		{"404 prøves ikke igjen", []error{&httpStatusError{status: 404}}, nil, true},
		{"Slack-feil prøves ikke igjen", []error{slack.SlackErrorResponse{Err: "channel_not_found"}}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var waits []time.Duration
			sleep := func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
			tries := 0
			err := retryTransient(context.Background(), sleep, func() error {
				tries++
				if tries <= len(tt.errs) {
					return tt.errs[tries-1]
				}
				return nil
			})
			if (err != nil) != tt.fails {
				t.Errorf("err = %v", err)
			}
			if fmt.Sprint(waits) != fmt.Sprint(tt.waits) {
				t.Errorf("waits %v, want %v", waits, tt.waits)
			}
		})
	}
}

func TestRetryTransientGivesUp(t *testing.T) {
	var waits []time.Duration
	sleep := func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	tries := 0
	err := retryTransient(context.Background(), sleep, func() error { tries++; return &httpStatusError{status: 502} })
	if err == nil || tries != len(answerRetries)+1 || fmt.Sprint(waits) != fmt.Sprint(answerRetries) {
		t.Errorf("err %v after %d tries, waits %v; want an error after %d tries, waits %v", err, tries, waits, len(answerRetries)+1, answerRetries)
	}

	// A done context ends the waiting with the last failure.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tries = 0
	err = retryTransient(ctx, func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
		func() error { tries++; return &httpStatusError{status: 500} })
	var hs *httpStatusError
	if !errors.As(err, &hs) || tries != 1 {
		t.Errorf("err %v after %d tries with a done context; want the 500 after 1", err, tries)
	}
}
