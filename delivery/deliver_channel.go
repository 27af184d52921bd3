package delivery

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// maxChannelSuffix bounds the search for a free channel name.
const maxChannelSuffix = 50

// ensureChannel returns the incident's channel, creating it and storing
// it with SetChannel if the incident has none.
//
// Creation is exactly once across crashes: the name about to be created
// is saved first, and the new channel's ID as soon as Slack returns it.
// If an attempt was interrupted between the two, the retry gets
// name_taken for the saved name and adopts that channel when the bot
// created it and no other incident has it (SetChannel refuses a channel
// another incident owns); otherwise it takes the next free name ("-2",
// "-3" …).
func (d *Deliverer) ensureChannel(ctx context.Context, r *run, p *plan.Plan, inc incident.Incident, loc *time.Location) (string, error) {
	if inc.ChannelID != "" {
		return inc.ChannelID, nil
	}
	if r.st.ChannelID == "" {
		if err := d.createChannel(ctx, r, p, inc, loc); err != nil {
			return "", err
		}
	}
	if err := d.cfg.Store.SetChannel(context.WithoutCancel(ctx), inc.ID, r.st.ChannelID, r.st.ChannelName); err != nil {
		if errors.Is(err, incident.ErrConflict) {
			return "", permanent(err)
		}
		return "", err
	}
	return r.st.ChannelID, nil
}

// createChannel finds a free name and creates the channel, recording
// Creating/Suffix before each create and ChannelID/ChannelName after.
func (d *Deliverer) createChannel(ctx context.Context, r *run, p *plan.Plan, inc incident.Incident, loc *time.Location) error {
	base := inc.ChannelName
	if base == "" {
		base = ui.ChannelNameIn(p.Lang, inc.Kind, inc.Title, inc.OpenedAt, loc)
	}
	resuming, interrupted := r.resuming, r.st.Creating
	r.resuming = false
	for n := max(r.st.Suffix, 1); n <= maxChannelSuffix; n++ {
		name := suffixed(base, n)
		if r.st.Creating != name {
			r.st.Creating, r.st.Suffix = name, n
			if err := r.save(ctx); err != nil {
				return err
			}
		}
		private := privateChannel(p, inc)
		id, err := d.api.createChannel(ctx, name, private)
		if err == nil && d.crashAfter != nil && d.crashAfter(r.item, "channel") {
			return errCrashed
		}
		if err == nil {
			r.st.ChannelID, r.st.ChannelName, r.st.Private = id, name, private
			return r.save(ctx)
		}
		if slackCode(err) != "name_taken" {
			return err
		}
		if resuming && name == interrupted {
			adopted, err := d.adoptChannel(ctx, r, inc, name)
			if err != nil || adopted {
				return err
			}
		}
	}
	return permanent(fmt.Errorf("no free channel name for %s (tried up to -%d)", base, maxChannelSuffix))
}

// adoptChannel takes over the channel called name if an interrupted
// attempt created it: the bot is its creator and no other incident has
// it. It reports whether it did.
func (d *Deliverer) adoptChannel(ctx context.Context, r *run, inc incident.Incident, name string) (bool, error) {
	bot, err := d.botUserID(ctx)
	if err != nil {
		return false, err
	}
	ch, err := d.api.channelByName(ctx, name)
	if err != nil {
		if isPermanent(err) {
			d.log.WithError(err).WithField("incident_id", inc.ID).Warn("cannot look up the channel; taking the next name")
			return false, nil
		}
		return false, err
	}
	if ch == nil || ch.Creator != bot || ch.IsArchived {
		return false, nil
	}
	err = d.cfg.Store.SetChannel(context.WithoutCancel(ctx), inc.ID, ch.ID, name)
	if errors.Is(err, incident.ErrConflict) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	d.log.WithFields(logrus.Fields{"incident_id": inc.ID, "channel": ch.ID}).Info("took over the channel an interrupted attempt created")
	r.st.ChannelID, r.st.ChannelName, r.st.Private = ch.ID, name, ch.IsPrivate
	return true, r.save(ctx)
}

// privateChannel reports whether an incident's channel is created as a
// Slack private channel: a skjermet incident's always, else as the plan
// says (hendelseskanaler; private unless "åpen"), because the log and the
// pinned varslingsliste hold personal data.
func privateChannel(p *plan.Plan, inc incident.Incident) bool {
	return inc.Private || p == nil || p.Org.IncidentChannels != "åpen"
}

// suffixed returns base for n = 1, else base-n, cut so that the name
// stays within Slack's 80 characters.
func suffixed(base string, n int) string {
	if n <= 1 {
		return base
	}
	suffix := "-" + strconv.Itoa(n)
	if len(base)+len(suffix) > 80 {
		base = strings.TrimRight(base[:80-len(suffix)], "-_")
	}
	return base + suffix
}

// botUserID returns the bot's own user ID (auth.test, asked once).
func (d *Deliverer) botUserID(ctx context.Context) (string, error) {
	d.namesMu.Lock()
	id := d.botID
	d.namesMu.Unlock()
	if id != "" {
		return id, nil
	}
	err := d.api.do(ctx, "auth.test", "auth.test", func(ctx context.Context) error {
		resp, err := d.api.c.AuthTestContext(ctx)
		if err == nil {
			id = resp.UserID
		}
		return err
	})
	if err != nil {
		return "", err
	}
	d.namesMu.Lock()
	d.botID = id
	d.namesMu.Unlock()
	return id, nil
}
