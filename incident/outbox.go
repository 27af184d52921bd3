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

// Outbox payloads (OutboxItem.Payload, JSON). Storage writes them in the
// same transaction as the change they report and the deliverer reads
// them; pending items outlive a restart or an upgrade, so their JSON
// must not change.

// IncidentPayload is the payload of OutboxIncidentOpened and
// OutboxIncidentClosed: {"incident_id":7}.
type IncidentPayload struct {
	IncidentID int64 `json:"incident_id"`
}

// EntryPayload is the payload of OutboxEntryLogged:
// {"incident_id":7,"seq":3}.
type EntryPayload struct {
	IncidentID int64 `json:"incident_id"`
	Seq        int   `json:"seq"`
}

// MeetingPayload is the payload of OutboxMeeting:
// {"incident_id":7,"at":"2026-11-22T14:00:00Z","minutes_before":10}.
// MinutesBefore 0 is the reminder as the meeting starts.
type MeetingPayload struct {
	IncidentID    int64  `json:"incident_id"`
	At            string `json:"at"` // RFC 3339, UTC
	MinutesBefore int    `json:"minutes_before"`
}
