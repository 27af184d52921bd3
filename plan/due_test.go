package plan

import (
	"testing"
	"time"
)

func ymd(y int, m time.Month, day int) Date { return Date{y, m, day} }

func TestDueDate(t *testing.T) {
	tests := []struct {
		name   string
		last   Date
		months int
		want   Date
	}{
		{"yearly", ymd(2026, 1, 21), 12, ymd(2027, 1, 21)},
		{"leap day clamps to 28 February", ymd(2024, 2, 29), 12, ymd(2025, 2, 28)},
		{"leap day to next leap year", ymd(2024, 2, 29), 48, ymd(2028, 2, 29)},
		{"31st into a short month", ymd(2026, 8, 31), 6, ymd(2027, 2, 28)},
		{"over the new year", ymd(2026, 9, 8), 6, ymd(2027, 3, 8)},
		{"never done", Date{}, 12, Date{}},
		{"no interval", ymd(2026, 1, 1), 0, Date{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DueDate(tt.last, tt.months); got != tt.want {
				t.Errorf("DueDate(%v, %d) = %v, want %v", tt.last, tt.months, got, tt.want)
			}
		})
	}
}

func TestDaysBetweenAcrossSummerTime(t *testing.T) {
	tests := []struct {
		a, b Date
		want int
	}{
		{ymd(2027, 3, 27), ymd(2027, 3, 29), 2},   // over the last Sunday of March (23-hour day)
		{ymd(2027, 10, 30), ymd(2027, 11, 1), 2},  // over the last Sunday of October (25-hour day)
		{ymd(2027, 3, 1), ymd(2027, 2, 1), -28},   // backwards
		{ymd(2024, 2, 28), ymd(2024, 3, 1), 2},    // leap year
		{ymd(2026, 12, 31), ymd(2027, 1, 1), 1},   // new year
		{ymd(2026, 11, 22), ymd(2026, 11, 22), 0}, // same day
	}
	for _, tt := range tests {
		if got := DaysBetween(tt.a, tt.b); got != tt.want {
			t.Errorf("DaysBetween(%v, %v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := tt.a.AddDays(tt.want); got != tt.b {
			t.Errorf("%v.AddDays(%d) = %v, want %v", tt.a, tt.want, got, tt.b)
		}
	}
}

func TestCurrentStage(t *testing.T) {
	due := ymd(2027, 3, 31)
	tests := []struct {
		name      string
		today     Date
		stages    []int
		postponed bool
		want      string // "" when no stage is reached
	}{
		{"31 days before", due.AddDays(-31), DefaultStages, false, ""},
		{"30 days before", due.AddDays(-30), DefaultStages, false, "-30"},
		{"29 days before", due.AddDays(-29), DefaultStages, false, "-30"},
		{"8 days before", due.AddDays(-8), DefaultStages, false, "-30"},
		{"7 days before", due.AddDays(-7), DefaultStages, false, "-7"},
		{"6 days before", due.AddDays(-6), DefaultStages, false, "-7"},
		{"due date", due, DefaultStages, false, "0"},
		{"1 day overdue", due.AddDays(1), DefaultStages, false, "0"},
		{"6 days overdue", due.AddDays(6), DefaultStages, false, "0"},
		{"7 days overdue", due.AddDays(7), DefaultStages, false, "+7"},
		{"13 days overdue", due.AddDays(13), DefaultStages, false, "+7"},
		{"14 days overdue", due.AddDays(14), DefaultStages, false, "+14"},
		{"a year overdue", due.AddDays(365), DefaultStages, false, "+364"},
		{"plan stages 60 days", due.AddDays(-60), []int{60, 30, 7, 0}, false, "-60"},
		{"plan stages unordered", due.AddDays(-5), []int{0, 30, 7}, false, "-7"},
		{"no due-date stage: after due still the last one", due.AddDays(2), []int{30, 7}, false, "-7"},
		{"no due-date stage: a week overdue", due.AddDays(7), []int{30, 7}, false, "+7"},
		{"negative stages ignored", due.AddDays(-3), []int{-5}, false, ""},
		{"postponed: no before reminders", due.AddDays(-6), DefaultStages, true, ""},
		{"postponed: on the new date", due, []int{30, 7}, true, "0"},
		{"postponed: a week after", due.AddDays(7), DefaultStages, true, "+7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := CurrentStage(due, tt.today, tt.stages, tt.postponed)
			got := ""
			if ok {
				got = s.Key()
			}
			if got != tt.want {
				t.Errorf("CurrentStage on %v = %q, want %q", tt.today, got, tt.want)
			}
			if ok {
				back, ok := ParseStage(s.Key())
				if !ok || back != s {
					t.Errorf("ParseStage(%q) = %v, %v", s.Key(), back, ok)
				}
			}
		})
	}
	if _, ok := CurrentStage(Date{}, due, DefaultStages, false); ok {
		t.Error("a never-done item has no dated stage")
	}
}

func TestSchedule(t *testing.T) {
	p := &Plan{
		Exercises: []*Exercise{
			{ID: "ovelse-a", Name: "A", IntervalMonths: 12, LastDone: ymd(2024, 2, 29)},
			{ID: "ovelse-b", Name: "B", IntervalMonths: 12, LastDone: ymd(2026, 1, 10), Stages: []int{14, 0}},
			{ID: "ovelse-c", Name: "C", IntervalMonths: 6},
		},
		Reviews: []*Review{
			{ID: "revisjon-plan", Name: "Plan", Kind: ReviewPlan, IntervalMonths: 12, LastDone: ymd(2026, 1, 20)},
			{ID: "revisjon-ros", Name: "ROS", Kind: ReviewROS, IntervalMonths: 48, LastDone: ymd(2024, 3, 4)},
		},
	}
	done := map[string]Date{
		"ovelse-a":      ymd(2024, 1, 1),  // older than the plan: the plan wins
		"ovelse-b":      ymd(2026, 11, 2), // newer: wins
		"revisjon-plan": ymd(2026, 1, 20), // same day: the plan's own
	}
	postponed := map[string]Date{
		"revisjon-plan": ymd(2027, 1, 27), // a week after the due date: moves it
		"ovelse-b":      ymd(2026, 1, 17), // for the old due date: stale
		"ovelse-c":      ymd(2027, 1, 1),  // never done: nothing to move
	}
	got := p.Schedule(done, postponed)
	want := []struct {
		id, kind            string
		last, due           Date
		recorded, postponed bool
		stages              int
	}{
		{"ovelse-a", KindExercise, ymd(2024, 2, 29), ymd(2025, 2, 28), false, false, 3},
		{"ovelse-b", KindExercise, ymd(2026, 11, 2), ymd(2027, 11, 2), true, false, 2},
		{"ovelse-c", KindExercise, Date{}, Date{}, false, false, 3},
		{"revisjon-plan", "plan", ymd(2026, 1, 20), ymd(2027, 1, 27), false, true, 3},
		{"revisjon-ros", "ros", ymd(2024, 3, 4), ymd(2028, 3, 4), false, false, 3},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d items, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.id || g.Kind != w.kind || g.LastDone != w.last || g.Due != w.due ||
			g.Recorded != w.recorded || g.Postponed != w.postponed || len(g.Stages) != w.stages {
			t.Errorf("item %d = %+v, want %+v", i, g, w)
		}
	}

	SortByDue(got)
	var order []string
	for _, s := range got {
		order = append(order, s.ID)
	}
	wantOrder := []string{"ovelse-c", "ovelse-a", "revisjon-plan", "ovelse-b", "revisjon-ros"}
	for i := range wantOrder {
		if order[i] != wantOrder[i] {
			t.Fatalf("sorted = %v, want %v", order, wantOrder)
		}
	}
}

func TestStatusOn(t *testing.T) {
	today := ymd(2026, 11, 22)
	tests := []struct {
		due  Date
		want string
	}{
		{Date{}, "forfalt"},
		{today.AddDays(-1), "forfalt"},
		{today, "snart"},
		{today.AddDays(30), "snart"},
		{today.AddDays(31), "ok"},
	}
	for _, tt := range tests {
		if got := (Scheduled{Due: tt.due}).StatusOn(today).String(); got != tt.want {
			t.Errorf("due %v: status %q, want %q", tt.due, got, tt.want)
		}
	}
}
