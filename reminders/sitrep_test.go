package reminders_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/testclock"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/storage"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

var _ reminders.CadenceStore = (*storage.DB)(nil)

// The writer of situation reports (the holder of the role the plan
// names) is reminded 15 minutes before each report is due, once per due
// time however often the pass runs and across a restart; a report sent
// moves the next due time.
func TestSitRepCadence(t *testing.T) {
	ctx := context.Background()
	p := testkit.ExamplePlan(t) // hyppighet: 4 timer, ansvarlig: strategisk-koordinator
	clock := testclock.New(at(2026, 11, 22, 10, 0))
	path := filepath.Join(t.TempDir(), "beredskap.db")
	open := func() *storage.DB {
		db, err := storage.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		db.Now = clock.Now
		return db
	}
	db := open()
	defer func() { db.Close() }()
	inc, _, err := db.CreateIncident(ctx, incident.NewIncident{Title: "Strømbrudd", Kind: incident.KindIncident, OpenedBy: "U0KARI",
		ChannelID: "C0INC", ChannelName: "beredskap-strom", Roles: []incident.RoleHolder{{RoleID: "strategisk-koordinator", UserID: "U0INGRID"}}})
	if err != nil {
		t.Fatal(err)
	}
	cadence := func() *reminders.Cadence {
		return &reminders.Cadence{Plan: func() *plan.Plan { return p }, Store: db, Loc: oslo}
	}
	c := cadence()
	pass := func(c *reminders.Cadence) []reminders.SitRepReminder {
		t.Helper()
		got, err := c.Pass(ctx, clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	clock.Set(at(2026, 11, 22, 13, 44)) // due 14:00, 16 minutes left
	if got := pass(c); len(got) != 0 {
		t.Fatalf("reminded too early: %+v", got)
	}
	clock.Set(at(2026, 11, 22, 13, 45))
	got := pass(c)
	if len(got) != 1 || got[0].Number != 1 || got[0].Post.Channel != "C0INC" {
		t.Fatalf("at 13:45 = %+v", got)
	}
	text := ui.PlainText(got[0].Post.Response, func(s string) string { return s })
	for _, want := range []string{"@U0INGRID", "Situasjonsrapport 1 skal sendes kl. 14:00 (om 15 min)", "/beredskap rapport"} {
		if !strings.Contains(text, want) {
			t.Errorf("reminder lacks %q: %s", want, text)
		}
	}
	clock.Set(at(2026, 11, 22, 13, 55))
	if got := pass(c); len(got) != 0 {
		t.Errorf("reminded twice: %+v", got)
	}

	// A restart: a new process with the same file sends nothing again.
	db.Close()
	db = open()
	c = cadence()
	clock.Set(at(2026, 11, 22, 14, 10))
	if got := pass(c); len(got) != 0 {
		t.Errorf("reminded again after a restart: %+v", got)
	}

	// The report is sent at 14:20: the next is due 18:20. The bot is down
	// until 18:30, and the pass after the restart reminds once, as overdue.
	clock.Set(at(2026, 11, 22, 14, 20))
	if _, err := db.SendReport(ctx, incident.NewReport{IncidentID: inc.ID, Author: "U0INGRID", Text: "Rapport 1"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	clock.Set(at(2026, 11, 22, 18, 30))
	db = open()
	c = cadence()
	got = pass(c)
	if len(got) != 1 || got[0].Number != 2 {
		t.Fatalf("after the restart = %+v", got)
	}
	text = ui.PlainText(got[0].Post.Response, func(s string) string { return s })
	if !strings.Contains(text, "Situasjonsrapport 2 forfalt kl. 18:20") {
		t.Errorf("overdue reminder = %s", text)
	}
	if got := pass(c); len(got) != 0 {
		t.Errorf("overdue reminder twice: %+v", got)
	}
}
