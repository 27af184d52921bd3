package report

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/localtime"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// t renders a message of the report catalog in the report's language.
func (r *Report) t(id string, args ...i18n.Args) string { return i18n.For(r.Lang).T(id, args...) }

// stamp is date and minute in the report's language; "–" for zero.
// Times are already in the report's zone.
func (r *Report) stamp(t time.Time) string { return localtime.Stamp(r.Lang, t) }

// logTime is date and second, for log lines.
func (r *Report) logTime(t time.Time) string { return localtime.Seconds(r.Lang, t) }

// display makes stored text readable: Slack's own tokens (mentions
// <@U123>, channel links <#C123|navn>, <!here>, links <https://…|tekst>,
// <tel:…|…>, <mailto:…>) become names and plain text, and Slack's escapes
// &lt; &gt; &amp; are undone. Anything else in angle brackets (text typed
// in the console, such as "<b>") is kept as written. The result is still
// untrusted text that each format escapes.
func (r *Report) display(s string) string {
	s = slackToken.ReplaceAllStringFunc(s, func(tok string) string {
		return ui.Unmrkdwn(tok, r.names.name)
	})
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

var slackToken = regexp.MustCompile(`<(?:[@][UW][A-Z0-9]+|#C[A-Z0-9]+|![a-z]+(?:\^[^|>]*)?|(?:https?|mailto|tel):[^|>\s]+)(?:\|[^<>]*)?>`)

// KindWord is «Hendelse» or «Øvelse» in the report's language.
func (r *Report) KindWord() string {
	if r.Kind == incident.KindExercise {
		return r.t("report.kind.exercise")
	}
	return r.t("report.kind.incident")
}

// Heading is «Hendelsesrapport: <tittel>» or «Øvelsesrapport: <tittel>»
// in the report's language.
func (r *Report) Heading() string {
	if r.Kind == incident.KindExercise {
		return r.t("report.heading.exercise", i18n.Args{"Title": r.Title})
	}
	return r.t("report.heading.incident", i18n.Args{"Title": r.Title})
}

// StatusText is «Avsluttet 22.11.2026 kl. 18:05» or «Pågår …».
func (r *Report) StatusText() string {
	if r.Open() {
		return r.t("report.status.open")
	}
	return r.t("report.status.closed", i18n.Args{"Time": r.stamp(r.Closed)})
}

// Duration is how long the incident lasted, or has lasted so far.
func (r *Report) Duration() string { return r.duration(r.end().Sub(r.Opened)) }

// duration is «3 t 20 min», «2 d 4 t» or «under 1 min».
func (r *Report) duration(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 1:
		return r.t("report.duration.under_min")
	case m < 60:
		return r.t("report.duration.min", i18n.Args{"M": m})
	case m < 24*60:
		return r.t("report.duration.hm", i18n.Args{"H": m / 60, "M": m % 60})
	}
	return r.t("report.duration.dh", i18n.Args{"D": m / (24 * 60), "H": (m / 60) % 24})
}

// ZoneNote says which zone the times are in.
func (r *Report) ZoneNote() string { return r.t("report.zone", i18n.Args{"Zone": r.Loc.String()}) }

// meta is the line under the heading: organisation, plan version, when
// the report was made and the zone note.
func (r *Report) meta() (org, made string) {
	org = r.Org
	if r.PlanVersion != "" {
		org += " · " + r.t("report.plan_version", i18n.Args{"Version": r.PlanVersion})
	}
	return org, r.t("report.made", i18n.Args{"Time": r.stamp(r.Generated)}) + " " + r.ZoneNote()
}

// correctionNote is «rettet i #7, #9» for a corrected entry.
func (r *Report) correctionNote(seqs []int) string {
	if len(seqs) == 0 {
		return ""
	}
	parts := make([]string, len(seqs))
	for i, s := range seqs {
		parts[i] = fmt.Sprintf("#%d", s)
	}
	return r.t("report.corrected_in", i18n.Args{"Seqs": strings.Join(parts, ", ")})
}

// refNote is how a line names the entry it refers to: «sladder #3» for a
// redaction entry, «retter #3» for a correction, "" for neither.
func (r *Report) refNote(l LogLine) string {
	switch {
	case l.Corrects == 0:
		return ""
	case l.Kind == incident.EntryRedaction:
		return r.t("report.ref.redacts", i18n.Args{"Seq": l.Corrects})
	}
	return r.t("report.ref.corrects", i18n.Args{"Seq": l.Corrects})
}

// corrections returns the lines that correct line l, in order.
func (r *Report) corrections(l LogLine) []LogLine {
	var out []LogLine
	for _, s := range l.CorrectedBy {
		for _, c := range r.Log {
			if c.Seq == s {
				out = append(out, c)
			}
		}
	}
	return out
}

// assigned is who gave the role: the person's name, or «fra rollekortet»
// for a role given from the role cards at opening.
func (r *Report) assigned(t RoleTerm) string {
	if t.FromCard {
		return r.t("report.role.from_card")
	}
	return t.AssignedBy.Name
}

// roleEnd is when a role term ended, or «slutt».
func (r *Report) roleEnd(t RoleTerm) string {
	if t.To.IsZero() {
		return r.t("report.role.to_end")
	}
	return r.stamp(t.To)
}

// contactsNote says how phone numbers were handled.
func (r *Report) contactsNote() string {
	if r.WithContacts {
		return r.t("report.contacts.with")
	}
	return r.t("report.contacts.without")
}

// capital upper-cases the first letter of s.
func capital(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(c)) + s[n:]
}
