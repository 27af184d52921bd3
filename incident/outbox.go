package incident

import "time"

// OutboxKind names what an outbox item asks the transport to do.
type OutboxKind string

// Outbox kinds. Each is written in the same transaction as the change it
// reports, so nothing the user was told is stored goes unannounced.
const (
	OutboxIncidentOpened OutboxKind = "incident.opened" // create the channel, invite, post and pin the varslingsliste …
	OutboxEntryLogged    OutboxKind = "entry.logged"    // echo a log entry in the incident channel
	OutboxIncidentClosed OutboxKind = "incident.closed" // topic, normalisation checklist, report
	OutboxReminder       OutboxKind = "reminder"        // a scheduled exercise/review reminder
	OutboxMeeting        OutboxKind = "meeting"         // a status meeting reminder
	OutboxMessage        OutboxKind = "message"         // a plain message to a channel
)

// OutboxItem is one pending delivery. Items with the same Key are
// delivered strictly in ID order (an echo never overtakes the channel it
// is echoed in).
type OutboxItem struct {
	ID          int64
	Kind        OutboxKind
	Key         string // ordering key, e.g. "incident:7"; empty for independent items
	IncidentID  int64  // 0 when not about an incident
	Payload     []byte // JSON, kind-specific
	State       []byte // JSON progress of a multi-step delivery, saved after each step
	Attempts    int
	LastError   string
	CreatedAt   time.Time
	NotBefore   time.Time // not delivered before this time (retry backoff, scheduled items)
	DeliveredAt time.Time // zero while pending
}
