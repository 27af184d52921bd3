// Package groupcommit lets concurrent callers share one commit: requests
// that arrive while a batch is being committed wait, and the next of
// them commits all waiting requests at once, so many writes share one
// transaction and one fsync. Each caller returns only after the commit
// that holds its request, as with a commit of its own.
//
// It knows nothing of databases: the caller's commit function does the
// work and stores each request's result in the request.
package groupcommit

import "sync"

// Queue batches the requests of type R passed to Do. The zero value is
// ready to use; it must not be copied after first use. It is safe for
// concurrent use.
//
// There is no goroutine of its own: the first waiting caller leads the
// next batch (it is handed the lead when the batch before is done).
type Queue[R any] struct {
	// Max bounds how many requests share one batch; 0 or less means no
	// bound. Set it before first use.
	Max int

	mu      sync.Mutex
	pending []*waiter[R]
	busy    bool // a batch is being committed
}

// waiter is one Do call.
type waiter[R any] struct {
	req  R
	done chan struct{} // closed when a commit holding req has returned
	lead chan struct{} // closed when this caller is to commit the next batch
}

// Do queues req and returns once commit has been called with a batch
// holding req and has returned. If no batch is being committed, the
// caller commits at once (a batch of its own, plus whatever queued
// meanwhile); otherwise it waits until a leader has committed req, or
// until it is handed the lead and commits the next batch itself: up to
// Max waiting requests in the order they came, its own first. commit
// must not call Do on the same queue. If commit panics, every request of
// the batch is released and the panic goes on in the caller that
// committed.
func (q *Queue[R]) Do(req R, commit func(batch []R)) {
	w := &waiter[R]{req: req, done: make(chan struct{}), lead: make(chan struct{})}
	if !q.join(w) {
		select {
		case <-w.done: // a leader committed it
			return
		case <-w.lead:
		}
	}
	defer q.handOver()
	run(q.take(), commit)
}

// Waiting reports whether a batch is being committed and how many
// requests wait, for tests that need appends queued in a known order.
func (q *Queue[R]) Waiting() (busy bool, pending int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.busy, len(q.pending)
}

// run passes batch to commit and releases its callers, even if commit
// panics.
func run[R any](batch []*waiter[R], commit func([]R)) {
	defer func() {
		for _, w := range batch {
			close(w.done)
		}
	}()
	reqs := make([]R, len(batch))
	for i, w := range batch {
		reqs[i] = w.req
	}
	commit(reqs)
}

// join queues w and reports whether its caller leads (commits) at once.
func (q *Queue[R]) join(w *waiter[R]) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pending = append(q.pending, w)
	if q.busy {
		return false
	}
	q.busy = true
	return true
}

// take removes the next batch from the queue; the leader's own request
// is in it, as it was queued before it was handed the lead.
func (q *Queue[R]) take() []*waiter[R] {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := len(q.pending)
	if q.Max > 0 {
		n = min(n, q.Max)
	}
	batch := append([]*waiter[R](nil), q.pending[:n]...)
	q.pending = append(q.pending[:0], q.pending[n:]...)
	return batch
}

// handOver ends a leader's turn: the first waiting caller leads next.
func (q *Queue[R]) handOver() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.pending) == 0 {
		q.busy = false
		return
	}
	close(q.pending[0].lead)
}
