package storage

import (
	"context"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

func TestAssignRole(t *testing.T) {
	ctx := context.Background()
	db, clk := mustOpen(t)
	inc := mustCreate(t, db, "Strømbrudd")
	clk.Add(time.Minute)
	e1, err := db.AssignRole(ctx, inc.ID, "kriseleder", "U10", "U1", "<@U10> er kriseleder")
	if err != nil {
		t.Fatal(err)
	}
	if e1.Seq != 2 || e1.Kind != incident.EntryRole || e1.Text != "<@U10> er kriseleder" || e1.Author != "U1" {
		t.Errorf("entry = %+v", e1)
	}
	if _, err := db.AssignRole(ctx, inc.ID, "info", "U11", "U1", "<@U11> har info"); err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Minute)
	if _, err := db.AssignRole(ctx, inc.ID, "kriseleder", "U12", "U1", "<@U12> overtar som kriseleder"); err != nil {
		t.Fatal(err)
	}
	got, err := db.Assignments(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	t1, t2 := t0.Add(time.Minute).UTC(), t0.Add(2*time.Minute).UTC()
	want := []incident.Assignment{
		{IncidentID: inc.ID, RoleID: "kriseleder", UserID: "U10", AssignedBy: "U1", AssignedAt: t1, EndedAt: t2},
		{IncidentID: inc.ID, RoleID: "info", UserID: "U11", AssignedBy: "U1", AssignedAt: t1},
		{IncidentID: inc.ID, RoleID: "kriseleder", UserID: "U12", AssignedBy: "U1", AssignedAt: t2},
	}
	if len(got) != len(want) {
		t.Fatalf("Assignments = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Assignments[%d] = %+v\nwant             %+v", i, got[i], want[i])
		}
	}
	if n := count(t, db, "outbox", "kind = ?", string(incident.OutboxEntryLogged)); n != 3 {
		t.Errorf("%d echoes, want 3", n)
	}
}

func TestAssignRoleErrors(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	inc := mustCreate(t, db, "A")
	closed := mustCreate(t, db, "B")
	if _, _, err := db.CloseIncident(ctx, closed.ID, "U1", ""); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name             string
		id               int64
		role, user, text string
		target           error
		msg              string
	}{
		{"no role", inc.ID, "", "U1", "x", incident.ErrInvalid, "role and user are required"},
		{"no user", inc.ID, "leder", "", "x", incident.ErrInvalid, "role and user are required"},
		{"no text", inc.ID, "leder", "U1", "", incident.ErrInvalid, "the text cannot be empty"},
		{"no incident", 77, "leder", "U1", "x", incident.ErrNotFound, "incident 77: not found"},
		{"closed", closed.ID, "leder", "U1", "x", incident.ErrIncidentClosed, "incident 2: incident closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.AssignRole(ctx, tt.id, tt.role, tt.user, "U1", tt.text)
			wantErr(t, err, tt.target, tt.msg)
		})
	}
	if n := count(t, db, "assignments", ""); n != 0 {
		t.Errorf("%d assignments stored on errors", n)
	}
}

func TestCompleteStep(t *testing.T) {
	ctx := context.Background()
	db, clk := mustOpen(t)
	inc := mustCreate(t, db, "Strømbrudd")
	clk.Add(time.Minute)
	for _, s := range []struct {
		card string
		step int
	}{{"strom", 2}, {"vann", 1}, {"strom", 1}} {
		e, err := db.CompleteStep(ctx, inc.ID, s.card, s.step, "U3", "Utført: steg")
		if err != nil {
			t.Fatalf("CompleteStep(%s, %d): %v", s.card, s.step, err)
		}
		if e.Kind != incident.EntryStep || e.Author != "U3" {
			t.Errorf("entry = %+v", e)
		}
	}
	steps, err := db.Steps(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []incident.StepDone{
		{IncidentID: inc.ID, CardID: "strom", Step: 1, DoneBy: "U3", DoneAt: t0.Add(time.Minute).UTC(), EntrySeq: 4},
		{IncidentID: inc.ID, CardID: "strom", Step: 2, DoneBy: "U3", DoneAt: t0.Add(time.Minute).UTC(), EntrySeq: 2},
		{IncidentID: inc.ID, CardID: "vann", Step: 1, DoneBy: "U3", DoneAt: t0.Add(time.Minute).UTC(), EntrySeq: 3},
	}
	if len(steps) != len(want) {
		t.Fatalf("Steps = %+v", steps)
	}
	for i := range want {
		if steps[i] != want[i] {
			t.Errorf("Steps[%d] = %+v\nwant       %+v", i, steps[i], want[i])
		}
	}

	entries, outbox := count(t, db, "log_entries", ""), count(t, db, "outbox", "")
	_, err = db.CompleteStep(ctx, inc.ID, "strom", 2, "U4", "Utført igjen")
	wantErr(t, err, incident.ErrConflict, "action card strom step 2 is already done")
	if n := count(t, db, "log_entries", ""); n != entries {
		t.Errorf("duplicate step wrote a log entry (%d → %d)", entries, n)
	}
	if n := count(t, db, "outbox", ""); n != outbox {
		t.Errorf("duplicate step enqueued an echo (%d → %d)", outbox, n)
	}
	if err := db.VerifyLog(ctx, inc.ID); err != nil {
		t.Errorf("VerifyLog: %v", err)
	}
}

func TestCompleteStepErrors(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	inc := mustCreate(t, db, "A")
	closed := mustCreate(t, db, "B")
	if _, _, err := db.CloseIncident(ctx, closed.ID, "U1", ""); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		id     int64
		card   string
		step   int
		text   string
		target error
		msg    string
	}{
		{"no card", inc.ID, "", 1, "x", incident.ErrInvalid, "invalid action card"},
		{"step zero", inc.ID, "strom", 0, "x", incident.ErrInvalid, `invalid action card "strom" step 0`},
		{"no text", inc.ID, "strom", 1, "", incident.ErrInvalid, "the text cannot be empty"},
		{"no incident", 8, "strom", 1, "x", incident.ErrNotFound, "incident 8: not found"},
		{"closed", closed.ID, "strom", 1, "x", incident.ErrIncidentClosed, "incident 2: incident closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.CompleteStep(ctx, tt.id, tt.card, tt.step, "U1", tt.text)
			wantErr(t, err, tt.target, tt.msg)
		})
	}
}
