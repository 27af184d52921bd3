package incident

import "time"

// FollowUpStatus is where a follow-up stands: open until it is closed by
// hand or by a plan revision that records it.
type FollowUpStatus string

// Statuses of a follow-up.
const (
	FollowUpOpen   FollowUpStatus = "open"
	FollowUpClosed FollowUpStatus = "closed"
)

// ClosedByRevision is FollowUp.ClosedBy when a revision in the plan's
// revision log closed the follow-up rather than a user.
const ClosedByRevision = "revisjon"

// FollowUp is an oppfølgingspunkt (sv. åtgärdspunkt): something an
// evaluation found that must be done, with an owner, a deadline and a
// status, reminded until it is closed.
type FollowUp struct {
	ID         int64
	IncidentID int64 // 0 when not tied to an incident
	Text       string
	// Owner is a contact ID or role ID of the plan, or a Slack user ID.
	Owner string
	Due   string // deadline, local date YYYY-MM-DD
	// PlanChange marks a follow-up made from a «plan:» evaluation answer:
	// the next plan revision closes it.
	PlanChange bool
	Status     FollowUpStatus
	Note       string // the closing note
	CreatedBy  string
	CreatedAt  time.Time
	ClosedAt   time.Time // zero while open
	ClosedBy   string    // user ID, or ClosedByRevision
}

// Open reports whether the follow-up is still open.
func (f FollowUp) Open() bool { return f.Status != FollowUpClosed }
