package storage

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// Retention applies by the closing time: an incident closed before the
// cutoff has its texts and summary redacted, one closed after it and an
// open one keep theirs; outbox payloads and cached Slack users go by
// their own times.
func TestRetentionByAge(t *testing.T) {
	db, clk := mustOpen(t)
	ctx := context.Background()
	old := mustCreate(t, db, "Gammel")
	mustAppend(t, db, old.ID, "Ola ringte")
	if _, _, err := db.CloseIncident(ctx, old.ID, "U1", "Oppsummering gammel"); err != nil {
		t.Fatal(err)
	}
	id, _ := db.Enqueue(ctx, incident.OutboxItem{Kind: "message", Payload: []byte(`{"text":"Ola ringte"}`)})
	if err := db.MarkDelivered(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := db.CacheSlackUser(ctx, "ola@eksempel.no", "U0OLA"); err != nil {
		t.Fatal(err)
	}
	clk.Add(10 * 24 * time.Hour)
	recent := mustCreate(t, db, "Ny")
	mustAppend(t, db, recent.ID, "Kari ringte")
	if _, _, err := db.CloseIncident(ctx, recent.ID, "U1", "Oppsummering ny"); err != nil {
		t.Fatal(err)
	}
	open := mustCreate(t, db, "Åpen")
	mustAppend(t, db, open.ID, "Per ringte")
	if err := db.CacheSlackUser(ctx, "kari@eksempel.no", "U0KARI"); err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Hour)

	closed, err := db.ClosedIncidentTexts(ctx)
	if err != nil || len(closed) != 2 || closed[0].IncidentID != old.ID || closed[0].Texts != 3 {
		t.Fatalf("ClosedIncidentTexts = %+v, %v", closed, err)
	}
	cutoff := clk.Now().Add(-5 * 24 * time.Hour)
	n, err := db.RedactClosedBefore(ctx, cutoff, "beredskapsbot", time.UTC)
	if err != nil || n != 3 {
		t.Fatalf("RedactClosedBefore = %d, %v; want the 3 entries of the old incident", n, err)
	}
	for _, tt := range []struct {
		id       int64
		redacted bool
	}{{old.ID, true}, {recent.ID, false}, {open.ID, false}} {
		entries, err := db.Entries(ctx, tt.id)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Kind == incident.EntryRedaction {
				continue
			}
			if e.Redacted() != tt.redacted || (tt.redacted && e.RedactionReason != RetentionReason) {
				t.Errorf("incident %d #%d: redacted %v (%q), want %v", tt.id, e.Seq, e.Redacted(), e.RedactionReason, tt.redacted)
			}
		}
		if err := db.VerifyLog(ctx, tt.id); err != nil {
			t.Errorf("incident %d does not verify: %v", tt.id, err)
		}
	}
	inc, _ := db.Incident(ctx, old.ID)
	if !strings.HasPrefix(inc.Summary, "[sladdet ") {
		t.Errorf("old summary = %q", inc.Summary)
	}
	if inc, _ := db.Incident(ctx, recent.ID); inc.Summary != "Oppsummering ny" {
		t.Errorf("recent summary = %q", inc.Summary)
	}

	if n, err := db.BlankDeliveredOutbox(ctx, cutoff); err != nil || n != 1 {
		t.Errorf("BlankDeliveredOutbox = %d, %v", n, err)
	}
	if item, _ := db.OutboxItem(ctx, id); len(item.Payload) != 0 {
		t.Errorf("payload kept: %s", item.Payload)
	}
	n, err = db.ForgetSlackUsers(ctx, cutoff, func(e string) bool { return e != "kari@eksempel.no" })
	users, _ := db.CachedSlackUsers(ctx)
	if err != nil || n != 2 || len(users) != 0 {
		t.Errorf("ForgetSlackUsers = %d, %v; left %+v (ola is too old, kari is not in the plan)", n, err, users)
	}
}
