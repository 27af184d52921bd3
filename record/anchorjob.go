package record

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/localtime"
	"github.com/beredskapsbot/beredskapsbot/storage"
	"github.com/beredskapsbot/beredskapsbot/storage/anchorfile"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// AnchorStore is what the anchor job needs from the store.
type AnchorStore interface {
	UnpostedHeads(ctx context.Context) ([]storage.UnpostedHead, time.Time, error)
	QueueAnchorPost(ctx context.Context, heads []anchorfile.Head, item incident.OutboxItem) (int64, error)
}

var _ AnchorStore = (*storage.DB)(nil)

// Defaults of AnchorJob.
const (
	DefaultAnchorEvery = time.Hour        // post changed heads at least this often
	DefaultAnchorCheck = 5 * time.Minute  // look for closed incidents this often
	anchorOutboxKey    = "anchor-channel" // keeps the posts in order
)

// AnchorJob posts the heads of the logs changed since its last post to
// an anchor channel, through the outbox as a plain message: at most every
// Every, and at the next check after an incident closes. A copy of the
// heads outside the machine lets anyone show later that a log was cut
// short or rewritten, even by someone who can change both the database
// and the anchor file.
type AnchorJob struct {
	Store   AnchorStore
	Channel string         // Slack channel ID or #name
	Loc     *time.Location // times in the post; UTC if nil
	// Lang returns the language of the post (the plan's, read when the
	// post is made, so a reloaded plan counts); bokmål if nil.
	Lang  func() i18n.Lang
	Every time.Duration // DefaultAnchorEvery if 0
	Check time.Duration // DefaultAnchorCheck if 0
	Now   func() time.Time
	// After is the timer the loop waits on (time.After if nil); tests
	// inject their own.
	After    func(time.Duration) <-chan time.Time
	OnQueued func() // called after a post is queued (wakes the deliverer)
	Log      logrus.FieldLogger
}

// RunOnce posts the changed heads if any incident whose log changed is
// closed, or the last post is at least Every old (or there was none).
// It returns how many heads it posted (0: nothing was due), or the
// store's error.
func (j *AnchorJob) RunOnce(ctx context.Context) (int, error) {
	heads, last, err := j.Store.UnpostedHeads(ctx)
	if err != nil || len(heads) == 0 {
		return 0, err
	}
	now := j.now()
	due := last.IsZero() || !now.Before(last.Add(j.every()))
	for _, h := range heads {
		due = due || h.Closed
	}
	if !due {
		return 0, nil
	}
	plain := make([]anchorfile.Head, len(heads))
	for i, h := range heads {
		plain[i] = h.Head
	}
	payload, err := json.Marshal(ui.Post{Channel: j.Channel, Response: ui.Text(AnchorTextIn(j.lang(), heads, now, j.Loc))})
	if err != nil {
		return 0, fmt.Errorf("ankerpost: %w", err)
	}
	if _, err := j.Store.QueueAnchorPost(ctx, plain, incident.OutboxItem{Kind: incident.OutboxMessage, Key: anchorOutboxKey, Payload: payload}); err != nil {
		return 0, err
	}
	if j.OnQueued != nil {
		j.OnQueued()
	}
	return len(heads), nil
}

// Run calls RunOnce at once and then every Check until ctx ends; a failed
// run is logged and retried at the next check. It returns ctx's error.
func (j *AnchorJob) Run(ctx context.Context) error {
	check := j.Check
	if check <= 0 {
		check = DefaultAnchorCheck
	}
	after := j.After
	if after == nil {
		after = time.After
	}
	for {
		if n, err := j.RunOnce(ctx); err != nil && ctx.Err() == nil {
			if j.Log != nil {
				j.Log.WithError(err).Warn("anchor post not queued")
			}
		} else if n > 0 && j.Log != nil {
			j.Log.WithField("heads", n).Info("anchor post queued")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-after(check):
		}
	}
}

// AnchorTextIn is the anchor post in lang: one line per log head, with
// the full hash so it can be compared with `beredskapsbot verify`.
func AnchorTextIn(lang i18n.Lang, heads []storage.UnpostedHead, at time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	l := i18n.For(lang)
	t := at.In(loc)
	var b strings.Builder
	when := localtime.Seconds(lang, t) + " " + t.Format("MST")
	b.WriteString(l.T("record.anchor.header", i18n.Args{"When": when}) + "\n")
	for _, h := range heads {
		closed := ""
		if h.Closed {
			closed = l.T("record.anchor.closed")
		}
		b.WriteString(l.T("record.anchor.line", i18n.Args{"ID": h.IncidentID, "Closed": closed, "Seq": h.Seq, "Hash": h.Hash}) + "\n")
	}
	b.WriteString(l.T("record.anchor.compare"))
	return b.String()
}

func (j *AnchorJob) lang() i18n.Lang {
	if j.Lang == nil {
		return i18n.Bokmal
	}
	return j.Lang()
}

func (j *AnchorJob) now() time.Time {
	if j.Now == nil {
		return time.Now().UTC()
	}
	return j.Now()
}

func (j *AnchorJob) every() time.Duration {
	if j.Every <= 0 {
		return DefaultAnchorEvery
	}
	return j.Every
}
