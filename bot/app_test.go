package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/internal/testclock"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

const testSecret = "test-signing-secret"

// harness is an App on a real SQLite file and the fake Slack, served on
// 127.0.0.1.
type harness struct {
	t       testing.TB
	fake    *fakeslack.Server
	db      *storage.DB
	plan    *plan.Plan
	handler *commands.Handler
	app     *bot.App
	srv     *httptest.Server
	clock   *testclock.Clock
	api     *slack.Client
	dbPath  string
	// notify is the App's notifier: it counts Notify calls, passes them
	// on to the notifier mkNotifier builds, and wakes waitFor.
	notify *countNotifier
	// mkNotifier builds the notifier each time the App is (re)opened,
	// after the database and handler; nil for none.
	mkNotifier func(h *harness) bot.Notifier
	// ackTimeout is the App's (0: the default).
	ackTimeout time.Duration
	// sleeps records the App's waits between tries of an answer; they
	// move clock instead of taking time.
	sleeps sleepLog
}

// countNotifier counts Notify calls and passes them on to next (if set).
type countNotifier struct {
	mu      sync.Mutex
	n       int
	changed chan struct{} // closed and replaced on every Notify
	next    bot.Notifier
}

func newCountNotifier() *countNotifier { return &countNotifier{changed: make(chan struct{})} }

func (c *countNotifier) Notify() {
	c.mu.Lock()
	c.n++
	close(c.changed)
	c.changed = make(chan struct{})
	next := c.next
	c.mu.Unlock()
	if next != nil {
		next.Notify()
	}
}

func (c *countNotifier) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// wake returns a channel that is closed at the next Notify.
func (c *countNotifier) wake() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.changed
}

// sleepLog is the App's sleep in tests: it records each wait and moves
// the clock by it.
type sleepLog struct {
	mu    sync.Mutex
	clock *testclock.Clock
	waits []time.Duration
}

func (s *sleepLog) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return s.clock.Sleep(ctx, d)
}

func (s *sleepLog) recorded() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.waits)
}

func quietLog() *logrus.Logger {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return l
}

func mustPlan(tb testing.TB) *plan.Plan {
	tb.Helper()
	return testkit.ExamplePlan(tb)
}

// newHarness starts an App. mk builds its notifier; nil counts Notify
// calls in h.notify.
func newHarness(tb testing.TB, mk func(h *harness) bot.Notifier) *harness {
	tb.Helper()
	h := &harness{t: tb, clock: testclock.New(time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC))}
	h.fake = fakeslack.New(tb)
	h.fake.AddUser("U0KRISE001", "kari", "kari@eksempel.kommune.no")
	h.fake.AddUser("U0KRISE002", "ola", "ola@eksempel.kommune.no")
	h.dbPath = filepath.Join(tb.TempDir(), "beredskap.db")
	h.plan = mustPlan(tb)
	h.api = slack.New(h.fake.Token(), slack.OptionAPIURL(h.fake.URL()), slack.OptionAppLevelToken(h.fake.AppToken()))
	h.notify = newCountNotifier()
	h.sleeps.clock = h.clock
	h.mkNotifier = mk
	h.open()
	return h
}

// open opens the database and starts the App and its HTTP server.
func (h *harness) open() {
	tb := h.t
	tb.Helper()
	db, err := storage.Open(h.dbPath)
	if err != nil {
		tb.Fatalf("open db: %v", err)
	}
	db.Now = h.clock.Now
	h.db = db
	h.handler = commands.New(h.plan, db, nil, quietLog())
	h.handler.Now = h.clock.Now
	h.notify.mu.Lock()
	h.notify.next = nil
	h.notify.mu.Unlock()
	if h.mkNotifier != nil {
		next := h.mkNotifier(h)
		h.notify.mu.Lock()
		h.notify.next = next
		h.notify.mu.Unlock()
	}
	app, err := bot.NewApp(bot.AppConfig{
		Handler: h.handler, Slack: h.api, DB: db, Notifier: h.notify,
		SigningSecret: testSecret, Log: quietLog(), Now: h.clock.Now, Sleep: h.sleeps.sleep, AckTimeout: h.ackTimeout,
	})
	if err != nil {
		tb.Fatalf("NewApp: %v", err)
	}
	h.app = app
	h.srv = httptest.NewServer(app.HTTPHandler())
	tb.Cleanup(h.close)
}

// close stops the server, waits for background work and closes the DB.
// It may be called more than once.
func (h *harness) close() {
	if h.srv == nil {
		return
	}
	h.srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.app.Shutdown(ctx); err != nil {
		h.t.Errorf("shutdown: %v", err)
	}
	_ = h.db.Close()
	h.srv = nil
}

// post sends a request signed now to /slack/events.
func (h *harness) post(contentType string, body []byte) *http.Response {
	h.t.Helper()
	hdr := http.Header{}
	now := h.clock.Now()
	hdr.Set(bot.HeaderTimestamp, fmt.Sprint(now.Unix()))
	hdr.Set(bot.HeaderSignature, bot.Signature(testSecret, now, body))
	return h.postRaw(contentType, body, hdr)
}

// postRaw sends a request to /slack/events with exactly the given
// headers.
func (h *harness) postRaw(contentType string, body []byte, header http.Header) *http.Response {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+"/slack/events", bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

var triggerSeq struct {
	sync.Mutex
	n int
}

func nextTrigger() string {
	triggerSeq.Lock()
	defer triggerSeq.Unlock()
	triggerSeq.n++
	return fmt.Sprintf("%d.123.abc", triggerSeq.n)
}

// slashForm is the form Slack posts for a slash command; the
// response_url points at the fake under respID.
func (h *harness) slashForm(command, text, user, channel, respID string) []byte {
	return []byte(url.Values{
		"token": {"ignored"}, "team_id": {fakeslack.TeamID}, "team_domain": {"beredskap-test"},
		"channel_id": {channel}, "channel_name": {"general"}, "user_id": {user}, "user_name": {"ola"},
		"command": {command}, "text": {text}, "api_app_id": {fakeslack.AppID},
		"response_url": {h.fake.ResponseURL(respID)}, "trigger_id": {nextTrigger()},
	}.Encode())
}

// slash runs a slash command over signed HTTP and returns the decoded
// acknowledgement (nil for an empty one).
func (h *harness) slash(command, text, user, channel, respID string) map[string]any {
	h.t.Helper()
	resp := h.post("application/x-www-form-urlencoded", h.slashForm(command, text, user, channel, respID))
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("%s %s: HTTP %d", command, text, resp.StatusCode)
	}
	return decodeBody(h.t, resp)
}

// interact posts an interactivity payload and returns the decoded ack.
func (h *harness) interact(payload any) map[string]any {
	h.t.Helper()
	raw, err := json.Marshal(payload)
	if err != nil {
		h.t.Fatal(err)
	}
	body := []byte(url.Values{"payload": {string(raw)}}.Encode())
	resp := h.post("application/x-www-form-urlencoded", body)
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("interaction: HTTP %d", resp.StatusCode)
	}
	return decodeBody(h.t, resp)
}

func decodeBody(tb testing.TB, resp *http.Response) map[string]any {
	tb.Helper()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		tb.Fatalf("ack is not JSON: %v: %s", err, raw)
	}
	return out
}

// waitFor waits until cond holds, checking it again at every Notify:
// the App notifies after every handler that may have written something
// (a command, a logged message), so cond is about what they write. The
// deadline is a safety net for a test that would hang.
func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		wake := h.notify.wake()
		if cond() {
			return
		}
		select {
		case <-wake:
		case <-deadline.C:
			h.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// responses waits until the background work of the requests made so far
// is done and returns the bodies posted to the response_url respID; at
// least n.
func (h *harness) responses(respID string, n int) []map[string]any {
	h.t.Helper()
	h.idle()
	got := h.fake.Responses(respID)
	if len(got) < n {
		h.t.Fatalf("response_url %s got %d answers, want %d", respID, len(got), n)
	}
	return got
}

// incidentChannel opens an incident that already has a channel (as the
// console does) and makes the bot a member of that channel in the fake.
func (h *harness) incidentChannel(title, cardID, channelID string) incident.Incident {
	h.t.Helper()
	h.fake.AddChannel(channelID, "beredskap-"+strings.ToLower(channelID))
	h.fake.AddMember(channelID, fakeslack.BotUserID)
	inc, created, err := h.db.CreateIncident(context.Background(), incident.NewIncident{
		Title: title, Kind: incident.KindIncident, CardID: cardID, OpenedBy: "U0KRISE002",
		ChannelID: channelID, ChannelName: "beredskap-" + strings.ToLower(channelID)})
	if err != nil || !created {
		h.t.Fatalf("create incident: %v (created %v)", err, created)
	}
	return inc
}

// blocksText joins the texts of an ack's or response's blocks.
func blocksText(m map[string]any) string {
	raw, _ := json.Marshal(m["blocks"])
	return string(raw)
}
