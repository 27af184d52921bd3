package access

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

// verbs is what each action is, as «… kan <verb>».
var verbs = map[Action]string{
	OpenIncident: "åpne en hendelse",
	RaiseAlarm:   "varsle",
	Close:        "avslutte hendelsen",
	Reopen:       "gjenåpne hendelsen",
	AssignRole:   "tildele roller",
	SetMeeting:   "sette møter",
	TakeRole:     "overta rollen",
	TakeFreeRole: "ta en ledig rolle",
	CorrectEntry: "korrigere innlegget",
	Log:          "loggføre",
	TickStep:     "krysse av tiltak",
	MarkDone:     "registrere den som gjennomført",
	Postpone:     "utsette påminnelsen",
	SeePhones:    "se telefonnumrene",
	SeePrivate:   "se denne skjermede hendelsen",
	Redact:       "sladde logginnslag",
	SeeRefusals:  "se avvisningsloggen",
}

// Verb returns what the action is in bokmål, as it follows «kan»
// («avslutte hendelsen»), or the action's key for an unknown action.
func Verb(act Action) string {
	if v, ok := verbs[act]; ok {
		return v
	}
	return string(act)
}

// Sentence words a refusal in bokmål, naming who may do it instead:
//
//	Bare kriseleder (@Kari Nordmann), den som åpnet hendelsen eller beredskapskoordinator kan avslutte hendelsen.
//
// mention renders one user (a Slack user ID or "kontakt:<id>") for the
// transport; with a nil mention nobody is named. It returns "" for a
// decision that allows.
func Sentence(d Decision, mention func(userID string) string) string {
	if d.Allowed {
		return ""
	}
	parts := make([]string, 0, len(d.Who))
	for _, w := range d.Who {
		if p := phrase(w, mention); p != "" && !slices.Contains(parts, p) {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return "Ingen kan " + Verb(d.Action) + "."
	}
	return "Bare " + joinOr(parts) + " kan " + Verb(d.Action) + "."
}

// phrase names one group, with the users in it when mention is given.
func phrase(w Who, mention func(string) string) string {
	var s string
	named := true // whether to add the users in parentheses
	switch w.Kind {
	case plan.GranteeAnyone:
		return "alle"
	case plan.GranteeMembers:
		return "de som står i beredskapsplanen"
	case plan.GranteeChannelMembers:
		return "de som er med i hendelseskanalen"
	case plan.GranteeAdmins:
		return "beredskapskoordinator"
	case plan.GranteeOpener:
		s, named = "den som åpnet hendelsen", false
	case plan.GranteeAuthor:
		s, named = "den som skrev innlegget", false
	case plan.GranteeOwner:
		s = "den ansvarlige"
	case plan.GranteeHolder:
		s = "den som har rollen"
	case plan.GranteeLeader:
		s = roleName(w.Role, "kriseleder")
	case plan.GranteeScribe:
		s = roleName(w.Role, "loggfører")
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

// joinOr joins «a, b eller c».
func joinOr(parts []string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " eller " + parts[len(parts)-1]
}
