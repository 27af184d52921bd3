package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// logDecision appends a decision to the incident's log and answers with
// its number and local time once it is on disk.
func (h *Handler) logDecision(ctx context.Context, req ui.Request, args string) ui.Response {
	if err := ui.CheckText(args, "beslutningen"); err != nil {
		return h.Refuse(req, "Ikke loggført", err)
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
	return h.logged(e)
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
	inc, err := h.store.IncidentByChannel(ctx, msg.Channel)
	if errors.Is(err, incident.ErrNotFound) {
		err = apperr.Wrap(err, apperr.NotFound, "Denne kanalen hører ikke til noen hendelse. Meldinger loggføres i kanalen til en hendelse.")
	}
	if err == nil && !h.CanSee(ctx, req, inc) {
		err = apperr.Wrap(incident.ErrNotFound, apperr.NotFound, "Denne kanalen hører ikke til noen hendelse. Meldinger loggføres i kanalen til en hendelse.")
	}
	if err == nil {
		err = h.AllowOn(ctx, req, access.Log, inc, "", "")
	}
	if err == nil {
		err = apperr.Refused("Ikke loggført", ui.CheckText(text, "meldingen"))
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
			err = apperr.Wrap(err, apperr.Conflict, fmt.Sprintf("Denne meldingen er allerede loggført som %s #%d.", entryWord(prev.Kind), prev.Seq))
		}
	}
	if err != nil {
		return h.ErrorResponse(req, err), err
	}
	return ui.Text(fmt.Sprintf("Loggført som %s #%d i «%s».", entryWord(e.Kind), e.Seq, ui.Escape(inc.Title))), nil
}

// entryWord names a kind of entry in running text: "beslutning".
func entryWord(k incident.EntryKind) string {
	if w := entryWords[k]; w != "" {
		return strings.ToLower(w)
	}
	return "logglinje"
}

// entryWords name the kinds of entry, capitalised.
var entryWords = map[incident.EntryKind]string{
	incident.EntryDecision:   "Beslutning",
	incident.EntryEvent:      "Hendelse",
	incident.EntryCorrection: "Korreksjon",
	incident.EntryRole:       "Rolle",
	incident.EntryStep:       "Tiltak",
	incident.EntryMeeting:    "Møte",
	incident.EntryOpened:     "Åpnet",
	incident.EntryClosed:     "Avsluttet",
	incident.EntryEvaluation: "Evaluering",
	incident.EntryReport:     "Situasjonsrapport",
}

func (h *Handler) logged(e incident.Entry) ui.Response {
	text := ui.EchoText(h.Plan(), e, h.Loc)
	return ui.Response{Text: text, Blocks: []ui.Block{{Kind: ui.BlockSection, Text: text}}}
}

// correct appends a correction that refers to an earlier entry; the
// earlier entry stays as it was.
func (h *Handler) correct(ctx context.Context, req ui.Request, args string) ui.Response {
	nr, text := cmdkit.FirstWord(args)
	seq, err := strconv.Atoi(strings.TrimPrefix(nr, "#"))
	if err != nil || seq < 1 {
		return ui.Text("Skriv nummeret på linjen som skal rettes og den riktige teksten, f.eks. `/beredskap korriger 7 Evakuering fra kl. 15, ikke 14`.")
	}
	if err := ui.CheckText(text, "den riktige teksten"); err != nil {
		return h.Refuse(req, "Ikke loggført", err)
	}
	inc, resp := h.IncidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	orig, err := h.store.Entry(ctx, inc.ID, seq)
	if errors.Is(err, incident.ErrNotFound) {
		return ui.Text(fmt.Sprintf("Loggen har ingen linje #%d. Se `/beredskap status`.", seq))
	}
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	if err := h.AllowOn(ctx, req, access.CorrectEntry, inc, "", orig.Author); err != nil {
		return h.ErrorResponse(req, err)
	}
	e, err := h.store.AppendEntry(ctx, incident.NewEntry{IncidentID: inc.ID, Kind: incident.EntryCorrection, Author: req.UserID, Text: text, Corrects: seq})
	if errors.Is(err, incident.ErrInvalid) {
		return ui.Text(fmt.Sprintf("Loggen har ingen linje #%d. Se `/beredskap status`.", seq))
	}
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	return h.logged(e)
}

// assignRole gives a role in the incident to a user and shows the card.
func (h *Handler) assignRole(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
	roleWord, rest := cmdkit.FirstWord(args)
	if roleWord == "" || rest == "" {
		return ui.Text("Skriv rollen og personen, f.eks. `/beredskap rolle kriseleder @kari`.")
	}
	r, miss := h.findRole(p, roleWord)
	if r == nil {
		return miss
	}
	user, ok := parseUser(rest)
	if !ok {
		return ui.Text(fmt.Sprintf("«%s» er ikke en bruker. Skriv `@navn`.", ui.Escape(rest)))
	}
	inc, resp := h.IncidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	if err := h.AllowOn(ctx, req, access.AssignRole, inc, r.ID, ""); err != nil {
		return h.ErrorResponse(req, err)
	}
	return h.giveRole(ctx, req, inc, r, user, fmt.Sprintf("Rolle %s: %s (tildelt av %s)", r.Title, ui.Mention(p, user), ui.Mention(p, req.UserID)))
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
	var from []string
	for _, hd := range subj.Holders {
		if hd.RoleID == r.ID {
			if hd.UserID == req.UserID {
				return ui.Text(fmt.Sprintf("Du har allerede rollen %s.", r.Title))
			}
			from = append(from, ui.Mention(p, hd.UserID))
		}
	}
	text := fmt.Sprintf("Rolle %s: %s (tok rollen)", r.Title, ui.Mention(p, req.UserID))
	if len(from) > 0 {
		text = fmt.Sprintf("Rolle %s overført fra %s til %s", r.Title, strings.Join(from, ", "), ui.Mention(p, req.UserID))
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
	at, err := parseClock(args, h.Now(), h.Loc)
	if err != nil {
		return h.Refuse(req, "Møtet er ikke satt", err)
	}
	inc, resp := h.IncidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	if err := h.AllowOn(ctx, req, access.SetMeeting, inc, "", ""); err != nil {
		return h.ErrorResponse(req, err)
	}
	text := "Neste statusmøte kl. " + at.In(h.Loc).Format("15:04")
	if at.In(h.Loc).YearDay() != h.Now().In(h.Loc).YearDay() {
		text = "Neste statusmøte " + ui.Stamp(at, h.Loc)
	}
	e, err := h.store.SetMeeting(ctx, inc.ID, at, req.UserID, text)
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	out := h.logged(e)
	out.Visibility = ui.InChannel
	out.Blocks = append(out.Blocks, ui.AgendaBlocks("Agenda for statusmøtet", h.Plan().Meetings.Status)...)
	out.Blocks = append(out.Blocks, ui.Block{Kind: ui.BlockContext, Text: "Påminnelse kommer 10 minutter før og når møtet starter."})
	return out
}
