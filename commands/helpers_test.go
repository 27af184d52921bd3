package commands_test

import (
	"context"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/storage"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

var _ = flag.Bool("update", false, "rewrite golden files") // read by testkit.Golden

// fixedNow is a Sunday evening in November, Oslo winter time (UTC+1).
var fixedNow = time.Date(2026, 11, 22, 13, 30, 0, 0, time.UTC)

// env is a handler over the example plan and a real SQLite file.
type env struct {
	t   testing.TB
	h   *commands.Handler
	db  *storage.DB
	now time.Time
}

func newEnv(tb testing.TB) *env {
	tb.Helper()
	p := testkit.ExamplePlan(tb)
	e := &env{t: tb, now: fixedNow}
	db := testkit.OpenDB(tb, func() time.Time { return e.now })
	e.db = db
	e.h = commands.New(p, db, nil, nil)
	e.h.Now = func() time.Time { return e.now }
	return e
}

// do runs a command line such as "/beredskap logg tekst" in a channel.
func (e *env) do(channel, user, line string) ui.Response {
	e.t.Helper()
	cmd, text, _ := strings.Cut(line, " ")
	return e.h.Handle(context.Background(), ui.Request{Command: cmd, Text: text, UserID: user, ChannelID: channel})
}

// text renders a response as the console shows it.
func (e *env) text(r ui.Response) string {
	return ui.PlainText(r, ui.NameResolver(e.h.Plan()))
}

// open starts an incident and gives it a channel, as a transport does.
func (e *env) open(user, args, channelID string) int64 {
	e.t.Helper()
	r := e.do("C0BEREDSKAP", user, "/beredskap start "+args)
	if r.Opened == nil || r.Opened.Existing {
		e.t.Fatalf("start %q opened nothing: %s", args, e.text(r))
	}
	if err := e.db.SetChannel(context.Background(), r.Opened.IncidentID, channelID, r.Opened.ChannelName); err != nil {
		e.t.Fatal(err)
	}
	return r.Opened.IncidentID
}

// golden compares got with testdata/<name>.golden (rewritten with -update).
func golden(t *testing.T, name, got string) {
	t.Helper()
	testkit.Golden(t, filepath.Join("testdata", name+".golden"), got)
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("answer lacks %q:\n%s", w, got)
		}
	}
}
