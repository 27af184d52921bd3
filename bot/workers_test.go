package bot

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestWorkerPoolReusesIdleWorker: jobs run one after another use one
// goroutine.
func TestWorkerPoolReusesIdleWorker(t *testing.T) {
	p := newWorkerPool()
	var ran atomic.Int64
	for range 50 {
		done := make(chan struct{})
		job := func() { ran.Add(1); close(done) }
		if p.started.Load() == 0 {
			p.run(job)
		} else {
			// The worker that ran the last job is idle again and takes this one.
			select {
			case p.jobs <- job:
			case <-time.After(5 * time.Second):
				t.Fatal("no idle worker took the job")
			}
		}
		<-done
	}
	if ran.Load() != 50 || p.started.Load() != 1 {
		t.Errorf("ran %d jobs on %d workers, want 50 on 1", ran.Load(), p.started.Load())
	}
}

// TestWorkerPoolNeverWaits: a job is never held back by a busy worker,
// and every job runs exactly once.
func TestWorkerPoolNeverWaits(t *testing.T) {
	p := newWorkerPool()
	block := make(chan struct{})
	p.run(func() { <-block })
	done := make(chan struct{})
	p.run(func() { close(done) })
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a job waited for a busy worker")
	}
	close(block)

	var ran atomic.Int64
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			for range 100 {
				wg.Add(1)
				p.run(func() { ran.Add(1); wg.Done() })
			}
		})
	}
	wg.Wait()
	if ran.Load() != 1000 {
		t.Errorf("%d jobs ran, want 1000", ran.Load())
	}
}
