// Package cmdkit holds what every command of Beredskapsbot needs: the
// environment a command runs in (Env: the plan, the store, the clock, the
// time zone, the directory, the logger), access checks that record
// refusals, finding the incident a command, button or form concerns,
// translating errors into answers once, and small parsing helpers.
//
// Package commands (the command table, dispatch and the incident
// lifecycle) and its feature packages (sitreps, followups, continuity,
// alarms, arshjul) import it; it imports none of them.
package cmdkit

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Store is what the Env and most commands read and write: incidents,
// their logs and role holders, and refused attempts. storage.DB
// implements it. Each feature package declares the rest it needs.
type Store interface {
	Incident(ctx context.Context, id int64) (incident.Incident, error)
	IncidentByChannel(ctx context.Context, channelID string) (incident.Incident, error)
	OpenIncidents(ctx context.Context) ([]incident.Incident, error)
	Assignments(ctx context.Context, incidentID int64) ([]incident.Assignment, error)
	AppendEntry(ctx context.Context, n incident.NewEntry) (incident.Entry, error)
	Entries(ctx context.Context, incidentID int64) ([]incident.Entry, error)
	AddRefusal(ctx context.Context, r incident.Refusal) error
}

// Env is the environment commands run in. commands.Handler embeds it and
// hands its address to the feature packages' commands, so a field set
// after commands.New (Now, Directory, …) is seen by every command.
type Env struct {
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
	// PDFAvailable tells whether a PDF can be made (the binder); nil
	// means pdf.Available. Tests set it.
	PDFAvailable func() bool
}

// RunFunc is a command of a feature package: it runs with args (the text
// after the command word) for the user of req and returns the answer,
// never an error (ErrorResponse translates failures).
type RunFunc func(ctx context.Context, e *Env, req ui.Request, args string) ui.Response

// Plan returns the plan in use.
func (e *Env) Plan() *plan.Plan { return e.plan.Load() }

// SetPlan replaces the plan in use (after the coordinator edited it); the
// commands in flight finish with the plan they started with. Loc becomes
// the plan's time zone unless it is set.
func (e *Env) SetPlan(p *plan.Plan) {
	e.plan.Store(p)
	e.Loc = plan.Zone(e.Loc, p)
}

// Today is the local date on the Env's clock.
func (e *Env) Today() plan.Date { return plan.DateOf(e.Now(), e.Loc) }

// Tr returns the localizer of the plan's language.
func (e *Env) Tr() *i18n.Localizer { return i18n.For(e.Plan().Lang) }

// ErrorResponse translates an error into the answer, once, at the edge:
// an error with a known code (apperr) shows its user message; an internal
// or unknown error is logged in full under a reference the user can
// quote, and the user gets a short apology with it. The log line names
// the command and channel, not the user or what they wrote.
func (e *Env) ErrorResponse(req ui.Request, err error) ui.Response {
	if apperr.IsPublic(err) {
		return ui.Text(apperr.UserMessage(err))
	}
	ref := apperr.NewRef()
	e.Log.WithFields(logrus.Fields{"ref": ref, "command": req.Command, "channel": req.ChannelID, "code": apperr.CodeOf(err)}).WithError(err).Error("command failed")
	return ui.Text(e.Tr().T("cmdkit.apology", i18n.Args{"Ref": ref}) + " " + e.Tr().T("cmdkit.nothing_logged"))
}

// Refuse answers input refused before anything was stored:
// "<lead>: <reason>." (apperr.Refused), through ErrorResponse.
func (e *Env) Refuse(req ui.Request, lead string, err error) ui.Response {
	return e.ErrorResponse(req, apperr.Refused(lead, err))
}

// StoreAs returns the Env's store as S, the interface a feature package
// declares. commands.New takes a store with every feature's methods, so
// it fails only for a store made for a test; the error is apperr.Internal.
func StoreAs[S any](e *Env) (S, error) {
	s, ok := e.Store.(S)
	if !ok {
		var zero S
		return zero, apperr.New(apperr.Internal, fmt.Sprintf("the store does not implement %T", (*S)(nil)))
	}
	return s, nil
}
