package report

import (
	"fmt"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// RefNote is how a line names the entry it refers to: "sladder #3" for a
// redaction entry, "retter #3" for a correction, "" for neither.
func (l LogLine) RefNote() string {
	switch {
	case l.Corrects == 0:
		return ""
	case l.Kind == incident.EntryRedaction:
		return fmt.Sprintf("sladder #%d", l.Corrects)
	}
	return fmt.Sprintf("retter #%d", l.Corrects)
}

// redactionNote is «sladdet 01.12.2026 av Kari: grunn» for a redacted
// entry (date in loc), "" for one that is not.
func redactionNote(e incident.Entry, by string, loc *time.Location) string {
	if !e.Redacted() {
		return ""
	}
	return fmt.Sprintf("sladdet %s av %s: %s", e.RedactedAt.In(loc).Format("02.01.2006 15:04"), by, e.RedactionReason)
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
