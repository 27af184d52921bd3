package delivery

import (
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/testclock"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/storage"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// storage.DB is the store the Deliverer runs on.
var _ OutboxStore = (*storage.DB)(nil)

// Users of the fake workspace in the outbox tests.
const (
	obOpener   = "U0OPENER"
	obJonas    = "U0JONAS1" // found by users.lookupByEmail (the plan has only slack_epost)
	obAnnounce = "C0BEREDSKAP"
)

// obHarness is a Deliverer on a real SQLite file and the fake Slack, with
// the example plan "kommune". The database, the Deliverer, its rate
// limiter and the fake Slack share a settable clock; the limiter's waits
// move it, so no test waits in real time.
type obHarness struct {
	t     testing.TB
	fake  *fakeslack.Server
	db    *storage.DB
	plan  *plan.Plan
	d     *Deliverer
	cfg   DelivererConfig
	clock *testclock.Clock
	ctx   context.Context
}

// obOption adjusts the Deliverer configuration of a harness.
type obOption func(*DelivererConfig)

// obFastLimits are rate limits high enough not to slow tests down.
func obFastLimits() *Limits {
	return &Limits{Methods: map[string]Rate{}, PostPerChannel: Rate{}}
}

// newOBHarness starts the fake Slack, opens a database in a temp dir and
// creates a Deliverer, all on a clock set to 22.11.2026 13:00 UTC.
func newOBHarness(t testing.TB, opts ...obOption) *obHarness {
	t.Helper()
	p := testkit.ExamplePlan(t)
	// Per Prøvesen has no Slack user: only his e-mail, which the
	// workspace does not know (users_not_found). Ida Itsen's Slack ID is
	// not in the workspace (conversations.invite: user_not_found).
	per := p.Contact("per-provesen")
	per.SlackID = ""

	clock := testclock.New(time.Date(2026, 11, 22, 13, 0, 0, 0, time.UTC))
	fake := fakeslack.New(t, fakeslack.WithClock(clock.Now))
	fake.AddUser(obOpener, "opener", "opener@eksempel.kommune.no")
	fake.AddUser(obJonas, "jonas", "jonas.demo@eksempel.kommune.no")
	for _, c := range p.Contacts {
		if c.SlackID != "" && c.ID != "ida-itsen" {
			fake.AddUser(c.SlackID, c.ID, c.Email)
		}
	}
	fake.AddChannel(obAnnounce, "beredskap")

	db, err := storage.Open(filepath.Join(t.TempDir(), "beredskap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = clock.Now
	h := &obHarness{t: t, fake: fake, db: db, plan: p, clock: clock, ctx: context.Background()}
	log := logrus.New()
	log.SetOutput(io.Discard)
	h.cfg = DelivererConfig{
		Client:          slack.New(fake.Token(), slack.OptionAPIURL(fake.URL())),
		Store:           db,
		Plan:            func() *plan.Plan { return p },
		Loc:             p.Location,
		AnnounceChannel: obAnnounce,
		Log:             log,
		Now:             clock.Now,
		Limits:          obFastLimits(),
		Backoff:         Backoff{Initial: 20 * time.Millisecond, Max: 200 * time.Millisecond},
		Poll:            20 * time.Millisecond,
		CallTimeout:     5 * time.Second,
	}
	for _, o := range opts {
		o(&h.cfg)
	}
	h.d = NewDeliverer(h.cfg)
	h.d.api.lim.now, h.d.api.lim.sleep = clock.Now, clock.Sleep
	return h
}

func (h *obHarness) now() time.Time { return h.clock.Now() }

// open creates an incident as /beredskap start does (with the kriseleder
// role assigned) and returns it.
func (h *obHarness) open(title, cardID string, private bool) incident.Incident {
	h.t.Helper()
	inc, created, err := h.db.CreateIncident(h.ctx, incident.NewIncident{
		Title: title, Kind: incident.KindIncident, Private: private, CardID: cardID, ListID: "kriseledelse",
		OpenedBy: obOpener, ChannelName: ui.ChannelNameIn(i18n.Bokmal, incident.KindIncident, title, h.now(), h.plan.Location),
	})
	if err != nil || !created {
		h.t.Fatalf("CreateIncident: created=%v err=%v", created, err)
	}
	kari := h.plan.Contact("kari-nordmann").SlackID
	if _, err := h.db.AssignRole(h.ctx, inc.ID, "kriseleder", kari, obOpener, "Rolle Kriseleder: <@"+kari+">"); err != nil {
		h.t.Fatal(err)
	}
	return inc
}

// logDecision appends a decision and returns its sequence number.
func (h *obHarness) logDecision(incID int64, text string) int {
	h.t.Helper()
	e, err := h.db.AppendEntry(h.ctx, incident.NewEntry{IncidentID: incID, Kind: incident.EntryDecision, Author: obOpener, Text: text})
	if err != nil {
		h.t.Fatal(err)
	}
	return e.Seq
}

// deliver runs one pass and fails the test on a store error.
func (h *obHarness) deliver() int {
	h.t.Helper()
	n, err := h.d.DeliverPending(h.ctx)
	if err != nil {
		h.t.Fatalf("DeliverPending: %v", err)
	}
	return n
}

// pending returns the number of undelivered outbox items.
func (h *obHarness) pending() int {
	h.t.Helper()
	n, err := h.db.PendingOutbox(h.ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	return n
}

// incident reloads an incident.
func (h *obHarness) incident(id int64) incident.Incident {
	h.t.Helper()
	inc, err := h.db.Incident(h.ctx, id)
	if err != nil {
		h.t.Fatal(err)
	}
	return inc
}

// channel returns the fake's snapshot of the incident's channel.
func (h *obHarness) channel(id int64) fakeslack.Channel {
	h.t.Helper()
	inc := h.incident(id)
	if inc.ChannelID == "" {
		h.t.Fatalf("hendelse %d har ingen kanal", id)
	}
	ch, ok := h.fake.Channel(inc.ChannelID)
	if !ok {
		h.t.Fatalf("kanalen %s finnes ikke i Slack", inc.ChannelID)
	}
	return ch
}

// msgText is everything visible of a message: its text and its blocks
// (JSON, with <, > and & unescaped).
func msgText(m fakeslack.Message) string {
	blocks := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(m.Blocks))
	return m.Text + "\n" + blocks
}

// messagesWith returns the messages of ch that contain s.
func messagesWith(ch fakeslack.Channel, s string) []fakeslack.Message {
	var out []fakeslack.Message
	for _, m := range ch.Messages {
		if strings.Contains(msgText(m), s) {
			out = append(out, m)
		}
	}
	return out
}

// outboxSteps returns the "outbox_id/step" of every message in ch that
// carries outbox metadata, in order.
func outboxSteps(t testing.TB, ch fakeslack.Channel) []string {
	t.Helper()
	var out []string
	for _, m := range ch.Messages {
		if len(m.Metadata) == 0 {
			continue
		}
		var md struct {
			EventType    string         `json:"event_type"`
			EventPayload map[string]any `json:"event_payload"`
		}
		if err := json.Unmarshal(m.Metadata, &md); err != nil {
			t.Fatal(err)
		}
		out = append(out, jsonString(md.EventPayload["outbox_id"])+"/"+jsonString(md.EventPayload["step"]))
	}
	return out
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return strings.Trim(string(b), `"`)
}

// assertNoDuplicates fails if two messages of ch carry the same outbox
// item and step.
func assertNoDuplicates(t testing.TB, ch fakeslack.Channel) {
	t.Helper()
	seen := map[string]bool{}
	for _, s := range outboxSteps(t, ch) {
		if seen[s] {
			t.Errorf("kanal %s: meldingen %s er postet to ganger", ch.Name, s)
		}
		seen[s] = true
	}
}
