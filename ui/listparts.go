package ui

import (
	"slices"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// listIntro is the line under a notification list's header: what the
// list applies to («gjelder», labelled) and its description, as two
// parts on lines of their own; "" when the list has neither.
func listIntro(p *plan.Plan, l *plan.NotificationList) string {
	var parts []string
	if s := strings.TrimSpace(l.AppliesTo); s != "" {
		parts = append(parts, i18n.For(p.Lang).T("lists.applies_to", i18n.Args{"Text": s}))
	}
	if s := strings.TrimSpace(l.Description); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, "\n")
}

// listRole is what a contact is on a notification list: the title of
// the first role they hold, else their own title; a deputy also gets
// «(stedfortreder for <rolle>)». "" when there is nothing to say.
func listRole(p *plan.Plan, c *plan.Contact) string {
	held := ""
	var deputyFor []string
	for _, r := range p.RolesOf(c.ID) {
		switch {
		case slices.Contains(r.Holders, c.ID):
			if held == "" {
				held = r.Title
			}
		case !slices.Contains(deputyFor, r.Title):
			deputyFor = append(deputyFor, r.Title)
		}
	}
	if held == "" {
		held = c.Title
	}
	if len(deputyFor) == 0 {
		return held
	}
	dep := i18n.For(p.Lang).T("lists.deputy_for", i18n.Args{"Roles": strings.Join(deputyFor, ", ")})
	return strings.TrimSpace(held + " " + dep)
}
