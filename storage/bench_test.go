package storage

import (
	"context"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// BenchmarkAppendEntry measures one durable append (IMMEDIATE transaction,
// hash chain, echo in the outbox, fsync with synchronous=FULL) on a file.
func BenchmarkAppendEntry(b *testing.B) {
	db, _ := mustOpen(b)
	inc := mustCreate(b, db, "Benchmark")
	ctx := context.Background()
	n := incident.NewEntry{IncidentID: inc.ID, Kind: incident.EntryDecision, Author: "U1", Text: "Vi setter krisestab kl. 10"}
	for b.Loop() {
		if _, err := db.AppendEntry(ctx, n); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendEntryParallel measures appends to one incident from many
// goroutines at once; writers queue on the single write connection.
func BenchmarkAppendEntryParallel(b *testing.B) {
	db, _ := mustOpen(b)
	inc := mustCreate(b, db, "Benchmark")
	ctx := context.Background()
	n := incident.NewEntry{IncidentID: inc.ID, Kind: incident.EntryDecision, Author: "U1", Text: "Vi setter krisestab kl. 10"}
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := db.AppendEntry(ctx, n); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	if err := db.VerifyLog(ctx, inc.ID); err != nil {
		b.Fatal(err)
	}
}
