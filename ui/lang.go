package ui

import (
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/localtime"
)

// Dates, times, channel names and the words for kinds in the plan's
// language. The functions without "In" in format.go are their bokmål
// forms, kept until every caller passes a language.

// StampIn formats t as a full local date and time the way users of lang
// write it: "01.12.2026 kl. 14:30" (nb), "2026-12-01 kl. 14.30" (sv),
// "2026-12-01 14:30" (en).
func StampIn(lang i18n.Lang, t time.Time, loc *time.Location) string {
	return localtime.Stamp(lang, t.In(loc))
}

// TimeIn formats t as a local time of day in lang: "14:30", "14.30" in
// Swedish.
func TimeIn(lang i18n.Lang, t time.Time, loc *time.Location) string {
	return localtime.Clock(lang, t.In(loc))
}

// ClockIn formats t as a local time of day in lang, with the date when it
// is not the day of now: "14:32" or "21.11. 14:32" (nb), "14.32" or
// "21/11 14.32" (sv), "14:32" or "2026-11-21 14:32" (en).
func ClockIn(lang i18n.Lang, t, now time.Time, loc *time.Location) string {
	lt, ln := t.In(loc), now.In(loc)
	if lt.Year() == ln.Year() && lt.YearDay() == ln.YearDay() {
		return TimeIn(lang, t, loc)
	}
	switch lang {
	case i18n.Swedish:
		return lt.Format("2/1 15.04")
	case i18n.English:
		return lt.Format("2006-01-02 15:04")
	}
	return lt.Format("02.01. 15:04")
}

// channelPrefix is "beredskap-YYYYMMDD-" ("ovelse-…" for an exercise) with
// the words of lang: "kris-"/"ovning-" in Swedish, "incident-"/"exercise-"
// in English. The words are ASCII, as Slack wants.
func channelPrefix(lang i18n.Lang, kind incident.Kind, t time.Time, loc *time.Location) string {
	l := i18n.For(lang)
	word := l.T("ui.channel.incident")
	if kind == incident.KindExercise {
		word = l.T("ui.channel.exercise")
	}
	return Slug(word) + "-" + t.In(loc).Format("20060102") + "-"
}

// ChannelNameIn returns the channel name for an incident opened at t in
// lang: "beredskap-YYYYMMDD-<slug>" (nb; "ovelse-…" for exercises),
// "kris-…"/"ovning-…" (sv), "incident-…"/"exercise-…" (en). The slug is
// the title folded to ASCII (see Slug); the whole name is at most 80
// characters, and an empty slug becomes the word for an incident.
func ChannelNameIn(lang i18n.Lang, kind incident.Kind, title string, t time.Time, loc *time.Location) string {
	prefix := channelPrefix(lang, kind, t, loc)
	slug := Slug(title)
	if max := 80 - len(prefix); len(slug) > max {
		slug = strings.TrimRight(slug[:max], "-_")
	}
	if slug == "" {
		slug = Slug(i18n.For(lang).T("ui.channel.untitled"))
	}
	return prefix + slug
}

// PrivateChannelNameIn returns the channel name of a private incident in
// lang: no word of its title, only the date and ref
// ("beredskap-20261201-skjermet-3f9a1c", "kris-20261201-skyddad-3f9a1c",
// "incident-20261201-private-3f9a1c"), so the channel list tells nothing
// about it.
func PrivateChannelNameIn(lang i18n.Lang, kind incident.Kind, ref string, t time.Time, loc *time.Location) string {
	name := channelPrefix(lang, kind, t, loc) + Slug(i18n.For(lang).T("ui.channel.private"))
	if r := Slug(ref); r != "" {
		name += "-" + r
	}
	return name
}

// KindWordIn returns the word for an incident or an exercise in lang, in
// lower case: "hendelse"/"øvelse", "händelse"/"övning",
// "incident"/"exercise".
func KindWordIn(lang i18n.Lang, k incident.Kind) string {
	if k == incident.KindExercise {
		return i18n.For(lang).T("ui.kind.exercise")
	}
	return i18n.For(lang).T("ui.kind.incident")
}

// KindLabel returns the label of a kind of log entry in lang, capitalised
// ("Beslutning", "Beslut", "Decision"), the same in the channel's echo
// and in the report; a kind it does not know gets the word for a log
// entry ("Logglinje").
func KindLabel(lang i18n.Lang, k incident.EntryKind) string {
	l := i18n.For(lang)
	if id := "ui.entry." + string(k); k != "" && l.Has(id) {
		return l.T(id)
	}
	return l.T("ui.entry.other")
}

// ClosedTopicIn is the topic of a closed incident's channel in lang:
// "AVSLUTTET – <title>" ("AVSLUTAD", "CLOSED"), within MaxTopic.
func ClosedTopicIn(lang i18n.Lang, inc incident.Incident) string {
	return truncate(i18n.For(lang).T("ui.topic.closed", i18n.Args{"Title": inc.Title}), MaxTopic)
}
