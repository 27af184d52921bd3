// Package commands holds the slash-command handlers of Beredskapsbot. A
// handler takes a ui.Request and returns a ui.Response value; the
// transports (Slack in bot/, the local console) render it. One literal
// command table (table.go) drives dispatch, help text and the Slack app
// manifest; it names the incident-lifecycle commands of this package and
// the commands of the feature packages beside it (sitreps, followups,
// continuity, alarms, arshjul), which share the environment of package
// cmdkit. Handler routes every button and form.
//
// Adding a command to a feature package: write it there as a
// cmdkit.RunFunc (func(ctx, e *cmdkit.Env, req, args) ui.Response),
// declare the store methods it needs in the package's Store (checked
// against *storage.DB in stores_test.go and embedded in this package's
// Store), register its buttons and forms in the package's Routes, and add
// a row to the table with run: feature(pkg.Func).
package commands

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/commands/alarms"
	"github.com/beredskapsbot/beredskapsbot/commands/arshjul"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/commands/continuity"
	"github.com/beredskapsbot/beredskapsbot/commands/followups"
	"github.com/beredskapsbot/beredskapsbot/commands/sitreps"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Store is what the handlers need from storage: the incident lifecycle's
// methods and every feature package's store. storage.DB implements it.
type Store interface {
	cmdkit.Store
	CreateIncident(ctx context.Context, n incident.NewIncident) (incident.Incident, bool, error)
	CloseIncident(ctx context.Context, id int64, by, summary string) (incident.Incident, incident.Entry, error)
	EntryByMessage(ctx context.Context, key string) (incident.Entry, error)
	AssignRole(ctx context.Context, incidentID int64, roleID, userID, by, text string) (incident.Entry, error)
	CompleteStep(ctx context.Context, incidentID int64, cardID string, step int, by, text string) (incident.Entry, error)
	Steps(ctx context.Context, incidentID int64) ([]incident.StepDone, error)
	SetMeeting(ctx context.Context, incidentID int64, at time.Time, by, text string) (incident.Entry, error)
	AddEvaluation(ctx context.Context, e incident.Evaluation) (incident.Evaluation, error)
	Entry(ctx context.Context, incidentID int64, seq int) (incident.Entry, error)
	SaveCloseDraft(ctx context.Context, incidentID int64, by, summary string) (int64, error)
	CloseDraft(ctx context.Context, incidentID, id int64) (string, error)
	DeleteCloseDrafts(ctx context.Context, incidentID int64) error
	Redactor

	// The feature packages' stores.
	sitreps.Store
	followups.Store
	continuity.Store
	continuity.OutboxStore
	alarms.Store
	arshjul.Store
}

// Directory answers what the plan cannot tell about a Slack user (channel
// membership, the Slack e-mail address); see cmdkit.Directory.
type Directory = cmdkit.Directory

// Handler runs commands against a plan and a store. The Env's Now, Loc,
// Log, Directory, AlarmChannel and PDFAvailable may be set after New,
// before the first command, and the plan replaced with SetPlan at any
// time; the store is the one given to New (Env.Store is the same value).
type Handler struct {
	cmdkit.Env
	store Store // Env.Store, with the lifecycle's methods

	actions map[string]ui.ActionFunc
	views   map[string]ui.ViewFunc
	cards   atomic.Pointer[cardCache]
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
		return ui.Text(h.Tr().T("cmd.form.unknown"))
	}
	r, err := fn(ctx, req, metadata, values)
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	return r
}

// New returns a handler for the plan and store. loc overrides the plan's
// time zone when not nil.
func New(p *plan.Plan, store Store, loc *time.Location, log logrus.FieldLogger) *Handler {
	h := &Handler{store: store}
	h.Store, h.Now, h.Loc, h.Log = store, time.Now, loc, log
	if h.Log == nil {
		l := logrus.New()
		l.SetLevel(logrus.WarnLevel)
		h.Log = l
	}
	h.SetPlan(p)
	h.Route(arshjul.Routes(&h.Env, store)) // the reminders' buttons and form
	h.registerClosing()
	h.Route(sitreps.Routes(&h.Env))
	h.Route(alarms.Routes(&h.Env, h.openTitled))
	h.registerPhones()
	return h
}
