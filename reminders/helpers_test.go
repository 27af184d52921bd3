package reminders_test

import (
	"context"
	"encoding/json"
	"flag"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/storage"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

var _ = flag.Bool("update", false, "rewrite golden files") // read by testkit.Golden

var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return loc
}()

// at is a local Oslo time on a date, e.g. at(2027, 3, 24, 9, 0).
func at(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, oslo) }

// env is a runner over the example plan (trimmed to the items a test
// sets) and a real SQLite file.
type env struct {
	t      testing.TB
	db     *storage.DB
	r      *reminders.Runner
	mu     sync.Mutex
	p      *plan.Plan
	queued int // OnQueued calls
}

func newEnv(tb testing.TB) *env {
	tb.Helper()
	p := testkit.ExamplePlan(tb)
	p.Exercises, p.Reviews = nil, nil
	db := testkit.OpenDB(tb, nil)
	e := &env{t: tb, db: db, p: p}
	e.r = &reminders.Runner{Plan: e.plan, Store: db, Loc: oslo, OnQueued: func() {
		e.mu.Lock()
		e.queued++
		e.mu.Unlock()
	}}
	return e
}

func (e *env) plan() *plan.Plan {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.p
}

// exercise adds an exercise owned by Per Prøvesen (Slack U0KRISE004) in
// #beredskap; stages nil means the defaults.
func (e *env) exercise(id string, last plan.Date, months int, stages ...int) *plan.Exercise {
	x := &plan.Exercise{ID: id, Name: "Øvelse " + id, Owner: "per-provesen", Channel: "#beredskap",
		IntervalMonths: months, LastDone: last, DoneWhen: "Øvelsen er gjennomført og evaluert.", Stages: stages}
	e.mu.Lock()
	e.p.Exercises = append(e.p.Exercises, x)
	e.mu.Unlock()
	return x
}

// pass runs a regular pass at now and fails the test on error.
func (e *env) pass(now time.Time) []reminders.Planned {
	e.t.Helper()
	e.db.Now = func() time.Time { return now }
	got, err := e.r.Pass(context.Background(), now, false)
	if err != nil {
		e.t.Fatalf("pass at %v: %v", now, err)
	}
	return got
}

// outbox returns every reminder item not yet delivered.
func (e *env) outbox() []incident.OutboxItem {
	e.t.Helper()
	items, err := e.db.NextOutbox(context.Background(), time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []incident.OutboxItem
	for _, it := range items {
		if it.Kind == incident.OutboxReminder {
			out = append(out, it)
		}
	}
	return out
}

// post decodes an outbox item's payload.
func post(tb testing.TB, it incident.OutboxItem) ui.Post {
	tb.Helper()
	var p ui.Post
	if err := json.Unmarshal(it.Payload, &p); err != nil {
		tb.Fatalf("payload of item %d: %v", it.ID, err)
	}
	return p
}

// stages lists "item stage due" of planned reminders.
func stages(ps []reminders.Planned) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Item.ID+" "+p.Stage+" "+p.Due)
	}
	return out
}

func date(y int, m time.Month, d int) plan.Date { return plan.Date{Year: y, Month: m, Day: d} }

// golden compares got with testdata/<name>.golden (rewritten with -update
// or UPDATE_GOLDEN=1).
func golden(t *testing.T, name, got string) {
	t.Helper()
	testkit.Golden(t, filepath.Join("testdata", name+".golden"), got)
}
