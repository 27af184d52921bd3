package incident

import (
	"errors"
	"testing"
	"time"
)

// chain builds a valid log of n entries.
func chain(n int) []Entry {
	var out []Entry
	prev := GenesisHash
	at := time.Date(2026, 3, 29, 0, 59, 59, 999, time.UTC)
	for i := 1; i <= n; i++ {
		e := Entry{IncidentID: 7, Seq: i, Kind: EntryDecision, Author: "U1", Text: "beslutning", CreatedAt: at.Add(time.Duration(i) * time.Second), PrevHash: prev}
		e.Hash = e.ComputeHash(prev)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func TestComputeHashCoversEveryField(t *testing.T) {
	base := chain(1)[0]
	h := base.ComputeHash(GenesisHash)
	if h != base.Hash || len(h) != 64 {
		t.Fatalf("hash %q", h)
	}
	mutations := map[string]func(e *Entry){
		"incident": func(e *Entry) { e.IncidentID++ },
		"seq":      func(e *Entry) { e.Seq++ },
		"kind":     func(e *Entry) { e.Kind = EntryEvent },
		"author":   func(e *Entry) { e.Author = "U2" },
		"text":     func(e *Entry) { e.Text += "." },
		"corrects": func(e *Entry) { e.Corrects = 1 },
		"source":   func(e *Entry) { e.Source = "slack:C1/1.2" },
		"time":     func(e *Entry) { e.CreatedAt = e.CreatedAt.Add(time.Nanosecond) },
		// Moving text between fields must change the hash (length prefixes).
		"boundary": func(e *Entry) { e.Author, e.Text = e.Author+"b", e.Text[1:] },
	}
	for name, mutate := range mutations {
		e := base
		mutate(&e)
		if e.ComputeHash(GenesisHash) == h {
			t.Errorf("changing %s does not change the hash", name)
		}
	}
	if base.ComputeHash("x") == h {
		t.Error("the previous hash is not part of the hash")
	}
	// The same instant in another zone is the same entry.
	e := base
	e.CreatedAt = e.CreatedAt.In(time.FixedZone("CEST", 7200))
	if e.ComputeHash(GenesisHash) != h {
		t.Error("the hash depends on the time zone of CreatedAt")
	}
}

func TestVerifyChain(t *testing.T) {
	if err := VerifyChain(chain(5)); err != nil {
		t.Fatalf("valid chain: %v", err)
	}
	if err := VerifyChain(nil); err != nil {
		t.Fatalf("empty log: %v", err)
	}
	tests := []struct {
		name    string
		tamper  func([]Entry) []Entry
		wantSeq int
	}{
		{"edited text", func(l []Entry) []Entry { l[2].Text = "noe annet"; return l }, 3},
		{"removed entry", func(l []Entry) []Entry { return append(l[:1], l[2:]...) }, 2},
		{"swapped entries", func(l []Entry) []Entry { l[1], l[2] = l[2], l[1]; return l }, 2},
		{"swapped and renumbered", func(l []Entry) []Entry {
			l[1], l[2] = l[2], l[1]
			l[1].Seq, l[2].Seq = 2, 3
			return l
		}, 2},
		{"rehashed edit", func(l []Entry) []Entry {
			l[3].Text = "endret"
			l[3].Hash = l[3].ComputeHash(l[3].PrevHash)
			return l
		}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := VerifyChain(tt.tamper(chain(5)))
			var ce *ChainError
			if !errors.As(err, &ce) || ce.Seq != tt.wantSeq || ce.IncidentID != 7 {
				t.Fatalf("got %v, want a ChainError at #%d", err, tt.wantSeq)
			}
			if ce.Error() == "" || ce.Reason == "" {
				t.Error("the error must say what is wrong")
			}
		})
	}
}
