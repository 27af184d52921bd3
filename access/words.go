package access

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// VerbIn returns what the action is in lang, as it follows «kan» («kan
// avslutte hendelsen», «kan avsluta händelsen»), or the action's key for
// an unknown action.
func VerbIn(lang i18n.Lang, act Action) string {
	l := i18n.For(lang)
	if id := "access.verb." + string(act); l.Has(id) {
		return l.T(id)
	}
	return string(act)
}

// SentenceIn words a refusal in lang, naming who may do it instead:
//
//	Bare kriseleder (@Kari Nordmann), den som åpnet hendelsen eller beredskapskoordinator kan avslutte hendelsen.
//
// mention renders one user (a Slack user ID or "kontakt:<id>") for the
// transport; with a nil mention nobody is named. It returns "" for a
// decision that allows.
func SentenceIn(lang i18n.Lang, d Decision, mention func(userID string) string) string {
	if d.Allowed {
		return ""
	}
	l := i18n.For(lang)
	parts := make([]string, 0, len(d.Who))
	for _, w := range d.Who {
		if p := phrase(l, w, mention); p != "" && !slices.Contains(parts, p) {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return l.T("access.nobody", i18n.Args{"Verb": VerbIn(lang, d.Action)})
	}
	return l.T("access.only", i18n.Args{"Who": l.Join(parts, false), "Verb": VerbIn(lang, d.Action)})
}

// phrase names one group, with the users in it when mention is given.
func phrase(l *i18n.Localizer, w Who, mention func(string) string) string {
	var s string
	named := true // whether to add the users in parentheses
	switch w.Kind {
	case plan.GranteeAnyone:
		return l.T("access.who.anyone")
	case plan.GranteeMembers:
		return l.T("access.who.members")
	case plan.GranteeChannelMembers:
		return l.T("access.who.channel_members")
	case plan.GranteeAdmins:
		return l.T("access.who.admins")
	case plan.GranteeOpener:
		s, named = l.T("access.who.opener"), false
	case plan.GranteeAuthor:
		s, named = l.T("access.who.author"), false
	case plan.GranteeOwner:
		s = l.T("access.who.owner")
	case plan.GranteeHolder:
		s = l.T("access.who.holder")
	case plan.GranteeLeader:
		s = roleName(w.Role, l.T("access.who.leader"))
	case plan.GranteeScribe:
		s = roleName(w.Role, l.T("access.who.scribe"))
	case plan.GranteeRole:
		s = roleName(w.Role, w.Grantee.Role)
	default:
		return string(w.Kind)
	}
	if named && mention != nil && len(w.Users) > 0 {
		names := make([]string, 0, len(w.Users))
		for _, u := range w.Users {
			names = append(names, mention(u))
		}
		s += " (" + strings.Join(names, ", ") + ")"
	}
	return s
}

// roleName is the role card's title as it reads inside a sentence
// («Kriseleder» → «kriseleder», but «IT-ansvarlig» stays), or fallback
// when the plan has no such card.
func roleName(r *plan.Role, fallback string) string {
	if r == nil || strings.TrimSpace(r.Title) == "" {
		return fallback
	}
	t := strings.TrimSpace(r.Title)
	first, n := utf8.DecodeRuneInString(t)
	if second, _ := utf8.DecodeRuneInString(t[n:]); n < len(t) && unicode.IsUpper(second) {
		return t
	}
	return string(unicode.ToLower(first)) + t[n:]
}
