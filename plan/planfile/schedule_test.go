package planfile

import (
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

func TestScheduleWarnings(t *testing.T) {
	p, _ := LoadDir("testdata/valid")
	oslo, _ := time.LoadLocation("Europe/Oslo")
	never := w("arshjul.yaml", 19, "sist_gjennomfort", "revisjonen «ros-revisjon» er aldri gjennomført (hver 48. måned)")
	planDue := w("arshjul.yaml", 18, "sist_gjennomfort", "revisjonen «plan-revisjon» er forfalt: skulle vært gjennomført innen 15.01.2026 (sist 15.01.2025, hver 12. måned)")
	exerciseDue := w("arshjul.yaml", 8, "sist_gjennomfort", "øvelsen «it-ovelse» er forfalt: skulle vært gjennomført innen 10.03.2026 (sist 10.03.2025, hver 12. måned)")
	tests := []struct {
		name string
		now  time.Time
		want Diagnostics
	}{
		{"nothing due yet", time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC), Diagnostics{never}},
		// 22:59 UTC is 23:59 in Oslo on the due date: not yet overdue.
		{"last minute of due date in Oslo", time.Date(2026, 1, 15, 22, 59, 0, 0, time.UTC), Diagnostics{never}},
		// 23:30 UTC is already 16 January in Oslo.
		{"first minute after due date in Oslo", time.Date(2026, 1, 15, 23, 30, 0, 0, time.UTC), Diagnostics{planDue, never}},
		{"both overdue", time.Date(2026, 3, 11, 0, 0, 0, 0, oslo), Diagnostics{exerciseDue, planDue, never}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertDiagnostics(t, ScheduleWarnings(p, tt.now), tt.want)
		})
	}
}

func TestScheduleWarningsHandBuilt(t *testing.T) {
	// No Location: Europe/Oslo is used. 31 January + 1 month is 28 February.
	p := &plan.Plan{Exercises: []*plan.Exercise{
		{Pos: plan.Pos{File: "arshjul.yaml", Line: 2}, ID: "mnd", IntervalMonths: 1, LastDone: plan.Date{Year: 2025, Month: 1, Day: 31}},
		{Pos: plan.Pos{File: "arshjul.yaml", Line: 9}, ID: "uten-intervall", IntervalMonths: 0},
	}}
	got := ScheduleWarnings(p, time.Date(2025, 2, 28, 22, 59, 0, 0, time.UTC))
	assertDiagnostics(t, got, nil)
	got = ScheduleWarnings(p, time.Date(2025, 2, 28, 23, 0, 0, 0, time.UTC))
	assertDiagnostics(t, got, Diagnostics{
		w("arshjul.yaml", 2, "sist_gjennomfort", "øvelsen «mnd» er forfalt: skulle vært gjennomført innen 28.02.2025 (sist 31.01.2025, hver måned)"),
	})
}
