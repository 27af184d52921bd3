// Package report builds the report of an incident or exercise: what
// happened, who held which role when, the whole decision log with its
// corrections, the action cards and meetings, the evaluation and the final
// hash of the log chain. It renders the report as Markdown and as a
// self-contained printable HTML page, and the log as CSV and JSON, for
// archiving (the normalisation checklist asks for the log to be exported)
// and for the supervisor (tilsyn).
package report

import (
	"context"
	"fmt"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// Store is what a report needs from storage. storage.DB implements it.
type Store interface {
	Incident(ctx context.Context, id int64) (incident.Incident, error)
	Entries(ctx context.Context, incidentID int64) ([]incident.Entry, error)
	Assignments(ctx context.Context, incidentID int64) ([]incident.Assignment, error)
	Steps(ctx context.Context, incidentID int64) ([]incident.StepDone, error)
	Meetings(ctx context.Context, incidentID int64) ([]incident.Meeting, error)
	Evaluations(ctx context.Context, incidentID int64) ([]incident.Evaluation, error)
	VerifyLog(ctx context.Context, incidentID int64) error
	Incidents(ctx context.Context) ([]incident.Incident, error)
	OpenIncidents(ctx context.Context) ([]incident.Incident, error)
}

// Options control what a report shows.
type Options struct {
	// WithContacts adds phone numbers and e-mail addresses of the
	// notification list. Contact details are personal data, so they are
	// left out unless asked for.
	WithContacts bool
	// Loc is the time zone times are shown in; nil means the plan's
	// (Europe/Oslo when the plan has none).
	Loc *time.Location
	// Now is when the report is made; zero means time.Now().
	Now time.Time
}

// Person is a user as the report names them.
type Person struct {
	ID   string // Slack user ID, "kontakt:<id>" or a console name
	Name string // the plan contact's name, else the ID
}

// Report is everything about one incident, resolved against the plan and
// ready to render. Times are in Loc.
type Report struct {
	// Lang is the plan's language, which every text of the report is in.
	Lang        i18n.Lang
	Org         string
	PlanVersion string
	Loc         *time.Location
	Generated   time.Time

	ID          int64
	Title       string
	Kind        incident.Kind
	Private     bool // "Skjermet": handled in a private channel
	ChannelName string
	Opened      time.Time
	OpenedBy    Person
	Closed      time.Time // zero while the incident is open
	ClosedBy    Person
	Summary     string

	Roles       []RoleTerm
	Log         []LogLine
	Cards       []CardUse
	Meetings    []MeetingLine
	Affected    []AffectedLine    // critical functions put out of service
	Evaluation  []QuestionAnswers // the plan's questions, then "Andre innspill"
	PlanChanges int               // evaluation answers that propose a plan change
	List        *ListSection      // the notification list used, if any
	Chain       Chain

	WithContacts bool

	names names
}

// RoleTerm is one period during which a person held a role.
type RoleTerm struct {
	RoleID     string
	Role       string // the role card's title
	Holder     Person
	AssignedBy Person
	// FromCard is set for a role given from the role cards when the
	// incident was opened, rather than by a person.
	FromCard bool
	From     time.Time
	To       time.Time // zero: held until the end
}

// LogLine is one entry of the log, with the corrections made to it.
type LogLine struct {
	Seq         int
	At          time.Time
	Kind        incident.EntryKind
	Author      Person
	Text        string // as stored
	Corrects    int    // the entry this one corrects, 0 if none
	CorrectedBy []int  // later entries that correct this one
	Source      string
	Hash        string
	// The chain fields, so a reader can recompute the hashes (JSON).
	PrevHash     string
	ChainVersion int
	Digest       string
	Salt         string // "" once redacted
	// RedactedNote is «sladdet <tid> av <hvem>: <grunn>» in the report's
	// language, "" if the text
	// is not redacted; the text is then the marker.
	RedactedNote    string
	RedactedAt      time.Time
	RedactedBy      string
	RedactionReason string
}

// CardUse is an action card used in the incident, step by step.
type CardUse struct {
	ID    string
	Title string
	Steps []StepLine
	Done  int
}

// StepLine is one step of a used action card.
type StepLine struct {
	N      int
	Text   string
	Done   bool
	DoneAt time.Time
	DoneBy Person
	Entry  int // the log entry that recorded it
}

// MeetingLine is a status meeting that was set.
type MeetingLine struct {
	At     time.Time
	SetBy  Person
	SetAt  time.Time
	Status string // in the report's language: «avholdt», «flyttet», «ikke avholdt», «planlagt»
}

// QuestionAnswers is one evaluation question with its answers.
type QuestionAnswers struct {
	Question string
	Answers  []Answer
}

// Answer is one evaluation answer.
type Answer struct {
	Question   string // as given; may differ from the heading it is shown under
	Text       string
	Author     Person
	At         time.Time
	PlanChange bool
}

// ListSection is the notification list of the incident.
type ListSection struct {
	Name   string
	Groups []ListGroup
}

// ListGroup is one group of the notification list, in order.
type ListGroup struct {
	Name    string
	Members []ListMember
}

// ListMember is one contact of the list. Phones and Email are set only
// when the report is made WithContacts.
type ListMember struct {
	Name   string   `json:"name"`
	Role   string   `json:"role,omitempty"`
	Phones []string `json:"phones,omitempty"`
	Email  string   `json:"email,omitempty"`
}

// Chain is the state of the log's hash chain.
type Chain struct {
	Entries   int
	FinalHash string // the Hash of the last entry; empty for an empty log
	Verified  bool
	Seq       int    // when not Verified: the first entry that does not match (or is missing)
	Problem   string // bokmål (from the chain check), when not Verified: "logglinje #7 …"
}

// Build collects the report of incident incidentID from st and resolves it
// against p. A broken hash chain does not fail the report: it is shown in
// Chain. Returns an error wrapping incident.ErrNotFound if there is no such
// incident, or the store's error.
func Build(ctx context.Context, st Store, p *plan.Plan, incidentID int64, opt Options) (*Report, error) {
	inc, err := st.Incident(ctx, incidentID)
	if err != nil {
		return nil, fmt.Errorf("rapport for hendelse %d: %w", incidentID, err)
	}
	entries, err := st.Entries(ctx, incidentID)
	if err != nil {
		return nil, fmt.Errorf("rapport for hendelse %d: %w", incidentID, err)
	}
	assignments, err := st.Assignments(ctx, incidentID)
	if err != nil {
		return nil, fmt.Errorf("rapport for hendelse %d: %w", incidentID, err)
	}
	steps, err := st.Steps(ctx, incidentID)
	if err != nil {
		return nil, fmt.Errorf("rapport for hendelse %d: %w", incidentID, err)
	}
	meetings, err := st.Meetings(ctx, incidentID)
	if err != nil {
		return nil, fmt.Errorf("rapport for hendelse %d: %w", incidentID, err)
	}
	evals, err := st.Evaluations(ctx, incidentID)
	if err != nil {
		return nil, fmt.Errorf("rapport for hendelse %d: %w", incidentID, err)
	}

	loc := plan.Zone(opt.Loc, p)
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	if p == nil {
		p = &plan.Plan{}
	}
	lang := p.Lang
	if !lang.Valid() {
		lang = i18n.Default
	}
	chain, err := check(ctx, st, inc, entries, steps, lang)
	if err != nil {
		return nil, err
	}
	n := newNames(p)
	r := &Report{
		Lang: lang, Org: p.Org.Name, PlanVersion: p.Org.PlanVersion, Loc: loc, Generated: now.In(loc),
		ID: inc.ID, Title: inc.Title, Kind: inc.Kind, Private: inc.Private, ChannelName: inc.ChannelName,
		Opened: inc.OpenedAt.In(loc), OpenedBy: n.person(inc.OpenedBy), Summary: inc.Summary,
		Chain: chain, WithContacts: opt.WithContacts, names: n,
	}
	if !inc.Open() {
		r.Closed, r.ClosedBy = inc.ClosedAt.In(loc), n.person(inc.ClosedBy)
	}
	r.Roles = roleTerms(p, n, inc, entries, assignments, loc)
	r.Log = logLines(r, n, entries, loc)
	r.Cards = cardUses(r, p, n, inc, steps, loc)
	r.Meetings = meetingLines(r, n, meetings, r.end(), !r.Open(), loc)
	if r.Affected, err = affectedLines(ctx, st, p, incidentID, r.end(), loc); err != nil {
		return nil, err
	}
	r.Evaluation, r.PlanChanges = evaluation(r, p, n, evals, loc)
	r.List = listSection(p, p.List(inc.ListID), opt.WithContacts)
	return r, nil
}

// end is when the incident ended, or the report's time while it is open.
func (r *Report) end() time.Time {
	if r.Closed.IsZero() {
		return r.Generated
	}
	return r.Closed
}

// Open reports whether the incident was still open when the report was made.
func (r *Report) Open() bool { return r.Closed.IsZero() }

// Latest returns the most recently opened incident. Returns an error
// wrapping incident.ErrNotFound when there is none, or the store's error.
func Latest(ctx context.Context, st Store) (incident.Incident, error) {
	all, err := st.Incidents(ctx)
	if err != nil {
		return incident.Incident{}, err
	}
	if len(all) == 0 {
		return incident.Incident{}, fmt.Errorf("ingen hendelser i databasen: %w", incident.ErrNotFound)
	}
	latest := all[0]
	for _, inc := range all[1:] {
		if !inc.OpenedAt.Before(latest.OpenedAt) {
			latest = inc
		}
	}
	return latest, nil
}
