package commands

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// logDecision appends a decision to the incident's log and answers with
// its number and local time once it is on disk.
func (h *Handler) logDecision(ctx context.Context, req ui.Request, args string) ui.Response {
	lang := h.Plan().Lang
	if strings.TrimSpace(args) == "" {
		if r, ok := h.recentEntries(ctx, req); ok {
			return r
		}
	}
	if err := ui.CheckTextIn(lang, args, h.Tr().T("cmd.log.what")); err != nil {
		return h.Refuse(req, h.Tr().T("cmd.log.refused"), err)
	}
	inc, resp := h.IncidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	if err := h.AllowOn(ctx, req, access.Log, inc, "", ""); err != nil {
		return h.ErrorResponse(req, err)
	}
	e, err := h.store.AppendEntry(ctx, incident.NewEntry{IncidentID: inc.ID, Kind: incident.EntryDecision, Author: req.UserID, Text: args})
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	return h.loggedAs(e, "")
}

// recentEntries answers "/beredskap logg" without text in an incident's
// channel with the last entries of its log, numbered, so the user sees
// which number to correct. ok is false outside an incident the user may
// see (the caller then asks for the text).
func (h *Handler) recentEntries(ctx context.Context, req ui.Request) (ui.Response, bool) {
	inc, err := h.store.IncidentByChannel(ctx, req.ChannelID)
	if err != nil || !h.CanSee(ctx, req, inc) {
		return ui.Response{}, false
	}
	entries, err := h.store.Entries(ctx, inc.ID)
	if err != nil {
		return h.ErrorResponse(req, err), true
	}
	if len(entries) > 10 {
		entries = entries[len(entries)-10:]
	}
	p, now := h.Plan(), h.Now()
	l := i18n.For(p.Lang)
	lines := []string{l.T("cmd.log.recent", i18n.Args{"Title": ui.Escape(inc.Title)})}
	for _, e := range entries {
		lines = append(lines, ui.EntryLine(p, e, now, h.Loc)+" _("+strings.ToLower(ui.KindLabel(p.Lang, e.Kind))+")_")
	}
	var b ui.Builder
	b.Section(strings.Join(lines, "\n"))
	b.Context(l.T("cmd.log.recent_hint"))
	return ui.Response{Text: l.T("cmd.log.recent", i18n.Args{"Title": ui.Escape(inc.Title)}), Blocks: b.Blocks}, true
}

// LogMessage logs a chat message in its channel's incident, once: as a
// decision (the message shortcut «Loggfør som beslutning») or an event
// (a 📌 reaction), by the user of req. It is the one path transports use
// for log entries that do not come from a slash command.
//
// "Once" is a property of the database: an entry keeps the message it
// logs (msg.Key()) under a UNIQUE index, so of any number of requests for
// the same message — in this process or another sharing the file — one
// stores it and the others are cmdkit.Answered «allerede loggført som … #N».
//
// The answer is for the user in every case. err is nil when the message
// was logged now; otherwise it says why not: apperr.Conflict when it was
// logged before, NotFound when the channel is not an incident's, and so
// on (an internal error is logged here, with the reference the answer
// quotes).
func (h *Handler) LogMessage(ctx context.Context, req ui.Request, msg ui.MessageRef, kind incident.EntryKind, text string) (ui.Response, error) {
	p := h.Plan()
	l := i18n.For(p.Lang)
	inc, err := h.store.IncidentByChannel(ctx, msg.Channel)
	if errors.Is(err, incident.ErrNotFound) {
		err = apperr.Wrap(err, apperr.NotFound, l.T("cmd.log.not_incident"))
	}
	if err == nil && !h.CanSee(ctx, req, inc) {
		err = apperr.Wrap(incident.ErrNotFound, apperr.NotFound, l.T("cmd.log.not_incident"))
	}
	if err == nil {
		err = h.AllowOn(ctx, req, access.Log, inc, "", "")
	}
	if err == nil {
		err = apperr.Refused(l.T("cmd.log.refused"), ui.CheckTextIn(p.Lang, text, l.T("cmd.log.message_what")))
	}
	var e incident.Entry
	if err == nil {
		source := msg.Permalink
		if source == "" {
			source = "slack:" + msg.Key()
		}
		e, err = h.store.AppendEntry(ctx, incident.NewEntry{IncidentID: inc.ID, Kind: kind, Author: req.UserID,
			Text: text, Source: source, SourceMessage: msg.Key()})
	}
	if errors.Is(err, incident.ErrConflict) {
		if prev, perr := h.store.EntryByMessage(ctx, msg.Key()); perr == nil {
			err = apperr.Wrap(err, apperr.Conflict, l.T("cmd.log.already", i18n.Args{"Kind": entryWord(p.Lang, prev.Kind), "Seq": prev.Seq}))
		}
	}
	if err != nil {
		return h.ErrorResponse(req, err), err
	}
	return ui.Text(l.T("cmd.log.done", i18n.Args{"Kind": entryWord(p.Lang, e.Kind), "Seq": e.Seq, "Title": ui.Escape(inc.Title)})), nil
}

// entryWord names a kind of entry in running text in lang:
// "beslutning", "beslut", "decision" (ui.KindLabel in lower case).
func entryWord(lang i18n.Lang, k incident.EntryKind) string {
	return strings.ToLower(ui.KindLabel(lang, k))
}

// logged answers a stored entry with its echo ("Beslutning #7 loggført
// 14:32 av …").
func (h *Handler) logged(e incident.Entry) ui.Response {
	text := ui.EchoText(h.Plan(), e, h.Loc)
	return ui.Response{Text: text, Blocks: []ui.Block{{Kind: ui.BlockSection, Text: text}}}
}

// loggedAs answers a decision or correction the user typed: its number
// first («Loggført som #7.», or lead when given), then the echo.
func (h *Handler) loggedAs(e incident.Entry, lead string) ui.Response {
	if lead == "" {
		lead = h.Tr().T("cmd.log.as", i18n.Args{"Seq": e.Seq})
	}
	echo := ui.EchoText(h.Plan(), e, h.Loc)
	return ui.Response{Text: lead + " " + echo, Blocks: []ui.Block{{Kind: ui.BlockSection, Text: lead + "\n" + echo}}}
}

// correctable tells whether entries of kind k may be corrected: what
// people wrote (decisions, observations, corrections). Role changes,
// meetings, steps, opening and closing are corrected by doing them again.
func correctable(k incident.EntryKind) bool {
	return k == incident.EntryDecision || k == incident.EntryEvent || k == incident.EntryCorrection
}

// correct appends a correction that refers to an earlier entry; the
// earlier entry stays as it was.
func (h *Handler) correct(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
	l := i18n.For(p.Lang)
	nr, text := cmdkit.FirstWord(args)
	seq, err := strconv.Atoi(strings.TrimPrefix(nr, "#"))
	if err != nil || seq < 1 {
		return ui.Text(l.T("cmd.correct.usage"))
	}
	if err := ui.CheckTextIn(p.Lang, text, l.T("cmd.correct.what")); err != nil {
		return h.Refuse(req, l.T("cmd.log.refused"), err)
	}
	inc, resp := h.IncidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	orig, err := h.store.Entry(ctx, inc.ID, seq)
	if errors.Is(err, incident.ErrNotFound) {
		return ui.Text(l.T("cmd.correct.no_line", i18n.Args{"Seq": seq}))
	}
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	if !correctable(orig.Kind) {
		return ui.Text(l.T("cmd.correct.kind", i18n.Args{"Seq": seq, "Kind": ui.KindLabel(p.Lang, orig.Kind)}))
	}
	if err := h.AllowOn(ctx, req, access.CorrectEntry, inc, "", orig.Author); err != nil {
		return h.ErrorResponse(req, err)
	}
	e, err := h.store.AppendEntry(ctx, incident.NewEntry{IncidentID: inc.ID, Kind: incident.EntryCorrection, Author: req.UserID, Text: text, Corrects: seq})
	if errors.Is(err, incident.ErrInvalid) {
		return ui.Text(l.T("cmd.correct.no_line", i18n.Args{"Seq": seq}))
	}
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	quote := strings.ReplaceAll(ui.SafeText(cmdkit.ClipText(orig.Text, 200)), "\n", " ")
	return h.loggedAs(e, l.T("cmd.correct.quote", i18n.Args{"New": e.Seq, "Seq": seq, "Text": quote}))
}

// assignRole gives a role in the incident to a user and shows the card.
func (h *Handler) assignRole(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
	l := i18n.For(p.Lang)
	roleWord, rest := cmdkit.FirstWord(args)
	if roleWord == "" || rest == "" {
		return ui.Text(l.T("cmd.role.usage"))
	}
	r, miss := h.findRole(p, roleWord)
	if r == nil {
		return miss
	}
	user, ok := parseUser(rest)
	if !ok {
		return ui.Text(l.T("cmd.role.not_user", i18n.Args{"Text": ui.Escape(rest)}))
	}
	inc, resp := h.IncidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	if err := h.AllowOn(ctx, req, access.AssignRole, inc, r.ID, ""); err != nil {
		return h.ErrorResponse(req, err)
	}
	return h.giveRole(ctx, req, inc, r, user, l.T("cmd.role.assigned", i18n.Args{"Role": r.Title, "Who": ui.Mention(p, user), "By": ui.Mention(p, req.UserID)}))
}

// takeRole is «Ta rollen» on a role card: the presser takes role r in
// inc. A role nobody holds can be taken by any plan member; a held role
// is a handover (access.TakeRole), logged «Rolle X overført fra @A til @B».
func (h *Handler) takeRole(ctx context.Context, req ui.Request, inc incident.Incident, r *plan.Role) ui.Response {
	subj, err := h.Subject(ctx, &inc)
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	subj.Role = r.ID
	if err := h.Allow(ctx, req, access.TakeRole, subj); err != nil {
		return h.ErrorResponse(req, err)
	}
	p := h.Plan()
	l := i18n.For(p.Lang)
	var from []string
	for _, hd := range subj.Holders {
		if hd.RoleID == r.ID {
			if hd.UserID == req.UserID {
				return ui.Text(l.T("cmd.role.already", i18n.Args{"Role": r.Title}))
			}
			from = append(from, ui.Mention(p, hd.UserID))
		}
	}
	text := l.T("cmd.role.took", i18n.Args{"Role": r.Title, "Who": ui.Mention(p, req.UserID)})
	if len(from) > 0 {
		text = l.T("cmd.role.handover", i18n.Args{"Role": r.Title, "From": strings.Join(from, ", "), "Who": ui.Mention(p, req.UserID)})
	}
	return h.giveRole(ctx, req, inc, r, req.UserID, text)
}

// giveRole records that user holds role r in inc, logged as text. The
// caller has checked access.
func (h *Handler) giveRole(ctx context.Context, req ui.Request, inc incident.Incident, r *plan.Role, user, text string) ui.Response {
	p := h.Plan()
	e, err := h.store.AssignRole(ctx, inc.ID, r.ID, user, req.UserID, text)
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	out := h.logged(e)
	out.Blocks = append(out.Blocks, ui.RoleBlocks(p, r, user, 0)...)
	return out
}

// meeting sets the next status meeting and shows its agenda.
func (h *Handler) meeting(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
	l := i18n.For(p.Lang)
	at, err := parseClock(p.Lang, args, h.Now(), h.Loc)
	if err != nil {
		return h.Refuse(req, l.T("cmd.meeting.refused"), err)
	}
	inc, resp := h.IncidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	if err := h.AllowOn(ctx, req, access.SetMeeting, inc, "", ""); err != nil {
		return h.ErrorResponse(req, err)
	}
	text := l.T("cmd.meeting.at", i18n.Args{"Time": ui.TimeIn(p.Lang, at, h.Loc)})
	if at.In(h.Loc).YearDay() != h.Now().In(h.Loc).YearDay() {
		text = l.T("cmd.meeting.on", i18n.Args{"At": ui.StampIn(p.Lang, at, h.Loc)})
	}
	e, err := h.store.SetMeeting(ctx, inc.ID, at, req.UserID, text)
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	out := h.logged(e)
	out.Visibility = ui.InChannel
	out.Blocks = append(out.Blocks, ui.AgendaBlocks(l.T("cmd.meeting.agenda"), p.Meetings.Status)...)
	out.Blocks = append(out.Blocks, ui.Block{Kind: ui.BlockContext, Text: l.T("cmd.meeting.reminder")})
	return out
}
