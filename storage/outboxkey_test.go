package storage

import (
	"context"
	"errors"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

func TestPendingOutboxOfKey(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	a := mustEnqueue(t, db, incident.OutboxItem{Kind: incident.OutboxEntryLogged, Key: "incident:1"})
	mustEnqueue(t, db, incident.OutboxItem{Kind: incident.OutboxEntryLogged, Key: "incident:2"})
	b := mustEnqueue(t, db, incident.OutboxItem{Kind: incident.OutboxEntryLogged, Key: "incident:1"})
	c := mustEnqueue(t, db, incident.OutboxItem{Kind: incident.OutboxIncidentClosed, Key: "incident:1"})
	if err := db.MarkDelivered(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := db.PendingOutboxOfKey(ctx, "incident:1", "", 10)
	if err != nil || len(got) != 2 || got[0].ID != b || got[1].ID != c {
		t.Errorf("all kinds = %+v, %v; want items %d, %d", got, err, b, c)
	}
	got, err = db.PendingOutboxOfKey(ctx, "incident:1", incident.OutboxIncidentClosed, 1)
	if err != nil || len(got) != 1 || got[0].ID != c {
		t.Errorf("closed = %+v, %v; want item %d", got, err, c)
	}
	if got, _ := db.PendingOutboxOfKey(ctx, "incident:1", "", 1); len(got) != 1 {
		t.Errorf("limit 1 gave %d items", len(got))
	}
	if _, err := db.PendingOutboxOfKey(ctx, "", "", 1); !errors.Is(err, incident.ErrInvalid) {
		t.Errorf("empty key: %v, want ErrInvalid", err)
	}
}
