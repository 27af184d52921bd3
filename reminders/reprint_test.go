package reminders_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

// When the plan changed since the binder was printed, the administrators
// are reminded once (per changed plan) to print it again.
func TestReprintReminder(t *testing.T) {
	e := newEnv(t)
	now := at(2026, 12, 1, 9, 0)
	if got := e.pass(now); len(got) != 0 {
		t.Fatalf("a binder never printed is reminded: %+v", got)
	}
	e.db.Now = func() time.Time { return at(2026, 11, 1, 12, 0) }
	if err := e.db.RecordBinderPrint(context.Background(), plan.ContentHash(e.plan()), ""); err != nil {
		t.Fatal(err)
	}
	if got := e.pass(now); len(got) != 0 {
		t.Fatalf("an unchanged plan is reminded: %+v", got)
	}
	e.mu.Lock()
	e.p.Functions[0].ReserveRoutine += " Endret."
	e.mu.Unlock()
	got := e.pass(now)
	if len(got) != 1 || got[0].Channel != "U0KRISE003" || !strings.Contains(got[0].Text, "Skriv ut permen på nytt: planen er endret siden 01.11.2026") {
		t.Fatalf("reprint reminder: %+v", got)
	}
	if again := e.pass(now.AddDate(0, 0, 1)); len(again) != 0 {
		t.Errorf("reminded twice: %+v", again)
	}
}
