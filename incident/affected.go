package incident

import "time"

// OutboxFunctionWarning is a timed warning that an affected critical
// function reaches a share of its downtime tolerance or a higher
// consequence level. It is enqueued with NotBefore at that time when the
// function is recorded as affected, and re-checked when it is due.
const OutboxFunctionWarning OutboxKind = "function.warning"

// AffectedFunction is a critical function the incident put out of
// service: since when, and when it was restored (zero while out).
type AffectedFunction struct {
	ID         int64
	IncidentID int64
	FunctionID string
	Since      time.Time
	RestoredAt time.Time
	By         string // user ID who recorded it
	RestoredBy string
}

// Out reports whether the function is still out of service.
func (a AffectedFunction) Out() bool { return a.RestoredAt.IsZero() }

// Duration returns how long the function has been (or was) out at now.
func (a AffectedFunction) Duration(now time.Time) time.Duration {
	end := now
	if !a.Out() {
		end = a.RestoredAt
	}
	if end.Before(a.Since) {
		return 0
	}
	return end.Sub(a.Since)
}

// Warning kinds of FunctionWarningPayload.
const (
	WarnTolerance75  = "tolerance75"  // 75 % of the downtime tolerance
	WarnTolerance100 = "tolerance100" // the tolerance is used up
	WarnStep         = "step"         // the consequence level steps up
)

// FunctionWarningPayload is the payload of OutboxFunctionWarning:
// {"incident_id":7,"affected_id":3,"function_id":"hjemmetjenester","kind":"tolerance75","at":"…","since":"…"}.
// Step is the consequence step's key (under_24t …) for WarnStep.
type FunctionWarningPayload struct {
	IncidentID int64  `json:"incident_id"`
	AffectedID int64  `json:"affected_id"`
	FunctionID string `json:"function_id"`
	Kind       string `json:"kind"`
	Step       string `json:"step,omitempty"`
	At         string `json:"at"`    // RFC 3339, UTC: when it is due
	Since      string `json:"since"` // RFC 3339, UTC: when the outage began
}

// Times returns the payload's due time and the start of the outage.
// Returns an error when either is not RFC 3339.
func (pl FunctionWarningPayload) Times() (at, since time.Time, err error) {
	if at, err = time.Parse(time.RFC3339, pl.At); err != nil {
		return at, since, err
	}
	since, err = time.Parse(time.RFC3339, pl.Since)
	return at, since, err
}

// FunctionWarning is one timed warning to enqueue when a function is
// recorded as affected: due at At, of Kind (Warn*), Step naming the
// consequence step for WarnStep.
type FunctionWarning struct {
	At   time.Time
	Kind string
	Step string
}

// OutboxBinder sends the binder (the plan as a PDF) to a plan member in a
// direct message (/beredskap perm).
const OutboxBinder OutboxKind = "binder.dm"

// BinderPayload is the payload of OutboxBinder: {"user_id":"U123"}.
type BinderPayload struct {
	UserID string `json:"user_id"`
}
