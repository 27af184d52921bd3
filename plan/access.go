package plan

import (
	"reflect"
	"strings"
)

// Access is the optional tilgang section of organisasjon.yaml: for each
// thing a user can do, who may do it. A value is a list of words of the
// grantee vocabulary (medlemmer, kriseleder, åpner …) and role IDs; an
// action left out keeps the bot's default. Administrators may always do
// everything, whatever the section says.
//
//	tilgang:
//	  avslutte: [kriseleder, administratorer]
//	  se_telefon: [medlemmer]
type Access struct {
	Pos          `yaml:"-"`
	OpenIncident []string `yaml:"apne_hendelse" sv:"öppna_händelse"`                // /beredskap start
	RaiseAlarm   []string `yaml:"varsle" sv:"larma"`                                // /beredskap varsle
	Close        []string `yaml:"avslutte" sv:"avsluta"`                            // close an incident
	Reopen       []string `yaml:"gjenapne" sv:"återöppna"`                          // reopen a closed incident
	AssignRole   []string `yaml:"tildele_rolle" sv:"tilldela_roll"`                 // assign or reassign a role
	SetMeeting   []string `yaml:"sette_mote" sv:"sätta_möte"`                       // set the next status meeting
	HandOverRole []string `yaml:"overta_rolle" sv:"ta_över_roll"`                   // take a role someone holds
	TakeFreeRole []string `yaml:"ta_ledig_rolle" sv:"ta_ledig_roll"`                // take a role nobody holds
	CorrectEntry []string `yaml:"korrigere" sv:"korrigera"`                         // correct a log entry
	Log          []string `yaml:"logge" sv:"logga"`                                 // log a decision or event
	TickStep     []string `yaml:"krysse_av" sv:"bocka_av"`                          // tick an action-card step
	MarkDone     []string `yaml:"registrere_gjennomfort" sv:"registrera_genomförd"` // record an exercise or review as done
	Postpone     []string `yaml:"utsette" sv:"skjuta_upp"`                          // postpone a reminder
	SeePhones    []string `yaml:"se_telefon"`                                       // see phone numbers
	SeePrivate   []string `yaml:"se_skjermet" sv:"se_skyddad"`                      // see a private incident
	Redact       []string `yaml:"sladde" sv:"maskera"`                              // redact log entries
	SeeRefusals  []string `yaml:"se_avvisninger" sv:"se_avvisningar"`               // see the log of refused attempts
	FollowUp     []string `yaml:"oppfolging" sv:"atgardspunkt"`                     // create and close follow-ups
}

var accessType = reflect.TypeFor[Access]()

// AccessKeys returns the keys of the tilgang section in the order above.
func AccessKeys() []string {
	keys := make([]string, 0, accessType.NumField())
	for i := 0; i < accessType.NumField(); i++ {
		if k := accessType.Field(i).Tag.Get("yaml"); k != "-" {
			keys = append(keys, k)
		}
	}
	return keys
}

// Words returns the words written for key, or nil when the key is unknown
// or not set.
func (a *Access) Words(key string) []string {
	for i := 0; i < accessType.NumField(); i++ {
		if accessType.Field(i).Tag.Get("yaml") == key && key != "-" {
			return reflect.ValueOf(a).Elem().Field(i).Interface().([]string)
		}
	}
	return nil
}

// GranteeKind is a word of the tilgang vocabulary: a group of users an
// action can be granted to.
type GranteeKind string

// The grantee vocabulary. The words are matched forgivingly ("apner",
// "Åpner", "loggforer").
const (
	GranteeAnyone         GranteeKind = "alle"            // every user
	GranteeMembers        GranteeKind = "medlemmer"       // contacts with slack or slack_epost
	GranteeChannelMembers GranteeKind = "kanalmedlemmer"  // members of the incident channel
	GranteeLeader         GranteeKind = "kriseleder"      // the incident's current kriseleder
	GranteeScribe         GranteeKind = "loggfører"       // the incident's current loggfører
	GranteeOpener         GranteeKind = "åpner"           // whoever opened the incident
	GranteeAuthor         GranteeKind = "forfatter"       // the author of the log entry
	GranteeOwner          GranteeKind = "eier"            // the owner of the exercise or review
	GranteeHolder         GranteeKind = "innehaver"       // the current holder of the role
	GranteeAdmins         GranteeKind = "administratorer" // the plan's administrators
	GranteeRole           GranteeKind = "rolle"           // the holders of a role named by its ID
)

// GranteeKinds lists the vocabulary as it is written in the plan, for
// messages and documentation (GranteeRole is written as a role ID).
var GranteeKinds = []GranteeKind{
	GranteeMembers, GranteeChannelMembers, GranteeLeader, GranteeScribe, GranteeOpener,
	GranteeAuthor, GranteeOwner, GranteeHolder, GranteeAdmins, GranteeAnyone,
}

// granteeSynonyms are other spellings coordinators use.
var granteeSynonyms = map[string]GranteeKind{
	"administrator":         GranteeAdmins,
	"beredskapskoordinator": GranteeAdmins,
	"planmedlemmer":         GranteeMembers,
	"kanal":                 GranteeChannelMembers,
	"rolleinnehaver":        GranteeHolder,
}

// Grantee is one parsed word of a tilgang rule: a vocabulary word, or a
// role ID with Kind GranteeRole.
type Grantee struct {
	Kind GranteeKind
	Role string // the role ID, for GranteeRole
}

// ParseGrantee resolves one word of a tilgang rule. Vocabulary words win
// over role IDs, so a role card with the id kriseleder is simply the
// kriseleder. It reports false for a word that is neither.
func (p *Plan) ParseGrantee(word string) (Grantee, bool) {
	f := Fold(word)
	for _, k := range GranteeKinds {
		if f == Fold(string(k)) {
			return Grantee{Kind: k}, true
		}
	}
	if k, ok := granteeSynonyms[f]; ok {
		return Grantee{Kind: k}, true
	}
	id := strings.TrimSpace(word)
	if p.Role(id) != nil {
		return Grantee{Kind: GranteeRole, Role: id}, true
	}
	return Grantee{}, false
}

// AccessRule returns who the plan lets do the action named by key (an
// AccessKeys key), and false when the plan leaves it to the bot's default.
// Words that are not understood are left out; planfile.Load has
// reported them.
func (p *Plan) AccessRule(key string) ([]Grantee, bool) {
	words := p.Org.Access.Words(key)
	if len(words) == 0 {
		return nil, false
	}
	out := make([]Grantee, 0, len(words))
	for _, w := range words {
		if g, ok := p.ParseGrantee(w); ok {
			out = append(out, g)
		}
	}
	return out, true
}

// LeaderRole returns the kriseleder's role card: the card marked
// rolletype: kriseleder, else the card with the id or an alias
// «kriseleder». It returns nil when there is none.
func (p *Plan) LeaderRole() *Role { return p.roleOfKind(RoleLeader) }

// ScribeRole returns the loggfører's role card: the card marked
// rolletype: loggfører, else the card with the id or an alias
// «loggfører». It returns nil when there is none.
func (p *Plan) ScribeRole() *Role { return p.roleOfKind(RoleScribe) }

func (p *Plan) roleOfKind(k RoleKind) *Role {
	for _, r := range p.Roles {
		if r.Kind == k {
			return r
		}
	}
	want := Fold(string(k))
	for _, r := range p.Roles {
		if Fold(r.ID) == want {
			return r
		}
	}
	for _, r := range p.Roles {
		for _, a := range r.Aliases {
			if Fold(a) == want {
				return r
			}
		}
	}
	return nil
}
