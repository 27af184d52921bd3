package incident

import "time"

// Refusal records one refused attempt, for the administrators: who tried
// which action, on which incident (0 when none), when. It holds no free
// text, so it carries no personal data beyond the user ID.
type Refusal struct {
	ID         int64
	UserID     string
	Action     string // an access.Action key, e.g. "avslutte"
	IncidentID int64  // 0 when the action was not about an incident
	At         time.Time
}

// Alarm is a raised alarm (/beredskap varsle): what someone reported
// without opening an incident, and the incident it became, if any.
type Alarm struct {
	ID         int64
	RaisedBy   string
	Text       string
	At         time.Time
	IncidentID int64 // 0 until an incident is opened from it
}
