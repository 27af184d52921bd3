package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
)

// Caching of the Directory.
const (
	// MembersTTL is how long a channel's member list is trusted: short,
	// so that someone removed from a channel soon loses what membership
	// gave them.
	MembersTTL = 60 * time.Second
	// EmailTTL is how long a user's e-mail address is trusted.
	EmailTTL = 10 * time.Minute
	// membersPage is the page size of conversations.members (Slack: under 1000).
	membersPage = 999
	// maxCached bounds each cache; when full it is emptied.
	maxCached = 10_000
)

// Directory answers who is in a channel and what a user's e-mail address
// is, from Slack (conversations.members, users.info), with short caches.
// It implements commands.Directory. It is safe for concurrent use.
type Directory struct {
	api *slack.Client
	now func() time.Time

	mu      sync.Mutex
	members map[string]memberList // channel ID → members
	emails  map[string]cachedEmail
}

type memberList struct {
	ids map[string]bool
	at  time.Time
}

type cachedEmail struct {
	email string
	at    time.Time
}

var _ commands.Directory = (*Directory)(nil)

// NewDirectory returns a Directory asking Slack through api, with now as
// its clock (time.Now when nil).
func NewDirectory(api *slack.Client, now func() time.Time) *Directory {
	if now == nil {
		now = time.Now
	}
	return &Directory{api: api, now: now, members: map[string]memberList{}, emails: map[string]cachedEmail{}}
}

// ChannelMember reports whether userID is a member of channelID. A
// channel the bot cannot see (Slack's channel_not_found) has no members
// as far as the bot knows: false, nil. Other Slack failures return an
// apperr Internal error.
func (d *Directory) ChannelMember(ctx context.Context, channelID, userID string) (bool, error) {
	if channelID == "" || userID == "" {
		return false, nil
	}
	d.mu.Lock()
	l, ok := d.members[channelID]
	d.mu.Unlock()
	if ok && d.now().Sub(l.at) < MembersTTL {
		return l.ids[userID], nil
	}
	ids := map[string]bool{}
	cursor := ""
	for {
		page, next, err := d.api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: channelID, Cursor: cursor, Limit: membersPage})
		if code := slackCode(err); code == "channel_not_found" {
			return false, nil
		}
		if err != nil {
			return false, apperr.Wrap(err, apperr.Internal, "")
		}
		for _, id := range page {
			ids[id] = true
		}
		if next == "" {
			break
		}
		cursor = next
	}
	d.mu.Lock()
	if len(d.members) >= maxCached {
		clear(d.members)
	}
	d.members[channelID] = memberList{ids: ids, at: d.now()}
	d.mu.Unlock()
	return ids[userID], nil
}

// Invalidate forgets the members of a channel, so that the next question
// asks Slack. The deliverer calls it when it has invited people.
func (d *Directory) Invalidate(channelID string) {
	d.mu.Lock()
	delete(d.members, channelID)
	d.mu.Unlock()
}

// Email returns the e-mail address of a Slack user, lower case; "" when
// Slack has none (no users:read.email scope, a bot, an unknown user).
// Other Slack failures return an apperr Internal error.
func (d *Directory) Email(ctx context.Context, userID string) (string, error) {
	if userID == "" {
		return "", nil
	}
	d.mu.Lock()
	c, ok := d.emails[userID]
	d.mu.Unlock()
	if ok && d.now().Sub(c.at) < EmailTTL {
		return c.email, nil
	}
	u, err := d.api.GetUserInfoContext(ctx, userID)
	switch code := slackCode(err); {
	case code == "user_not_found" || code == "user_not_visible":
		return "", nil
	case err != nil:
		return "", apperr.Wrap(err, apperr.Internal, "")
	}
	email := strings.ToLower(strings.TrimSpace(u.Profile.Email))
	d.mu.Lock()
	if len(d.emails) >= maxCached {
		clear(d.emails)
	}
	d.emails[userID] = cachedEmail{email: email, at: d.now()}
	d.mu.Unlock()
	return email, nil
}

// slackCode returns the Slack error code of err ("channel_not_found"), or "".
func slackCode(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}
