package bot

import (
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// Slack's published example from "Verifying requests from Slack"
// (docs.slack.dev/authentication/verifying-requests-from-slack).
const (
	slackExampleSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	slackExampleTimestamp = 1531420618
	slackExampleBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	slackExampleSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

func TestSlackPublishedSigningExample(t *testing.T) {
	ts := time.Unix(slackExampleTimestamp, 0)
	if got := Signature(slackExampleSecret, ts, []byte(slackExampleBody)); got != slackExampleSignature {
		t.Fatalf("Signature = %s, want %s", got, slackExampleSignature)
	}
	v := NewVerifier(slackExampleSecret, func() time.Time { return ts.Add(90 * time.Second) })
	h := http.Header{}
	h.Set(HeaderTimestamp, strconv.Itoa(slackExampleTimestamp))
	h.Set(HeaderSignature, slackExampleSignature)
	if err := v.Verify(h, []byte(slackExampleBody)); err != nil {
		t.Fatalf("Verify(Slack's example) = %v", err)
	}
	// One byte changed anywhere and it fails.
	tampered := []byte(slackExampleBody)
	tampered[len(tampered)-1] ^= 1
	if err := NewVerifier(slackExampleSecret, func() time.Time { return ts }).Verify(h, tampered); !errors.Is(err, ErrBadSignature) {
		t.Errorf("tampered body: %v, want ErrBadSignature", err)
	}
}

func TestVerifyErrors(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	body := []byte("command=%2Ftiltak&text=strom")
	sign := func(secret string, ts time.Time) http.Header {
		h := http.Header{}
		req, _ := http.NewRequest(http.MethodPost, "/", nil)
		SignRequest(req, secret, body, ts)
		h.Set(HeaderTimestamp, req.Header.Get(HeaderTimestamp))
		h.Set(HeaderSignature, req.Header.Get(HeaderSignature))
		return h
	}
	tests := []struct {
		name   string
		secret string // of the verifier
		header http.Header
		ok     bool
	}{
		{"valid", "s3cret", sign("s3cret", now), true},
		{"4m59s old", "s3cret", sign("s3cret", now.Add(-299*time.Second)), true},
		{"4m59s ahead", "s3cret", sign("s3cret", now.Add(299*time.Second)), true},
		{"5m01s old", "s3cret", sign("s3cret", now.Add(-301*time.Second)), false},
		{"5m01s ahead", "s3cret", sign("s3cret", now.Add(301*time.Second)), false},
		{"wrong secret", "s3cret", sign("other", now), false},
		{"no secret configured", "", sign("", now), false},
		{"missing headers", "s3cret", http.Header{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := NewVerifier(tt.secret, func() time.Time { return now }).Verify(tt.header, body)
			if tt.ok && err != nil {
				t.Errorf("Verify = %v, want nil", err)
			}
			if !tt.ok && !errors.Is(err, ErrBadSignature) {
				t.Errorf("Verify = %v, want ErrBadSignature", err)
			}
		})
	}
}

func TestVerifyReplay(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	clock := now
	v := NewVerifier("s3cret", func() time.Time { return clock })
	body := []byte("payload=%7B%7D")
	h := http.Header{}
	h.Set(HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	h.Set(HeaderSignature, Signature("s3cret", now, body))
	if err := v.Verify(h, body); err != nil {
		t.Fatalf("first: %v", err)
	}
	clock = now.Add(4 * time.Minute)
	if err := v.Verify(h, body); !errors.Is(err, ErrBadSignature) {
		t.Errorf("replay within the window: %v, want ErrBadSignature", err)
	}
	clock = now.Add(6 * time.Minute)
	if err := v.Verify(h, body); !errors.Is(err, ErrBadSignature) {
		t.Errorf("replay after the window: %v, want ErrBadSignature (stale)", err)
	}
}

func TestRecentSet(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	s := newRecentSet[string](3)
	for _, k := range []string{"a", "b", "c"} {
		if !s.add(k, now, now.Add(time.Hour)) {
			t.Fatalf("add(%s) first time = false", k)
		}
	}
	if s.add("b", now, now.Add(time.Hour)) {
		t.Error("add(b) again = true, want false")
	}
	// A fourth key pushes out the oldest.
	if !s.add("d", now, now.Add(time.Hour)) {
		t.Fatal("add(d) = false")
	}
	if !s.add("a", now, now.Add(time.Hour)) {
		t.Error("a should have been forgotten (bound of 3)")
	}
	if len(s.keys) > 3 {
		t.Errorf("%d keys remembered, bound is 3", len(s.keys))
	}
	// Expired keys are new again.
	later := now.Add(2 * time.Hour)
	if !s.add("d", later, later.Add(time.Hour)) {
		t.Error("expired d: add = false, want true")
	}
}
