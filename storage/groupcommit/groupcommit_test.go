package groupcommit

import (
	"sync"
	"testing"
	"time"
)

// req is a test request: commit sets batch to the size of the batch that
// held it.
type req struct {
	id    int
	batch int
}

// TestBatches: requests queued behind a running commit are committed
// together, in the order they came, up to Max at a time, and every Do
// returns after its request was committed.
func TestBatches(t *testing.T) {
	q := &Queue[*req]{Max: 3}
	hold := make(chan struct{})
	var mu sync.Mutex
	var order []int
	commit := func(batch []*req) {
		if batch[0].id == 0 {
			<-hold // the first commit runs until the others are queued
		}
		mu.Lock()
		defer mu.Unlock()
		for _, r := range batch {
			r.batch = len(batch)
			order = append(order, r.id)
		}
	}
	reqs := make([]*req, 6)
	var wg sync.WaitGroup
	for i := range reqs {
		reqs[i] = &req{id: i}
		wg.Go(func() { q.Do(reqs[i], commit) })
		// Queue them one by one, so their order is known.
		deadline := time.Now().Add(5 * time.Second)
		for {
			busy, n := q.Waiting()
			if busy && n == i {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("request %d was not queued", i)
			}
			time.Sleep(time.Millisecond)
		}
	}
	close(hold)
	wg.Wait()
	want := []int{1, 3, 3, 3, 2, 2} // alone, then Max, then the rest
	for i, r := range reqs {
		if r.batch != want[i] {
			t.Errorf("request %d committed in a batch of %d, want %d", i, r.batch, want[i])
		}
		if order[i] != i {
			t.Errorf("commit order %v, want 0..5", order)
			break
		}
	}
	if busy, n := q.Waiting(); busy || n != 0 {
		t.Errorf("after all: busy %v, %d waiting", busy, n)
	}
}

// TestPanicReleases: a panicking commit panics in its caller, and the
// queue goes on serving others.
func TestPanicReleases(t *testing.T) {
	var q Queue[*req]
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the commit's panic was swallowed")
			}
		}()
		q.Do(&req{}, func([]*req) { panic("boom") })
	}()
	r := &req{}
	q.Do(r, func(b []*req) { b[0].batch = len(b) })
	if r.batch != 1 {
		t.Errorf("after a panic: batch %d, want 1", r.batch)
	}
}
