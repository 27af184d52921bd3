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
	notify  *countNotifier
	// mkNotifier builds the notifier each time the App is (re)opened,
	// after the database and handler; nil uses notify.
	mkNotifier func(h *harness) bot.Notifier
	// ackTimeout is the App's (0: the default).
	ackTimeout time.Duration
}

// countNotifier counts Notify calls.
type countNotifier struct {
	mu sync.Mutex
	n  int
}

func (c *countNotifier) Notify() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

func (c *countNotifier) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
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
	h.notify = &countNotifier{}
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
	var notifier bot.Notifier = h.notify
	if h.mkNotifier != nil {
		notifier = h.mkNotifier(h)
	}
	app, err := bot.NewApp(bot.AppConfig{
		Handler: h.handler, Slack: h.api, DB: db, Notifier: notifier,
		SigningSecret: testSecret, Log: quietLog(), Now: h.clock.Now, AckTimeout: h.ackTimeout,
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

// waitFor polls cond until it is true or the deadline passes.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// responses waits for n bodies posted to the response_url respID.
func (h *harness) responses(respID string, n int) []map[string]any {
	h.t.Helper()
	waitFor(h.t, "response_url "+respID, func() bool { return len(h.fake.Responses(respID)) >= n })
	return h.fake.Responses(respID)
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

// withDeliverer makes the harness use a real Deliverer as its notifier;
// *d always points at the one of the App opened last.
func withDeliverer(d **bot.Deliverer) func(h *harness) bot.Notifier {
	return func(h *harness) bot.Notifier {
		*d = bot.NewDeliverer(bot.DelivererConfig{
			Client: h.api, Store: h.db, Plan: h.handler.Plan, Loc: h.handler.Loc,
			AnnounceChannel: "#beredskap", Log: quietLog(), Now: h.clock.Now,
		})
		return *d
	}
}

// messageText is a fake message's text and the raw text of its blocks,
// with JSON's escapes of < > & undone.
func messageText(m fakeslack.Message) string {
	return m.Text + "\n" + strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(m.Blocks))
}

// deliverAll delivers the outbox until nothing is pending.
func (h *harness) deliverAll(d *bot.Deliverer) {
	h.t.Helper()
	ctx := context.Background()
	for range 10 {
		if _, err := d.DeliverPending(ctx); err != nil {
			h.t.Fatalf("DeliverPending: %v", err)
		}
		n, err := h.db.PendingOutbox(ctx)
		if err != nil {
			h.t.Fatal(err)
		}
		if n == 0 {
			return
		}
		h.clock.Add(time.Minute) // past any retry backoff
	}
	h.t.Fatal("the outbox does not empty")
}

// The whole flow over signed HTTP, the fake Slack and a SQLite file:
// open an incident, log a decision in its channel, restart, ask for the
// status.
func TestEndToEndIncidentOverHTTP(t *testing.T) {
	var d *bot.Deliverer
	h := newHarness(t, withDeliverer(&d))
	for _, c := range h.plan.Contacts {
		if c.SlackID != "" {
			h.fake.AddUser(c.SlackID, c.ID, c.Email)
		}
	}
	h.fake.AddChannel("C0BEREDSKAP", "beredskap")
	h.fake.AddChannel("C0GENERAL", "general")
	ctx := context.Background()

	// 1. Open the incident from #general.
	ack := h.slash("/beredskap", "start Strømbrudd på Sørlandet", "U0KRISE002", "C0GENERAL", "e2e-start")
	if ack["text"] != "Oppretter beredskapskanal …" {
		t.Fatalf("ack = %v", ack)
	}
	answer := h.responses("e2e-start", 1)[0]
	if !strings.Contains(fmt.Sprint(answer["text"]), "Strømbrudd på Sørlandet") {
		t.Errorf("answer = %v", answer)
	}
	h.idle()
	h.deliverAll(d)

	name := "beredskap-20250314-strombrudd-pa-sorlandet"
	ch, ok := h.fake.ChannelByName(name)
	if !ok {
		t.Fatalf("channel %s not created; calls: %v", name, h.fake.Calls("conversations.create"))
	}
	if ch.Private {
		t.Error("channel is private; the incident was not opened with --privat")
	}
	inc, err := h.db.IncidentByChannel(ctx, ch.ID)
	if err != nil || inc.Title != "Strømbrudd på Sørlandet" || inc.ChannelName != name {
		t.Fatalf("incident of %s = %+v, %v", ch.ID, inc, err)
	}
	// The opener and the Slack users of the notification list are invited.
	list := h.plan.List(inc.ListID)
	if list == nil {
		t.Fatalf("incident has no notification list (%q)", inc.ListID)
	}
	want := []string{"U0KRISE002"}
	for _, g := range list.Groups {
		for _, id := range g.Contacts {
			if c := h.plan.Contact(id); c != nil && c.SlackID != "" {
				want = append(want, c.SlackID)
			}
		}
	}
	for _, u := range want {
		if !slices.Contains(ch.Members, u) {
			t.Errorf("%s not invited; members %v", u, ch.Members)
		}
	}
	// The varslingsliste is posted and pinned.
	if len(ch.Pins) == 0 {
		t.Fatal("nothing pinned")
	}
	var pinned string
	for _, m := range ch.Messages {
		if m.TS == ch.Pins[0] {
			pinned = messageText(m)
		}
	}
	if !strings.Contains(pinned, "Varslingsliste") {
		t.Errorf("pinned message is not the varslingsliste: %.200s", pinned)
	}
	if !strings.Contains(ch.Topic, "Strømbrudd på Sørlandet") {
		t.Errorf("topic = %q", ch.Topic)
	}
	// The announcement links the channel.
	ann, _ := h.fake.Channel("C0BEREDSKAP")
	if len(ann.Messages) == 0 || !strings.Contains(messageText(ann.Messages[0]), "<#"+ch.ID+"|"+name+">") {
		t.Errorf("announcement = %+v", ann.Messages)
	}

	// 2. A decision in the incident channel is stored and echoed.
	ack = h.slash("/beredskap", "logg Vi prioriterer strøm til sykehjemmene", "U0KRISE001", ch.ID, "e2e-logg")
	if !strings.Contains(fmt.Sprint(ack["text"]), "loggført") {
		t.Errorf("logg ack = %v", ack)
	}
	es, err := h.db.Entries(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := es[len(es)-1]
	if last.Kind != incident.EntryDecision || last.Text != "Vi prioriterer strøm til sykehjemmene" || last.Author != "U0KRISE001" {
		t.Errorf("last entry = %+v", last)
	}
	h.deliverAll(d)
	ch, _ = h.fake.Channel(ch.ID)
	echo := commands.EchoText(h.plan, last, h.handler.Loc)
	if !slices.ContainsFunc(ch.Messages, func(m fakeslack.Message) bool { return strings.Contains(messageText(m), echo) }) {
		t.Errorf("decision not echoed in the channel (want %q)", echo)
	}

	// 3. After a restart the channel still knows its incident.
	h.close()
	h.open()
	ack = h.slash("/beredskap", "status", "U0KRISE001", ch.ID, "e2e-status")
	if ack["response_type"] != "in_channel" {
		t.Errorf("status response_type = %v", ack["response_type"])
	}
	status := blocksText(ack)
	if !strings.Contains(status, "Strømbrudd på Sørlandet") || !strings.Contains(status, "Vi prioriterer strøm til sykehjemmene") {
		t.Errorf("status after restart = %s", status)
	}
}
