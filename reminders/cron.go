package reminders

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/sirupsen/logrus"
)

// ParseSchedule parses BEREDSKAP_REMINDER_SCHEDULE, standard five-field
// cron syntax ("0 9 * * 1-5": weekdays at 09:00). The times are local to
// the location the schedule is run in (Start uses cron.WithLocation). It
// returns an error in bokmål naming the expression when it is not valid.
func ParseSchedule(spec string) (cron.Schedule, error) {
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("BEREDSKAP_REMINDER_SCHEDULE=%q is not a valid cron expression: %w", spec, err)
	}
	return s, nil
}

// NextRuns returns the next n times spec fires after from, in loc. It
// returns ParseSchedule's error for an invalid spec.
func NextRuns(spec string, loc *time.Location, from time.Time, n int) ([]time.Time, error) {
	s, err := ParseSchedule(spec)
	if err != nil {
		return nil, err
	}
	out := make([]time.Time, 0, n)
	t := from.In(loc)
	for len(out) < n {
		t = s.Next(t)
		if t.IsZero() {
			break
		}
		out = append(out, t)
	}
	return out, nil
}

// lastRunLookBack bounds how far back CatchUp looks for the last
// scheduled run; a schedule that fires more rarely counts from now.
const lastRunLookBack = 35 * 24 * time.Hour

// lastRun returns the last time s fired at or before now (in loc), within
// lastRunLookBack, and false when it did not fire in that time.
func lastRun(s cron.Schedule, now time.Time, loc *time.Location) (time.Time, bool) {
	var last time.Time
	t := now.In(loc).Add(-lastRunLookBack)
	for i := 0; i < 200000; i++ {
		n := s.Next(t)
		if n.IsZero() || n.After(now) {
			break
		}
		last, t = n, n
	}
	return last, !last.IsZero()
}

// Start runs CatchUp once, then a Pass every time spec fires, in the
// runner's time zone (cron.WithLocation), until ctx is done or stop is
// called; stop waits for a running pass to finish. Pass errors are
// logged. It returns ParseSchedule's error for an invalid spec, and an
// error if the runner was already started.
func (r *Runner) Start(ctx context.Context, spec string) (stop func(), err error) {
	sched, err := ParseSchedule(spec)
	if err != nil {
		return nil, err
	}
	loc := r.location(r.Plan())
	r.cronMu.Lock()
	if r.sched != nil {
		r.cronMu.Unlock()
		return nil, errors.New("the reminders are already running")
	}
	r.sched = sched
	r.cronMu.Unlock()

	log := r.log()
	if planned, err := r.CatchUp(ctx, r.now()); err != nil {
		log.WithError(err).Warn("catch-up pass failed")
	} else if len(planned) > 0 {
		log.WithField("reminders", len(planned)).Info("catch-up pass sent missed reminders")
	}

	c := cron.New(cron.WithLocation(loc))
	c.Schedule(sched, cron.FuncJob(func() {
		if ctx.Err() != nil {
			return
		}
		if _, err := r.Pass(ctx, r.now(), false); err != nil {
			log.WithError(err).Warn("reminder pass failed")
		}
	}))
	c.Start()
	r.cronMu.Lock()
	r.cron = c
	r.cronMu.Unlock()
	log.WithFields(logrus.Fields{"schedule": spec, "zone": loc.String(), "next": r.Next().Format(time.RFC3339)}).Info("reminders scheduled")

	var once sync.Once
	done := make(chan struct{})
	stop = func() {
		once.Do(func() {
			close(done)
			<-c.Stop().Done()
		})
	}
	go func() {
		select {
		case <-ctx.Done():
			stop()
		case <-done:
		}
	}()
	return stop, nil
}

// Next returns when the next scheduled pass runs, or the zero time when
// Start has not been called.
func (r *Runner) Next() time.Time {
	r.cronMu.Lock()
	c := r.cron
	r.cronMu.Unlock()
	if c == nil {
		return time.Time{}
	}
	for _, e := range c.Entries() {
		return e.Next
	}
	return time.Time{}
}
