package report

import (
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/localtime"
)

// redactionNote is «sladdet 01.12.2026 14:30 av Kari: grunn» for a
// redacted entry (time in loc), "" for one that is not.
func (r *Report) redactionNote(e incident.Entry, by string, loc *time.Location) string {
	if !e.Redacted() {
		return ""
	}
	at := e.RedactedAt.In(loc)
	return r.t("report.redacted", i18n.Args{"Time": localtime.Date(r.Lang, at) + " " + localtime.Clock(r.Lang, at), "Who": by, "Reason": e.RedactionReason})
}

// jsonRedaction is a redacted entry's record in the JSON export.
type jsonRedaction struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Reason string    `json:"reason"`
	Note   string    `json:"note"`
}

// jsonRedactionOf returns l's redaction record, nil if it is not redacted.
func jsonRedactionOf(l LogLine) *jsonRedaction {
	if l.RedactedNote == "" {
		return nil
	}
	return &jsonRedaction{At: l.RedactedAt, By: l.RedactedBy, Reason: l.RedactionReason, Note: l.RedactedNote}
}
