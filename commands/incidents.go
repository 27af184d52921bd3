package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/commands/continuity"
	"github.com/beredskapsbot/beredskapsbot/commands/sitreps"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// start opens an incident: one per title within two minutes, the roles of
// the role cards assigned to their planned holders, the card's list.
func (h *Handler) start(ctx context.Context, req ui.Request, args string) ui.Response {
	if err := h.Allow(ctx, req, access.OpenIncident, access.Subject{}); err != nil {
		return h.ErrorResponse(req, err)
	}
	a, err := parseStart(h.Plan(), args)
	if err != nil {
		return h.Refuse(req, "Kunne ikke åpne hendelsen", err)
	}
	return h.openIncident(ctx, req, a)
}

// openIncident opens the incident a describes for the user of req, who
// may (access.OpenIncident, checked by the caller).
func (h *Handler) openIncident(ctx context.Context, req ui.Request, a startArgs) ui.Response {
	p := h.Plan()
	kind := incident.KindIncident
	if a.exercise {
		kind = incident.KindExercise
	}
	n := incident.NewIncident{Title: a.title, Kind: kind, Private: a.private, OpenedBy: req.UserID,
		ChannelName: ui.ChannelName(kind, a.title, h.Now(), h.Loc)}
	if a.private {
		n.ChannelName = ui.PrivateChannelName(kind, randomRef(), h.Now(), h.Loc)
	}
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
	inc, created, err := h.store.CreateIncident(ctx, n)
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	if !created && !h.CanSee(ctx, req, inc) {
		return ui.Text("En skjermet hendelse med samme tittel ble nettopp åpnet, så det blir ikke en ny. Ta kontakt med kriseleder eller beredskapskoordinator hvis du skal være med.")
	}
	if !created {
		where := "Kanalen opprettes nå."
		if inc.ChannelID != "" {
			where = "Gå til " + cmdkit.ChannelLink(inc) + "."
		}
		out := ui.Text(fmt.Sprintf("«%s» ble åpnet %s av %s – det er samme %s, så det blir ikke en ny. %s",
			ui.Escape(inc.Title), ui.Clock(inc.OpenedAt, h.Now(), h.Loc), ui.Mention(p, inc.OpenedBy), ui.KindWord(inc.Kind), where))
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
		b.Blocks = append(b.Blocks, ui.CardBlocks(p, a.card, map[int]incident.StepDone{}, inc.ID, false, h.Loc, h.Now())...)
	}
	if hint := continuity.Hint(p); hint != "" {
		b.Context(hint)
	}
	b.Context("Alle beslutninger loggføres: `/beredskap logg &lt;tekst&gt;`.")
	return ui.Response{
		Text:   fmt.Sprintf("%s åpnet: %s", ui.Capital(ui.KindWord(kind)), ui.Escape(a.title)),
		Blocks: b.Blocks,
		Opened: &ui.OpenedIncident{IncidentID: inc.ID, ChannelName: n.ChannelName, Private: a.private},
	}
}

// openTitled opens an incident titled title, as start does without
// arguments but the title (an alarm's «Åpne hendelse»).
func (h *Handler) openTitled(ctx context.Context, req ui.Request, title string) ui.Response {
	return h.openIncident(ctx, req, startArgs{title: title})
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

// status shows the incident of the channel at a glance.
func (h *Handler) status(ctx context.Context, req ui.Request, args string) ui.Response {
	inc, resp := h.IncidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	p, now := h.Plan(), h.Now()
	entries, err := h.store.Entries(ctx, inc.ID)
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	roles, err := h.store.Assignments(ctx, inc.ID)
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	steps, err := h.store.Steps(ctx, inc.ID)
	if err != nil {
		return h.ErrorResponse(req, err)
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
	info = append(info, sitreps.StatusLines(ctx, &h.Env, inc)...)
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
	if af, err := continuity.Section(ctx, &h.Env, inc); err != nil {
		return h.ErrorResponse(req, err)
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
	return ui.Response{Text: "Status: " + ui.Escape(inc.Title), Blocks: b.Blocks, Visibility: ui.InChannel}
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
	return h.OpenList(ctx, req, "")
}
