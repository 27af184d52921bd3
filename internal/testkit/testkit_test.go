package testkit

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"
)

func TestKit(t *testing.T) {
	p := ExamplePlan(t)
	p.Cards = nil
	if len(ExamplePlan(t).Cards) == 0 {
		t.Fatal("ExamplePlan must return a fresh plan each time")
	}
	at := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	db := OpenDB(t, func() time.Time { return at })
	if err := db.Ping(context.Background()); err != nil || !db.Now().Equal(at) {
		t.Fatalf("OpenDB: %v, clock %v", err, db.Now())
	}
	var b SyncBuffer
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Go(func() { b.Write([]byte("x")) })
	}
	wg.Wait()
	if b.String() != "xxxxxxxxxx" {
		t.Fatalf("buffer %q", b.String())
	}
	addr := FreeAddr(t)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("FreeAddr gave a busy address: %v", err)
	}
	ln.Close()
}
