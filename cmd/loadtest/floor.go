package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/beredskapsbot/beredskapsbot/bot"
)

// floor is the smallest honest Slack handler: it reads the body, checks
// the timestamp window and the v0 signature (constant-time), parses the
// form and answers with a fixed card. The bot's throughput is reported as
// a fraction of this handler's, measured the same way on the same
// machine.
type floor struct {
	secret []byte
	card   []byte // the JSON answer, the bot's own /tiltak strom answer
	length string // len(card), for Content-Length as the bot sends it
}

func (f *floor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "bare POST", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, bot.MaxBodyBytes))
	if err != nil {
		http.Error(w, "kunne ikke lese forespørselen", http.StatusBadRequest)
		return
	}
	ts := r.Header.Get(bot.HeaderTimestamp)
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		http.Error(w, "ugyldig signatur", http.StatusUnauthorized)
		return
	}
	if d := time.Since(time.Unix(secs, 0)); d > bot.SignatureWindow || d < -bot.SignatureWindow {
		http.Error(w, "ugyldig signatur", http.StatusUnauthorized)
		return
	}
	m := hmac.New(sha256.New, f.secret)
	m.Write([]byte("v0:" + ts + ":"))
	m.Write(body)
	want := make([]byte, 3, 3+2*sha256.Size)
	copy(want, "v0=")
	want = hex.AppendEncode(want, m.Sum(nil))
	if !hmac.Equal([]byte(r.Header.Get(bot.HeaderSignature)), want) {
		http.Error(w, "ugyldig signatur", http.StatusUnauthorized)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("command") == "" {
		http.Error(w, "ugyldig skjema", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", f.length)
	_, _ = w.Write(f.card)
}
