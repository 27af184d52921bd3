package continuity

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Store is what the tolerance clocks need from storage besides
// cmdkit.Store. storage.DB implements it; a store without it has no
// clocks (Section shows none, Affected fails).
type Store interface {
	RecordAffected(ctx context.Context, incidentID int64, functionID string, since time.Time, by, text string, warnings []incident.FunctionWarning) (incident.AffectedFunction, incident.Entry, error)
	RestoreAffected(ctx context.Context, incidentID int64, functionID, by, text string) (incident.AffectedFunction, incident.Entry, error)
	AffectedFunctions(ctx context.Context, incidentID int64) ([]incident.AffectedFunction, error)
}

// Affected records that the incident put a critical function out of
// service (since now, or since TT:MM today or, when that is ahead,
// yesterday), or that it was restored, and starts or stops its
// tolerance clock.
func Affected(ctx context.Context, e *cmdkit.Env, req ui.Request, args string) ui.Response {
	p := e.Plan()
	l := i18n.For(p.Lang)
	store, err := cmdkit.StoreAs[Store](e)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	inc, resp := e.IncidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	// Recording an outage writes to the log: whoever may log may.
	if err := e.AllowOn(ctx, req, access.Log, inc, "", ""); err != nil {
		return e.ErrorResponse(req, err)
	}
	words := strings.Fields(args)
	restore, sinceText := false, ""
	var name []string
	for i := 0; i < len(words); i++ {
		// kw.restored ends an outage (… gjenopprettet); kw.since
		// introduces the time it began (… siden 08:30).
		switch {
		case i > 0 && cmdkit.Keyword(words[i], "kw.restored"):
			restore = true
		case i > 0 && i+1 < len(words) && cmdkit.Keyword(words[i], "kw.since"):
			sinceText = words[i+1]
			i++
		default:
			name = append(name, words[i])
		}
	}
	if len(name) == 0 {
		return ui.Text(l.T("cmd.cont.affected.usage") + " " + l.T("cmd.cont.affected.hint", i18n.Args{"IDs": strings.Join(cmdkit.QuoteAll(functionIDs(p)), ", ")}))
	}
	f, msg := matchFunction(p, strings.Join(name, " "))
	if f == nil {
		return ui.Text(msg)
	}
	now := e.Now()
	if restore {
		cur, err := currentOutage(ctx, e, store, inc.ID, f.ID)
		if err != nil {
			return e.ErrorResponse(req, err)
		}
		if cur == nil {
			return ui.Text(l.T("cmd.cont.affected.not_out", i18n.Args{"Name": ui.Escape(f.Name)}))
		}
		dur := ui.ShortDuration(p.Lang, cur.Duration(now))
		_, entry, err := store.RestoreAffected(ctx, inc.ID, f.ID, req.UserID, l.T("cmd.cont.affected.restored_log", i18n.Args{"Name": f.Name, "Duration": dur}))
		if errors.Is(err, incident.ErrNotFound) {
			return ui.Text(l.T("cmd.cont.affected.not_out", i18n.Args{"Name": ui.Escape(f.Name)}))
		}
		if err != nil {
			return e.ErrorResponse(req, err)
		}
		return inChannel(l.T("cmd.cont.affected.restored", i18n.Args{"Name": ui.Escape(f.Name), "Duration": dur, "Seq": entry.Seq}))
	}
	since := now
	if sinceText != "" {
		t, ok := parseSince(sinceText, now, e.Loc)
		if !ok {
			return ui.Text(l.T("cmd.cont.affected.bad_time", i18n.Args{"Text": ui.Escape(sinceText)}))
		}
		since = t
	}
	var warnings []incident.FunctionWarning
	for _, w := range f.OutageWarnings(since, now) {
		warnings = append(warnings, incident.FunctionWarning{At: since.Add(w.After), Kind: w.Kind, Step: w.Step})
	}
	text := l.T("cmd.cont.affected.log", i18n.Args{"Name": f.Name, "Since": ui.ClockIn(p.Lang, since, now, e.Loc), "Tolerance": ui.ToleranceText(p.Lang, f)})
	_, entry, err := store.RecordAffected(ctx, inc.ID, f.ID, since, req.UserID, text, warnings)
	if errors.Is(err, incident.ErrConflict) {
		return ui.Text(l.T("cmd.cont.affected.already", i18n.Args{"Name": ui.Escape(f.Name)}))
	}
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	return inChannel(l.T("cmd.cont.affected.recorded", i18n.Args{"Name": ui.Escape(f.Name), "Since": ui.ClockIn(p.Lang, since, now, e.Loc),
		"Tolerance": ui.Escape(ui.ToleranceText(p.Lang, f)), "Seq": entry.Seq}))
}

// currentOutage returns the function's outage in the incident that is
// not yet restored, or nil.
func currentOutage(ctx context.Context, e *cmdkit.Env, store Store, incidentID int64, functionID string) (*incident.AffectedFunction, error) {
	all, err := store.AffectedFunctions(ctx, incidentID)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].FunctionID == functionID && all[i].Out() {
			return &all[i], nil
		}
	}
	return nil, nil
}

// parseSince reads TT:MM (or TT.MM, TTMM) as that time today in loc, or
// yesterday when today's is still ahead of now.
func parseSince(s string, now time.Time, loc *time.Location) (time.Time, bool) {
	s = strings.ReplaceAll(s, ".", ":")
	if len(s) == 4 && !strings.Contains(s, ":") {
		s = s[:2] + ":" + s[2:]
	}
	hs, ms, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(hs)
	mm, err2 := strconv.Atoi(ms)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(ms) != 2 {
		return time.Time{}, false
	}
	local := now.In(loc)
	t := time.Date(local.Year(), local.Month(), local.Day(), hh, mm, 0, 0, loc)
	if t.After(now) {
		t = time.Date(local.Year(), local.Month(), local.Day()-1, hh, mm, 0, 0, loc)
	}
	return t, true
}

// Section is the part of /beredskap status about the critical
// functions the incident affects: each one's time out against its
// tolerance and the consequence level now; "" when none is recorded.
func Section(ctx context.Context, e *cmdkit.Env, inc incident.Incident) (string, error) {
	store, ok := e.Store.(Store)
	if !ok {
		return "", nil // no clocks kept
	}
	all, err := store.AffectedFunctions(ctx, inc.ID)
	if err != nil || len(all) == 0 {
		return "", err
	}
	p, now := e.Plan(), e.Now()
	if !inc.Open() {
		now = inc.ClosedAt
	}
	lines := []string{i18n.For(p.Lang).T("cmd.cont.clock.title")}
	for _, a := range all {
		lines = append(lines, "• "+ui.AffectedClock(p, a, now))
	}
	return strings.Join(lines, "\n"), nil
}

// Hint is the line in the answer to /beredskap start that offers
// to record affected functions, listing the plan's functions by priority;
// "" when the plan has none.
func Hint(p *plan.Plan) string {
	if len(p.Functions) == 0 {
		return ""
	}
	return i18n.For(p.Lang).T("cmd.cont.affected.hint", i18n.Args{"IDs": strings.Join(cmdkit.QuoteAll(functionIDs(p)), ", ")})
}

// inChannel is ui.Text shown to the whole channel.
func inChannel(text string) ui.Response {
	r := ui.Text(text)
	r.Visibility = ui.InChannel
	return r
}
