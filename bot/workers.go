package bot

import (
	"sync/atomic"
	"time"
)

// workerIdle is how long an idle worker waits for more work before it
// ends.
const workerIdle = 10 * time.Second

// workerPool runs functions on goroutines it keeps for a while, so a
// busy bot does not start a goroutine (and grow its stack again) for
// every request. There is no bound: when no worker is idle, a new one is
// started, exactly as `go fn()` would. It is safe for concurrent use.
type workerPool struct {
	jobs    chan func() // unbuffered: a send succeeds only to an idle worker
	started atomic.Int64
}

func newWorkerPool() *workerPool { return &workerPool{jobs: make(chan func())} }

// run runs fn on an idle worker, or on a new one.
func (p *workerPool) run(fn func()) {
	select {
	case p.jobs <- fn:
	default:
		p.started.Add(1)
		go p.work(fn)
	}
}

// work runs fn, then whatever it is handed, until it has been idle for
// workerIdle.
func (p *workerPool) work(fn func()) {
	idle := time.NewTimer(workerIdle)
	defer idle.Stop()
	for {
		fn()
		idle.Reset(workerIdle)
		select {
		case fn = <-p.jobs:
		case <-idle.C:
			return
		}
	}
}
