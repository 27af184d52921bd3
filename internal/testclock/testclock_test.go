package testclock

import (
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
