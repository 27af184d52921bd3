package fakeslack_test

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

func TestFailNext(t *testing.T) {
	tests := []struct {
		name    string
		failure fakeslack.Failure
		check   func(t *testing.T, err error)
	}{
		{"429 with Retry-After", fakeslack.Failure{Status: 429, RetryAfter: 7}, func(t *testing.T, err error) {
			var rl *slack.RateLimitedError
			if !errors.As(err, &rl) || rl.RetryAfter != 7*time.Second {
				t.Fatalf("error = %#v, want RateLimitedError 7s", err)
			}
		}},
		{"500", fakeslack.Failure{Status: 500}, func(t *testing.T, err error) {
			var sc slack.StatusCodeError
			if !errors.As(err, &sc) || sc.Code != 500 {
				t.Fatalf("error = %#v, want StatusCodeError 500", err)
			}
		}},
		{"slack error", fakeslack.Failure{SlackError: "fatal_error"}, func(t *testing.T, err error) {
			if slackError(err) != "fatal_error" {
				t.Fatalf("error = %v, want fatal_error", err)
			}
		}},
		{"closed connection", fakeslack.Failure{CloseConn: true}, func(t *testing.T, err error) {
			var se slack.SlackErrorResponse
			var sc slack.StatusCodeError
			if err == nil || errors.As(err, &se) || errors.As(err, &sc) {
				t.Fatalf("error = %#v, want a network error", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := fakeslack.New(t)
			api := client(t, fake)
			ch := mustCreate(t, api, "krise", false)
			fake.FailNext("chat.postMessage", 2, tt.failure)

			for range 2 {
				_, _, err := api.PostMessage(ch.ID, slack.MsgOptionText("hei", false))
				tt.check(t, err)
			}
			if _, _, err := api.PostMessage(ch.ID, slack.MsgOptionText("hei", false)); err != nil {
				t.Fatalf("third post: %v", err)
			}
			if state, _ := fake.Channel(ch.ID); len(state.Messages) != 1 {
				t.Errorf("failed posts were stored: %d messages", len(state.Messages))
			}
			calls := fake.Calls("chat.postMessage")
			if len(calls) != 3 || calls[0].Error == "" || calls[2].Error != "" {
				t.Errorf("calls = %+v", calls)
			}
		})
	}
}

func TestFailNextOtherMethodsAndAny(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	fake.FailNext("chat.update", 1, fakeslack.Failure{Status: 503})
	if _, err := api.AuthTest(); err != nil {
		t.Fatalf("auth.test hit a rule for chat.update: %v", err)
	}
	fake.FailNext("", 1, fakeslack.Failure{SlackError: "internal_error"})
	if _, err := api.AuthTest(); slackError(err) != "internal_error" {
		t.Fatalf("any-method rule: %v", err)
	}
	if _, err := api.AuthTest(); err != nil {
		t.Fatalf("rule used more than once: %v", err)
	}
}

func TestOutageEnds(t *testing.T) {
	clk := newClock()
	fake := fakeslack.New(t, fakeslack.WithClock(clk.Now))
	api := client(t, fake)
	fake.Outage(time.Minute, fakeslack.Failure{Status: 503})

	for _, advance := range []time.Duration{0, 59 * time.Second} {
		clk.Add(advance)
		var sc slack.StatusCodeError
		if _, err := api.AuthTest(); !errors.As(err, &sc) || sc.Code != 503 {
			t.Fatalf("during outage: %v", err)
		}
	}
	clk.Add(time.Second)
	if _, err := api.AuthTest(); err != nil {
		t.Fatalf("after outage: %v", err)
	}
}

func TestDelayHonoursClientTimeout(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	fake.FailNext("auth.test", 1, fakeslack.Failure{Delay: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := api.AuthTestContext(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want deadline exceeded", err)
	}
}

func TestAuthentication(t *testing.T) {
	fake := fakeslack.New(t, fakeslack.WithToken("xoxb-riktig"))
	tests := []struct {
		name, token, want string
	}{
		{"right token", "xoxb-riktig", ""},
		{"wrong token", "xoxb-feil", "invalid_auth"},
		{"app token", fake.AppToken(), "not_allowed_token_type"},
		{"no token", "", "not_authed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := slack.New(tt.token, slack.OptionAPIURL(fake.URL()))
			if _, err := api.AuthTest(); slackError(err) != tt.want {
				t.Fatalf("auth.test: %v, want %q", err, tt.want)
			}
		})
	}
	// JSON methods carry the token as a Bearer header.
	api := slack.New("xoxb-feil", slack.OptionAPIURL(fake.URL()))
	if _, err := api.OpenView("trigger", slack.ModalViewRequest{Type: slack.VTModal}); slackError(err) != "invalid_auth" {
		t.Errorf("views.open with wrong token: %v", err)
	}
	// apps.connections.open wants the app token.
	api = slack.New(fake.Token(), slack.OptionAPIURL(fake.URL()), slack.OptionAppLevelToken("xapp-feil"))
	if _, _, err := api.StartSocketModeContext(context.Background()); slackError(err) != "invalid_auth" {
		t.Errorf("apps.connections.open with wrong app token: %v", err)
	}
}

func TestSetHandlerAndCalls(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	var seen url.Values
	fake.SetHandler("users.lookupByEmail", func(p url.Values) (map[string]any, *fakeslack.Failure) {
		seen = p
		if p.Get("email") == "borte@example.no" {
			return nil, &fakeslack.Failure{SlackError: "account_inactive"}
		}
		return map[string]any{"user": map[string]any{"id": "U9", "name": "stub"}}, nil
	})

	u, err := api.GetUserByEmail("kari@example.no")
	if err != nil || u.ID != "U9" {
		t.Fatalf("overridden lookup = %+v, %v", u, err)
	}
	if seen.Get("email") != "kari@example.no" || seen.Has("token") {
		t.Errorf("handler params = %v", seen)
	}
	if _, err := api.GetUserByEmail("borte@example.no"); slackError(err) != "account_inactive" {
		t.Errorf("handler failure: %v", err)
	}
	fake.SetHandler("users.lookupByEmail", nil)
	if _, err := api.GetUserByEmail("kari@example.no"); slackError(err) != "users_not_found" {
		t.Errorf("built-in not restored: %v", err)
	}

	calls := fake.Calls()
	if len(calls) != 3 || calls[0].Method != "users.lookupByEmail" || calls[1].Error != "account_inactive" {
		t.Fatalf("calls = %+v", calls)
	}
	for _, c := range calls {
		if c.Params.Has("token") {
			t.Errorf("token recorded in %s", c.Method)
		}
	}
	fake.Reset()
	if got := fake.Calls(); len(got) != 0 {
		t.Errorf("calls after Reset = %d", len(got))
	}
	if _, err := api.AuthTest(); err != nil {
		t.Fatal(err)
	}
	if got := fake.Calls("auth.test"); len(got) != 1 {
		t.Errorf("auth.test calls = %d", len(got))
	}
}

func TestUnknownMethod(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	if err := api.ArchiveConversation("C1"); slackError(err) != "unknown_method" {
		t.Fatalf("unimplemented method: %v", err)
	}
}
