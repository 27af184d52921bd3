package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Slack's request-signing headers and the limits the HTTP transport
// enforces.
const (
	HeaderSignature = "X-Slack-Signature"
	HeaderTimestamp = "X-Slack-Request-Timestamp"
	// SignatureWindow is how far a request's timestamp may be from our
	// clock, in either direction, before it is refused as stale.
	SignatureWindow = 5 * time.Minute
	// MaxBodyBytes is the largest request body read from Slack (413 above).
	MaxBodyBytes = 1 << 20
	// maxSeenSignatures bounds the memory of the replay guard.
	maxSeenSignatures = 100_000
)

// ErrBadSignature means a request is not provably from Slack: a signing
// header is missing or malformed, the signature does not match the body,
// the timestamp is outside SignatureWindow, or the same signed request was
// already accepted (a replay). It is wrapped with the reason.
var ErrBadSignature = errors.New("bad slack signature")

// Signature returns Slack's v0 signature of body sent at ts:
// "v0=" + hex(HMAC-SHA256(secret, "v0:<unix ts>:<body>")).
func Signature(secret string, ts time.Time, body []byte) string {
	return "v0=" + hex.EncodeToString(signatureMAC([]byte(secret), strconv.FormatInt(ts.Unix(), 10), body))
}

func signatureMAC(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("v0:"))
	m.Write([]byte(ts))
	m.Write([]byte{':'})
	m.Write(body)
	return m.Sum(nil)
}

// SignRequest sets the headers Slack would send with body at ts, signed
// with secret, on req (whose body the caller sets to the same bytes). It
// is meant for tests and load generators.
func SignRequest(req *http.Request, secret string, body []byte, ts time.Time) {
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set(HeaderSignature, Signature(secret, ts, body))
}

// Verifier checks Slack's request signatures. It is safe for concurrent
// use.
type Verifier struct {
	secret []byte
	now    func() time.Time
	seen   *recentSet[uint64]
	macs   sync.Pool // *keyedMAC, reused
}

// keyedMAC is an HMAC-SHA256 keyed with the signing secret, and room for
// the "v0:<ts>:" prefix.
type keyedMAC struct {
	h      hash.Hash
	prefix []byte
}

// NewVerifier returns a verifier for the app's signing secret; now is the
// clock (time.Now when nil).
func NewVerifier(secret string, now func() time.Time) *Verifier {
	if now == nil {
		now = time.Now
	}
	return &Verifier{secret: []byte(secret), now: now, seen: newRecentSet[uint64](maxSeenSignatures)}
}

// Verify checks the signature headers in h against body. It returns nil
// for a fresh, correctly signed request seen for the first time, and an
// error wrapping ErrBadSignature otherwise. Nothing of body is parsed.
func (v *Verifier) Verify(h http.Header, body []byte) error {
	now, ts, hexSig, err := v.headers(h)
	if err != nil {
		return err
	}
	tsText := h.Get(HeaderTimestamp)
	var gotBuf, wantBuf [sha256.Size]byte
	got, err := hex.AppendDecode(gotBuf[:0], []byte(hexSig))
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%w: malformed signature", ErrBadSignature)
	}
	if !hmac.Equal(got, v.mac(wantBuf[:0], tsText, body)) {
		return fmt.Errorf("%w: signature does not match", ErrBadSignature)
	}
	// A signature covers the timestamp and the body, and Slack never sends
	// the same request twice with the same timestamp (retries are signed
	// anew), so one seen before within the window is a replay. Its first
	// 64 bits identify it: without the secret no one can make two
	// requests collide, and by chance it happens once in 2^64/100 000.
	if !v.seen.add(binary.BigEndian.Uint64(got), now, ts.Add(SignatureWindow)) {
		return fmt.Errorf("%w: replayed request", ErrBadSignature)
	}
	return nil
}

// CheckHeaders does what Verify can do without the body: the signing
// headers are there and well-formed and the timestamp is fresh. The
// transport calls it before reading a body, so that an unsigned or stale
// request costs no read. It returns an error wrapping ErrBadSignature.
func (v *Verifier) CheckHeaders(h http.Header) error {
	_, _, _, err := v.headers(h)
	return err
}

// headers checks the signing headers and returns the time now, the
// request's timestamp and its signature in hex.
func (v *Verifier) headers(h http.Header) (now, ts time.Time, hexSig string, err error) {
	if len(v.secret) == 0 {
		return now, ts, "", fmt.Errorf("%w: no signing secret configured", ErrBadSignature)
	}
	tsText, sigText := h.Get(HeaderTimestamp), h.Get(HeaderSignature)
	if tsText == "" || sigText == "" {
		return now, ts, "", fmt.Errorf("%w: missing %s or %s", ErrBadSignature, HeaderTimestamp, HeaderSignature)
	}
	secs, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return now, ts, "", fmt.Errorf("%w: malformed timestamp", ErrBadSignature)
	}
	now = v.now()
	ts = time.Unix(secs, 0)
	if d := now.Sub(ts); d > SignatureWindow || d < -SignatureWindow {
		return now, ts, "", fmt.Errorf("%w: timestamp %d is %v from now", ErrBadSignature, secs, d.Round(time.Second))
	}
	hexSig, ok := strings.CutPrefix(sigText, "v0=")
	if !ok {
		return now, ts, "", fmt.Errorf("%w: unknown signature version", ErrBadSignature)
	}
	return now, ts, hexSig, nil
}

// mac appends the v0 HMAC of body sent at ts to dst, with a keyed hash
// from the pool (keying one costs two SHA-256 blocks).
func (v *Verifier) mac(dst []byte, ts string, body []byte) []byte {
	m, ok := v.macs.Get().(*keyedMAC)
	if ok {
		m.h.Reset()
	} else {
		m = &keyedMAC{h: hmac.New(sha256.New, v.secret), prefix: make([]byte, 0, 32)}
	}
	m.prefix = append(append(append(m.prefix[:0], "v0:"...), ts...), ':')
	_, _ = m.h.Write(m.prefix)
	_, _ = m.h.Write(body)
	dst = m.h.Sum(dst)
	v.macs.Put(m)
	return dst
}

// recentSet remembers keys until they expire, at most max of them (the
// oldest are forgotten first). Expiry times are kept as Unix nanoseconds,
// so a set of pointer-free keys holds no pointers for the garbage
// collector to scan. It is safe for concurrent use.
type recentSet[K comparable] struct {
	mu    sync.Mutex
	max   int
	keys  map[K]int64    // key -> expiry
	order []recentKey[K] // insertion order; order[head:] are live
	head  int
}

type recentKey[K comparable] struct {
	key     K
	expires int64
}

func newRecentSet[K comparable](max int) *recentSet[K] {
	return &recentSet[K]{max: max, keys: map[K]int64{}}
}

// add records key until expires and reports whether it was new (not
// already remembered and unexpired at now).
func (s *recentSet[K]) add(key K, now, expires time.Time) bool {
	at, until := now.UnixNano(), expires.UnixNano()
	s.mu.Lock()
	defer s.mu.Unlock()
	if exp, ok := s.keys[key]; ok && at < exp {
		return false
	}
	for s.head < len(s.order) {
		front := s.order[s.head]
		if len(s.keys) < s.max && at < front.expires {
			break
		}
		if exp, ok := s.keys[front.key]; ok && exp == front.expires {
			delete(s.keys, front.key)
		}
		s.order[s.head] = recentKey[K]{}
		s.head++
	}
	if s.head > len(s.order)/2 {
		s.order = append(s.order[:0], s.order[s.head:]...)
		s.head = 0
	}
	s.keys[key] = until
	s.order = append(s.order, recentKey[K]{key, until})
	return true
}
