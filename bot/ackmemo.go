package bot

import (
	"hash/maphash"
	"slices"
	"sync"

	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Bounds of the acknowledgement memo.
const (
	maxMemoAcks  = 256  // encoded acknowledgements kept
	maxMemoSeen  = 4096 // responses remembered as seen once
	maxMemoBytes = 16 << 10
)

// ackMemo remembers the rendered and encoded acknowledgement of answers
// that come again and again: an action card outside an incident is the
// same answer every time, and rendering it to Block Kit and JSON is most
// of what such a command costs. Responses are compared by content (Text,
// Visibility, Blocks); a response is encoded and kept only the second
// time it is seen, so one-off answers (a logged decision) never fill it.
// It is safe for concurrent use.
type ackMemo struct {
	seed maphash.Seed

	mu   sync.Mutex
	seen map[uint64]struct{}
	acks map[uint64]memoAck
}

type memoAck struct {
	resp ui.Response
	rep  reply // with raw set
}

func newAckMemo() *ackMemo {
	return &ackMemo{seed: maphash.MakeSeed(), seen: map[uint64]struct{}{}, acks: map[uint64]memoAck{}}
}

// get returns the acknowledgement of a response equal to r seen before,
// and r's hash for put.
func (m *ackMemo) get(r ui.Response) (reply, uint64, bool) {
	h := m.hash(r)
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.acks[h]; ok && sameAnswer(e.resp, r) {
		return e.rep, h, true
	}
	return reply{}, h, false
}

// admit reports whether a response with hash h was seen before and
// should now be encoded and put; the first time it only remembers h.
func (m *ackMemo) admit(h uint64) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.seen[h]; ok {
		return true
	}
	if len(m.seen) >= maxMemoSeen {
		clear(m.seen)
	}
	m.seen[h] = struct{}{}
	return false
}

// put keeps the acknowledgement rep (with raw set) of r.
func (m *ackMemo) put(h uint64, r ui.Response, rep reply) {
	if len(rep.raw) > maxMemoBytes {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.acks) >= maxMemoAcks {
		clear(m.acks)
	}
	m.acks[h] = memoAck{resp: r, rep: rep}
}

// hash hashes what an acknowledgement is made of.
func (m *ackMemo) hash(r ui.Response) uint64 {
	var h maphash.Hash
	h.SetSeed(m.seed)
	h.WriteString(r.Text)
	h.WriteByte(byte(r.Visibility))
	for _, b := range r.Blocks {
		h.WriteByte(0xff)
		h.WriteByte(byte(b.Kind))
		h.WriteString(b.Text)
		for _, btn := range b.Buttons {
			h.WriteByte(0xfe)
			h.WriteString(btn.ActionID)
			h.WriteByte(0)
			h.WriteString(btn.Text)
			h.WriteByte(0)
			h.WriteString(btn.Value)
			h.WriteByte(0)
			h.WriteString(btn.Style)
		}
	}
	return h.Sum64()
}

// sameAnswer reports whether a and b acknowledge the same: equal Text,
// Visibility and Blocks.
func sameAnswer(a, b ui.Response) bool {
	return a.Text == b.Text && a.Visibility == b.Visibility &&
		slices.EqualFunc(a.Blocks, b.Blocks, func(x, y ui.Block) bool {
			return x.Kind == y.Kind && x.Text == y.Text && slices.Equal(x.Buttons, y.Buttons)
		})
}
