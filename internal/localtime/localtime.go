// Package localtime writes dates and times the way users of a plan's
// language write them: bokmål 01.12.2026 kl. 14:30, Swedish 2026-12-01
// kl. 14.30, English ISO 2026-12-01 14:30. Times are shown as given: the
// caller puts them in the plan's zone first.
//
// It is the one place the layouts live: ui's StampIn and TimeIn, the
// report, the evidence pack and the binder all write dates through it.
package localtime

import (
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// layouts are the Go layouts of one language.
type layouts struct{ date, stamp, seconds, clock string }

var byLang = map[i18n.Lang]layouts{
	i18n.Bokmal:  {"02.01.2006", "02.01.2006 kl. 15:04", "02.01.2006 15:04:05", "15:04"},
	i18n.Swedish: {"2006-01-02", "2006-01-02 kl. 15.04", "2006-01-02 15.04.05", "15.04"},
	i18n.English: {"2006-01-02", "2006-01-02 15:04", "2006-01-02 15:04:05", "15:04"},
}

func of(lang i18n.Lang) layouts {
	if l, ok := byLang[lang]; ok {
		return l
	}
	return byLang[i18n.Default]
}

// Stamp is date and minute: «01.12.2026 kl. 14:30»; "–" for the zero time.
func Stamp(lang i18n.Lang, t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Format(of(lang).stamp)
}

// Seconds is date and second, for log lines: «01.12.2026 14:30:05».
func Seconds(lang i18n.Lang, t time.Time) string { return t.Format(of(lang).seconds) }

// Date is the date alone: «01.12.2026», «2026-12-01».
func Date(lang i18n.Lang, t time.Time) string { return t.Format(of(lang).date) }

// Clock is the time of day: «14:30», «14.30».
func Clock(lang i18n.Lang, t time.Time) string { return t.Format(of(lang).clock) }
