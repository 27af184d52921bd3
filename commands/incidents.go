package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// start opens an incident: one per title within two minutes, the roles of
// the role cards assigned to their planned holders, the card's list.
func (h *Handler) start(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
	a, err := parseStart(p, args)
	if err != nil {
		return h.refuse(req, "Kunne ikke åpne hendelsen", err)
	}
	kind := incident.KindIncident
	if a.exercise {
		kind = incident.KindExercise
	}
	n := incident.NewIncident{Title: a.title, Kind: kind, Private: a.private, OpenedBy: req.UserID,
		ChannelName: ui.ChannelName(kind, a.title, h.now(), h.Loc)}
	if a.card != nil {
		n.CardID = a.card.ID
	}
	if l := p.ListFor(a.card); l != nil {
		n.ListID = l.ID
	}
	var roleLines, roleTexts []string
	for _, r := range p.Roles {
		holder := h.plannedHolder(p, r)
		if holder == "" {
			continue
		}
		n.Roles = append(n.Roles, incident.RoleHolder{RoleID: r.ID, UserID: holder})
		roleLines = append(roleLines, "• *"+r.Title+":* "+ui.Mention(p, holder))
		roleTexts = append(roleTexts, r.Title+": "+ui.Mention(p, holder))
	}
	if len(roleTexts) > 0 {
		n.OpenedText = a.title + " (roller fra rollekortene: " + strings.Join(roleTexts, "; ") + ")"
	}
	inc, created, err := h.Store.CreateIncident(ctx, n)
	if err != nil {
		return h.errorResponse(req, err)
	}
	if !created {
		where := "Kanalen opprettes nå."
		if inc.ChannelID != "" {
			where = "Gå til " + channelLink(inc) + "."
		}
		out := ui.Text(fmt.Sprintf("«%s» ble åpnet %s av %s – det er samme %s, så det blir ikke en ny. %s",
			ui.Escape(inc.Title), ui.Clock(inc.OpenedAt, h.now(), h.Loc), ui.Mention(p, inc.OpenedBy), ui.KindWord(inc.Kind), where))
		out.Opened = &ui.OpenedIncident{IncidentID: inc.ID, ChannelName: inc.ChannelName, Private: inc.Private, Existing: true, ChannelID: inc.ChannelID}
		return out
	}
	var b ui.Builder
	b.Header(ui.Capital(ui.KindWord(kind)) + " åpnet: " + a.title)
	info := []string{
		fmt.Sprintf("*Kanal:* #%s", n.ChannelName),
		fmt.Sprintf("*Åpnet:* %s av %s", ui.Stamp(inc.OpenedAt, h.Loc), ui.Mention(p, req.UserID)),
	}
	if l := p.List(n.ListID); l != nil {
		info = append(info, fmt.Sprintf("*Varslingsliste:* %s (%d personer) – `/varsling`", l.Name, countContacts(l)))
	}
	if a.private {
		info = append(info, "*Skjermet:* privat kanal")
	}
	b.Section(strings.Join(info, "\n"))
	if len(roleLines) > 0 {
		b.Section("*Roller fra rollekortene* (endre med `/beredskap rolle &lt;rolle&gt; @person`):\n" + strings.Join(roleLines, "\n"))
	}
	b.Blocks = append(b.Blocks, ui.AgendaBlocks("Agenda for førstemøtet", p.Meetings.First)...)
	if a.card != nil {
		b.Blocks = append(b.Blocks, ui.CardBlocks(p, a.card, map[int]incident.StepDone{}, inc.ID, false, h.Loc, h.now())...)
	}
	if hint := affectedHint(p); hint != "" {
		b.Context(hint)
	}
	b.Context("Alle beslutninger loggføres: `/beredskap logg &lt;tekst&gt;`.")
	return ui.Response{
		Text:   fmt.Sprintf("%s åpnet: %s", ui.Capital(ui.KindWord(kind)), a.title),
		Blocks: b.Blocks,
		Opened: &ui.OpenedIncident{IncidentID: inc.ID, ChannelName: n.ChannelName, Private: a.private},
	}
}

// plannedHolder returns the user who gets a role at start: its first
// holder in the role card.
func (h *Handler) plannedHolder(p *plan.Plan, r *plan.Role) string {
	for _, id := range r.Holders {
		if c := p.Contact(id); c != nil {
			return ui.ContactUser(c)
		}
	}
	return ""
}

func countContacts(l *plan.NotificationList) int {
	n := 0
	for _, g := range l.Groups {
		n += len(g.Contacts)
	}
	return n
}

func channelLink(inc incident.Incident) string {
	if inc.ChannelID == "" {
		return "#" + inc.ChannelName
	}
	return "<#" + inc.ChannelID + "|" + inc.ChannelName + ">"
}

// incidentFor finds the incident of the channel the command was typed
// in. When there is none, the second result is the answer to give: it
// says so and lists the open incidents.
func (h *Handler) incidentFor(ctx context.Context, req ui.Request) (incident.Incident, *ui.Response) {
	inc, err := h.Store.IncidentByChannel(ctx, req.ChannelID)
	if err == nil {
		return inc, nil
	}
	if !errors.Is(err, incident.ErrNotFound) {
		r := h.errorResponse(req, err)
		return inc, &r
	}
	r := h.openList(ctx, req, "Denne kommandoen brukes i kanalen til en hendelse, og denne kanalen hører ikke til noen.")
	return inc, &r
}

// status shows the incident of the channel at a glance.
func (h *Handler) status(ctx context.Context, req ui.Request, args string) ui.Response {
	inc, resp := h.incidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	p, now := h.Plan(), h.now()
	entries, err := h.Store.Entries(ctx, inc.ID)
	if err != nil {
		return h.errorResponse(req, err)
	}
	roles, err := h.Store.Assignments(ctx, inc.ID)
	if err != nil {
		return h.errorResponse(req, err)
	}
	steps, err := h.Store.Steps(ctx, inc.ID)
	if err != nil {
		return h.errorResponse(req, err)
	}
	var b ui.Builder
	state := "pågår"
	if !inc.Open() {
		state = "avsluttet " + ui.Stamp(inc.ClosedAt, h.Loc)
	}
	b.Header("Status: " + inc.Title)
	info := []string{
		fmt.Sprintf("*Type:* %s · *Status:* %s", ui.KindWord(inc.Kind), state),
		fmt.Sprintf("*Åpnet:* %s av %s (%s siden)", ui.Stamp(inc.OpenedAt, h.Loc), ui.Mention(p, inc.OpenedBy), Since(now.Sub(inc.OpenedAt))),
	}
	if !inc.NextMeeting.IsZero() && inc.NextMeeting.After(now) {
		info = append(info, "*Neste statusmøte:* "+ui.Clock(inc.NextMeeting, now, h.Loc))
	} else {
		info = append(info, "*Neste statusmøte:* ikke satt – `/beredskap møte TT:MM`")
	}
	b.Section(strings.Join(info, "\n"))
	var rl []string
	for _, a := range roles {
		if !a.EndedAt.IsZero() {
			continue
		}
		title := a.RoleID
		if r := p.Role(a.RoleID); r != nil {
			title = r.Title
		}
		rl = append(rl, "• *"+title+":* "+ui.Mention(p, a.UserID))
	}
	if len(rl) > 0 {
		b.Section("*Roller*\n" + strings.Join(rl, "\n"))
	}
	if pl := cardProgress(p, inc, steps); pl != "" {
		b.Section("*Tiltakskort*\n" + pl)
	}
	if af, err := h.affectedSection(ctx, inc); err != nil {
		return h.errorResponse(req, err)
	} else if af != "" {
		b.Section(af)
	}
	var decisions []string
	for _, e := range entries {
		if e.Kind == incident.EntryDecision || e.Kind == incident.EntryCorrection || e.Kind == incident.EntryEvent {
			decisions = append(decisions, ui.EntryLine(p, e, now, h.Loc))
		}
	}
	if len(decisions) > 5 {
		decisions = decisions[len(decisions)-5:]
	}
	if len(decisions) == 0 {
		b.Section("*Siste beslutninger*\n_Ingen ennå._ `/beredskap logg &lt;tekst&gt;`")
	} else {
		b.Section("*Siste beslutninger*\n" + strings.Join(decisions, "\n"))
	}
	b.Context(fmt.Sprintf("%d linjer i loggen.", len(entries)))
	return ui.Response{Text: "Status: " + inc.Title, Blocks: b.Blocks, Visibility: ui.InChannel}
}

// cardProgress lists each action card used in the incident with its
// progress ("Strømbrudd: 3/7").
func cardProgress(p *plan.Plan, inc incident.Incident, steps []incident.StepDone) string {
	count := map[string]int{}
	for _, s := range steps {
		count[s.CardID]++
	}
	if inc.CardID != "" {
		if _, ok := count[inc.CardID]; !ok {
			count[inc.CardID] = 0
		}
	}
	var lines []string
	for _, id := range sortedIDs(count) {
		title, total := id, 0
		if c := p.Card(id); c != nil {
			title, total = c.Title, len(c.Steps)
		}
		lines = append(lines, fmt.Sprintf("• %s: %d/%d steg utført", title, count[id], total))
	}
	return strings.Join(lines, "\n")
}

// Since words a duration roughly: "3 t 12 min", "5 min", "2 d 4 t".
func Since(d time.Duration) string {
	if d < time.Minute {
		return "under 1 min"
	}
	m := int(d.Minutes())
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m < 24*60:
		return fmt.Sprintf("%d t %d min", m/60, m%60)
	}
	return fmt.Sprintf("%d d %d t", m/(24*60), (m/60)%24)
}

// list shows the open incidents.
func (h *Handler) list(ctx context.Context, req ui.Request, args string) ui.Response {
	return h.openList(ctx, req, "")
}

func (h *Handler) openList(ctx context.Context, req ui.Request, lead string) ui.Response {
	open, err := h.Store.OpenIncidents(ctx)
	if err != nil {
		return h.errorResponse(req, err)
	}
	p, now := h.Plan(), h.now()
	var b ui.Builder
	if lead != "" {
		b.Section(lead)
	}
	if len(open) == 0 {
		b.Section("Ingen åpne hendelser. Åpne en med `/beredskap start &lt;tittel&gt;`.")
		return ui.Response{Text: strings.TrimSpace(lead + " Ingen åpne hendelser."), Blocks: b.Blocks}
	}
	lines := []string{"*Åpne hendelser*"}
	for _, inc := range open {
		lines = append(lines, fmt.Sprintf("• %s *%s* (%s) – åpnet %s av %s", channelLink(inc), ui.Escape(inc.Title), ui.KindWord(inc.Kind), ui.Clock(inc.OpenedAt, now, h.Loc), ui.Mention(p, inc.OpenedBy)))
	}
	b.Section(strings.Join(lines, "\n"))
	return ui.Response{Text: fmt.Sprintf("%d åpne hendelser", len(open)), Blocks: b.Blocks}
}

// closeIncident asks for confirmation before it ends the incident: a
// button in Slack, "/beredskap avslutt bekreft [oppsummering]" where
// buttons cannot be pressed (the console) or to skip the question.
func (h *Handler) closeIncident(ctx context.Context, req ui.Request, args string) ui.Response {
	inc, resp := h.incidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	if !inc.Open() {
		return h.alreadyClosed(inc)
	}
	confirmed := false
	if word, rest := firstWord(args); plan.Fold(word) == "bekreft" {
		confirmed, args = true, rest
	}
	if err := checkSummary(args); err != nil {
		return h.refuse(req, "Kunne ikke avslutte", err)
	}
	if confirmed {
		return h.closeNow(ctx, req, inc, args)
	}
	return h.confirmCloseQuestion(inc, args)
}

// maxButtonValue is Slack's limit on a button's value; a longer summary
// cannot ride on the confirmation button.
const maxButtonValue = 2000

// confirmCloseQuestion asks "Avslutte …?" with the normalisation
// checklist to go through first.
func (h *Handler) confirmCloseQuestion(inc incident.Incident, summary string) ui.Response {
	p := h.Plan()
	kind := ui.KindWord(inc.Kind)
	var b ui.Builder
	b.Header(fmt.Sprintf("Avslutte %s «%s»?", kind+"n", inc.Title))
	b.Section(fmt.Sprintf("Når %sn er avsluttet, kan ingen flere beslutninger loggføres. Kanalen får emnet «AVSLUTTET», sjekklisten for normalisering og evalueringsspørsmålene, og rapporten lastes opp.", kind))
	if strings.TrimSpace(summary) != "" {
		b.Section("*Oppsummering:* " + ui.SafeText(summary))
	}
	if len(p.Meetings.Normalisation) > 0 {
		b.Section("*Sjekk før du avslutter (normalisering)*\n• " + strings.Join(p.Meetings.Normalisation, "\n• "))
	}
	value := strconv.FormatInt(inc.ID, 10)
	if s := strings.TrimSpace(summary); s != "" {
		value += ":" + s
	}
	id := strconv.FormatInt(inc.ID, 10)
	if len(value) <= maxButtonValue {
		b.Buttons(
			ui.Button{ActionID: ui.ActionConfirmClose, Text: "Avslutt " + kind + "n", Value: value, Style: "danger"},
			ui.Button{ActionID: ActionCancelClose, Text: "Avbryt", Value: id},
		)
		b.Context("Uten knapper (konsollen): `/beredskap avslutt bekreft [oppsummering]`.")
	} else {
		b.Context("Oppsummeringen er for lang for knappen. Avslutt med `/beredskap avslutt bekreft &lt;oppsummering&gt;`.")
	}
	return ui.Response{Text: fmt.Sprintf("Avslutte «%s»?", inc.Title), Blocks: b.Blocks}
}

// confirmClose closes the incident when the confirmation button is
// pressed; value is "<incident>[:<oppsummering>]".
func (h *Handler) confirmClose(ctx context.Context, req ui.Request, value string) ui.Response {
	inc, resp := h.incidentByValue(ctx, req, value)
	if resp != nil {
		resp.ReplaceOriginal = true
		return *resp
	}
	_, summary, _ := strings.Cut(value, ":")
	var out ui.Response
	if !inc.Open() {
		out = h.alreadyClosed(inc)
	} else {
		out = h.closeNow(ctx, req, inc, summary)
	}
	out.ReplaceOriginal = true
	return out
}

// cancelClose answers "Avbryt" on the confirmation.
func (h *Handler) cancelClose(ctx context.Context, req ui.Request, value string) ui.Response {
	out := ui.Text("Avbrutt – hendelsen er ikke avsluttet.")
	if inc, resp := h.incidentByValue(ctx, req, value); resp == nil {
		out = ui.Text(fmt.Sprintf("Avbrutt – «%s» er ikke avsluttet.", ui.Escape(inc.Title)))
	}
	out.ReplaceOriginal = true
	return out
}

func (h *Handler) alreadyClosed(inc incident.Incident) ui.Response {
	return ui.Text(fmt.Sprintf("«%s» ble avsluttet %s av %s.", ui.Escape(inc.Title), ui.Stamp(inc.ClosedAt, h.Loc), ui.Mention(h.Plan(), inc.ClosedBy)))
}

// closeNow ends the incident (normalisering) and shows the closer the
// normalisation checklist and the evaluation questions. The channel gets
// them through the incident.closed outbox item, with the topic and the
// report, so this answer is only for the closer.
func (h *Handler) closeNow(ctx context.Context, req ui.Request, inc incident.Incident, summary string) ui.Response {
	inc, entry, err := h.Store.CloseIncident(ctx, inc.ID, req.UserID, strings.TrimSpace(summary))
	if errors.Is(err, incident.ErrIncidentClosed) {
		if cur, err := h.Store.Incident(ctx, inc.ID); err == nil {
			return h.alreadyClosed(cur)
		}
	}
	if err != nil {
		return h.errorResponse(req, err)
	}
	p := h.Plan()
	var b ui.Builder
	b.Header(ui.Capital(ui.KindWord(inc.Kind)) + " avsluttet: " + inc.Title)
	b.Section(fmt.Sprintf("Avsluttet %s av %s (logglinje #%d).", ui.Stamp(inc.ClosedAt, h.Loc), ui.Mention(p, req.UserID), entry.Seq))
	if len(p.Meetings.Normalisation) > 0 {
		b.Section("*Normalisering*\n• " + strings.Join(p.Meetings.Normalisation, "\n• "))
	}
	if len(p.Meetings.Evaluation) > 0 {
		var qs []string
		for i, q := range p.Meetings.Evaluation {
			qs = append(qs, fmt.Sprintf("%d. %s", i+1, q))
		}
		b.Section("*Evaluering*\n" + strings.Join(qs, "\n"))
	}
	// An exercise is recorded in the årshjul (or the closer is asked which one it was).
	b.Blocks = append(b.Blocks, h.ExerciseClosed(ctx, req, inc)...)
	b.Buttons(ui.Button{ActionID: ui.ActionOpenEvaluation, Text: "Svar på evalueringen", Value: strconv.FormatInt(inc.ID, 10), Style: "primary"})
	b.Context(fmt.Sprintf("Svar med `/beredskap evaluer &lt;nr&gt; &lt;tekst&gt;` (skriv `plan:` foran forslag til planendring). Rapporten lastes opp i kanalen; `beredskapsbot export --incident %d` lager den på nytt.", inc.ID))
	return ui.Response{Text: "Avsluttet: " + inc.Title, Blocks: b.Blocks}
}

func checkSummary(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return checkText(s, "en oppsummering")
}
