package reminders_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/reminders"
)

// TestScheduleAcrossSummerTime: "0 9 * * 1-5" fires at 09:00 Oslo time on
// weekdays on both sides of the changes to and from summer time, which is
// 08:00 UTC in winter and 07:00 UTC in summer.
func TestScheduleAcrossSummerTime(t *testing.T) {
	tests := []struct {
		from time.Time
		want []string // UTC
	}{
		{at(2027, 3, 25, 12, 0), []string{"2027-03-26T08:00:00Z", "2027-03-29T07:00:00Z", "2027-03-30T07:00:00Z"}},
		{at(2027, 10, 28, 12, 0), []string{"2027-10-29T07:00:00Z", "2027-11-01T08:00:00Z", "2027-11-02T08:00:00Z"}},
	}
	for _, tt := range tests {
		runs, err := reminders.NextRuns("0 9 * * 1-5", oslo, tt.from, len(tt.want))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range runs {
			if l := r.In(oslo); l.Hour() != 9 || l.Minute() != 0 || l.Weekday() == time.Saturday || l.Weekday() == time.Sunday {
				t.Errorf("run at %v is not 09:00 on a weekday in Oslo", l)
			}
			got = append(got, r.UTC().Format(time.RFC3339))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("from %v: runs %v, want %v", tt.from, got, tt.want)
		}
	}
}

func TestParseScheduleRefusesNonsense(t *testing.T) {
	_, err := reminders.ParseSchedule("hver dag kl 9")
	if err == nil || !strings.Contains(err.Error(), `BEREDSKAP_REMINDER_SCHEDULE="hver dag kl 9" is not a valid cron expression`) {
		t.Errorf("err = %v", err)
	}
	r := &reminders.Runner{Plan: newEnv(t).plan, Loc: oslo}
	if _, err := r.Start(context.Background(), "61 9 * * *"); err == nil {
		t.Error("Start accepted an invalid schedule")
	}
}

// TestStartSchedulesInPlanZone: the running schedule's next pass is 09:00
// Oslo time on a weekday, whatever the process's own zone.
func TestStartSchedulesInPlanZone(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop, err := e.r.Start(ctx, "0 9 * * 1-5")
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	next := e.r.Next().In(oslo)
	if next.IsZero() || next.Hour() != 9 || next.Minute() != 0 || next.Weekday() == time.Saturday || next.Weekday() == time.Sunday {
		t.Errorf("next pass %v, want 09:00 Oslo on a weekday", next)
	}
	if _, err := e.r.Start(ctx, "0 9 * * 1-5"); err == nil {
		t.Error("a second Start should be refused")
	}
	stop()
	stop() // twice is fine
}

// TestCatchUpCountsFromLastScheduledRun: a restart at 08:00 on the due
// date (a Monday) sends nothing before the day's 09:00 pass, because the
// last scheduled run (Friday 09:00) had already sent its stage; the
// 09:00 pass then sends the due-date reminder.
func TestCatchUpCountsFromLastScheduledRun(t *testing.T) {
	e := newEnv(t)
	e.exercise("ovelse-a", date(2026, 3, 29), 12) // due Monday 29.03.2027
	e.pass(at(2027, 3, 26, 9, 0))                 // Friday: -7
	restart := at(2027, 3, 29, 8, 0)
	e.db.Now = func() time.Time { return restart }
	e.r.Now = func() time.Time { return restart }
	ctx, cancel := context.WithCancel(context.Background())
	stop, err := e.r.Start(ctx, "0 9 * * 1-5")
	if err != nil {
		t.Fatal(err)
	}
	cancel() // stops the schedule through ctx
	stop()
	if n := len(e.outbox()); n != 1 {
		t.Fatalf("catch-up at 08:00 queued something: %d outbox items, want 1", n)
	}
	got := e.pass(at(2027, 3, 29, 9, 0))
	if !reflect.DeepEqual(stages(got), []string{"ovelse-a 0 2027-03-29"}) {
		t.Errorf("09:00 pass: %v", stages(got))
	}
}

// TestCatchUpSendsMissedRun: the bot was down over Monday's 09:00 run and
// comes back at 11:00: the catch-up sends it.
func TestCatchUpSendsMissedRun(t *testing.T) {
	e := newEnv(t)
	e.exercise("ovelse-a", date(2026, 3, 29), 12)
	restart := at(2027, 3, 29, 11, 0)
	e.db.Now = func() time.Time { return restart }
	e.r.Now = func() time.Time { return restart }
	stop, err := e.r.Start(context.Background(), "0 9 * * 1-5")
	if err != nil {
		t.Fatal(err)
	}
	stop()
	items := e.outbox()
	if len(items) != 1 || !strings.Contains(post(t, items[0]).Response.Text, "frist 29.03.2027") {
		t.Fatalf("catch-up after a missed run: %d items", len(items))
	}
}
