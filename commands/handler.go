// Package commands holds the slash-command handlers of Beredskapsbot. A
// handler takes a Request and returns a Response value; the transports
// (Slack in bot/, the local console) render it. One command table drives
// dispatch, help text and the Slack app manifest.
package commands

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sync/atomic"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Store is what the handlers need from storage. storage.DB implements it.
type Store interface {
	CreateIncident(ctx context.Context, n incident.NewIncident) (incident.Incident, bool, error)
	Incident(ctx context.Context, id int64) (incident.Incident, error)
	IncidentByChannel(ctx context.Context, channelID string) (incident.Incident, error)
	OpenIncidents(ctx context.Context) ([]incident.Incident, error)
	CloseIncident(ctx context.Context, id int64, by, summary string) (incident.Incident, incident.Entry, error)
	AppendEntry(ctx context.Context, n incident.NewEntry) (incident.Entry, error)
	Entries(ctx context.Context, incidentID int64) ([]incident.Entry, error)
	AssignRole(ctx context.Context, incidentID int64, roleID, userID, by, text string) (incident.Entry, error)
	Assignments(ctx context.Context, incidentID int64) ([]incident.Assignment, error)
	CompleteStep(ctx context.Context, incidentID int64, cardID string, step int, by, text string) (incident.Entry, error)
	Steps(ctx context.Context, incidentID int64) ([]incident.StepDone, error)
	SetMeeting(ctx context.Context, incidentID int64, at time.Time, by, text string) (incident.Entry, error)
	Meetings(ctx context.Context, incidentID int64) ([]incident.Meeting, error)

	// Follow-up after closing, and the schedule of exercises and reviews.
	AddEvaluation(ctx context.Context, e incident.Evaluation) (incident.Evaluation, error)
	Evaluations(ctx context.Context, incidentID int64) ([]incident.Evaluation, error)
	ProposedPlanChanges(ctx context.Context) ([]incident.Evaluation, error)
	RecordCompletion(ctx context.Context, c incident.Completion) error
	LatestCompletions(ctx context.Context) (map[string]incident.Completion, error)
	Postpone(ctx context.Context, itemID, due, until, by string) error
	Postponements(ctx context.Context) (map[string]string, error)
}

// Request is one command as a user typed it.
type Request struct {
	Command   string // "/beredskap", "/tiltak" …
	Text      string // everything after the command
	UserID    string // Slack user ID, or the console user
	ChannelID string // where it was typed
}

// Handler runs commands against a plan and a store.
type Handler struct {
	plan  atomic.Pointer[plan.Plan]
	Store Store
	// Now is the clock; tests set it.
	Now func() time.Time
	// Loc is the time zone answers are shown in (the plan's by default).
	Loc *time.Location
	Log logrus.FieldLogger

	actions map[string]ActionFunc
	views   map[string]ViewFunc
	cards   atomic.Pointer[cardCache]
}

// ActionFunc handles a button press; value is the button's value.
type ActionFunc func(ctx context.Context, req Request, value string) ui.Response

// ViewFunc handles a submitted modal: metadata is what the modal carried,
// values the inputs by ID.
type ViewFunc func(ctx context.Context, req Request, metadata string, values map[string]string) ui.Response

// RegisterAction routes presses of buttons with actionID to fn (used by
// features outside this file's command table, such as reminders).
func (h *Handler) RegisterAction(actionID string, fn ActionFunc) {
	if h.actions == nil {
		h.actions = map[string]ActionFunc{}
	}
	h.actions[actionID] = fn
}

// RegisterView routes submissions of modals with callbackID to fn.
func (h *Handler) RegisterView(callbackID string, fn ViewFunc) {
	if h.views == nil {
		h.views = map[string]ViewFunc{}
	}
	h.views[callbackID] = fn
}

// Submit handles a submitted modal. An unknown callback gets a polite
// answer, never a panic.
func (h *Handler) Submit(ctx context.Context, req Request, callbackID, metadata string, values map[string]string) ui.Response {
	if fn, ok := h.views[callbackID]; ok {
		return fn(ctx, req, metadata, values)
	}
	return ui.Text("Ukjent skjema. Prøv kommandoen på nytt.")
}

// New returns a handler for the plan and store. loc overrides the plan's
// time zone when not nil.
func New(p *plan.Plan, store Store, loc *time.Location, log logrus.FieldLogger) *Handler {
	h := &Handler{Store: store, Now: time.Now, Loc: loc, Log: log}
	if h.Log == nil {
		l := logrus.New()
		l.SetLevel(logrus.WarnLevel)
		h.Log = l
	}
	h.SetPlan(p)
	h.registerArshjul()
	h.registerClosing()
	return h
}

// Plan returns the plan in use.
func (h *Handler) Plan() *plan.Plan { return h.plan.Load() }

// SetPlan replaces the plan in use (after the coordinator edited it); the
// commands in flight finish with the plan they started with.
func (h *Handler) SetPlan(p *plan.Plan) {
	h.plan.Store(p)
	if h.Loc == nil && p != nil && p.Location != nil {
		h.Loc = p.Location
	}
	if h.Loc == nil {
		h.Loc = mustOslo()
	}
}

func mustOslo() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		return time.UTC
	}
	return loc
}

// errorResponse translates an error into a short bokmål answer. Known
// sentinel errors get a friendly text; anything else is logged in full
// with a reference the user can quote.
func (h *Handler) errorResponse(req Request, err error) ui.Response {
	switch {
	case errors.Is(err, incident.ErrIncidentClosed):
		return ui.Text("Hendelsen er avsluttet. Nye beslutninger kan ikke loggføres; bruk `/beredskap evaluer &lt;tekst&gt;` for evalueringen.")
	case errors.Is(err, incident.ErrNotFound):
		return ui.Text("Fant ikke det du viste til. Sjekk nummeret eller navnet og prøv igjen.")
	case errors.Is(err, incident.ErrForbidden):
		return ui.Text("Du har ikke tilgang til dette.")
	}
	ref := newRef()
	h.Log.WithFields(logrus.Fields{"ref": ref, "command": req.Command, "user": req.UserID, "channel": req.ChannelID}).WithError(err).Error("command failed")
	return ui.Text("Beklager, noe gikk galt (referanse " + ref + "). Feilen er logget; prøv igjen om litt. Ingenting er loggført fra denne kommandoen.")
}

func newRef() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// now returns the handler's clock reading.
func (h *Handler) now() time.Time { return h.Now() }
