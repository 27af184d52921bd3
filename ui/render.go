package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// CardBlocks renders an action card. With done (the steps completed in an
// incident, by step number) it shows progress and, when buttons is set,
// an "Utført" button for each open step of incident incID.
func CardBlocks(p *plan.Plan, c *plan.ActionCard, done map[int]incident.StepDone, incID int64, buttons bool, loc *time.Location, now time.Time) []Block {
	l := i18n.For(p.Lang)
	var b Builder
	b.Header(l.T("ui.card.header", i18n.Args{"Title": c.Title}))
	meta := []string{}
	if c.WhenToUse != "" {
		meta = append(meta, l.T("ui.card.when", i18n.Args{"Text": c.WhenToUse}))
	}
	if r := p.Role(c.Responsible); r != nil {
		meta = append(meta, l.T("ui.card.responsible", i18n.Args{"Role": r.Title}))
	}
	if done != nil {
		meta = append(meta, l.T("ui.card.progress", i18n.Args{"Done": len(done), "Total": len(c.Steps)}))
	}
	b.Section(strings.Join(meta, "\n"))
	for i, s := range c.Steps {
		n := i + 1
		line := fmt.Sprintf("%d. %s", n, s.Text)
		if r := p.Role(s.Role); r != nil {
			line += " _(" + r.Title + ")_"
		}
		if done != nil {
			if d, ok := done[n]; ok {
				line = "✅ " + line + l.T("ui.card.step_done", i18n.Args{"Time": ClockIn(p.Lang, d.DoneAt, now, loc), "Who": Mention(p, d.DoneBy)})
			} else {
				line = "⬜ " + line
			}
		}
		b.Section(line)
		if buttons && done != nil {
			if _, ok := done[n]; !ok {
				b.Buttons(Button{ActionID: ActionStepDone, Text: l.T("ui.card.step_button", i18n.Args{"N": n}), Value: fmt.Sprintf("%d:%s:%d", incID, c.ID, n), Style: "primary"})
			}
		}
	}
	var tail []string
	if len(c.Contacts) > 0 {
		var names []string
		for _, id := range c.Contacts {
			if ct := p.Contact(id); ct != nil {
				names = append(names, ct.Name+contactTitle(ct))
			}
		}
		tail = append(tail, l.T("ui.card.contacts", i18n.Args{"Names": strings.Join(names, ", ")}))
	}
	if len(c.Resources) > 0 {
		tail = append(tail, l.T("ui.card.resources", i18n.Args{"Text": strings.Join(c.Resources, "; ")}))
	}
	if list := p.ListFor(c); list != nil {
		tail = append(tail, l.T("ui.card.list", i18n.Args{"Name": list.Name}))
	}
	if len(tail) > 0 {
		b.Section(strings.Join(tail, "\n"))
	}
	var aliases string
	if len(c.Aliases) > 0 {
		aliases = l.T("ui.card.aliases", i18n.Args{"Aliases": strings.Join(c.Aliases, ", ")})
	}
	if done == nil {
		b.Context(l.T("ui.card.footer", i18n.Args{"ID": c.ID, "Aliases": aliases}))
	}
	return b.Blocks
}

// StepsOfCard picks the completed steps of one card, by step number, as
// CardBlocks wants them.
func StepsOfCard(steps []incident.StepDone, cardID string) map[int]incident.StepDone {
	done := map[int]incident.StepDone{}
	for _, s := range steps {
		if s.CardID == cardID {
			done[s.Step] = s
		}
	}
	return done
}

func contactTitle(c *plan.Contact) string {
	if c.Title == "" {
		return ""
	}
	return " (" + c.Title + ")"
}

// RoleBlocks renders a role card with its checklists per phase. holder is
// the user who holds the role in an incident ("" outside one); with
// incID > 0 a "Ta rollen" button is added.
func RoleBlocks(p *plan.Plan, r *plan.Role, holder string, incID int64) []Block {
	l := i18n.For(p.Lang)
	var b Builder
	b.Header(l.T("ui.role.header", i18n.Args{"Title": r.Title}))
	var meta []string
	if r.Responsibility != "" {
		meta = append(meta, l.T("ui.role.responsibility", i18n.Args{"Text": strings.TrimSpace(r.Responsibility)}))
	}
	if r.Authority != "" {
		meta = append(meta, l.T("ui.role.authority", i18n.Args{"Text": strings.TrimSpace(r.Authority)}))
	}
	if holder != "" {
		meta = append(meta, l.T("ui.role.holder_now", i18n.Args{"Who": Mention(p, holder)}))
	}
	meta = append(meta, l.T("ui.role.holders", i18n.Args{"Holders": ContactNames(p, r.Holders), "Deputies": ContactNames(p, r.Deputies)}))
	b.Section(strings.Join(meta, "\n"))
	for _, ph := range r.Phases {
		var lines []string
		lines = append(lines, "*"+plan.PhaseTitleIn(p.Lang, ph.Phase)+"*")
		for _, it := range ph.Items {
			line := "• "
			if it.Heading != "" {
				line += "*" + it.Heading + ":* "
			}
			line += it.Text
			lines = append(lines, strings.TrimRight(line, " "))
			for _, sub := range it.Sub {
				lines = append(lines, "    ◦ "+sub)
			}
		}
		b.Section(strings.Join(lines, "\n"))
	}
	if incID > 0 {
		b.Buttons(Button{ActionID: ActionTakeRole, Text: l.T("ui.role.take"), Value: fmt.Sprintf("%d:%s", incID, r.ID)})
	}
	return b.Blocks
}

// ContactNames lists the names of the contacts with ids, comma-separated.
func ContactNames(p *plan.Plan, ids []string) string {
	if len(ids) == 0 {
		return "–"
	}
	var out []string
	for _, id := range ids {
		if c := p.Contact(id); c != nil {
			out = append(out, c.Name)
		} else {
			out = append(out, id)
		}
	}
	return strings.Join(out, ", ")
}

// ContactLineIn renders how to reach a contact: phones as tel: links,
// e-mail and Slack mention, or that there is no way, in lang. Contact
// details are personal data: callers show them only to the asker or
// inside an incident channel.
func ContactLineIn(lang i18n.Lang, c *plan.Contact) string {
	var parts []string
	for i, ph := range c.Phones {
		label := ph
		if i < len(c.PhoneDisplay) {
			label = c.PhoneDisplay[i]
		}
		parts = append(parts, "<tel:"+ph+"|"+label+">")
	}
	if c.Email != "" {
		parts = append(parts, "<mailto:"+c.Email+"|"+c.Email+">")
	}
	if c.SlackID != "" {
		parts = append(parts, "<@"+c.SlackID+">")
	}
	if len(parts) == 0 {
		return i18n.For(lang).T("ui.contact.none")
	}
	return strings.Join(parts, " · ")
}

// ContactBlock renders one contact: name, title, organisation, roles, how
// to reach them and notes.
func ContactBlock(p *plan.Plan, c *plan.Contact) Block {
	l := i18n.For(p.Lang)
	head := "*" + c.Name + "*"
	var about []string
	if c.Title != "" {
		about = append(about, c.Title)
	}
	if c.Company != "" {
		about = append(about, c.Company)
	}
	if c.Org == plan.ContactExternal {
		about = append(about, l.T("ui.contact.external"))
	}
	if len(about) > 0 {
		head += " – " + strings.Join(about, ", ")
	}
	lines := []string{head}
	if roles := p.RolesOf(c.ID); len(roles) > 0 {
		var rs []string
		for _, r := range roles {
			rs = append(rs, r.Title)
		}
		lines = append(lines, l.T("ui.contact.roles", i18n.Args{"Roles": strings.Join(rs, ", ")}))
	}
	lines = append(lines, ContactLineIn(p.Lang, c))
	if c.Note != "" {
		lines = append(lines, "_"+c.Note+"_")
	}
	return Block{Kind: BlockSection, Text: strings.Join(lines, "\n")}
}

// WithoutNumbers returns a copy of c without phone numbers and e-mail
// address, for users who may not see them (names, titles, roles and the
// Slack mention stay).
func WithoutNumbers(c *plan.Contact) *plan.Contact {
	cp := *c
	cp.Phones, cp.PhoneDisplay, cp.Email = nil, nil, ""
	return &cp
}

// ListBlocksWithout renders a notification list as ListBlocks does, but
// without phone numbers and e-mail addresses (WithoutNumbers).
func ListBlocksWithout(p *plan.Plan, l *plan.NotificationList) []Block {
	return listBlocks(p, l, func(c *plan.Contact) string { return "\n      " + ContactLineIn(p.Lang, WithoutNumbers(c)) })
}

// ListBlocks renders a notification list (varslingsliste) in notification
// order: name, role, phone as tel: link, e-mail, Slack mention.
func ListBlocks(p *plan.Plan, l *plan.NotificationList) []Block {
	return listBlocks(p, l, func(c *plan.Contact) string { return "\n      " + ContactLineIn(p.Lang, c) })
}

// listBlocks renders the list's groups in notification order, each
// contact as "n) *Name* – role" followed by what detail gives for it
// (its contact line, or only a mention).
func listBlocks(p *plan.Plan, l *plan.NotificationList, detail func(*plan.Contact) string) []Block {
	var b Builder
	b.Header(i18n.For(p.Lang).T("ui.list.header", i18n.Args{"Name": l.Name}))
	if intro := listIntro(p, l); intro != "" {
		b.Context(intro)
	}
	n := 0
	for gi, g := range l.Groups {
		lines := []string{fmt.Sprintf("*%d. %s*", gi+1, g.Name)}
		for _, id := range g.Contacts {
			c := p.Contact(id)
			if c == nil {
				continue
			}
			n++
			role := listRole(p, c)
			line := fmt.Sprintf("%d) *%s*", n, c.Name)
			if role != "" {
				line += " – " + role
			}
			lines = append(lines, line+detail(c))
		}
		b.Section(strings.Join(lines, "\n"))
	}
	return b.Blocks
}

// AgendaBlocks renders a meeting agenda.
func AgendaBlocks(title string, items []plan.AgendaItem) []Block {
	var b Builder
	b.Header(title)
	for i, it := range items {
		lines := []string{fmt.Sprintf("*%d. %s*", i+1, it.Heading)}
		for _, q := range it.Questions {
			lines = append(lines, "• "+q)
		}
		b.Section(strings.Join(lines, "\n"))
	}
	return b.Blocks
}
