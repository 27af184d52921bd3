package storage

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

func TestCreateIncident(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	inc, created, err := db.CreateIncident(ctx, incident.NewIncident{
		Title: "Strømbrudd i rådhuset", Kind: incident.KindExercise, Private: true,
		CardID: "strombrudd", ListID: "kriseledelse", OpenedBy: "U1",
		ChannelID: "console", ChannelName: "konsoll",
	})
	if err != nil || !created {
		t.Fatalf("CreateIncident = %v, %v", created, err)
	}
	want := incident.Incident{
		ID: 1, Title: "Strømbrudd i rådhuset", Kind: incident.KindExercise, Private: true,
		CardID: "strombrudd", ListID: "kriseledelse", ChannelID: "console", ChannelName: "konsoll",
		OpenedBy: "U1", OpenedAt: t0.UTC(),
	}
	if inc != want {
		t.Errorf("incident = %+v\nwant       %+v", inc, want)
	}
	got, err := db.Incident(ctx, inc.ID)
	if err != nil || got != want {
		t.Errorf("Incident(1) = %+v, %v", got, err)
	}

	entries, err := db.Entries(ctx, inc.ID)
	if err != nil || len(entries) != 1 {
		t.Fatalf("Entries = %v, %v; want one", entries, err)
	}
	e := entries[0]
	if e.Seq != 1 || e.Kind != incident.EntryOpened || e.Author != "U1" || e.Text != "Strømbrudd i rådhuset" || e.PrevHash != incident.GenesisHash {
		t.Errorf("entry #1 = %+v", e)
	}

	items := allOutbox(t, db)
	if len(items) != 1 {
		t.Fatalf("outbox = %+v, want one item", items)
	}
	it := items[0]
	if it.Kind != incident.OutboxIncidentOpened || it.Key != "incident:1" || it.IncidentID != 1 ||
		string(it.Payload) != `{"incident_id":1}` || !it.NotBefore.Equal(t0) || !it.CreatedAt.Equal(t0) {
		t.Errorf("outbox item = %+v (payload %s)", it, it.Payload)
	}
}

func TestCreateIncidentInvalid(t *testing.T) {
	db, _ := mustOpen(t)
	tests := []struct {
		name string
		n    incident.NewIncident
		msg  string
	}{
		{"empty title", incident.NewIncident{Title: "", OpenedBy: "U1"}, "the title cannot be empty"},
		{"blank title", incident.NewIncident{Title: " \t\n", OpenedBy: "U1"}, "the title cannot be empty"},
		{"unknown kind", incident.NewIncident{Title: "Brann", Kind: "krig"}, `unknown incident kind "krig"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, created, err := db.CreateIncident(context.Background(), tt.n)
			wantErr(t, err, incident.ErrInvalid, tt.msg)
			if created {
				t.Error("created = true on error")
			}
		})
	}
	if n := count(t, db, "incidents", ""); n != 0 {
		t.Errorf("%d incidents stored after invalid input", n)
	}
}

func TestCreateIncidentDefaultKind(t *testing.T) {
	db, _ := mustOpen(t)
	inc, _, err := db.CreateIncident(context.Background(), incident.NewIncident{Title: "Brann"})
	if err != nil || inc.Kind != incident.KindIncident {
		t.Fatalf("Kind = %q, %v; want %q", inc.Kind, err, incident.KindIncident)
	}
}

func TestCreateIncidentDedupe(t *testing.T) {
	tests := []struct {
		name        string
		after       time.Duration
		title       string
		kind        incident.Kind
		closeFirst  bool
		wantCreated bool
	}{
		{"same title at once", 0, "Strømbrudd", incident.KindIncident, false, false},
		{"case and spaces differ", time.Minute, "  STRØMBRUDD ", incident.KindIncident, false, false},
		{"just under two minutes", 2*time.Minute - time.Nanosecond, "strømbrudd", incident.KindIncident, false, false},
		{"exactly two minutes", 2 * time.Minute, "Strømbrudd", incident.KindIncident, false, true},
		{"after two minutes", 3 * time.Minute, "Strømbrudd", incident.KindIncident, false, true},
		{"other kind", 0, "Strømbrudd", incident.KindExercise, false, true},
		{"other title", 0, "Strømbrudd i skolen", incident.KindIncident, false, true},
		{"first one closed", 0, "Strømbrudd", incident.KindIncident, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, clk := mustOpen(t)
			first := mustCreate(t, db, "Strømbrudd")
			if tt.closeFirst {
				if _, _, err := db.CloseIncident(ctx, first.ID, "U1", ""); err != nil {
					t.Fatal(err)
				}
			}
			items := len(allOutbox(t, db))
			clk.Add(tt.after)
			inc, created, err := db.CreateIncident(ctx, incident.NewIncident{Title: tt.title, Kind: tt.kind, OpenedBy: "U2"})
			if err != nil {
				t.Fatal(err)
			}
			if created != tt.wantCreated {
				t.Fatalf("created = %v, want %v", created, tt.wantCreated)
			}
			if created {
				if inc.ID == first.ID {
					t.Errorf("new incident has the first one's ID %d", inc.ID)
				}
				return
			}
			if inc != first {
				t.Errorf("returned %+v, want the first incident %+v", inc, first)
			}
			if n := count(t, db, "incidents", ""); n != 1 {
				t.Errorf("%d incidents stored, want 1", n)
			}
			if n := len(allOutbox(t, db)); n != items {
				t.Errorf("outbox grew from %d to %d on a duplicate", items, n)
			}
			if n := count(t, db, "log_entries", ""); n != 1 {
				t.Errorf("%d log entries, want 1", n)
			}
		})
	}
}

func TestCreateIncidentConcurrentDedupe(t *testing.T) {
	db, _ := mustOpen(t)
	const n = 10
	var wg sync.WaitGroup
	ids := make([]int64, n)
	created := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			inc, c, err := db.CreateIncident(context.Background(), incident.NewIncident{Title: "Dataangrep", OpenedBy: "U1"})
			ids[i], created[i], errs[i] = inc.ID, c, err
		})
	}
	wg.Wait()
	nCreated := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("goroutine %d: %v", i, errs[i])
		}
		if ids[i] != ids[0] {
			t.Errorf("goroutine %d got incident %d, goroutine 0 got %d", i, ids[i], ids[0])
		}
		if created[i] {
			nCreated++
		}
	}
	if nCreated != 1 {
		t.Errorf("%d goroutines created the incident, want exactly 1", nCreated)
	}
}

func TestIncidentNotFound(t *testing.T) {
	db, _ := mustOpen(t)
	_, err := db.Incident(context.Background(), 42)
	wantErr(t, err, incident.ErrNotFound, "incident 42: not found")
}

func TestIncidentListsAndByChannel(t *testing.T) {
	ctx := context.Background()
	db, clk := mustOpen(t)
	a := mustCreate(t, db, "A")
	clk.Add(time.Hour)
	b := mustCreate(t, db, "B")
	clk.Add(time.Hour)
	c := mustCreate(t, db, "C")
	if _, _, err := db.CloseIncident(ctx, b.ID, "U1", "ferdig"); err != nil {
		t.Fatal(err)
	}

	open, err := db.OpenIncidents(ctx)
	if err != nil || len(open) != 2 || open[0].ID != a.ID || open[1].ID != c.ID {
		t.Errorf("OpenIncidents = %+v, %v; want A, C", open, err)
	}
	all, err := db.Incidents(ctx)
	if err != nil || len(all) != 3 || all[0].ID != a.ID || all[1].ID != b.ID || all[2].ID != c.ID {
		t.Errorf("Incidents = %+v, %v; want A, B, C", all, err)
	}

	// The console reuses one channel: the newest incident wins.
	for _, inc := range []incident.Incident{a, c} {
		if _, err := db.write.Exec(`UPDATE incidents SET channel_id = 'console' WHERE id = ?`, inc.ID); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.IncidentByChannel(ctx, "console")
	if err != nil || got.ID != c.ID {
		t.Errorf("IncidentByChannel(console) = %d, %v; want %d", got.ID, err, c.ID)
	}
	_, err = db.IncidentByChannel(ctx, "C999")
	wantErr(t, err, incident.ErrNotFound, "no incident in channel C999")
	_, err = db.IncidentByChannel(ctx, "")
	wantErr(t, err, incident.ErrNotFound, "no incident without a channel")
}

func TestSetChannel(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	a := mustCreate(t, db, "A")
	b := mustCreate(t, db, "B")
	if err := db.SetChannel(ctx, a.ID, "C123", "beredskap-a"); err != nil {
		t.Fatal(err)
	}
	got, err := db.IncidentByChannel(ctx, "C123")
	if err != nil || got.ID != a.ID || got.ChannelName != "beredskap-a" {
		t.Errorf("IncidentByChannel = %+v, %v", got, err)
	}
	// Setting the same channel again on the same incident is fine.
	if err := db.SetChannel(ctx, a.ID, "C123", "beredskap-a2"); err != nil {
		t.Errorf("SetChannel same incident again: %v", err)
	}
	wantErr(t, db.SetChannel(ctx, b.ID, "C123", "x"), incident.ErrConflict, "channel C123 is already used by incident 1")
	wantErr(t, db.SetChannel(ctx, 99, "C9", "x"), incident.ErrNotFound, "incident 99")
	if got, _ := db.Incident(ctx, b.ID); got.ChannelID != "" {
		t.Errorf("conflicting SetChannel changed B's channel to %q", got.ChannelID)
	}
}

func TestCloseIncident(t *testing.T) {
	tests := []struct {
		name, summary, wantText string
	}{
		{"with summary", "Strømmen er tilbake kl. 14", "Strømmen er tilbake kl. 14"},
		{"without summary", "", "Hendelsen er avsluttet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, clk := mustOpen(t)
			inc := mustCreate(t, db, "Strømbrudd")
			clk.Add(90 * time.Minute)
			closed, e, err := db.CloseIncident(ctx, inc.ID, "U9", tt.summary)
			if err != nil {
				t.Fatal(err)
			}
			if closed.Open() || !closed.ClosedAt.Equal(t0.Add(90*time.Minute)) || closed.ClosedBy != "U9" || closed.Summary != tt.summary {
				t.Errorf("closed incident = %+v", closed)
			}
			if e.Seq != 2 || e.Kind != incident.EntryClosed || e.Text != tt.wantText || e.Author != "U9" {
				t.Errorf("closing entry = %+v", e)
			}
			items := allOutbox(t, db)
			last := items[len(items)-1]
			if len(items) != 2 || last.Kind != incident.OutboxIncidentClosed || last.Key != "incident:1" || string(last.Payload) != `{"incident_id":1}` {
				t.Errorf("outbox = %+v", items)
			}
			_, _, err = db.CloseIncident(ctx, inc.ID, "U9", "")
			wantErr(t, err, incident.ErrIncidentClosed, "incident 1: incident closed")
			if n := count(t, db, "log_entries", ""); n != 2 {
				t.Errorf("%d entries after closing twice, want 2", n)
			}
		})
	}
}

func TestCloseIncidentNotFound(t *testing.T) {
	db, _ := mustOpen(t)
	_, _, err := db.CloseIncident(context.Background(), 7, "U1", "")
	wantErr(t, err, incident.ErrNotFound, "incident 7: not found")
}
