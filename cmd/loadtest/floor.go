package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/beredskapsbot/beredskapsbot/bot"
)

// floor is the smallest honest Slack handler: it reads the body, checks
// the timestamp window and the v0 signature (constant-time), parses the
// form and answers with a fixed card. The bot's throughput and CPU time
// per request are reported against this handler's, measured the same way
// on the same machine. It runs in a process of its own (the hidden -floor
// mode of this binary), so that its CPU time can be read as the bot's is.
type floor struct {
	secret []byte
	card   []byte // the JSON answer, the bot's own /tiltak strom answer
	length string // len(card), for Content-Length as the bot sends it
}

func newFloor(secret, card []byte) *floor {
	return &floor{secret: secret, card: card, length: strconv.Itoa(len(card))}
}

func (f *floor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == "/healthz" {
		_, _ = io.WriteString(w, "ok\n")
		return
	}
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

// floorMode is the first argument that runs this binary as the floor
// rather than as the load tool; the load tool passes it when it starts
// the floor (see startFloor). It is not among the flags -h lists.
const floorMode = "-floor"

// floorSecretEnv carries the signing secret to the floor process.
const floorSecretEnv = "LOADTEST_FLOOR_SECRET"

// runFloorMode runs the floor and returns its exit code if args (the
// arguments after the program name) ask for the floor mode; ok is false
// otherwise. main and the tests' TestMain call it first.
func runFloorMode(args []string) (code int, ok bool) {
	if len(args) == 0 || args[0] != floorMode {
		return 0, false
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runFloor(ctx, args[1:], os.Stdin, os.Stderr), true
}

// runFloor serves the floor on -listen with the card read from the file
// -card and the secret from $LOADTEST_FLOOR_SECRET, until ctx ends or
// stdin reaches its end: the load tool holds the other end of that pipe,
// so the floor also stops if the load tool dies.
func runFloor(ctx context.Context, args []string, stdin io.Reader, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadtest -floor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "address to serve on")
	cardPath := fs.String("card", "", "file holding the answer, byte for byte")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	err := func() error {
		secret := os.Getenv(floorSecretEnv)
		if secret == "" || *cardPath == "" || fs.NArg() > 0 {
			return errors.New("needs -card FILE, $" + floorSecretEnv + " and no other arguments")
		}
		card, err := os.ReadFile(*cardPath)
		if err != nil {
			return err
		}
		ln, err := net.Listen("tcp", *listen)
		if err != nil {
			return err
		}
		srv := newServer(newFloor([]byte(secret), card))
		served := make(chan error, 1)
		go func() { served <- srv.Serve(ln) }()
		eof := make(chan struct{})
		go func() { _, _ = io.Copy(io.Discard, stdin); close(eof) }()
		select {
		case <-ctx.Done():
		case <-eof:
		case err := <-served:
			return err
		}
		return srv.Close()
	}()
	if err != nil {
		fmt.Fprintln(stderr, "loadtest -floor:", err)
		return 1
	}
	return 0
}
