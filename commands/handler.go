// Package commands holds the slash-command handlers of Beredskapsbot. A
// handler takes a ui.Request and returns a ui.Response value; the transports
// (Slack in bot/, the local console) render it. One command table drives
// dispatch, help text and the Slack app manifest.
package commands

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
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
	EntryByMessage(ctx context.Context, key string) (incident.Entry, error)
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

	// Who may do what: refused attempts, alarms, close confirmations.
	Entry(ctx context.Context, incidentID int64, seq int) (incident.Entry, error)
	AddRefusal(ctx context.Context, r incident.Refusal) error
	Refusals(ctx context.Context, limit int) ([]incident.Refusal, error)
	RaiseAlarm(ctx context.Context, by, text string, post func(incident.Alarm) (incident.OutboxItem, error)) (incident.Alarm, error)
	Alarm(ctx context.Context, id int64) (incident.Alarm, error)
	AlarmOpened(ctx context.Context, id, incidentID int64) error
	SaveCloseDraft(ctx context.Context, incidentID int64, by, summary string) (int64, error)
	CloseDraft(ctx context.Context, incidentID, id int64) (string, error)
	DeleteCloseDrafts(ctx context.Context, incidentID int64) error
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
	// Directory tells channel membership and e-mail addresses (the Slack
	// transport sets it). nil means the console: the user is in every
	// channel and an administrator unless it names a plan contact.
	Directory Directory
	// AlarmChannel is where /beredskap varsle posts (BEREDSKAP_CHANNEL, an
	// ID or "#name"); empty means alarms cannot be raised.
	AlarmChannel string

	actions   map[string]ui.ActionFunc
	views     map[string]ui.ViewFunc
	reminders *reminders.Tracker
	cards     atomic.Pointer[cardCache]
}

// RegisterAction routes presses of buttons with actionID to fn, replacing
// any handler it had.
func (h *Handler) RegisterAction(actionID string, fn ui.ActionFunc) {
	if h.actions == nil {
		h.actions = map[string]ui.ActionFunc{}
	}
	h.actions[actionID] = fn
}

// RegisterView routes submissions of forms with callbackID to fn.
func (h *Handler) RegisterView(callbackID string, fn ui.ViewFunc) {
	if h.views == nil {
		h.views = map[string]ui.ViewFunc{}
	}
	h.views[callbackID] = fn
}

// Route registers a feature's buttons and forms (such as the reminders').
func (h *Handler) Route(r ui.Routes) {
	for id, fn := range r.Actions {
		h.RegisterAction(id, fn)
	}
	for id, fn := range r.Views {
		h.RegisterView(id, fn)
	}
}

// Submit handles a submitted form. An unknown callback gets a polite
// answer, never a panic; an error is translated as a command's is.
func (h *Handler) Submit(ctx context.Context, req ui.Request, callbackID, metadata string, values map[string]string) ui.Response {
	fn, ok := h.views[callbackID]
	if !ok {
		return ui.Text("Ukjent skjema. Prøv kommandoen på nytt.")
	}
	r, err := fn(ctx, req, metadata, values)
	if err != nil {
		return h.errorResponse(req, err)
	}
	return r
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
	h.reminders = &reminders.Tracker{Plan: h.Plan, Store: store, Today: h.today, Log: h.Log, Allow: h.allowOwner}
	h.Route(h.reminders.Routes())
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

// errorResponse translates an error into the answer, once, at the edge:
// an error with a known code (apperr) shows its user message; an internal
// or unknown error is logged in full under a reference the user can
// quote, and the user gets a short apology with it. The log line names
// the command and channel, not the user or what they wrote.
func (h *Handler) errorResponse(req ui.Request, err error) ui.Response {
	if apperr.IsPublic(err) {
		return ui.Text(apperr.UserMessage(err))
	}
	ref := apperr.NewRef()
	h.Log.WithFields(logrus.Fields{"ref": ref, "command": req.Command, "channel": req.ChannelID, "code": apperr.CodeOf(err)}).WithError(err).Error("command failed")
	return ui.Text(apperr.Apology(ref) + " Ingenting er loggført fra denne kommandoen.")
}

// now returns the handler's clock reading.
func (h *Handler) now() time.Time { return h.Now() }
