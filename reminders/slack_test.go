package reminders_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/delivery"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

// slackEnv delivers the outbox of an env to a fake Slack with B's
// Deliverer, on a clock the test moves.
type slackEnv struct {
	*env
	fake *fakeslack.Server
	d    *delivery.Deliverer
	mu   sync.Mutex
	now  time.Time
}

func newSlackEnv(t *testing.T, now time.Time) *slackEnv {
	e := &slackEnv{env: newEnv(t), fake: fakeslack.New(t), now: now}
	e.fake.AddChannel("C0BEREDSKAP", "beredskap")
	e.fake.AddChannel("C0HELSE", "beredskap-helse")
	e.fake.AddUser("U0KRISE004", "per", "per.provesen@eksempel.kommune.no")
	client := slack.New(e.fake.Token(), slack.OptionAPIURL(e.fake.URL()))
	e.d = delivery.NewDeliverer(delivery.DelivererConfig{Client: client, Store: e.db, Plan: e.plan, Loc: oslo, Now: e.clock})
	e.r.OnQueued = e.d.Notify
	return e
}

func (e *slackEnv) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *slackEnv) deliver() int {
	e.t.Helper()
	n, err := e.d.DeliverPending(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *slackEnv) messages(channel string) []fakeslack.Message {
	e.t.Helper()
	ch, ok := e.fake.Channel(channel)
	if !ok {
		e.t.Fatalf("no channel %s", channel)
	}
	return ch.Messages
}

// TestPassPostsOnceToTeamChannel: a pass posts each due reminder once to
// its team channel, mentioning the owner, with the buttons; a second pass
// the same day posts nothing.
func TestPassPostsOnceToTeamChannel(t *testing.T) {
	now := at(2027, 3, 24, 9, 0)
	e := newSlackEnv(t, now)
	e.exercise("ovelse-a", date(2026, 3, 31), 12)
	h := e.exercise("ovelse-helse", date(2026, 3, 24), 12)
	h.Channel, h.Owner = "#beredskap-helse", "eva-sykesen"
	e.exercise("ovelse-senere", date(2026, 9, 1), 12) // not due

	if got := e.pass(now); len(got) != 2 {
		t.Fatalf("queued %v", stages(got))
	}
	if n := e.deliver(); n != 2 {
		t.Fatalf("delivered %d, want 2", n)
	}
	msgs := e.messages("C0BEREDSKAP")
	if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "<@U0KRISE004>") || !strings.Contains(msgs[0].Text, "Øvelse ovelse-a") {
		t.Fatalf("#beredskap: %+v", msgs)
	}
	blocks := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(msgs[0].Blocks))
	for _, want := range []string{"Registrer gjennomført", "Utsett 1 uke", "31.03.2027", "<@U0KRISE004>"} {
		if !strings.Contains(blocks, want) {
			t.Errorf("blocks lack %q: %s", want, blocks)
		}
	}
	helse := e.messages("C0HELSE")
	if len(helse) != 1 || !strings.Contains(helse[0].Text, "<@U0KRISE013>") || !strings.Contains(string(helse[0].Blocks), "har frist *i dag*") {
		t.Fatalf("#beredskap-helse: %+v", helse)
	}

	later := now.Add(3 * time.Hour)
	if got := e.pass(later); len(got) != 0 {
		t.Errorf("second pass queued %v", stages(got))
	}
	if n := e.deliver(); n != 0 {
		t.Errorf("second delivery posted %d", n)
	}
	if n := len(e.fake.Calls("chat.postMessage")); n != 2 {
		t.Errorf("%d chat.postMessage calls, want 2", n)
	}
}

// TestFailedDeliveryIsRetriedNotReclaimed: Slack fails the first post;
// the next pass claims nothing new, and the retry posts the reminder once.
func TestFailedDeliveryIsRetriedNotReclaimed(t *testing.T) {
	now := at(2027, 3, 24, 9, 0)
	e := newSlackEnv(t, now)
	e.exercise("ovelse-a", date(2026, 3, 31), 12)
	e.fake.FailNext("chat.postMessage", 1, fakeslack.Failure{Status: 500})
	e.pass(now)
	if n := e.deliver(); n != 0 {
		t.Fatalf("delivered %d despite the failure", n)
	}
	if got := e.pass(now.Add(time.Minute)); len(got) != 0 {
		t.Fatalf("a pass after the failure queued %v", stages(got))
	}
	e.mu.Lock()
	e.now = now.Add(10 * time.Minute) // past the retry backoff
	e.mu.Unlock()
	if n := e.deliver(); n != 1 {
		t.Fatalf("retry delivered %d, want 1", n)
	}
	if msgs := e.messages("C0BEREDSKAP"); len(msgs) != 1 {
		t.Errorf("%d messages in #beredskap, want 1", len(msgs))
	}
}
