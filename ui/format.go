package ui

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

var nonSlug = regexp.MustCompile(`[^a-z0-9_]+`)

// Slug makes a title into the characters Slack allows in channel names:
// lower-cased and transliterated (æ→ae, ø→o, å→a, ä→a, ö→o, é→e), with
// everything else than a-z, 0-9 and _ made into single hyphens.
func Slug(title string) string {
	return strings.Trim(nonSlug.ReplaceAllString(plan.Fold(title), "-"), "-_")
}

// Mention returns how a user is shown in mrkdwn: a Slack mention for a
// Slack user ID, the contact's name for a role held from the plan
// ("kontakt:<id>"), the plain name otherwise (console users).
func Mention(p *plan.Plan, userID string) string {
	switch {
	case IsSlackID(userID):
		return "<@" + userID + ">"
	case strings.HasPrefix(userID, ContactPrefix):
		if c := p.Contact(strings.TrimPrefix(userID, ContactPrefix)); c != nil {
			return c.Name
		}
		return strings.TrimPrefix(userID, ContactPrefix)
	}
	return Escape(userID)
}

// ContactPrefix marks a role holder given by the plan's contact ID rather
// than a Slack user (a holder without Slack).
const ContactPrefix = "kontakt:"

// IsSlackID reports whether s looks like a Slack user ID (U… or W…).
func IsSlackID(s string) bool {
	if len(s) < 3 || (s[0] != 'U' && s[0] != 'W') {
		return false
	}
	for _, r := range s[1:] {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// ContactUser returns the user ID under which a contact holds a role: the
// Slack ID when the plan has one, else the contact reference.
func ContactUser(c *plan.Contact) string {
	if c.SlackID != "" {
		return c.SlackID
	}
	return ContactPrefix + c.ID
}

// NameResolver returns a function that names users for plain-text output:
// the contact whose Slack ID it is, else the ID itself.
func NameResolver(p *plan.Plan) func(string) string {
	return func(id string) string {
		for _, c := range p.Contacts {
			if c.SlackID == id {
				return c.Name
			}
		}
		return id
	}
}

// Capital returns s with its first letter upper-cased.
func Capital(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// EntryLine renders one log entry as a line in the plan's language:
// "#7 14:32 @kari: tekst", a correction led by "_(retter #3)_".
func EntryLine(p *plan.Plan, e incident.Entry, now time.Time, loc *time.Location) string {
	prefix := fmt.Sprintf("*#%d* %s %s", e.Seq, ClockIn(p.Lang, e.CreatedAt, now, loc), Mention(p, e.Author))
	text := SafeText(e.Text)
	if e.Kind == incident.EntryCorrection {
		text = i18n.For(p.Lang).T("ui.entry.corrects", i18n.Args{"Seq": e.Corrects, "Text": text})
	}
	return prefix + ": " + text
}

var userRef = regexp.MustCompile(`<[@#][UWC][A-Z0-9]+(?:\|[^<>]*)?>`)

// SafeText prepares user-written text for mrkdwn: user mentions
// (<@U123>) and channel links (<#C123|navn>) stay, so people are named as
// they were named; everything else is escaped, so <!channel>, <!here> and
// links are shown as written and never broadcast.
func SafeText(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range userRef.FindAllStringIndex(s, -1) {
		b.WriteString(Escape(s[last:m[0]]))
		b.WriteString(s[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(Escape(s[last:]))
	return b.String()
}
