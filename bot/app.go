package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/internal/clock"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Timing of the inbound transport.
const (
	// DefaultAckTimeout is how long a command may run before its answer is
	// moved from the acknowledgement to response_url; Slack wants the
	// acknowledgement within 3 seconds.
	DefaultAckTimeout = 2 * time.Second
	// HealthInterval is how long /healthz trusts its last auth.test.
	HealthInterval = 30 * time.Second
	// backgroundTimeout bounds one piece of background work.
	backgroundTimeout = 2 * time.Minute
	// eventMemory is how long an Events API event_id is remembered to
	// ignore Slack's retries of it; maxEvents bounds that memory.
	eventMemory = time.Hour
	maxEvents   = 10_000
)

// Notifier is told that the outbox may hold new items;
// delivery.Deliverer implements it.
type Notifier interface{ Notify() }

// Pinger is what the health check needs from the database.
type Pinger interface {
	Ping(ctx context.Context) error
}

// AppConfig is what an App is built from.
type AppConfig struct {
	// Handler runs commands; its Store also finds the incident of a
	// channel for message shortcuts and 📌 reactions.
	Handler *commands.Handler
	// Slack is the Web API client (views.open, conversations.history,
	// chat.getPermalink, chat.postEphemeral, auth.test).
	Slack *slack.Client
	// DB is checked by /healthz.
	DB Pinger
	// Notifier is told after every handler that may have written to the
	// outbox; nil for none.
	Notifier Notifier
	// SigningSecret verifies HTTP requests; without it POST /slack/events
	// is not served (Socket Mode).
	SigningSecret string
	Log           logrus.FieldLogger
	// Now is the clock for signatures and the health cache (time.Now).
	Now func() time.Time
	// Sleep waits between tries of an answer Slack did not take (a timer
	// when nil); it returns ctx's error if ctx ends first. Tests pass a
	// clock's sleep so that no test waits in real time.
	Sleep func(ctx context.Context, d time.Duration) error
	// AckTimeout is DefaultAckTimeout when zero.
	AckTimeout time.Duration
	// HTTPClient posts to response_url (a client with a 10 s timeout when nil).
	HTTPClient *http.Client
	// MaxReading bounds the HTTP request bodies read at once; more are
	// answered 503 (DefaultMaxReading when zero).
	MaxReading int
}

// DefaultMaxReading is how many request bodies the HTTP transport reads
// at once by default: far more than Slack sends to one workspace's bot,
// few enough that slow clients cannot pile up memory.
const DefaultMaxReading = 64

// App is the inbound side of the Slack transport: it takes slash
// commands, interactivity and events over HTTP (HTTPHandler) or Socket
// Mode (RunSocket), runs the command handlers and answers Slack. What
// must be posted to channels goes through the outbox; App only notifies
// the deliverer.
type App struct {
	h          *commands.Handler
	api        *slack.Client
	db         Pinger
	notifier   Notifier
	verifier   *Verifier
	log        logrus.FieldLogger
	now        func() time.Time
	sleep      func(ctx context.Context, d time.Duration) error
	ackTimeout time.Duration
	httpc      *http.Client

	reading   chan struct{} // a slot per request body being read
	workers   *workerPool
	acks      *ackMemo
	events    *recentSet[string]
	bg        inflight
	health    healthCache
	botUserID atomic.Pointer[string]
}

// NewApp returns an App. It returns an error if Handler or Slack is
// missing.
func NewApp(cfg AppConfig) (*App, error) {
	if cfg.Handler == nil || cfg.Slack == nil {
		return nil, errors.New("bot: AppConfig needs Handler and Slack")
	}
	a := &App{
		h: cfg.Handler, api: cfg.Slack, db: cfg.DB, notifier: cfg.Notifier,
		log: cfg.Log, now: cfg.Now, sleep: cfg.Sleep, ackTimeout: cfg.AckTimeout, httpc: cfg.HTTPClient,
		events: newRecentSet[string](maxEvents), workers: newWorkerPool(), acks: newAckMemo(),
	}
	if cfg.MaxReading <= 0 {
		cfg.MaxReading = DefaultMaxReading
	}
	a.reading = make(chan struct{}, cfg.MaxReading)
	if a.log == nil {
		l := logrus.New()
		l.SetLevel(logrus.WarnLevel)
		a.log = l
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.sleep == nil {
		a.sleep = clock.Sleep
	}
	if a.ackTimeout <= 0 {
		a.ackTimeout = DefaultAckTimeout
	}
	if a.httpc == nil {
		a.httpc = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.SigningSecret != "" {
		a.verifier = NewVerifier(cfg.SigningSecret, a.now)
	}
	return a, nil
}

// Shutdown waits until the background work started by commands,
// interactions and events (slow commands, answers sent to response_url)
// has finished. Stop taking requests first (http.Server.Shutdown, end
// RunSocket). It returns ctx's error if ctx ends first.
func (a *App) Shutdown(ctx context.Context) error { return a.bg.wait(ctx) }

// notify tells the deliverer that the outbox may have new items.
func (a *App) notify() {
	if a.notifier != nil {
		a.notifier.Notify()
	}
}

// background runs fn in its own goroutine with a context that outlives
// the request that started it; Shutdown waits for it. A panic is logged,
// not fatal.
func (a *App) background(fn func(ctx context.Context)) {
	a.bg.add()
	a.workers.run(func() {
		defer a.bg.done()
		defer func() {
			if p := recover(); p != nil {
				a.log.WithFields(logrus.Fields{"ref": newRef(), "panic": p, "stack": string(debug.Stack())}).Error("background work panicked")
			}
		}()
		ctx, cancel := context.WithTimeout(context.Background(), backgroundTimeout)
		defer cancel()
		fn(ctx)
	})
}

// within runs fn in the background and returns its response if it is
// done within the ack timeout. Otherwise it returns false, and late gets
// the response when it comes. Either way the deliverer is notified.
func (a *App) within(fn func(ctx context.Context) ui.Response, late func(ctx context.Context, r ui.Response)) (ui.Response, bool) {
	done := make(chan ui.Response)
	gone := make(chan struct{})
	a.background(func(ctx context.Context) {
		r := a.safely(ctx, fn)
		a.notify()
		select {
		case done <- r:
		case <-gone:
			late(ctx, r)
		}
	})
	t := time.NewTimer(a.ackTimeout)
	defer t.Stop()
	select {
	case r := <-done:
		return r, true
	case <-t.C:
		close(gone)
		return ui.Response{}, false
	}
}

// safely runs a handler; a panic becomes an apology (and a log line with
// its stack), so the user is never left waiting for an answer.
func (a *App) safely(ctx context.Context, fn func(ctx context.Context) ui.Response) (r ui.Response) {
	defer func() {
		if p := recover(); p != nil {
			text := a.apology(fmt.Errorf("panic: %v\n%s", p, debug.Stack()), "handler")
			r = ui.Response{Text: text, Blocks: []ui.Block{{Kind: ui.BlockSection, Text: text}}}
		}
	}()
	return fn(ctx)
}

// inflight counts background work; unlike a WaitGroup it may grow again
// while someone waits.
type inflight struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0; nil before the first add
}

func (f *inflight) add() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == 0 {
		f.idle = make(chan struct{})
	}
	f.n++
}

func (f *inflight) done() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n--
	if f.n == 0 {
		close(f.idle)
	}
}

func (f *inflight) wait(ctx context.Context) error {
	f.mu.Lock()
	idle := f.idle
	f.mu.Unlock()
	if idle == nil {
		return nil
	}
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// healthCache remembers the last auth.test.
type healthCache struct {
	mu      sync.Mutex
	checked time.Time
	err     error
}

// CheckSlack calls auth.test now, remembers the outcome for /healthz and
// the bot's user ID (reactions by the bot itself are ignored). It returns
// the Slack client's error (a slack.SlackErrorResponse such as
// "invalid_auth" for a bad token).
func (a *App) CheckSlack(ctx context.Context) (*slack.AuthTestResponse, error) {
	a.health.mu.Lock()
	defer a.health.mu.Unlock()
	return a.authTestLocked(ctx)
}

func (a *App) authTestLocked(ctx context.Context) (*slack.AuthTestResponse, error) {
	resp, err := a.api.AuthTestContext(ctx)
	a.health.checked, a.health.err = a.now(), err
	if err == nil && resp.UserID != "" {
		id := resp.UserID
		a.botUserID.Store(&id)
	}
	return resp, err
}

// slackHealth returns the outcome of the last auth.test, calling it again
// when the last one is older than HealthInterval.
func (a *App) slackHealth(ctx context.Context) error {
	a.health.mu.Lock()
	defer a.health.mu.Unlock()
	if !a.health.checked.IsZero() && a.now().Sub(a.health.checked) < HealthInterval {
		return a.health.err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err := a.authTestLocked(ctx)
	return err
}

// Health reports whether the database and Slack are reachable, with a
// short bokmål reason when they are not ("" when healthy).
func (a *App) Health(ctx context.Context) (string, bool) {
	if a.db != nil {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := a.db.Ping(ctx)
		cancel()
		if err != nil {
			a.log.WithError(err).Warn("health: database ping failed")
			return "databasen svarer ikke", false
		}
	}
	if err := a.slackHealth(ctx); err != nil {
		return "Slack svarer ikke: " + slackReason(err), false
	}
	return "", true
}

// slackReason is a short, token-free description of a Slack error.
func slackReason(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return "rate limited"
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		return fmt.Sprintf("HTTP %d", sc.Code)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "tidsavbrudd"
	}
	return "ingen forbindelse"
}

// isBot reports whether userID is the bot itself.
func (a *App) isBot(userID string) bool {
	id := a.botUserID.Load()
	return id != nil && *id == userID
}

// debugEnabled reports whether log writes debug lines; a logger of a
// type it does not know is assumed to.
func debugEnabled(log logrus.FieldLogger) bool {
	switch l := log.(type) {
	case *logrus.Logger:
		return l.IsLevelEnabled(logrus.DebugLevel)
	case *logrus.Entry:
		return l.Logger.IsLevelEnabled(logrus.DebugLevel)
	}
	return true
}

// newRef returns a short random reference to quote in an apology and to
// find the full error in the log.
func newRef() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// command runs a slash command and returns what to acknowledge it with:
// the first message of the answer, or nil for an empty acknowledgement.
// Slow commands (opening an incident) and commands that outrun the ack
// timeout are acknowledged with a short note and answered through
// response_url; so is whatever does not fit in one message.
func (a *App) command(sc slack.SlashCommand) *reply {
	req := ui.Request{Command: sc.Command, Text: sc.Text, UserID: sc.UserID, ChannelID: sc.ChannelID}
	if debugEnabled(a.log) { // WithFields allocates even when the line is dropped
		a.log.WithFields(logrus.Fields{"command": sc.Command, "user": sc.UserID, "channel": sc.ChannelID}).Debug("slash command")
	}
	to := replyTarget{responseURL: sc.ResponseURL, triggerID: sc.TriggerID, channelID: sc.ChannelID, userID: sc.UserID}
	if a.isSlow(req) {
		a.background(func(ctx context.Context) {
			r := a.safely(ctx, func(ctx context.Context) ui.Response { return a.h.Handle(ctx, req) })
			a.notify()
			a.send(ctx, to, r)
		})
		return ephemeral(a.h.Tr().T("bot.ack.opening"))
	}
	r, ok := a.within(func(ctx context.Context) ui.Response { return a.h.Handle(ctx, req) },
		func(ctx context.Context, r ui.Response) { a.send(ctx, to, r) })
	if !ok {
		return ephemeral(a.h.Tr().T("bot.ack.working"))
	}
	return a.ackWith(to, r)
}

// isSlow asks the handler whether req is acknowledged before it runs,
// within a second: an e-mail look-up at Slack must not hold the ack.
func (a *App) isSlow(req ui.Request) bool {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return a.h.IsSlow(ctx, req)
}

// ackWith returns the first message of r for the acknowledgement and
// sends the rest (a modal, further messages) in the background.
func (a *App) ackWith(to replyTarget, r ui.Response) *reply {
	if r.Modal != nil {
		a.background(func(ctx context.Context) { a.send(ctx, to, r) })
		return nil
	}
	rep, h, ok := a.acks.get(r)
	if ok {
		return &rep
	}
	msgs := replies(r)
	if len(msgs) == 0 {
		return nil
	}
	if rest := msgs[1:]; len(rest) > 0 {
		a.background(func(ctx context.Context) { a.postAll(ctx, to, rest) })
		return &msgs[0]
	}
	// A whole answer in one message: keep its encoding if it comes again.
	if a.acks.admit(h) {
		if raw, err := appendReply(nil, &msgs[0]); err == nil {
			msgs[0].raw = raw
			a.acks.put(h, r, msgs[0])
		}
	}
	return &msgs[0]
}
