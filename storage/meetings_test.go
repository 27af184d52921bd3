package storage

import (
	"context"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

func TestSetMeeting(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	inc := mustCreate(t, db, "Strømbrudd")
	at := time.Date(2026, 3, 5, 11, 0, 0, 0, time.FixedZone("CET", 3600)) // 10:00 UTC
	e, err := db.SetMeeting(ctx, inc.ID, at, "U1", "Statusmøte kl. 11")
	if err != nil {
		t.Fatal(err)
	}
	if e.Kind != incident.EntryMeeting || e.Seq != 2 || e.Text != "Statusmøte kl. 11" {
		t.Errorf("entry = %+v", e)
	}
	got, err := db.Incident(ctx, inc.ID)
	if err != nil || !got.NextMeeting.Equal(at) || got.NextMeeting.Location() != time.UTC {
		t.Errorf("NextMeeting = %v, %v; want %v UTC", got.NextMeeting, err, at)
	}
	meetings, err := db.Meetings(ctx, inc.ID)
	want := incident.Meeting{IncidentID: inc.ID, At: at.UTC(), SetBy: "U1", SetAt: t0.UTC()}
	if err != nil || len(meetings) != 1 || meetings[0] != want {
		t.Errorf("Meetings = %+v, %v; want [%+v]", meetings, err, want)
	}

	items := allOutbox(t, db) // opened, echo, two reminders
	if len(items) != 4 {
		t.Fatalf("outbox = %+v, want 4 items", items)
	}
	if items[1].Kind != incident.OutboxEntryLogged || string(items[1].Payload) != `{"incident_id":1,"seq":2}` {
		t.Errorf("echo = %+v", items[1])
	}
	reminders := []struct {
		payload   string
		notBefore time.Time
	}{
		{`{"incident_id":1,"at":"2026-03-05T10:00:00Z","minutes_before":10}`, at.Add(-10 * time.Minute)},
		{`{"incident_id":1,"at":"2026-03-05T10:00:00Z","minutes_before":0}`, at},
	}
	for i, r := range reminders {
		it := items[2+i]
		if it.Kind != incident.OutboxMeeting || it.Key != "" || it.IncidentID != inc.ID ||
			string(it.Payload) != r.payload || !it.NotBefore.Equal(r.notBefore) {
			t.Errorf("reminder %d = %+v (payload %s), want payload %s not before %v", i, it, it.Payload, r.payload, r.notBefore)
		}
	}
}

func TestSetMeetingErrors(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	inc := mustCreate(t, db, "A")
	closed := mustCreate(t, db, "B")
	if _, _, err := db.CloseIncident(ctx, closed.ID, "U1", ""); err != nil {
		t.Fatal(err)
	}
	later := t0.Add(time.Hour)
	tests := []struct {
		name   string
		id     int64
		at     time.Time
		text   string
		target error
		msg    string
	}{
		{"in the past", inc.ID, t0.Add(-time.Minute), "x", incident.ErrInvalid, "meeting time 2026-03-05T08:29:00Z has passed"},
		{"now", inc.ID, t0, "x", incident.ErrInvalid, "has passed"},
		{"no text", inc.ID, later, "", incident.ErrInvalid, "the text cannot be empty"},
		{"no incident", 5, later, "x", incident.ErrNotFound, "incident 5: not found"},
		{"closed", closed.ID, later, "x", incident.ErrIncidentClosed, "incident 2: incident closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.SetMeeting(ctx, tt.id, tt.at, "U1", tt.text)
			wantErr(t, err, tt.target, tt.msg)
		})
	}
	if n := count(t, db, "meetings", ""); n != 0 {
		t.Errorf("%d meetings stored on errors", n)
	}
	if n := count(t, db, "outbox", "kind = ?", string(incident.OutboxMeeting)); n != 0 {
		t.Errorf("%d meeting reminders enqueued on errors", n)
	}
	if got, _ := db.Incident(ctx, inc.ID); !got.NextMeeting.IsZero() {
		t.Errorf("NextMeeting set to %v on errors", got.NextMeeting)
	}
}
