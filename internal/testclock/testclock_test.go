package testclock

import (
	"context"
	"sync"
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	t0 := time.Date(2027, 3, 28, 0, 30, 0, 0, time.UTC)
	c := New(t0)
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Go(func() { c.Add(time.Minute); _ = c.Now() })
	}
	wg.Wait()
	if got := c.Now(); !got.Equal(t0.Add(10 * time.Minute)) {
		t.Fatalf("Now = %v", got)
	}
	c.Set(t0)
	if !c.Now().Equal(t0) {
		t.Fatal("Set did not set")
	}
}

func TestSleepMovesTheClock(t *testing.T) {
	t0 := time.Date(2027, 3, 28, 0, 30, 0, 0, time.UTC)
	c := New(t0)
	if err := c.Sleep(context.Background(), 90*time.Second); err != nil {
		t.Fatal(err)
	}
	_ = c.Sleep(context.Background(), -time.Second)
	if got := c.Now(); !got.Equal(t0.Add(90 * time.Second)) {
		t.Fatalf("Now = %v after Sleep", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Sleep(ctx, time.Minute); err != context.Canceled {
		t.Errorf("Sleep with a done context = %v", err)
	}
	if got := c.Now(); !got.Equal(t0.Add(90 * time.Second)) {
		t.Errorf("a cancelled Sleep moved the clock to %v", got)
	}
}
