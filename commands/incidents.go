package commands

import (
	"context"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/commands/continuity"
	"github.com/beredskapsbot/beredskapsbot/commands/sitreps"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
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
		return h.Refuse(req, h.Tr().T("cmd.start.refused"), err)
	}
	return h.openIncident(ctx, req, a)
}

// openIncident opens the incident a describes for the user of req, who
// may (access.OpenIncident, checked by the caller).
func (h *Handler) openIncident(ctx context.Context, req ui.Request, a startArgs) ui.Response {
	p := h.Plan()
	l := i18n.For(p.Lang)
	kind := incident.KindIncident
	if a.exercise {
		kind = incident.KindExercise
	}
	n := incident.NewIncident{Title: a.title, Kind: kind, Private: a.private, OpenedBy: req.UserID,
		ChannelName: ui.ChannelNameIn(p.Lang, kind, a.title, h.Now(), h.Loc)}
	if a.private {
		n.ChannelName = ui.PrivateChannelNameIn(p.Lang, kind, randomRef(), h.Now(), h.Loc)
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
		n.OpenedText = l.T("cmd.start.roles_text", i18n.Args{"Title": a.title, "Roles": strings.Join(roleTexts, "; ")})
	}
	inc, created, err := h.store.CreateIncident(ctx, n)
	if err != nil {
		return h.ErrorResponse(req, err)
	}
	if !created && !h.CanSee(ctx, req, inc) {
		return ui.Text(l.T("cmd.start.private_exists"))
	}
	if !created {
		where := l.T("cmd.start.channel_pending")
		if inc.ChannelID != "" {
			where = l.T("cmd.start.go_to", i18n.Args{"Channel": cmdkit.ChannelLink(inc)})
		}
		out := ui.Text(l.T("cmd.start.existing", i18n.Args{"Title": ui.Escape(inc.Title), "Clock": ui.ClockIn(p.Lang, inc.OpenedAt, h.Now(), h.Loc),
			"Who": ui.Mention(p, inc.OpenedBy), "Kind": ui.KindWordIn(p.Lang, inc.Kind), "Where": where}))
		out.Opened = &ui.OpenedIncident{IncidentID: inc.ID, ChannelName: inc.ChannelName, Private: inc.Private, Existing: true, ChannelID: inc.ChannelID}
		return out
	}
	var b ui.Builder
	kindWord := ui.Capital(ui.KindWordIn(p.Lang, kind))
	b.Header(l.T("cmd.start.header", i18n.Args{"Kind": kindWord, "Title": a.title}))
	info := []string{
		l.T("cmd.start.channel", i18n.Args{"Name": n.ChannelName}),
		l.T("cmd.start.opened", i18n.Args{"At": ui.StampIn(p.Lang, inc.OpenedAt, h.Loc), "Who": ui.Mention(p, req.UserID)}),
	}
	if nl := p.List(n.ListID); nl != nil {
		info = append(info, l.T("cmd.start.list", i18n.Args{"Name": nl.Name, "Count": countContacts(nl)}))
	}
	if a.private {
		info = append(info, l.T("cmd.start.private"))
	}
	b.Section(strings.Join(info, "\n"))
	if len(roleLines) > 0 {
		b.Section(l.T("cmd.start.roles") + "\n" + strings.Join(roleLines, "\n"))
	}
	b.Blocks = append(b.Blocks, ui.AgendaBlocks(l.T("ui.agenda.first"), p.Meetings.First)...)
	if a.card != nil {
		b.Blocks = append(b.Blocks, ui.CardBlocks(p, a.card, map[int]incident.StepDone{}, inc.ID, false, h.Loc, h.Now())...)
	}
	if hint := continuity.Hint(p); hint != "" {
		b.Context(hint)
	}
	b.Context(l.T("cmd.start.log_hint"))
	return ui.Response{
		Text:   l.T("cmd.start.header", i18n.Args{"Kind": kindWord, "Title": ui.Escape(a.title)}),
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
	l := i18n.For(p.Lang)
	var b ui.Builder
	state := l.T("cmd.status.ongoing")
	if !inc.Open() {
		state = l.T("cmd.status.closed", i18n.Args{"At": ui.StampIn(p.Lang, inc.ClosedAt, h.Loc)})
	}
	b.Header(l.T("cmd.status.header", i18n.Args{"Title": inc.Title}))
	info := []string{
		l.T("cmd.status.kind", i18n.Args{"Kind": ui.KindWordIn(p.Lang, inc.Kind), "State": state}),
		l.T("cmd.status.opened", i18n.Args{"At": ui.StampIn(p.Lang, inc.OpenedAt, h.Loc), "Who": ui.Mention(p, inc.OpenedBy), "Since": SinceIn(p.Lang, now.Sub(inc.OpenedAt))}),
	}
	switch {
	case !inc.Open():
		info = append(info, l.T("cmd.status.no_meeting_closed"))
	case !inc.NextMeeting.IsZero() && inc.NextMeeting.After(now):
		info = append(info, l.T("cmd.status.meeting", i18n.Args{"At": ui.ClockIn(p.Lang, inc.NextMeeting, now, h.Loc)}))
	default:
		info = append(info, l.T("cmd.status.no_meeting"))
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
		b.Section(l.T("cmd.status.roles") + "\n" + strings.Join(rl, "\n"))
	}
	if pl := cardProgress(p, inc, steps); pl != "" {
		b.Section(l.T("cmd.status.cards") + "\n" + pl)
	}
	if af, err := continuity.Section(ctx, &h.Env, inc); err != nil {
		return h.ErrorResponse(req, err)
	} else if af != "" {
		b.Section(af)
	}
	decisions := decisionLines(p, entries, now, h.Loc)
	if len(decisions) > 5 {
		decisions = decisions[len(decisions)-5:]
	}
	if len(decisions) == 0 {
		b.Section(l.T("cmd.status.decisions") + "\n" + l.T("cmd.status.none"))
	} else {
		b.Section(l.T("cmd.status.decisions") + "\n" + strings.Join(decisions, "\n"))
	}
	b.Context(l.T("cmd.status.lines", i18n.Args{"Count": len(entries)}))
	return ui.Response{Text: l.T("cmd.status.header", i18n.Args{"Title": ui.Escape(inc.Title)}), Blocks: b.Blocks, Visibility: ui.InChannel}
}

// decisionLines renders the decisions, observations and corrections of
// the log, one line each; an entry corrected later ends with its latest
// correction ("_(rettet i #9: …)_"), so a reader of the status never
// takes the corrected text for the truth.
func decisionLines(p *plan.Plan, entries []incident.Entry, now time.Time, loc *time.Location) []string {
	l := i18n.For(p.Lang)
	correction := map[int]incident.Entry{}
	for _, e := range entries {
		if e.Kind == incident.EntryCorrection && e.Corrects > 0 {
			correction[e.Corrects] = e
		}
	}
	var out []string
	for _, e := range entries {
		if e.Kind != incident.EntryDecision && e.Kind != incident.EntryCorrection && e.Kind != incident.EntryEvent {
			continue
		}
		line := ui.EntryLine(p, e, now, loc)
		if c, ok := correction[e.Seq]; ok {
			line += l.T("cmd.status.corrected", i18n.Args{"Seq": c.Seq, "Text": ui.SafeText(cmdkit.ClipText(c.Text, 120))})
		}
		out = append(out, line)
	}
	return out
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
		lines = append(lines, i18n.For(p.Lang).T("cmd.status.card_progress", i18n.Args{"Title": title, "Done": count[id], "Total": total}))
	}
	return strings.Join(lines, "\n")
}

// Since words a duration roughly in bokmål: "3 t 12 min", "5 min",
// "2 d 4 t" (SinceIn).
func Since(d time.Duration) string { return SinceIn(i18n.Bokmal, d) }

// SinceIn words a duration roughly in lang: "3 t 12 min" (nb), "3 tim 12
// min" (sv), "3 h 12 min" (en).
func SinceIn(lang i18n.Lang, d time.Duration) string {
	l := i18n.For(lang)
	if d < time.Minute {
		return l.T("cmd.since.under_minute")
	}
	m := int(d.Minutes())
	switch {
	case m < 60:
		return l.T("cmd.since.minutes", i18n.Args{"M": m})
	case m < 24*60:
		return l.T("cmd.since.hours", i18n.Args{"H": m / 60, "M": m % 60})
	}
	return l.T("cmd.since.days", i18n.Args{"D": m / (24 * 60), "H": (m / 60) % 24})
}

// list shows the open incidents.
func (h *Handler) list(ctx context.Context, req ui.Request, args string) ui.Response {
	return h.OpenList(ctx, req, "")
}
