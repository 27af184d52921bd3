package commands_test

import (
	"context"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/ui"
)

// BenchmarkActionCard measures looking up and rendering /tiltak strom
// outside an incident (the plan is in memory; one indexed SQLite read).
func BenchmarkActionCard(b *testing.B) {
	e := newEnv(b)
	req := ui.Request{Command: "/tiltak", Text: "strøm", UserID: "U0KRISE003", ChannelID: "C1"}
	b.ReportAllocs()
	for b.Loop() {
		if r := e.h.Handle(context.Background(), req); len(r.Blocks) == 0 {
			b.Fatal("no card")
		}
	}
}

// BenchmarkLogDecision measures a durable, hash-chained decision through
// the handler (synchronous=FULL on a real file).
func BenchmarkLogDecision(b *testing.B) {
	e := newEnv(b)
	e.open("U0KRISE001", "Benchmark", "C0INC")
	req := ui.Request{Command: "/beredskap", Text: "logg en beslutning", UserID: "U0KRISE003", ChannelID: "C0INC"}
	b.ReportAllocs()
	for b.Loop() {
		e.h.Handle(context.Background(), req)
	}
}
