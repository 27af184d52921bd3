package reminders_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// due is the due date of the exercise most tests use: last done
// 31.03.2026, yearly. The days before it cross the change to summer time
// (28.03.2027).
var due = date(2027, 3, 31)

func TestStageBoundaries(t *testing.T) {
	tests := []struct {
		offset int    // days from the due date
		want   string // stage sent, "" for none
		words  string // part of the message
	}{
		{-31, "", ""},
		{-30, "-30", "om 30 dager"},
		{-29, "-30", "om 29 dager"},
		{-8, "-30", "om 8 dager"},
		{-7, "-7", "om 7 dager"},
		{-6, "-7", "om 6 dager"},
		{-1, "-7", "i morgen"},
		{0, "0", "har frist *i dag* (31.03.2027)"},
		{1, "0", "forfalt i går"},
		{6, "0", "forfalt for 6 dager siden"},
		{7, "+7", "forfalt for 7 dager siden"},
		{13, "+7", "forfalt for 13 dager siden"},
		{14, "+14", "forfalt for 14 dager siden"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+d days", tt.offset), func(t *testing.T) {
			e := newEnv(t)
			e.exercise("ovelse-a", date(2026, 3, 31), 12)
			d := due.AddDays(tt.offset)
			got := e.pass(at(d.Year, d.Month, d.Day, 9, 0))
			items := e.outbox()
			if tt.want == "" {
				if len(got) != 0 || len(items) != 0 {
					t.Fatalf("nothing is due yet, got %v and %d outbox items", stages(got), len(items))
				}
				return
			}
			if want := []string{"ovelse-a " + tt.want + " 2027-03-31"}; !reflect.DeepEqual(stages(got), want) {
				t.Fatalf("queued %v, want %v", stages(got), want)
			}
			if len(items) != 1 {
				t.Fatalf("%d outbox items, want 1", len(items))
			}
			p := post(t, items[0])
			if p.Channel != "#beredskap" || !strings.Contains(p.Response.Text, "<@U0KRISE004>") {
				t.Errorf("post to %q: %q", p.Channel, p.Response.Text)
			}
			if !strings.Contains(got[0].Text, tt.words) || !strings.Contains(p.Response.Blocks[1].Text, "<@U0KRISE004>") {
				t.Errorf("message lacks %q or the owner mention:\n%s", tt.words, got[0].Text)
			}
			if e.queued != 1 {
				t.Errorf("OnQueued called %d times, want 1", e.queued)
			}
			// A second pass the same day sends nothing.
			if again := e.pass(at(d.Year, d.Month, d.Day, 9, 0).Add(time.Hour)); len(again) != 0 || len(e.outbox()) != 1 {
				t.Errorf("second pass queued %v", stages(again))
			}
		})
	}
}

// TestDailyPassesSendEachStageOnce runs a pass every day at 09:00 from 35
// days before the due date to 15 days after: every stage goes out once, in
// order, on its day, across the change to summer time.
func TestDailyPassesSendEachStageOnce(t *testing.T) {
	e := newEnv(t)
	e.exercise("ovelse-a", date(2026, 3, 31), 12)
	var sent []string
	for off := -35; off <= 15; off++ {
		d := due.AddDays(off)
		for _, p := range e.pass(at(d.Year, d.Month, d.Day, 9, 0)) {
			sent = append(sent, fmt.Sprintf("%s@%+d", p.Stage, off))
		}
	}
	want := []string{"-30@-30", "-7@-7", "0@+0", "+7@+7", "+14@+14"}
	if !reflect.DeepEqual(sent, want) {
		t.Errorf("sent %v, want %v", sent, want)
	}
	if n := len(e.outbox()); n != len(want) {
		t.Errorf("%d outbox items, want %d", n, len(want))
	}
}

func TestSummerTimeLocalDate(t *testing.T) {
	tests := []struct {
		name string
		now  time.Time
		want []string
	}{
		{"evening before spring change", at(2027, 3, 27, 23, 59), []string{"ovelse-mars -7 2027-03-28"}},
		{"00:30 on the spring change (23:30 UTC the day before)", at(2027, 3, 28, 0, 30), []string{"ovelse-mars 0 2027-03-28"}},
		{"09:00 on the spring change", at(2027, 3, 28, 9, 0), []string{"ovelse-mars 0 2027-03-28"}},
		{"evening before autumn change", at(2027, 10, 30, 23, 59), []string{"ovelse-oktober -7 2027-10-31"}},
		{"00:30 on the autumn change (22:30 UTC the day before)", at(2027, 10, 31, 0, 30), []string{"ovelse-oktober 0 2027-10-31"}},
		{"09:00 on the autumn change", at(2027, 10, 31, 9, 0), []string{"ovelse-oktober 0 2027-10-31"}},
		{"23:30 on the autumn change", at(2027, 10, 31, 23, 30), []string{"ovelse-oktober 0 2027-10-31"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			if tt.now.Month() == time.March {
				e.exercise("ovelse-mars", date(2026, 3, 28), 12, 7, 0)
			} else {
				e.exercise("ovelse-oktober", date(2026, 10, 31), 12, 7, 0)
			}
			if got := stages(e.pass(tt.now)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("at %s (%s UTC): queued %v, want %v", tt.now.Format(time.RFC3339), tt.now.UTC().Format("2006-01-02 15:04"), got, tt.want)
			}
		})
	}
}

func TestLeapDay(t *testing.T) {
	e := newEnv(t)
	e.exercise("ovelse-skudd", date(2024, 2, 29), 12)
	if got := stages(e.pass(at(2025, 2, 27, 9, 0))); !reflect.DeepEqual(got, []string{"ovelse-skudd -7 2025-02-28"}) {
		t.Errorf("day before: %v", got)
	}
	got := e.pass(at(2025, 2, 28, 9, 0))
	if !reflect.DeepEqual(stages(got), []string{"ovelse-skudd 0 2025-02-28"}) || !strings.Contains(got[0].Text, "i dag* (28.02.2025)") {
		t.Errorf("29.02.2024 + 12 months is due 28.02.2025: %v\n%s", stages(got), got[0].Text)
	}
}

func TestPlanEditMovesDueDate(t *testing.T) {
	e := newEnv(t)
	x := e.exercise("ovelse-a", date(2026, 3, 31), 12)
	e.pass(at(2027, 3, 24, 9, 0)) // -7 for 31.03.2027
	// The coordinator corrects sist_gjennomfort: the exercise is due 26.03.
	e.mu.Lock()
	x.LastDone = date(2026, 3, 26)
	e.mu.Unlock()
	got := e.pass(at(2027, 3, 24, 10, 0))
	if want := []string{"ovelse-a -7 2027-03-26"}; !reflect.DeepEqual(stages(got), want) {
		t.Fatalf("after the edit: %v, want %v", stages(got), want)
	}
	if n := len(e.outbox()); n != 2 {
		t.Errorf("%d outbox items, want 2 (one per due date)", n)
	}
}

// TestCrashBetweenClaimAndDelivery: the ledger row and the outbox item are
// one transaction, so after a crash before delivery the restarted bot
// claims nothing new and the item waiting in the outbox is there once.
func TestCrashBetweenClaimAndDelivery(t *testing.T) {
	path := filepath.Join(t.TempDir(), "beredskap.db")
	e := newEnv(t)
	e.exercise("ovelse-a", date(2026, 3, 31), 12)
	now := at(2027, 3, 24, 9, 0)
	run := func() ([]reminders.Planned, []incident.OutboxItem) {
		db, err := storage.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		e.db = db
		r := &reminders.Runner{Plan: e.plan, Store: db, Loc: oslo}
		got, err := r.Pass(context.Background(), now, false)
		if err != nil {
			t.Fatal(err)
		}
		return got, e.outbox()
	}
	first, items := run() // … and the process dies before the outbox is delivered
	if len(first) != 1 || len(items) != 1 {
		t.Fatalf("first run: %v, %d items", stages(first), len(items))
	}
	second, items := run()
	if len(second) != 0 || len(items) != 1 {
		t.Fatalf("after restart: queued %v, %d items (want nothing new, the one item)", stages(second), len(items))
	}
}

// TestRestartAfterThreeWeeks: a bot that was down sends one message per
// item, its latest stage, and never the stages it skipped.
func TestRestartAfterThreeWeeks(t *testing.T) {
	e := newEnv(t)
	e.exercise("ovelse-a", date(2026, 3, 31), 12)            // due 31.03.2027, stages 30/7/0
	e.exercise("ovelse-b", date(2026, 4, 14), 12, 60, 30, 7) // due 14.04.2027
	e.exercise("ovelse-c", date(2026, 9, 1), 12)             // due 01.09.2027
	if got := stages(e.pass(at(2027, 2, 28, 9, 0))); !reflect.DeepEqual(got, []string{"ovelse-b -60 2027-04-14"}) {
		t.Fatalf("before going down: %v", got)
	}
	// Down from 01.03 to 26.03: ovelse-a passed -30 and -7, ovelse-b -30.
	now := at(2027, 3, 26, 9, 0)
	e.db.Now = func() time.Time { return now }
	got, err := e.r.CatchUp(context.Background(), now)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ovelse-a -7 2027-03-31", "ovelse-b -30 2027-04-14"}
	if !reflect.DeepEqual(stages(got), want) {
		t.Fatalf("catch-up: %v, want %v", stages(got), want)
	}
	for d := 27; d <= 30; d++ {
		if got := e.pass(at(2027, 3, d, 9, 0)); len(got) != 0 {
			t.Errorf("pass on %d.03 after catch-up sent %v", d, stages(got))
		}
	}
	sent, err := e.db.ReminderSent(context.Background(), "ovelse-a", "2027-03-31")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sent, []string{"-7"}) {
		t.Errorf("ledger for ovelse-a: %v, want only -7", sent)
	}
	if n := len(e.outbox()); n != 3 {
		t.Errorf("%d outbox items, want 3", n)
	}
}

func TestDryRunClaimsNothing(t *testing.T) {
	e := newEnv(t)
	e.exercise("ovelse-a", date(2026, 3, 31), 12)
	now := at(2027, 3, 24, 9, 0)
	dry, err := e.r.Pass(context.Background(), now, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(dry) != 1 || len(e.outbox()) != 0 || e.queued != 0 {
		t.Fatalf("dry run: %v, %d outbox items, %d notifications", stages(dry), len(e.outbox()), e.queued)
	}
	sent, _ := e.db.ReminderSent(context.Background(), "ovelse-a", "2027-03-31")
	if len(sent) != 0 {
		t.Fatalf("dry run claimed %v", sent)
	}
	real := e.pass(now)
	if !reflect.DeepEqual(stages(real), stages(dry)) || real[0].Text != dry[0].Text {
		t.Errorf("the real pass differs from the dry run: %v vs %v", stages(real), stages(dry))
	}
}

func TestPostponedItem(t *testing.T) {
	e := newEnv(t)
	e.exercise("ovelse-a", date(2026, 3, 31), 12)
	e.pass(at(2027, 3, 31, 9, 0)) // "0"
	if err := e.db.Postpone(context.Background(), "ovelse-a", "2027-03-31", "2027-04-07", "U0KRISE004"); err != nil {
		t.Fatal(err)
	}
	for d := 1; d <= 6; d++ {
		if got := e.pass(at(2027, 4, d, 9, 0)); len(got) != 0 {
			t.Errorf("postponed: %d.04 sent %v", d, stages(got))
		}
	}
	got := e.pass(at(2027, 4, 7, 9, 0))
	if !reflect.DeepEqual(stages(got), []string{"ovelse-a 0 2027-04-07"}) || !strings.Contains(got[0].Text, "utsatt frist") {
		t.Errorf("on the new date: %v", stages(got))
	}
	// Recording it as done ends the reminders.
	if err := e.db.RecordCompletion(context.Background(), incident.Completion{ItemID: "ovelse-a", Done: "2027-04-08"}); err != nil {
		t.Fatal(err)
	}
	if got := e.pass(at(2027, 4, 14, 9, 0)); len(got) != 0 {
		t.Errorf("after completion: %v", stages(got))
	}
}

func TestNeverDoneWeekly(t *testing.T) {
	e := newEnv(t)
	e.exercise("ovelse-ny", date(0, 0, 0), 12)
	var sent []string
	for d := 1; d <= 14; d++ { // Monday 1.03 to Sunday 14.03.2027
		for _, p := range e.pass(at(2027, 3, d, 9, 0)) {
			sent = append(sent, fmt.Sprintf("%s@%d", p.Stage, d))
			if !strings.Contains(p.Text, "ikke registrert gjennomført") || strings.Contains(p.Text, "Utsett") {
				t.Errorf("message: %s", p.Text)
			}
		}
	}
	if want := []string{"uke-2027-09@1", "uke-2027-10@8"}; !reflect.DeepEqual(sent, want) {
		t.Errorf("sent %v, want %v", sent, want)
	}
}

func TestClockBackSendsNoOlderStage(t *testing.T) {
	e := newEnv(t)
	e.exercise("ovelse-a", date(2026, 3, 31), 12)
	e.pass(at(2027, 3, 31, 9, 0))
	if got := e.pass(at(2027, 3, 25, 9, 0)); len(got) != 0 {
		t.Errorf("an earlier stage after a later one: %v", stages(got))
	}
}

func TestConcurrentRunnersSendOnce(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 5; i++ {
		e.exercise(fmt.Sprintf("ovelse-%d", i), date(2026, 3, 31), 12)
	}
	now := at(2027, 3, 24, 9, 0)
	e.db.Now = func() time.Time { return now }
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &reminders.Runner{Plan: e.plan, Store: e.db, Loc: oslo} // separate runners, one ledger
			got, err := r.Pass(context.Background(), now, false)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += len(got)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if total != 5 || len(e.outbox()) != 5 {
		t.Errorf("queued %d, %d outbox items; want 5 each", total, len(e.outbox()))
	}
}

func TestMessageGolden(t *testing.T) {
	e := newEnv(t)
	e.exercise("ovelse-strom-sentrum", date(2026, 3, 31), 12)
	e.p.Exercises[0].Name = "Strømbrudd i sentrum"
	got := e.pass(at(2027, 3, 24, 9, 0))
	if len(got) != 1 {
		t.Fatalf("queued %v", stages(got))
	}
	golden(t, "reminder_7_days", got[0].Text)
	buttons := got[0].Post.Response.Blocks[len(got[0].Post.Response.Blocks)-1].Buttons
	if len(buttons) != 2 || buttons[0].Value != "ovelse-strom-sentrum|2027-03-31" || buttons[1].ActionID != "reminder_postpone" {
		t.Errorf("buttons = %+v", buttons)
	}
}

func TestItemsUseRecordedCompletions(t *testing.T) {
	e := newEnv(t)
	e.exercise("ovelse-a", date(2026, 3, 31), 12)
	e.exercise("ovelse-b", date(2026, 3, 31), 12)
	items := reminders.Items(e.plan(),
		map[string]incident.Completion{"ovelse-a": {ItemID: "ovelse-a", Done: "2026-11-02"}, "ovelse-b": {ItemID: "ovelse-b", Done: "2026-01-01"}},
		map[string]string{"ovelse-a": "ikke-en-dato", "ovelse-b": "2027-04-07"})
	if len(items) != 2 {
		t.Fatalf("items = %+v", items)
	}
	a, b := items[0], items[1]
	if a.Due != date(2027, 11, 2) || a.LastDone != date(2026, 11, 2) || a.Postponed || a.Owner == nil || a.Owner.Name != "Per Prøvesen" {
		t.Errorf("a newer completion wins, a bad postponement is ignored: %+v", a)
	}
	if b.Due != date(2027, 4, 7) || b.LastDone != date(2026, 3, 31) || !b.Postponed {
		t.Errorf("an older completion loses, a postponement moves the date: %+v", b)
	}
}

// BenchmarkPass measures a steady-state pass over the example plan's
// eight items on a real SQLite file: everything already claimed, so it is
// one ledger read per item due.
func BenchmarkPass(b *testing.B) {
	e := newEnv(b)
	full, _ := planfile.LoadExample("kommune")
	e.p.Exercises, e.p.Reviews = full.Exercises, full.Reviews
	now := at(2027, 3, 24, 9, 0)
	e.pass(now)
	b.ReportAllocs()
	for b.Loop() {
		if got, err := e.r.Pass(context.Background(), now, false); err != nil || len(got) != 0 {
			b.Fatalf("steady state queued %d (%v)", len(got), err)
		}
	}
}
