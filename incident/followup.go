package incident

import "time"

// Evaluation is one answer given after an incident or exercise was closed
// ("Hva fungerte?", "Hva må forbedres?", "Hvilke endringer i planen?").
type Evaluation struct {
	IncidentID int64
	Question   string
	Answer     string
	Author     string
	CreatedAt  time.Time
	// ProposedPlanChange marks an answer that proposes a change to the
	// plan; it is shown in the årshjul as input to the next revision.
	ProposedPlanChange bool
}

// Completion records that a scheduled exercise or review was done.
type Completion struct {
	ItemID     string // the exercise or review ID in the plan
	Done       string // YYYY-MM-DD, local date
	Note       string // short evaluation note
	By         string // user ID
	RecordedAt time.Time
}
