package incident

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// EntryKind classifies a log entry.
type EntryKind string

// Kinds of log entry. Every state change of an incident appends one.
const (
	EntryDecision   EntryKind = "beslutning" // a decision, by /beredskap logg or the message shortcut
	EntryEvent      EntryKind = "hendelse"   // an observation, e.g. a message pinned with 📌
	EntryCorrection EntryKind = "korreksjon" // corrects an earlier entry (Corrects)
	EntryRole       EntryKind = "rolle"      // a role was assigned
	EntryStep       EntryKind = "tiltak"     // an action-card step was completed
	EntryMeeting    EntryKind = "mote"       // a status meeting was set
	EntryOpened     EntryKind = "apnet"      // the incident was opened
	EntryClosed     EntryKind = "avsluttet"  // the incident was closed
	EntryEvaluation EntryKind = "evaluering" // an evaluation answer after closing
	EntryRedaction  EntryKind = "sladding"   // an earlier entry's text was redacted (Corrects names it)
	EntryReport     EntryKind = "rapport"    // a situation report was sent; Text is the whole report (see Report)
)

// Hash rules of the chain, stored per entry.
const (
	// ChainV1 hashes the text itself; such an entry cannot be redacted
	// without breaking the chain. Entries logged before redaction existed.
	ChainV1 = 1
	// ChainV2 hashes Digest = SHA-256(salt || text) instead of the text,
	// so the text (and salt) can be removed while the chain still verifies.
	ChainV2 = 2
	// ChainV3 is ChainV2 with HMAC-SHA256 under the log key
	// (BEREDSKAP_LOG_KEY) in place of SHA-256: without the key a chain
	// cannot be rewritten so that it verifies.
	ChainV3 = 3
)

// GenesisHash is the "previous hash" of the first entry of every log.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Entry is one line of an incident's append-only log. No code path
// changes or deletes an entry; a correction is a new entry that refers to
// the one it corrects.
type Entry struct {
	IncidentID int64
	Seq        int // 1, 2, 3 … per incident, without gaps
	Kind       EntryKind
	Author     string // user ID
	Text       string // stored exactly as written
	Corrects   int    // Seq of the corrected entry, 0 if none
	Source     string // where it came from, e.g. a Slack message link
	CreatedAt  time.Time
	PrevHash   string // hex SHA-256 of the previous entry, GenesisHash for the first
	Hash       string // hex SHA-256 over PrevHash and this entry's content

	Version    int    // hash rule: ChainV1, ChainV2 or ChainV3 (0 counts as ChainV1)
	Salt       string // ChainV2 and later: hex random salt; empty once redacted
	Digest     string // ChainV2 and later: TextDigest(Salt, Text) as logged; kept after redaction
	RedactedAt time.Time
	RedactedBy string // who redacted the text (user ID or name), "" if not redacted
	// RedactionReason is why the text was redacted, "" if not redacted.
	RedactionReason string
}

// Redacted reports whether the entry's text has been redacted.
func (e Entry) Redacted() bool { return !e.RedactedAt.IsZero() }

// TextDigest returns the hex SHA-256 of the salt (hex-decoded; used as
// given if it is not hex) followed by the text.
func TextDigest(salt, text string) string {
	raw, err := hex.DecodeString(salt)
	if err != nil {
		raw = []byte(salt)
	}
	h := sha256.New()
	h.Write(raw)
	h.Write([]byte(text))
	return hex.EncodeToString(h.Sum(nil))
}

// NewEntry is what a caller gives to append an entry; storage assigns the
// sequence number, time and hashes.
type NewEntry struct {
	IncidentID int64
	Kind       EntryKind
	Author     string
	Text       string
	Corrects   int
	Source     string
	// SourceMessage is the chat message the entry logs, "<channel>/<ts>"
	// (ui.MessageRef.Key); "" for none. A message is logged at most once:
	// appending it again fails with ErrConflict.
	SourceMessage string
}

// ComputeHash returns the hex SHA-256 of the entry's content chained to
// prev. The encoding is length-prefixed, so no two different entries share
// an input, and uses the UTC time with nanoseconds. Under ChainV2 it
// covers Digest in place of Text. A ChainV3 entry needs the key
// (ComputeHashKeyed): ComputeHash returns "" for it.
func (e Entry) ComputeHash(prev string) string { return e.ComputeHashKeyed(prev, nil) }

// ComputeHashKeyed is ComputeHash, but a ChainV3 entry is hashed with
// HMAC-SHA256 under key. It returns "" for a ChainV3 entry if key is
// empty; other versions ignore key.
func (e Entry) ComputeHashKeyed(prev string, key []byte) string {
	var b strings.Builder
	field := func(s string) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
		b.WriteByte(';')
	}
	content := e.Text
	switch e.Version {
	case ChainV2:
		field("beredskapsbot-logg-v2")
		content = e.Digest
	case ChainV3:
		if len(key) == 0 {
			return ""
		}
		field("beredskapsbot-logg-v3")
		content = e.Digest
	default:
		field("beredskapsbot-logg-v1")
	}
	field(prev)
	field(strconv.FormatInt(e.IncidentID, 10))
	field(strconv.Itoa(e.Seq))
	field(string(e.Kind))
	field(e.Author)
	field(content)
	field(strconv.Itoa(e.Corrects))
	field(e.Source)
	field(e.CreatedAt.UTC().Format(time.RFC3339Nano))
	if e.Version == ChainV3 {
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(b.String()))
		return hex.EncodeToString(mac.Sum(nil))
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// ChainError describes the first entry of a log whose hash does not match.
type ChainError struct {
	IncidentID int64
	Seq        int    // the entry that does not match (or the missing sequence number)
	Reason     string // bokmål: what is wrong
}

func (e *ChainError) Error() string {
	return "hendelse " + strconv.FormatInt(e.IncidentID, 10) + ", logglinje #" + strconv.Itoa(e.Seq) + ": " + e.Reason
}

// VerifyChain checks a log given in stored order: sequence numbers 1…n
// without gaps, each PrevHash equal to the previous entry's Hash, and each
// Hash equal to the recomputed one; for a ChainV2 entry also that the text
// matches its digest, or, if redacted, that a later redaction entry
// records it. It returns nil or a *ChainError naming the first entry that
// does not match; a ChainV3 entry does not match without the key (see
// VerifyChainKeyed).
func VerifyChain(entries []Entry) error { return VerifyChainKeyed(entries, nil) }

// VerifyChainKeyed is VerifyChain with the log key that ChainV3 entries
// are hashed under; an entry after a ChainV3 entry must be ChainV3 too (a
// chain rewritten without the key from some entry on would otherwise
// verify). It returns nil or a *ChainError naming the first entry that
// does not match.
func VerifyChainKeyed(entries []Entry, key []byte) error {
	redactions := map[int]bool{}
	for _, e := range entries {
		if e.Kind == EntryRedaction {
			redactions[e.Corrects] = true
		}
	}
	prev := GenesisHash
	keyed := false // a ChainV3 entry came before: no later entry may be weaker
	for i, e := range entries {
		want := i + 1
		if e.Seq != want {
			return &ChainError{e.IncidentID, want, "mangler eller er flyttet (fant #" + strconv.Itoa(e.Seq) + " på plass " + strconv.Itoa(want) + ")"}
		}
		if e.PrevHash != prev {
			return &ChainError{e.IncidentID, e.Seq, "peker ikke på forrige linjes hash (linjer fjernet eller byttet om)"}
		}
		if e.Version == ChainV3 && len(key) == 0 {
			return &ChainError{e.IncidentID, e.Seq, "er sikret med loggnøkkelen (BEREDSKAP_LOG_KEY), som ikke er satt – kan ikke kontrolleres"}
		}
		if keyed && e.Version != ChainV3 {
			return &ChainError{e.IncidentID, e.Seq, "er ikke sikret med loggnøkkelen, men linjene før den er det (kjeden er skrevet om)"}
		}
		keyed = e.Version == ChainV3
		if got := e.ComputeHashKeyed(prev, key); got != e.Hash {
			return &ChainError{e.IncidentID, e.Seq, "innholdet er endret etter at det ble loggført"}
		}
		if e.Version >= ChainV2 {
			switch {
			case e.Redacted() && !redactions[e.Seq]:
				return &ChainError{e.IncidentID, e.Seq, "er merket som sladdet, men ingen sladding av den er loggført"}
			case !e.Redacted() && (e.Salt == "" || TextDigest(e.Salt, e.Text) != e.Digest):
				return &ChainError{e.IncidentID, e.Seq, "innholdet er endret etter at det ble loggført"}
			}
		}
		prev = e.Hash
	}
	return nil
}
