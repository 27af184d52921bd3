// Package access decides who may do what, from the plan the coordinator
// already keeps: its members (contacts with a Slack ID or Slack e-mail),
// its administrators (administratorer in organisasjon.yaml), the incident's
// kriseleder and loggfører, and the optional tilgang section that changes
// the defaults. It is pure: the caller gathers the facts (who asks, in
// which channel, about which incident) and words the refusal.
package access

import (
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// Action is one thing a user can ask the bot to do. Its value is the key
// the tilgang section of organisasjon.yaml uses for it.
type Action string

// The actions that are checked.
const (
	OpenIncident Action = "apne_hendelse"          // open an incident or exercise
	RaiseAlarm   Action = "varsle"                 // raise an alarm without opening
	Close        Action = "avslutte"               // close an incident
	Reopen       Action = "gjenapne"               // reopen a closed incident
	AssignRole   Action = "tildele_rolle"          // assign or reassign a role
	SetMeeting   Action = "sette_mote"             // set the next status meeting
	TakeRole     Action = "overta_rolle"           // take a role someone holds (a handover)
	TakeFreeRole Action = "ta_ledig_rolle"         // take a role nobody holds
	CorrectEntry Action = "korrigere"              // correct a log entry
	Log          Action = "logge"                  // log a decision or event
	TickStep     Action = "krysse_av"              // tick an action-card step
	MarkDone     Action = "registrere_gjennomfort" // record an exercise or review as done
	Postpone     Action = "utsette"                // postpone a reminder
	SeePhones    Action = "se_telefon"             // see phone numbers (/kontakt, /varsling)
	SeePrivate   Action = "se_skjermet"            // see a private incident
	Redact       Action = "sladde"                 // redact log entries
	SeeRefusals  Action = "se_avvisninger"         // see the log of refused attempts
	FollowUp     Action = "oppfolging"             // create and close follow-ups
)

// Actions lists every action, in the order of plan.AccessKeys.
var Actions = []Action{
	OpenIncident, RaiseAlarm, Close, Reopen, AssignRole, SetMeeting, TakeRole, TakeFreeRole,
	CorrectEntry, Log, TickStep, MarkDone, Postpone, SeePhones, SeePrivate, Redact, SeeRefusals, FollowUp,
}

func g(k plan.GranteeKind) plan.Grantee { return plan.Grantee{Kind: k} }

var (
	leaderOpenerAdmins = []plan.Grantee{g(plan.GranteeLeader), g(plan.GranteeOpener), g(plan.GranteeAdmins)}
	ownerAdmins        = []plan.Grantee{g(plan.GranteeOwner), g(plan.GranteeAdmins)}
	onlyAdmins         = []plan.Grantee{g(plan.GranteeAdmins)}
	members            = []plan.Grantee{g(plan.GranteeMembers)}
	channelMembers     = []plan.Grantee{g(plan.GranteeChannelMembers)}
)

// defaults is who may do what when the plan does not say.
var defaults = map[Action][]plan.Grantee{
	OpenIncident: members,
	RaiseAlarm:   {g(plan.GranteeAnyone)},
	Close:        leaderOpenerAdmins,
	Reopen:       leaderOpenerAdmins,
	AssignRole:   leaderOpenerAdmins,
	SetMeeting:   leaderOpenerAdmins,
	TakeRole:     {g(plan.GranteeHolder), g(plan.GranteeLeader), g(plan.GranteeAdmins)},
	TakeFreeRole: members,
	CorrectEntry: {g(plan.GranteeAuthor), g(plan.GranteeScribe), g(plan.GranteeLeader), g(plan.GranteeAdmins)},
	Log:          channelMembers,
	TickStep:     channelMembers,
	MarkDone:     ownerAdmins,
	Postpone:     ownerAdmins,
	SeePhones:    members,
	SeePrivate:   {g(plan.GranteeChannelMembers), g(plan.GranteeAdmins)},
	Redact:       onlyAdmins,
	SeeRefusals:  onlyAdmins,
	FollowUp:     members,
}

// Default returns who may do act when the plan does not say, or nil for
// an unknown action. The slice must not be changed.
func Default(act Action) []plan.Grantee { return defaults[act] }

// Rule returns who may do act under plan p: its tilgang line, else the
// default. Administrators may do everything in addition.
func Rule(p *plan.Plan, act Action) []plan.Grantee {
	if r, ok := p.AccessRule(string(act)); ok {
		return r
	}
	return defaults[act]
}

// Actor is the user asking, with the facts the caller knows about them.
type Actor struct {
	UserID string // Slack user ID
	// Email is the user's Slack e-mail address when known; it recognises
	// contacts the plan names by slack_epost only.
	Email string
	// ChannelMember: the user is a member of the incident's channel (and
	// so can post in it).
	ChannelMember bool
	// ConsoleAdmin: the operator at the bot's own console, trusted as an
	// administrator.
	ConsoleAdmin bool
}

// Subject is what the action concerns; fields that do not apply stay empty.
type Subject struct {
	// Incident is the incident acted on; nil outside an incident. Its
	// OpenedBy is the opener, Private decides SeePrivate.
	Incident *incident.Incident
	// Holders are the incident's current role holders (user IDs, or
	// "kontakt:<id>" for contacts without a Slack ID, as incidents store them).
	Holders []incident.RoleHolder
	// Role is the role ID taken or assigned (TakeRole, TakeFreeRole, AssignRole).
	Role string
	// EntryAuthor is the user ID of the author of the entry corrected (CorrectEntry).
	EntryAuthor string
	// Owner is the eier of the exercise or review (MarkDone, Postpone): a
	// contact ID, or a role ID whose holders and deputies own it.
	Owner string
}

// Decision is the outcome of Check.
type Decision struct {
	Action  Action
	Allowed bool
	// By is what let the actor in, for the audit log; zero when refused.
	By plan.Grantee
	// Who lists who may do it, in the plan's order, resolved to the people
	// concerned where they are known, for wording a refusal (Sentence).
	Who []Who
	// Alternative is what the actor may do instead, if anything: a
	// refused OpenIncident can RaiseAlarm.
	Alternative Action
}

// Who is one group of users allowed an action.
type Who struct {
	plan.Grantee
	// Role is the role card of GranteeLeader, GranteeScribe, GranteeRole
	// and GranteeHolder; nil when the plan has none.
	Role *plan.Role
	// Users are the users who are this group now, when known (holders,
	// opener, author, owner, administrators): Slack user IDs, or
	// "kontakt:<id>" for contacts without one.
	Users []string
}

// Refused is the error a handler returns for a refused action. It wraps
// incident.ErrForbidden; the edge words it with Sentence.
type Refused struct{ Decision Decision }

func (r *Refused) Error() string { return fmt.Sprintf("forbidden: %s", r.Decision.Action) }

// Unwrap makes errors.Is(err, incident.ErrForbidden) hold.
func (r *Refused) Unwrap() error { return incident.ErrForbidden }

// Err returns nil when the decision allows, else a *Refused.
func (d Decision) Err() error {
	if d.Allowed {
		return nil
	}
	return &Refused{Decision: d}
}

// Check decides whether who may do act on the subject under plan p.
// Administrators (and the console) may always; otherwise the plan's rule
// for act, or the default, decides. TakeRole on a role nobody holds is
// checked as TakeFreeRole (and Decision.Action says so); SeePrivate on an
// incident that is not private is always allowed. An unknown action is refused to all but administrators. p must not be nil.
func Check(p *plan.Plan, who Actor, act Action, on Subject) Decision {
	if act == TakeRole && len(on.holdersOf(on.Role)) == 0 {
		act = TakeFreeRole
	}
	c := checker{p: p, who: who, on: on, me: p.ContactOf(who.UserID, who.Email)}
	d := Decision{Action: act}
	rule := Rule(p, act)
	d.Who = c.resolve(rule)
	if act == OpenIncident {
		d.Alternative = RaiseAlarm
	}
	switch {
	case act == SeePrivate && on.Incident != nil && !on.Incident.Private:
		d.Allowed, d.By = true, g(plan.GranteeAnyone)
	case c.isAdmin():
		d.Allowed, d.By = true, g(plan.GranteeAdmins)
	default:
		for _, gr := range rule {
			if c.matches(gr) {
				d.Allowed, d.By = true, gr
				break
			}
		}
	}
	if d.Allowed {
		d.Alternative = ""
	}
	return d
}
