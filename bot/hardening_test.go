package bot_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/bot"
)

// sendPending sends a POST whose body never ends, with the given headers,
// and returns the answer (or fails after 5 s).
func sendPending(t *testing.T, base string, hdr http.Header) *http.Response {
	t.Helper()
	pr, pw := io.Pipe()
	t.Cleanup(func() { pw.Close() })
	req, err := http.NewRequest(http.MethodPost, base+"/slack/events", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = hdr.Clone()
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	done := make(chan *http.Response, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- nil
			return
		}
		resp.Body.Close()
		done <- resp
	}()
	select {
	case resp := <-done:
		if resp == nil {
			t.Fatal("no answer")
		}
		return resp
	case <-time.After(5 * time.Second):
		t.Fatal("the server waited for the body of a request it should have refused at once")
		return nil
	}
}

func TestUnsignedOrStaleRefusedBeforeTheBody(t *testing.T) {
	h := newHarness(t, nil)
	stale := http.Header{}
	old := h.clock.Now().Add(-bot.SignatureWindow - time.Minute)
	stale.Set(bot.HeaderTimestamp, strconv.FormatInt(old.Unix(), 10))
	stale.Set(bot.HeaderSignature, bot.Signature(testSecret, old, nil))
	onlyTS := http.Header{}
	onlyTS.Set(bot.HeaderTimestamp, strconv.FormatInt(h.clock.Now().Unix(), 10))
	for name, hdr := range map[string]http.Header{"unsigned": {}, "stale": stale, "no signature": onlyTS} {
		if resp := sendPending(t, h.srv.URL, hdr); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, resp.StatusCode)
		}
	}
}

func TestReadingIsBounded(t *testing.T) {
	h := newHarness(t, nil)
	app, err := bot.NewApp(bot.AppConfig{Handler: h.handler, Slack: h.api, SigningSecret: testSecret, Log: quietLog(), Now: h.clock.Now, MaxReading: 1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.HTTPHandler())
	t.Cleanup(srv.Close)

	// One signed request whose body is still arriving holds the only slot.
	now := h.clock.Now()
	hdr := http.Header{}
	hdr.Set(bot.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	hdr.Set(bot.HeaderSignature, bot.Signature(testSecret, now, []byte("x")))
	hdr.Set("Content-Type", "application/x-www-form-urlencoded")
	pr, pw := io.Pipe()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/slack/events", pr)
	req.Header = hdr
	slow := make(chan int, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			slow <- 0
			return
		}
		resp.Body.Close()
		slow <- resp.StatusCode
	}()
	_, _ = pw.Write([]byte("command=/beredskap&text=hjelp"))

	send := func(i int) int {
		body := []byte(url.Values{"command": {"/beredskap"}, "text": {fmt.Sprintf("hjelp %d", i)}, "user_id": {"U0USER"}, "channel_id": {"C0X"}}.Encode())
		r, _ := http.NewRequest(http.MethodPost, srv.URL+"/slack/events", nil)
		bot.SignRequest(r, testSecret, body, h.clock.Now())
		r.Body = io.NopCloser(bytesReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	got503 := false
	for i := 0; i < 200 && !got503; i++ {
		got503 = send(i) == http.StatusServiceUnavailable
		if !got503 {
			time.Sleep(5 * time.Millisecond)
		}
	}
	if !got503 {
		t.Fatal("a second request was read while the first body was still being read")
	}
	pw.Close()
	if code := <-slow; code != http.StatusUnauthorized { // the body was not what was signed
		t.Errorf("slow request: %d, want 401", code)
	}
	if code := send(1000); code != http.StatusOK {
		t.Errorf("after the slot was freed: %d, want 200", code)
	}
}

func TestSSLCheckAnswered200(t *testing.T) {
	h := newHarness(t, nil)
	resp := h.post("application/x-www-form-urlencoded", []byte("ssl_check=1&token=abc"))
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || len(b) != 0 {
		t.Errorf("ssl_check: %d %q, want 200 and no body", resp.StatusCode, b)
	}
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
