// Package incident holds the domain types of a crisis being handled: the
// incident (or exercise) itself, its append-only decision log with a
// SHA-256 hash chain, role assignments, action-card progress, meetings and
// the outbox of messages the transport must deliver. Storage implements
// persistence for these types; commands and transports use them.
package incident

import (
	"errors"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
)

// Sentinel errors. Callers wrap them with %w and the IDs involved; each
// is an *apperr.Error, so the edge (commands, transports) reads its code
// and user message (bokmål) from it, while Error() stays the short text
// for the log.
var (
	// ErrNotFound: the incident, entry or item does not exist.
	ErrNotFound = sentinel("not found", apperr.NotFound, "Fant ikke det du viste til. Sjekk nummeret eller navnet og prøv igjen.")
	// ErrIncidentClosed: the incident is closed and takes no more changes.
	ErrIncidentClosed = sentinel("incident closed", apperr.Conflict, "Hendelsen er avsluttet. Nye beslutninger kan ikke loggføres; bruk `/beredskap evaluer &lt;tekst&gt;` for evalueringen.")
	// ErrConflict: the change conflicts with existing state (a UNIQUE key).
	ErrConflict = sentinel("conflict", apperr.Conflict, "Dette er allerede gjort, eller noen andre endret det samtidig. Sjekk og prøv igjen.")
	// ErrForbidden: the user may not do this.
	ErrForbidden = sentinel("forbidden", apperr.Forbidden, "Du har ikke tilgang til dette.")
	// ErrInvalid: the input is not acceptable.
	ErrInvalid = sentinel("invalid", apperr.Invalid, "Det du skrev, kan ikke brukes. Sjekk kommandoen (`/beredskap hjelp`) og prøv igjen.")
)

// sentinel is an *apperr.Error whose log text is text.
func sentinel(text string, code apperr.Code, msg string) error {
	return apperr.Wrap(errors.New(text), code, msg)
}

// Kind tells a real incident from an exercise.
type Kind string

// Kinds of incident.
const (
	KindIncident Kind = "hendelse"
	KindExercise Kind = "ovelse"
)

// Incident is one crisis (or exercise) being handled in one channel.
type Incident struct {
	ID          int64
	Title       string
	Kind        Kind
	Private     bool   // opened with --privat: a private channel, "Skjermet" in reports
	CardID      string // action card named at start, if any
	ListID      string // notification list in use
	ChannelID   string // the transport's channel ID; empty until the channel exists
	ChannelName string
	OpenedBy    string // user ID
	OpenedAt    time.Time
	ClosedBy    string
	ClosedAt    time.Time // zero while open
	Summary     string    // given when closing
	NextMeeting time.Time // zero when none is set
}

// Open reports whether the incident is still being handled.
func (i Incident) Open() bool { return i.ClosedAt.IsZero() }

// NewIncident is what it takes to open an incident.
type NewIncident struct {
	Title    string
	Kind     Kind
	Private  bool
	CardID   string
	ListID   string
	OpenedBy string
	// ChannelID is set when the transport already has the channel (the
	// console); otherwise the transport creates it and calls SetChannel.
	ChannelID   string
	ChannelName string
	// Roles are assigned in the same transaction, from the role cards'
	// planned holders, and listed in the opening log entry.
	Roles []RoleHolder
	// OpenedText is the opening log entry's text; the title when empty.
	OpenedText string
}

// RoleHolder names who holds a role.
type RoleHolder struct {
	RoleID string
	UserID string
}

// Assignment records who held a role in an incident, and when.
type Assignment struct {
	IncidentID int64
	RoleID     string
	UserID     string
	AssignedBy string
	AssignedAt time.Time
	EndedAt    time.Time // zero while the user holds the role
}

// StepDone records that a step of an action card was completed.
type StepDone struct {
	IncidentID int64
	CardID     string
	Step       int // 1-based
	DoneBy     string
	DoneAt     time.Time
	EntrySeq   int // the log entry that recorded it
}

// Meeting is a status meeting set for an incident.
type Meeting struct {
	IncidentID int64
	At         time.Time
	SetBy      string
	SetAt      time.Time
}
