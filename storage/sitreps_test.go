package storage

import (
	"context"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// A report is numbered per incident, kept whole in the chained log
// without an echo, and queued with its posts; a stale number, a closed
// incident and an empty text are refused without a trace.
func TestSendReport(t *testing.T) {
	db, clk := mustOpen(t)
	ctx := context.Background()
	inc := mustCreate(t, db, "Strømbrudd")
	other := mustCreate(t, db, "Vannlekkasje")
	mustAppend(t, db, inc.ID, "Aggregat til sykehjemmet")
	before := len(allOutbox(t, db))

	clk.Add(time.Hour)
	post := incident.OutboxItem{Kind: incident.OutboxMessage, Payload: []byte(`{"channel":"#kriseledelse"}`)}
	r1, err := db.SendReport(ctx, incident.NewReport{IncidentID: inc.ID, Number: 1, Author: "U1", Text: "Situasjonsrapport 1\nAlt under kontroll", Posts: []incident.OutboxItem{post}})
	if err != nil {
		t.Fatal(err)
	}
	if r1.Number != 1 || r1.EntrySeq != 3 || !r1.SentAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("report 1 = %+v", r1)
	}
	items := allOutbox(t, db)
	if len(items) != before+1 || items[len(items)-1].Kind != incident.OutboxMessage || items[len(items)-1].Key != incidentKey(inc.ID) {
		t.Errorf("outbox after the report = %+v (no echo, one post keyed to the incident)", items[before:])
	}
	r2, err := db.SendReport(ctx, incident.NewReport{IncidentID: inc.ID, Text: "Situasjonsrapport 2"})
	if err != nil || r2.Number != 2 {
		t.Fatalf("report 2 = %+v, %v", r2, err)
	}
	if r, err := db.SendReport(ctx, incident.NewReport{IncidentID: other.ID, Text: "Rapport"}); err != nil || r.Number != 1 {
		t.Errorf("another incident's first report = %+v, %v", r, err)
	}

	_, err = db.SendReport(ctx, incident.NewReport{IncidentID: inc.ID, Number: 2, Text: "Stale"})
	wantErr(t, err, incident.ErrConflict, "already sent")
	_, err = db.SendReport(ctx, incident.NewReport{IncidentID: inc.ID, Text: "  "})
	wantErr(t, err, incident.ErrInvalid, "empty")
	_, err = db.AppendEntry(ctx, incident.NewEntry{IncidentID: inc.ID, Kind: incident.EntryReport, Text: "forged"})
	wantErr(t, err, incident.ErrInvalid, "by sending it")

	got, err := db.Reports(ctx, inc.ID)
	if err != nil || len(got) != 2 || got[0].Text != "Situasjonsrapport 1\nAlt under kontroll" || got[1].Number != 2 {
		t.Fatalf("reports = %+v, %v", got, err)
	}
	if r, err := db.Report(ctx, inc.ID, 1); err != nil || r.EntrySeq != 3 {
		t.Errorf("Report 1 = %+v, %v", r, err)
	}
	_, err = db.Report(ctx, inc.ID, 3)
	wantErr(t, err, incident.ErrNotFound, "situation report 3")
	if err := db.VerifyLog(ctx, inc.ID); err != nil {
		t.Errorf("chain: %v", err)
	}

	if _, _, err := db.CloseIncident(ctx, inc.ID, "U1", ""); err != nil {
		t.Fatal(err)
	}
	_, err = db.SendReport(ctx, incident.NewReport{IncidentID: inc.ID, Text: "Etter avslutning"})
	wantErr(t, err, incident.ErrIncidentClosed, "closed")
	if n := count(t, db, "situation_reports", "incident_id = ?", inc.ID); n != 2 {
		t.Errorf("%d report rows, want 2", n)
	}
}
