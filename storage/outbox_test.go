package storage

import (
	"context"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// ids returns the IDs of items.
func ids(items []incident.OutboxItem) []int64 {
	out := []int64{}
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func mustEnqueue(tb testing.TB, db *DB, it incident.OutboxItem) int64 {
	tb.Helper()
	id, err := db.Enqueue(context.Background(), it)
	if err != nil {
		tb.Fatalf("Enqueue: %v", err)
	}
	return id
}

func TestEnqueue(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	id := mustEnqueue(t, db, incident.OutboxItem{
		ID: 999, Kind: incident.OutboxMessage, Key: "chan:C1", Payload: []byte(`{"text":"Hei"}`),
		Attempts: 7, LastError: "ignored", DeliveredAt: t0,
	})
	it, err := db.OutboxItem(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	want := incident.OutboxItem{
		ID: id, Kind: incident.OutboxMessage, Key: "chan:C1", Payload: []byte(`{"text":"Hei"}`),
		CreatedAt: t0.UTC(), NotBefore: t0.UTC(),
	}
	if it.ID != want.ID || it.Kind != want.Kind || it.Key != want.Key || string(it.Payload) != string(want.Payload) ||
		it.State != nil || it.Attempts != 0 || it.LastError != "" || !it.DeliveredAt.IsZero() ||
		it.CreatedAt != want.CreatedAt || it.NotBefore != want.NotBefore {
		t.Errorf("item = %+v\nwant   %+v", it, want)
	}
	later := t0.Add(time.Hour)
	id2 := mustEnqueue(t, db, incident.OutboxItem{Kind: incident.OutboxReminder, NotBefore: later})
	if it, _ := db.OutboxItem(ctx, id2); !it.NotBefore.Equal(later) || it.Payload != nil {
		t.Errorf("NotBefore = %v, payload %q; want %v, nil", it.NotBefore, it.Payload, later)
	}

	_, err = db.Enqueue(ctx, incident.OutboxItem{})
	wantErr(t, err, incident.ErrInvalid, "kind missing")
	_, err = db.OutboxItem(ctx, 12345)
	wantErr(t, err, incident.ErrNotFound, "item 12345")
}

func TestNextOutboxOrderingAndBackoff(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	open := mustEnqueue(t, db, incident.OutboxItem{Kind: incident.OutboxIncidentOpened, Key: "incident:1"})
	echo := mustEnqueue(t, db, incident.OutboxItem{Kind: incident.OutboxEntryLogged, Key: "incident:1"})
	free := mustEnqueue(t, db, incident.OutboxItem{Kind: incident.OutboxMessage})
	other := mustEnqueue(t, db, incident.OutboxItem{Kind: incident.OutboxEntryLogged, Key: "incident:2"})
	// Not due yet, but still holds back later items of its key.
	future := mustEnqueue(t, db, incident.OutboxItem{Kind: incident.OutboxIncidentOpened, Key: "incident:3", NotBefore: t0.Add(time.Hour)})
	behindFuture := mustEnqueue(t, db, incident.OutboxItem{Kind: incident.OutboxEntryLogged, Key: "incident:3"})

	next := func(now time.Time, limit int) []int64 {
		t.Helper()
		items, err := db.NextOutbox(ctx, now, limit)
		if err != nil {
			t.Fatal(err)
		}
		return ids(items)
	}
	steps := []struct {
		name  string
		do    func()
		now   time.Time
		limit int
		want  []int64
	}{
		{"first of each key", nil, t0, 10, []int64{open, free, other}},
		{"limit", nil, t0, 2, []int64{open, free}},
		{"failed item in backoff blocks its key", func() {
			if err := db.MarkFailed(ctx, open, "channel_not_found", t0.Add(5*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}, t0, 10, []int64{free, other}},
		{"retry due at its time", nil, t0.Add(5 * time.Minute), 10, []int64{open, free, other}},
		{"delivered item releases the next", func() {
			for _, id := range []int64{open, free} {
				if err := db.MarkDelivered(ctx, id); err != nil {
					t.Fatal(err)
				}
			}
		}, t0.Add(5 * time.Minute), 10, []int64{echo, other}},
		{"scheduled item due", nil, t0.Add(time.Hour), 10, []int64{echo, other, future}},
		{"all delivered", func() {
			for _, id := range []int64{echo, other, future} {
				if err := db.MarkDelivered(ctx, id); err != nil {
					t.Fatal(err)
				}
			}
		}, t0.Add(time.Hour), 10, []int64{behindFuture}},
	}
	for _, s := range steps {
		if s.do != nil {
			s.do()
		}
		if got := next(s.now, s.limit); !equalIDs(got, s.want) {
			t.Errorf("%s: NextOutbox = %v, want %v", s.name, got, s.want)
		}
	}
	it, err := db.OutboxItem(ctx, open)
	if err != nil || it.Attempts != 1 || it.LastError != "channel_not_found" || !it.DeliveredAt.Equal(t0) {
		t.Errorf("item after fail+deliver = %+v, %v", it, err)
	}
	_, err = db.NextOutbox(ctx, t0, 0)
	wantErr(t, err, incident.ErrInvalid, "invalid limit 0")
}

func TestNextOutboxSubSecondNotBefore(t *testing.T) {
	// 10:00:05.5 is after 10:00:05 although "05.5Z" < "05Z" as RFC3339Nano text.
	db, _ := mustOpen(t)
	base := time.Date(2026, 1, 1, 10, 0, 5, 0, time.UTC)
	mustEnqueue(t, db, incident.OutboxItem{Kind: incident.OutboxMessage, NotBefore: base.Add(500 * time.Millisecond)})
	items, err := db.NextOutbox(context.Background(), base, 10)
	if err != nil || len(items) != 0 {
		t.Errorf("NextOutbox before NotBefore = %v, %v; want none", ids(items), err)
	}
	items, err = db.NextOutbox(context.Background(), base.Add(500*time.Millisecond), 10)
	if err != nil || len(items) != 1 {
		t.Errorf("NextOutbox at NotBefore = %v, %v; want one", ids(items), err)
	}
}

func TestOutboxUpdates(t *testing.T) {
	ctx := context.Background()
	db, clk := mustOpen(t)
	id := mustEnqueue(t, db, incident.OutboxItem{Kind: incident.OutboxIncidentOpened, Key: "incident:1"})
	if n, err := db.PendingOutbox(ctx); err != nil || n != 1 {
		t.Errorf("PendingOutbox = %d, %v; want 1", n, err)
	}
	if err := db.SaveOutboxState(ctx, id, []byte(`{"channel":"C1"}`)); err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Minute)
	if err := db.MarkFailed(ctx, id, "rate_limited", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkFailed(ctx, id, "timeout", t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	it, err := db.OutboxItem(ctx, id)
	if err != nil || string(it.State) != `{"channel":"C1"}` || it.Attempts != 2 || it.LastError != "timeout" || !it.NotBefore.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("item = %+v (state %s), %v", it, it.State, err)
	}
	if err := db.MarkDelivered(ctx, id); err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Minute)
	if err := db.MarkDelivered(ctx, id); err != nil {
		t.Fatal(err)
	}
	it, _ = db.OutboxItem(ctx, id)
	if !it.DeliveredAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("DeliveredAt = %v, want the first delivery %v", it.DeliveredAt, t0.Add(time.Minute))
	}
	if n, err := db.PendingOutbox(ctx); err != nil || n != 0 {
		t.Errorf("PendingOutbox = %d, %v; want 0", n, err)
	}

	tests := []struct {
		name string
		err  error
	}{
		{"SaveOutboxState", db.SaveOutboxState(ctx, 404, nil)},
		{"MarkDelivered", db.MarkDelivered(ctx, 404)},
		{"MarkFailed", db.MarkFailed(ctx, 404, "x", t0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, tt.err, incident.ErrNotFound, "outbox item 404")
		})
	}
}
