package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

func TestFollowUps(t *testing.T) {
	ctx := context.Background()
	db, clk := mustOpen(t)
	inc := mustCreate(t, db, "Strømbrudd")
	a, err := db.AddFollowUp(ctx, incident.FollowUp{IncidentID: inc.ID, Text: "Test aggregatet", Owner: "kari", Due: "2026-04-04", CreatedBy: "U1"})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != 1 || !a.Open() || !a.CreatedAt.Equal(t0) {
		t.Errorf("AddFollowUp = %+v", a)
	}
	clk.Add(time.Hour)
	b, err := db.AddFollowUp(ctx, incident.FollowUp{Text: "Ny varslingsliste", Due: "2026-03-20", PlanChange: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []incident.FollowUp{{Text: " ", Due: "2026-04-04"}, {Text: "x", Due: "04.04.2026"}} {
		if _, err := db.AddFollowUp(ctx, bad); !errors.Is(err, incident.ErrInvalid) {
			t.Errorf("AddFollowUp(%+v) = %v, want ErrInvalid", bad, err)
		}
	}
	if _, err := db.AddFollowUp(ctx, incident.FollowUp{IncidentID: 99, Text: "x", Due: "2026-04-04"}); !errors.Is(err, incident.ErrNotFound) {
		t.Errorf("AddFollowUp for a missing incident = %v, want ErrNotFound", err)
	}
	open, err := db.OpenFollowUps(ctx)
	if err != nil || len(open) != 2 || open[0].ID != b.ID || open[1].ID != a.ID {
		t.Fatalf("OpenFollowUps = %+v, %v; want by deadline", open, err)
	}
	clk.Add(time.Hour)
	c, err := db.CloseFollowUp(ctx, a.ID, "U2", "Testet, virker")
	if err != nil || c.Open() || c.Note != "Testet, virker" || c.ClosedBy != "U2" || !c.ClosedAt.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("CloseFollowUp = %+v, %v", c, err)
	}
	if _, err := db.CloseFollowUp(ctx, a.ID, "U2", ""); !errors.Is(err, incident.ErrConflict) {
		t.Errorf("closing twice = %v, want ErrConflict", err)
	}
	if _, err := db.CloseFollowUp(ctx, 42, "U2", ""); !errors.Is(err, incident.ErrNotFound) {
		t.Errorf("closing a missing one = %v, want ErrNotFound", err)
	}
	got, err := db.FollowUp(ctx, a.ID)
	if err != nil || got != c {
		t.Errorf("FollowUp = %+v, %v; want %+v", got, err, c)
	}
	all, err := db.FollowUps(ctx)
	if err != nil || len(all) != 2 {
		t.Errorf("FollowUps = %d, %v", len(all), err)
	}
	claimed, err := db.ClaimReminder(ctx, "followup:2", "0", "2026-03-20", incident.OutboxItem{Kind: incident.OutboxReminder, Payload: []byte(`{}`)})
	if err != nil || !claimed {
		t.Fatal(claimed, err)
	}
	led, err := db.ReminderLedger(ctx)
	if err != nil || len(led) != 1 || led[0].ItemID != "followup:2" || led[0].Stage != "0" || !led[0].DeliveredAt.IsZero() {
		t.Errorf("ReminderLedger = %+v, %v", led, err)
	}
}
