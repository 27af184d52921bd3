package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

func TestSignatureRejected(t *testing.T) {
	h := newHarness(t, nil)
	body := h.slashForm("/tiltak", "strom", "U0KRISE002", "C0GENERAL", "sig")
	now := h.clock.Now()
	signed := func(secret string, ts time.Time, b []byte) http.Header {
		return http.Header{bot.HeaderTimestamp: {fmt.Sprint(ts.Unix())}, bot.HeaderSignature: {bot.Signature(secret, ts, b)}}
	}
	valid := signed(testSecret, now, body)
	tests := []struct {
		name   string
		header http.Header
	}{
		{"no headers", http.Header{}},
		{"no signature", http.Header{bot.HeaderTimestamp: valid[bot.HeaderTimestamp]}},
		{"no timestamp", http.Header{bot.HeaderSignature: valid[bot.HeaderSignature]}},
		{"forged with another secret", signed("another-secret", now, body)},
		{"signature of another body", signed(testSecret, now, []byte("command=%2Fbered"))},
		{"timestamp changed", http.Header{bot.HeaderTimestamp: {fmt.Sprint(now.Unix() - 1)}, bot.HeaderSignature: valid[bot.HeaderSignature]}},
		{"stale", signed(testSecret, now.Add(-5*time.Minute-time.Second), body)},
		{"future", signed(testSecret, now.Add(5*time.Minute+time.Second), body)},
		{"malformed timestamp", http.Header{bot.HeaderTimestamp: {"yesterday"}, bot.HeaderSignature: valid[bot.HeaderSignature]}},
		{"other version", http.Header{bot.HeaderTimestamp: valid[bot.HeaderTimestamp], bot.HeaderSignature: {strings.Replace(valid.Get(bot.HeaderSignature), "v0=", "v1=", 1)}}},
		{"not hex", http.Header{bot.HeaderTimestamp: valid[bot.HeaderTimestamp], bot.HeaderSignature: {"v0=zz"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.postRaw("application/x-www-form-urlencoded", body, tt.header)
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("HTTP %d, want 401", resp.StatusCode)
			}
		})
	}
	// The same request correctly signed is accepted: the cases above
	// failed for their signatures only.
	if resp := h.postRaw("application/x-www-form-urlencoded", body, valid); resp.StatusCode != http.StatusOK {
		t.Errorf("valid: HTTP %d, want 200", resp.StatusCode)
	}
}

func TestSignatureReplayRejected(t *testing.T) {
	h := newHarness(t, nil)
	body := h.slashForm("/tiltak", "strom", "U0KRISE002", "C0GENERAL", "replay")
	now := h.clock.Now()
	hdr := http.Header{bot.HeaderTimestamp: {fmt.Sprint(now.Unix())}, bot.HeaderSignature: {bot.Signature(testSecret, now, body)}}
	if resp := h.postRaw("application/x-www-form-urlencoded", body, hdr); resp.StatusCode != http.StatusOK {
		t.Fatalf("first: HTTP %d, want 200", resp.StatusCode)
	}
	h.clock.Add(time.Minute)
	if resp := h.postRaw("application/x-www-form-urlencoded", body, hdr); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("replay: HTTP %d, want 401", resp.StatusCode)
	}
}

func TestSignatureWindowEdgesAccepted(t *testing.T) {
	h := newHarness(t, nil)
	for _, d := range []time.Duration{-5 * time.Minute, 5 * time.Minute} {
		ts := h.clock.Now().Add(d)
		body := h.slashForm("/beredskap", "hjelp", "U0KRISE002", "C0GENERAL", "edge")
		hdr := http.Header{bot.HeaderTimestamp: {fmt.Sprint(ts.Unix())}, bot.HeaderSignature: {bot.Signature(testSecret, ts, body)}}
		if resp := h.postRaw("application/x-www-form-urlencoded", body, hdr); resp.StatusCode != http.StatusOK {
			t.Errorf("timestamp %v from now: HTTP %d, want 200", d, resp.StatusCode)
		}
	}
}

func TestBodyTooLarge(t *testing.T) {
	h := newHarness(t, nil)
	body := bytes.Repeat([]byte("a"), bot.MaxBodyBytes+1)
	resp := h.post("application/x-www-form-urlencoded", body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("HTTP %d, want 413", resp.StatusCode)
	}
	// Exactly the limit is read (and then refused only if unsigned).
	ok := []byte("command=%2Fbered&text=" + strings.Repeat("a", bot.MaxBodyBytes-len("command=%2Fbered&text=")))
	if resp := h.post("application/x-www-form-urlencoded", ok); resp.StatusCode != http.StatusOK {
		t.Errorf("body of exactly 1 MiB: HTTP %d, want 200", resp.StatusCode)
	}
}

func TestURLVerification(t *testing.T) {
	h := newHarness(t, nil)
	body := []byte(`{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	resp := h.post("application/json", body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HTTP %d", resp.StatusCode)
	}
	if got := decodeBody(t, resp)["challenge"]; got != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("challenge = %v", got)
	}
	// Unsigned, the same body is refused.
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/slack/events", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned url_verification: HTTP %d, want 401", r2.StatusCode)
	}
}

func TestQuickCommandAnsweredInAck(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct {
		command, text string
		wantType      string
		wantInBlocks  string
	}{
		{"/tiltak", "strom", "ephemeral", "Strøm"},
		{"/beredskap", "hjelp", "ephemeral", "/beredskap start"},
		{"/kontakt", "kari", "ephemeral", "Kari"},
		{"/beredskap", "finnesikke", "ephemeral", "Ukjent kommando"},
	}
	for _, tt := range tests {
		t.Run(tt.command+" "+tt.text, func(t *testing.T) {
			ack := h.slash(tt.command, tt.text, "U0KRISE002", "C0GENERAL", "quick")
			if ack == nil {
				t.Fatal("empty ack")
			}
			if ack["response_type"] != tt.wantType {
				t.Errorf("response_type = %v, want %s", ack["response_type"], tt.wantType)
			}
			if s, _ := ack["text"].(string); s == "" {
				t.Error("ack has no text")
			}
			if !strings.Contains(blocksText(ack), tt.wantInBlocks) {
				t.Errorf("blocks do not mention %q: %s", tt.wantInBlocks, blocksText(ack))
			}
		})
	}
	if n := len(h.fake.Responses("quick")); n != 0 {
		t.Errorf("quick answers also went to response_url (%d)", n)
	}
}

func TestStatusInIncidentChannelIsInChannel(t *testing.T) {
	h := newHarness(t, nil)
	h.incidentChannel("Vannlekkasje i rådhuset", "", "C0INC1")
	ack := h.slash("/beredskap", "status", "U0KRISE002", "C0INC1", "status")
	if ack["response_type"] != "in_channel" {
		t.Errorf("response_type = %v, want in_channel", ack["response_type"])
	}
	if !strings.Contains(blocksText(ack), "Vannlekkasje i rådhuset") {
		t.Errorf("status does not name the incident: %s", blocksText(ack))
	}
}

func TestSlowCommandAcksThenAnswersOnResponseURL(t *testing.T) {
	h := newHarness(t, nil)
	ack := h.slash("/beredskap", "start Brann i lagerhall", "U0KRISE002", "C0GENERAL", "start")
	if ack["text"] != "Oppretter beredskapskanal …" || ack["response_type"] != "ephemeral" {
		t.Fatalf("ack = %v", ack)
	}
	got := h.responses("start", 1)
	if !strings.Contains(fmt.Sprint(got[0]["text"]), "Brann i lagerhall") {
		t.Errorf("response_url got %v", got[0])
	}
	open, err := h.db.OpenIncidents(context.Background())
	if err != nil || len(open) != 1 || open[0].Title != "Brann i lagerhall" {
		t.Fatalf("open incidents = %v, %v", open, err)
	}
	h.waitFor("notify", func() bool { return h.notify.count() >= 1 })
}

func TestLogCommandStoresAndNotifies(t *testing.T) {
	h := newHarness(t, nil)
	inc := h.incidentChannel("Strømbrudd", "", "C0INC2")
	ack := h.slash("/beredskap", "logg Vi åpner evakueringssenter på skolen", "U0KRISE002", "C0INC2", "logg")
	if !strings.Contains(fmt.Sprint(ack["text"]), "Beslutning #2") {
		t.Errorf("ack = %v", ack["text"])
	}
	entries, err := h.db.Entries(context.Background(), inc.ID)
	if err != nil || len(entries) != 2 || entries[1].Text != "Vi åpner evakueringssenter på skolen" {
		t.Fatalf("entries = %+v, %v", entries, err)
	}
	if h.notify.count() < 1 {
		t.Error("deliverer not notified after logging")
	}
}

func TestHealthz(t *testing.T) {
	h := newHarness(t, nil)
	get := func() (int, string) {
		resp, err := http.Get(h.srv.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, strings.TrimSpace(string(b))
	}
	if code, body := get(); code != 200 || body != "ok" {
		t.Fatalf("healthy: %d %q", code, body)
	}
	// auth.test is cached: within 30 s a failing Slack is not asked.
	h.fake.FailNext("auth.test", 10, fakeslack.Failure{SlackError: "invalid_auth"})
	h.clock.Add(29 * time.Second)
	if code, _ := get(); code != 200 {
		t.Fatalf("within the cache interval: %d", code)
	}
	if n := len(h.fake.Calls("auth.test")); n != 1 {
		t.Errorf("auth.test called %d times within 30 s, want 1", n)
	}
	h.clock.Add(2 * time.Second)
	if code, body := get(); code != 503 || body != "Slack svarer ikke: invalid_auth" {
		t.Errorf("Slack down: %d %q", code, body)
	}
	h.fake.Reset()
	h.clock.Add(31 * time.Second)
	if code, _ := get(); code != 200 {
		t.Errorf("Slack back: %d", code)
	}
	_ = h.db.Close()
	if code, body := get(); code != 503 || body != "databasen svarer ikke" {
		t.Errorf("database closed: %d %q", code, body)
	}
}

// BenchmarkSignedTiltakStrom measures a signed `/tiltak strom` through
// the HTTP handler: verification, parsing, the handler and rendering.
func BenchmarkSignedTiltakStrom(b *testing.B) {
	h := newHarness(b, nil)
	handler := h.app.HTTPHandler()
	now := h.clock.Now()
	bodies := make([][]byte, b.N)
	sigs := make([]string, b.N)
	for i := range bodies {
		bodies[i] = h.slashForm("/tiltak", "strom", "U0KRISE002", "C0GENERAL", "bench")
		sigs[i] = bot.Signature(testSecret, now, bodies[i])
	}
	ts := fmt.Sprint(now.Unix())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewReader(bodies[i]))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(bot.HeaderTimestamp, ts)
		req.Header.Set(bot.HeaderSignature, sigs[i])
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("HTTP %d: %s", w.Code, w.Body)
		}
	}
}

// An answer that Slack refuses for a while (429, then 500) still reaches
// the user once Slack takes it again: after Retry-After (1 s), then after
// the next wait of the schedule (2 s). The waits move the harness's
// clock; none is slept.
func TestSlowAnswerSurvivesResponseURLFailures(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.FailNext(fakeslack.MethodResponseURL, 1, fakeslack.Failure{Status: 429, RetryAfter: 1})
	h.fake.FailNext(fakeslack.MethodResponseURL, 1, fakeslack.Failure{Status: 500})
	h.slash("/beredskap", "start Storm over kysten", "U0KRISE002", "C0GENERAL", "storm")
	got := h.responses("storm", 1)
	if !strings.Contains(fmt.Sprint(got[0]["text"]), "Storm over kysten") {
		t.Errorf("response_url got %v", got[0])
	}
	if waits := h.sleeps.recorded(); fmt.Sprint(waits) != "[1s 2s]" {
		t.Errorf("waited %v between tries, want [1s 2s]", waits)
	}
}
