package storage

import (
	"context"
	"errors"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

func TestRefusalsNewestFirst(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	inc := mustCreate(t, db, "Strømbrudd")
	if err := db.AddRefusal(ctx, incident.Refusal{UserID: "U1", Action: "avslutte", IncidentID: inc.ID}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddRefusal(ctx, incident.Refusal{UserID: "U2", Action: "apne_hendelse"}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, db.AddRefusal(ctx, incident.Refusal{UserID: "U3", Action: "avslutte", IncidentID: 999}), incident.ErrNotFound, "999")
	wantErr(t, db.AddRefusal(ctx, incident.Refusal{Action: "avslutte"}), incident.ErrInvalid, "missing")
	got, err := db.Refusals(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].UserID != "U2" || got[0].IncidentID != 0 || got[1].IncidentID != inc.ID || got[1].At.IsZero() {
		t.Fatalf("refusals = %+v", got)
	}
	if got, _ := db.Refusals(ctx, 1); len(got) != 1 {
		t.Errorf("limit 1 gave %d", len(got))
	}
}

func TestAlarmStoredWithItsPost(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	a, err := db.RaiseAlarm(ctx, "U9", "Røyk i kjelleren", func(a incident.Alarm) (incident.OutboxItem, error) {
		return incident.OutboxItem{Kind: incident.OutboxMessage, Payload: []byte(`{"alarm":1}`)}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "outbox", "kind = 'message'"); n != 1 {
		t.Errorf("outbox items = %d", n)
	}
	// A failing post rolls the alarm back.
	_, err = db.RaiseAlarm(ctx, "U9", "x", func(incident.Alarm) (incident.OutboxItem, error) { return incident.OutboxItem{}, errors.New("boom") })
	wantErr(t, err, incident.ErrInvalid, "boom")
	if n := count(t, db, "alarms", ""); n != 1 {
		t.Errorf("alarms = %d after a failed post", n)
	}
	inc := mustCreate(t, db, "Røyk")
	if err := db.AlarmOpened(ctx, a.ID, inc.ID); err != nil {
		t.Fatal(err)
	}
	other := mustCreate(t, db, "Annen")
	wantErr(t, db.AlarmOpened(ctx, a.ID, other.ID), incident.ErrConflict, "already")
	got, err := db.Alarm(ctx, a.ID)
	if err != nil || got.IncidentID != inc.ID || got.Text != "Røyk i kjelleren" || got.RaisedBy != "U9" {
		t.Fatalf("alarm = %+v, %v", got, err)
	}
	_, err = db.Alarm(ctx, 42)
	wantErr(t, err, incident.ErrNotFound, "42")
}

func TestCloseDrafts(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	inc := mustCreate(t, db, "Flom")
	id, err := db.SaveCloseDraft(ctx, inc.ID, "U1", "Lang oppsummering")
	if err != nil {
		t.Fatal(err)
	}
	if s, err := db.CloseDraft(ctx, inc.ID, id); err != nil || s != "Lang oppsummering" {
		t.Fatalf("draft = %q, %v", s, err)
	}
	_, err = db.CloseDraft(ctx, inc.ID+1, id)
	wantErr(t, err, incident.ErrNotFound, "summary")
	if err := db.DeleteCloseDrafts(ctx, inc.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.CloseDraft(ctx, inc.ID, id)
	wantErr(t, err, incident.ErrNotFound, "summary")
}
