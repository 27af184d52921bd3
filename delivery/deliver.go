package delivery

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// OutboxStore is what the Deliverer needs from storage. storage.DB
// implements it.
type OutboxStore interface {
	NextOutbox(ctx context.Context, now time.Time, limit int) ([]incident.OutboxItem, error)
	SaveOutboxState(ctx context.Context, id int64, state []byte) error
	MarkDelivered(ctx context.Context, id int64) error
	MarkFailed(ctx context.Context, id int64, errText string, retryAt time.Time) error
	ClaimDelivery(ctx context.Context, owner string, staleAfter time.Duration, force bool) (bool, error)
	ReleaseDelivery(ctx context.Context, owner string) error
	// ClaimReminder is used as an idempotent enqueue: an incident's
	// announcement in the team channel goes out as its own item, so a
	// misconfigured team channel never holds back the incident's echoes.
	ClaimReminder(ctx context.Context, itemID, stage, due string, item incident.OutboxItem) (bool, error)

	Incident(ctx context.Context, id int64) (incident.Incident, error)
	SetChannel(ctx context.Context, id int64, channelID, channelName string) error
	Entry(ctx context.Context, incidentID int64, seq int) (incident.Entry, error)
	Assignments(ctx context.Context, incidentID int64) ([]incident.Assignment, error)
	Steps(ctx context.Context, incidentID int64) ([]incident.StepDone, error)
	// PendingOutboxOfKey is the queue of one key (an incident), due or
	// not, for combining echoes that fell behind.
	PendingOutboxOfKey(ctx context.Context, key string, kind incident.OutboxKind, limit int) ([]incident.OutboxItem, error)
	CachedSlackUser(ctx context.Context, email string) (userID string, ok bool, err error)
	CacheSlackUser(ctx context.Context, email, userID string) error
}

// ReportFile is one file of an incident's report, uploaded to the
// incident channel when the incident is closed.
type ReportFile struct {
	Name    string // file name, e.g. "rapport-7.md"
	Title   string
	Content []byte
}

// Backoff is the retry schedule for failed deliveries: Initial after the
// first failure, doubling per attempt up to Max, with jitter. The default
// Max is a minute: in a crisis a post should follow Slack's recovery
// within a minute, and a minute apart is no load on Slack.
type Backoff struct {
	Initial time.Duration
	Max     time.Duration
}

// DelivererConfig configures a Deliverer. Client, Store and Plan are
// required; the rest have defaults.
type DelivererConfig struct {
	Client *slack.Client
	Store  OutboxStore
	// Plan returns the plan in force (it may be reloaded while running).
	Plan func() *plan.Plan
	// Loc is the time zone of times shown in messages (nil: the zone of
	// the plan in force, else Europe/Oslo, else UTC).
	Loc *time.Location
	// AnnounceChannel is BEREDSKAP_CHANNEL (an ID or "#name"); empty means
	// new incidents are not announced.
	AnnounceChannel string
	Log             logrus.FieldLogger
	// Now is the clock for due times and retry times (default time.Now).
	Now func() time.Time
	// Report builds the report files uploaded when an incident is closed;
	// nil means no upload.
	Report func(ctx context.Context, incidentID int64) (files []ReportFile, err error)

	// Limits are the client-side rate limits (nil: DefaultLimits()).
	Limits *Limits
	// Backoff is the retry schedule of failed deliveries (zero fields: 1 s
	// doubling to a minute). An item Slack answered with 429 is retried
	// after Retry-After instead, and those attempts do not lengthen the
	// backoff of its later failures.
	Backoff Backoff
	// Poll is how often Run looks for due items (default 1 s).
	Poll time.Duration
	// Workers is how many items with different keys are delivered at
	// once (default 4).
	Workers int
	// CallTimeout bounds one Slack call (default 30 s).
	CallTimeout time.Duration
	// Invited, when set, is called with a channel's ID after the bot
	// invited people to it, so that a cache of channel members (such as
	// bot.Directory's Invalidate) does not answer from before.
	Invited func(channelID string)
}

// Deliverer delivers the outbox to Slack: it creates incident channels,
// echoes log entries, posts reminders and uploads reports. Items with the
// same key are delivered strictly in order; a failed item is retried
// with backoff up to Backoff.Max (a minute by default), or after
// Retry-After for a 429, without holding back other keys.
// Multi-step items record their progress after every Slack call, and
// every post carries message metadata naming its item and step, so an
// interrupted delivery resumes without posting anything twice.
type Deliverer struct {
	cfg     DelivererConfig
	api     *slackAPI
	log     logrus.FieldLogger
	wake    chan struct{}
	passMu  sync.Mutex // one pass at a time
	namesMu sync.Mutex
	names   map[string]string // channel name or user ID → conversation ID
	botID   string            // the bot's user ID, once known

	// crashAfter, set only by tests, simulates a crash right after the
	// Slack call of a step succeeded and before its progress is saved.
	crashAfter func(item incident.OutboxItem, step string) bool
}

// batchSize is how many due items one store query returns.
const batchSize = 100

// NewDeliverer returns a Deliverer for cfg, filling in defaults. It does
// not contact Slack.
func NewDeliverer(cfg DelivererConfig) *Deliverer {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		l := logrus.New()
		l.SetLevel(logrus.WarnLevel)
		cfg.Log = l
	}
	if cfg.Limits == nil {
		l := DefaultLimits()
		cfg.Limits = &l
	}
	if cfg.Backoff.Initial <= 0 {
		cfg.Backoff.Initial = time.Second
	}
	if cfg.Backoff.Max <= 0 {
		cfg.Backoff.Max = time.Minute
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = 30 * time.Second
	}
	return &Deliverer{
		cfg: cfg,
		api: &slackAPI{c: cfg.Client, lim: newLimiter(), limits: *cfg.Limits, timeout: cfg.CallTimeout,
			maxWait: 2 * time.Second},
		log:   cfg.Log.WithField("component", "outbox"),
		wake:  make(chan struct{}, 1),
		names: map[string]string{},
	}
}

// Notify wakes Run for a pass now (after something was enqueued). It
// never blocks.
func (d *Deliverer) Notify() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers due items until ctx is done: a pass every Poll and
// whenever Notify is called. When ctx is done, the Slack call in hand is
// finished and its progress saved; the rest of a multi-step item resumes
// at the next start. Store errors are logged and retried; Run returns nil
// once ctx is done.
func (d *Deliverer) Run(ctx context.Context) error {
	t := time.NewTicker(d.cfg.Poll)
	defer t.Stop()
	// The serving bot is the outbox's deliverer: it holds the delivery
	// lock (a heartbeat) so a one-off `reminders run` leaves it alone.
	owner := fmt.Sprintf("serve-%d-%d", os.Getpid(), time.Now().UnixNano())
	var beat time.Time
	defer func() { _ = d.cfg.Store.ReleaseDelivery(context.WithoutCancel(ctx), owner) }()
	for {
		if time.Since(beat) >= DeliveryHeartbeat {
			if _, err := d.cfg.Store.ClaimDelivery(ctx, owner, 3*DeliveryHeartbeat, true); err != nil && ctx.Err() == nil {
				d.log.WithError(err).Warn("delivery lock could not be renewed")
			}
			beat = time.Now()
		}
		passed := time.Now()
		if _, err := d.DeliverPending(ctx); err != nil && ctx.Err() == nil {
			d.log.WithError(err).Warn("outbox could not be read; retrying")
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-d.wake:
			// Every command notifies; under load, passes back to back
			// would mostly read the outbox for nothing.
			if wait := minNotifyGap - time.Since(passed); wait > 0 {
				gap := time.NewTimer(wait)
				select {
				case <-ctx.Done():
					gap.Stop()
					return nil
				case <-gap.C:
				}
			}
		}
	}
}

// minNotifyGap is the least time between the starts of two passes that
// Notify asks for; far below what a person notices, and posts to one
// channel are limited to about one a second anyway.
const minNotifyGap = 50 * time.Millisecond

// DeliveryHeartbeat is how often the running deliverer refreshes its
// delivery lock; a lock three heartbeats old belongs to a dead process.
const DeliveryHeartbeat = 10 * time.Second

// DeliverPending makes one pass over everything due now, items that
// become due during the pass (the next of the same key) included, and
// returns how many were delivered. Items that fail are recorded with
// MarkFailed for a later retry and are not errors here; the error is the
// store's (or ctx's when it is done).
func (d *Deliverer) DeliverPending(ctx context.Context) (int, error) {
	d.passMu.Lock()
	defer d.passMu.Unlock()
	seen := map[int64]bool{}
	delivered := 0
	for ctx.Err() == nil {
		items, err := d.cfg.Store.NextOutbox(ctx, d.cfg.Now(), batchSize)
		if err != nil {
			return delivered, fmt.Errorf("read outbox: %w", err)
		}
		var todo []incident.OutboxItem
		for _, it := range items {
			if !seen[it.ID] {
				seen[it.ID] = true
				todo = append(todo, it)
			}
		}
		if len(todo) == 0 {
			break
		}
		delivered += d.deliverAll(ctx, todo)
	}
	return delivered, ctx.Err()
}

// deliverAll delivers items concurrently (they have different keys: the
// store returns only the first pending item of each key).
func (d *Deliverer) deliverAll(ctx context.Context, items []incident.OutboxItem) int {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		n   int
		sem = make(chan struct{}, d.cfg.Workers)
	)
	for _, it := range items {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if d.deliverOne(ctx, it) {
				mu.Lock()
				n++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return n
}

// deliverOne delivers one item and records the outcome.
func (d *Deliverer) deliverOne(ctx context.Context, item incident.OutboxItem) bool {
	r, err := newRun(d, item)
	if err == nil {
		err = r.start(ctx)
	}
	if err == nil {
		err = d.dispatch(ctx, r)
	}
	if errors.Is(err, errCrashed) {
		return false
	}
	store := context.WithoutCancel(ctx)
	if err == nil {
		if err := d.cfg.Store.MarkDelivered(store, item.ID); err != nil {
			d.log.WithError(err).WithField("outbox_id", item.ID).Error("delivered, but could not be marked as delivered")
			return false
		}
		return true
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return false // stopped between steps: not a failed attempt
	}
	failed := item.Attempts
	if r != nil {
		failed -= r.st.RateLimited
		var rl *slack.RateLimitedError
		if errors.As(err, &rl) {
			r.st.RateLimited++
			if serr := r.save(store); serr != nil {
				d.log.WithError(serr).WithField("outbox_id", item.ID).Warn("could not save progress")
			}
		}
	}
	d.recordFailure(store, item, max(failed, 0), err)
	return false
}

// dispatch runs the delivery of the item's kind.
func (d *Deliverer) dispatch(ctx context.Context, r *run) error {
	switch r.item.Kind {
	case incident.OutboxIncidentOpened:
		return d.deliverOpened(ctx, r)
	case incident.OutboxEntryLogged:
		return d.deliverEcho(ctx, r)
	case incident.OutboxIncidentClosed:
		return d.deliverClosed(ctx, r)
	case incident.OutboxMeeting:
		return d.deliverMeeting(ctx, r)
	case incident.OutboxFunctionWarning:
		return d.deliverFunctionWarning(ctx, r)
	case incident.OutboxBinder:
		return d.deliverBinder(ctx, r)
	case incident.OutboxReminder, incident.OutboxMessage:
		return d.deliverPost(ctx, r)
	}
	return permanent(fmt.Errorf("unknown kind %q", r.item.Kind))
}

// recordFailure logs a failed attempt and schedules the retry: after
// Retry-After for a 429, after the maximum backoff for a permanent error
// (so a configuration error is retried slowly, never dropped), else with
// exponential backoff over the failed attempts before this one (429s not
// counted, so a rate-limited spell does not delay the recovery after an
// outage by minutes).
func (d *Deliverer) recordFailure(ctx context.Context, item incident.OutboxItem, failed int, err error) {
	now := d.cfg.Now()
	log := d.log.WithFields(logrus.Fields{"outbox_id": item.ID, "kind": item.Kind, "attempts": item.Attempts + 1}).WithError(err)
	var (
		rl    *slack.RateLimitedError
		retry time.Time
	)
	switch {
	case errors.As(err, &rl):
		retry = now.Add(max(rl.RetryAfter, 100*time.Millisecond))
		log.WithField("retry_after", rl.RetryAfter).Warn("Slack is rate limiting; waiting")
	case errors.Is(err, errNoChannel):
		retry = now.Add(d.backoff(failed))
		log.Debug("waiting for the incident channel")
	case isPermanent(err):
		retry = now.Add(d.cfg.Backoff.Max)
		log.Error("delivery failed and will not succeed without a change; retrying rarely")
	default:
		retry = now.Add(d.backoff(failed))
		log.Warn("delivery failed; retrying")
	}
	if err := d.cfg.Store.MarkFailed(ctx, item.ID, err.Error(), retry); err != nil {
		d.log.WithError(err).WithField("outbox_id", item.ID).Error("could not record the failed delivery")
	}
}

// backoff returns the wait after a failure of an item that had failed
// attempts times before: Initial·2^attempts up to Max, with jitter in
// [½, 1] of that.
func (d *Deliverer) backoff(attempts int) time.Duration {
	b := d.cfg.Backoff.Initial
	for i := 0; i < attempts && b < d.cfg.Backoff.Max; i++ {
		b *= 2
	}
	b = min(b, d.cfg.Backoff.Max)
	half := b / 2
	return half + rand.N(half+1)
}

// errNoChannel: the incident's channel does not exist yet; the item waits.
var errNoChannel = errors.New("the incident channel does not exist yet")

// permanentError marks an error that retrying will not fix without a
// change (bad payload, unknown kind, missing configuration).
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return permanentError{err} }

// isPermanent reports whether err will not go away by itself: a Slack
// error code other than the few that mean "try again", a 4xx answer, or
// an error marked permanent.
func isPermanent(err error) bool {
	var pe permanentError
	if errors.As(err, &pe) {
		return true
	}
	if code := slackCode(err); code != "" {
		switch code {
		case "internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited",
			"rate_limited", "team_added_to_org", "timeout":
			return false
		}
		return true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		return sc.Code >= 400 && sc.Code < 500 && sc.Code != 408 && sc.Code != 429
	}
	return false
}
