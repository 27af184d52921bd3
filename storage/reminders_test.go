package storage

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

func reminderItem(text string) incident.OutboxItem {
	return incident.OutboxItem{Kind: incident.OutboxReminder, Payload: []byte(`{"text":"` + text + `"}`)}
}

func TestClaimReminder(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	claims := []struct {
		item, stage, due string
		want             bool
	}{
		{"ovelse-arlig", "30d", "2026-04-01", true},
		{"ovelse-arlig", "30d", "2026-04-01", false}, // already claimed
		{"ovelse-arlig", "7d", "2026-04-01", true},
		{"ovelse-arlig", "30d", "2027-04-01", true}, // next year's due date
		{"plan-revisjon", "30d", "2026-04-01", true},
	}
	for _, c := range claims {
		got, err := db.ClaimReminder(ctx, c.item, c.stage, c.due, reminderItem(c.item))
		if err != nil || got != c.want {
			t.Errorf("ClaimReminder(%s, %s, %s) = %v, %v; want %v", c.item, c.stage, c.due, got, err, c.want)
		}
	}
	if n := count(t, db, "outbox", "kind = ?", string(incident.OutboxReminder)); n != 4 {
		t.Errorf("%d reminders enqueued, want 4", n)
	}
	stages, err := db.ReminderSent(ctx, "ovelse-arlig", "2026-04-01")
	if err != nil || len(stages) != 2 || stages[0] != "30d" || stages[1] != "7d" {
		t.Errorf("ReminderSent = %v, %v; want [30d 7d]", stages, err)
	}
	if stages, err := db.ReminderSent(ctx, "ukjent", "2026-04-01"); err != nil || len(stages) != 0 {
		t.Errorf("ReminderSent(ukjent) = %v, %v; want none", stages, err)
	}

	tests := []struct {
		name, item, stage, due string
		it                     incident.OutboxItem
		msg                    string
	}{
		{"no item", "", "30d", "2026-04-01", reminderItem("x"), "item, stage and due date are required"},
		{"no stage", "x", "", "2026-04-01", reminderItem("x"), "item, stage and due date are required"},
		{"no due", "x", "30d", "", reminderItem("x"), "item, stage and due date are required"},
		{"no kind", "x", "30d", "2026-04-01", incident.OutboxItem{}, "kind missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claimed, err := db.ClaimReminder(ctx, tt.item, tt.stage, tt.due, tt.it)
			wantErr(t, err, incident.ErrInvalid, tt.msg)
			if claimed {
				t.Error("claimed = true on error")
			}
		})
	}
	if n := count(t, db, "reminder_claims", "item_id = 'x'"); n != 0 {
		t.Errorf("failed claim left %d ledger rows", n)
	}
}

func TestClaimReminderConcurrent(t *testing.T) {
	db, _ := mustOpen(t)
	const n = 20
	var wg sync.WaitGroup
	claimed := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			claimed[i], errs[i] = db.ClaimReminder(context.Background(), "ovelse-arlig", "1d", "2026-04-01", reminderItem("i morgen"))
		})
	}
	wg.Wait()
	wins := 0
	for i := range n {
		if errs[i] != nil {
			t.Errorf("goroutine %d: %v", i, errs[i])
		}
		if claimed[i] {
			wins++
		}
	}
	if wins != 1 {
		t.Errorf("%d goroutines claimed the reminder, want exactly 1", wins)
	}
	if got := count(t, db, "outbox", ""); got != 1 {
		t.Errorf("%d outbox items, want 1", got)
	}
}

func TestCompletions(t *testing.T) {
	ctx := context.Background()
	db, clk := mustOpen(t)
	records := []Completion{
		{ItemID: "ovelse-arlig", Done: "2025-10-01", Note: "Strømbrudd-øvelse", By: "U1"},
		{ItemID: "ovelse-arlig", Done: "2024-09-15", Note: "registrert i etterkant", By: "U2"}, // older date, recorded later
		{ItemID: "plan-revisjon", Done: "2026-01-10", By: "U3"},
		{ItemID: "plan-revisjon", Done: "2026-01-10", Note: "rettet", By: "U4"}, // same date: the later record wins
	}
	for _, c := range records {
		clk.Add(time.Minute)
		if err := db.RecordCompletion(ctx, c); err != nil {
			t.Fatalf("RecordCompletion(%+v): %v", c, err)
		}
	}
	got, err := db.LatestCompletions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Completion{
		"ovelse-arlig":  {ItemID: "ovelse-arlig", Done: "2025-10-01", Note: "Strømbrudd-øvelse", By: "U1", RecordedAt: t0.Add(time.Minute).UTC()},
		"plan-revisjon": {ItemID: "plan-revisjon", Done: "2026-01-10", Note: "rettet", By: "U4", RecordedAt: t0.Add(4 * time.Minute).UTC()},
	}
	if len(got) != len(want) {
		t.Fatalf("LatestCompletions = %+v, want %+v", got, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("LatestCompletions[%s] = %+v, want %+v", k, got[k], w)
		}
	}

	tests := []struct {
		name string
		c    Completion
		msg  string
	}{
		{"no item", Completion{Done: "2026-01-01"}, "item missing"},
		{"bad date", Completion{ItemID: "x", Done: "1.1.2026"}, `done "1.1.2026" is not a date`},
		{"no date", Completion{ItemID: "x"}, `done "" is not a date`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, db.RecordCompletion(ctx, tt.c), incident.ErrInvalid, tt.msg)
		})
	}
}

func TestPostpone(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	for _, p := range []struct{ item, due, until string }{
		{"ovelse-arlig", "2026-04-01", "2026-04-08"},
		{"ovelse-arlig", "2026-04-01", "2026-04-15"},
		{"plan-revisjon", "2026-02-01", "2026-02-08"},
		{"ovelse-arlig", "2026-04-01", "2026-04-10"}, // the latest recorded counts, not the latest date
	} {
		if err := db.Postpone(ctx, p.item, p.due, p.until, "U1"); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.Postponements(ctx)
	want := map[string]string{"ovelse-arlig": "2026-04-10", "plan-revisjon": "2026-02-08"}
	if err != nil || len(got) != len(want) || got["ovelse-arlig"] != want["ovelse-arlig"] || got["plan-revisjon"] != want["plan-revisjon"] {
		t.Errorf("Postponements = %v, %v; want %v", got, err, want)
	}

	tests := []struct {
		name, item, due, until, msg string
	}{
		{"no item", "", "2026-04-01", "2026-04-08", "item missing"},
		{"bad due", "x", "april", "2026-04-08", `due "april" is not a date`},
		{"bad until", "x", "2026-04-01", "2026-13-01", `postponed until "2026-13-01" is not a date`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, db.Postpone(ctx, tt.item, tt.due, tt.until, "U1"), incident.ErrInvalid, tt.msg)
		})
	}
}
