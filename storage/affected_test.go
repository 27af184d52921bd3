package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
)

func TestAffectedFunctions(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)
	db := testkit.OpenDB(t, func() time.Time { return now })
	inc, _, err := db.CreateIncident(ctx, incident.NewIncident{Title: "Strøm", Kind: incident.KindIncident, OpenedBy: "U1", ChannelName: "beredskap-strom"})
	if err != nil {
		t.Fatal(err)
	}
	warn := []incident.FunctionWarning{{At: now.Add(time.Hour), Kind: incident.WarnTolerance75}}
	a, e, err := db.RecordAffected(ctx, inc.ID, "vann", now.Add(-time.Hour), "U1", "Vann ute", warn)
	if err != nil || a.ID == 0 || e.Seq != 2 {
		t.Fatalf("RecordAffected: %+v %+v %v", a, e, err)
	}
	if _, _, err := db.RecordAffected(ctx, inc.ID, "vann", now, "U1", "Vann ute igjen", nil); !errors.Is(err, incident.ErrConflict) {
		t.Errorf("twice: %v, want ErrConflict", err)
	}
	if _, _, err := db.RecordAffected(ctx, inc.ID, "strom", now.Add(time.Minute), "U1", "fram i tid", nil); !errors.Is(err, incident.ErrInvalid) {
		t.Errorf("in the future: %v, want ErrInvalid", err)
	}
	if _, _, err := db.RestoreAffected(ctx, inc.ID, "strom", "U1", "oppe"); !errors.Is(err, incident.ErrNotFound) {
		t.Errorf("restore of a function not out: %v, want ErrNotFound", err)
	}
	// The warning is enqueued for its time, and claimed (and logged) once.
	items, err := db.NextOutbox(ctx, now.Add(time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	var item incident.OutboxItem
	for _, it := range items {
		if it.Kind == incident.OutboxFunctionWarning {
			item = it
		}
	}
	if item.ID == 0 || !item.NotBefore.Equal(now.Add(time.Hour)) {
		t.Fatalf("warning item: %+v", item)
	}
	pl := incident.FunctionWarningPayload{IncidentID: inc.ID, AffectedID: a.ID, FunctionID: "vann", Kind: incident.WarnTolerance75}
	for i := 0; i < 2; i++ {
		if _, _, ok, err := db.ClaimFunctionWarning(ctx, item.ID, pl, "Varsel"); err != nil || !ok {
			t.Fatalf("claim %d: %v %v", i, ok, err)
		}
	}
	entries, _ := db.Entries(ctx, inc.ID)
	if n := len(entries); n != 3 {
		t.Errorf("%d entries, want 3 (opened, affected, one warning)", n)
	}
	// Restored: a later warning no longer applies.
	now = now.Add(30 * time.Minute)
	r, _, err := db.RestoreAffected(ctx, inc.ID, "vann", "U1", "Vann oppe")
	if err != nil || r.Out() || r.Duration(now.Add(time.Hour)) != 90*time.Minute {
		t.Fatalf("restore: %+v %v", r, err)
	}
	if _, _, ok, err := db.ClaimFunctionWarning(ctx, item.ID+1000, pl, "Varsel"); err != nil || ok {
		t.Errorf("claim after restore: %v %v", ok, err)
	}
	all, err := db.AffectedFunctions(ctx, inc.ID)
	if err != nil || len(all) != 1 || all[0].RestoredBy != "U1" {
		t.Errorf("AffectedFunctions: %+v %v", all, err)
	}
	if err := db.VerifyLog(ctx, inc.ID); err != nil {
		t.Error(err)
	}
	// Binder prints.
	if _, _, ok, err := db.LastBinderPrint(ctx); ok || err != nil {
		t.Errorf("no print yet: %v %v", ok, err)
	}
	if err := db.RecordBinderPrint(ctx, "abc", ""); err != nil {
		t.Fatal(err)
	}
	if h, at, ok, err := db.LastBinderPrint(ctx); h != "abc" || !at.Equal(now) || !ok || err != nil {
		t.Errorf("LastBinderPrint: %q %v %v %v", h, at, ok, err)
	}
}
