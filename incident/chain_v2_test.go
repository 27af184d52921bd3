package incident

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// chainV2 builds a valid log of n ChainV2 entries.
func chainV2(n int) []Entry {
	var out []Entry
	prev := GenesisHash
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for i := 1; i <= n; i++ {
		e := Entry{IncidentID: 7, Seq: i, Kind: EntryDecision, Author: "U1", Text: "beslutning " + strings.Repeat("x", i),
			CreatedAt: at.Add(time.Duration(i) * time.Second), PrevHash: prev, Version: ChainV2, Salt: "00112233445566778899aabbccddeeff"}
		e.Digest = TextDigest(e.Salt, e.Text)
		e.Hash = e.ComputeHash(prev)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func TestChainV2HashesTheDigest(t *testing.T) {
	e := chainV2(1)[0]
	v1 := e
	v1.Version = ChainV1
	if e.ComputeHash(GenesisHash) == v1.ComputeHash(GenesisHash) {
		t.Error("v1 and v2 rules give the same hash")
	}
	changed := e
	changed.Text = "noe annet"
	if changed.ComputeHash(GenesisHash) != e.Hash {
		t.Error("the v2 hash depends on the text, not only on its digest")
	}
	changed.Digest = TextDigest(e.Salt, changed.Text)
	if changed.ComputeHash(GenesisHash) == e.Hash {
		t.Error("the v2 hash does not cover the digest")
	}
	if TextDigest("00", "a") == TextDigest("01", "a") || TextDigest("00", "a") == TextDigest("00", "b") {
		t.Error("TextDigest ignores the salt or the text")
	}
}

func TestVerifyChainV2(t *testing.T) {
	redact := func(l []Entry, seq int) []Entry {
		l[seq-1].Text, l[seq-1].Salt = "[sladdet 01.12.2026 av U9: grunn]", ""
		l[seq-1].RedactedAt, l[seq-1].RedactedBy, l[seq-1].RedactionReason = time.Now(), "U9", "grunn"
		return l
	}
	withRedaction := func(l []Entry, seq int) []Entry {
		last := l[len(l)-1]
		r := Entry{IncidentID: 7, Seq: last.Seq + 1, Kind: EntryRedaction, Author: "U9", Text: "sladdet", Corrects: seq,
			CreatedAt: last.CreatedAt.Add(time.Second), PrevHash: last.Hash, Version: ChainV2, Salt: "ff"}
		r.Digest = TextDigest(r.Salt, r.Text)
		r.Hash = r.ComputeHash(last.Hash)
		return append(redact(l, seq), r)
	}
	tests := []struct {
		name   string
		log    []Entry
		seq    int
		reason string
	}{
		{"intact", chainV2(4), 0, ""},
		{"redacted and recorded", withRedaction(chainV2(4), 2), 0, ""},
		{"redacted, not recorded", redact(chainV2(4), 2), 2, "ingen sladding"},
		{"text changed", func() []Entry { l := chainV2(4); l[2].Text = "endret"; return l }(), 3, "innholdet er endret"},
		{"salt dropped without redaction", func() []Entry { l := chainV2(4); l[2].Salt = ""; return l }(), 3, "innholdet er endret"},
		{"digest changed with the text", func() []Entry {
			l := chainV2(4)
			l[2].Text = "endret"
			l[2].Digest = TextDigest(l[2].Salt, l[2].Text)
			return l
		}(), 3, "innholdet er endret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := VerifyChain(tt.log)
			if tt.seq == 0 {
				if err != nil {
					t.Fatalf("VerifyChain = %v", err)
				}
				return
			}
			var ce *ChainError
			if !errors.As(err, &ce) || ce.Seq != tt.seq || !strings.Contains(ce.Reason, tt.reason) {
				t.Errorf("VerifyChain = %v, want #%d %q", err, tt.seq, tt.reason)
			}
		})
	}
}
