// Package plan is the model of an organisation's preparedness plan
// (beredskapsplan): its roles, contacts, notification lists, action cards,
// ROS analysis, critical functions, templates, meeting agendas and
// schedules, with the lookups, matching, due dates and durations the bot
// computes from them. It is the vocabulary of the rest of the bot and
// imports none of its other packages.
//
// A plan is a directory of YAML files with Norwegian keys, edited by the
// preparedness coordinator. Package plan/planfile reads and validates
// one into a *Plan; this package does not read files. The struct tags
// here are the files' field names: yaml for the bokmål key, sv for the
// Swedish one, also for further spellings (see planfile's names.go).
package plan

import (
	"slices"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// Pos records where a value was read from, so validation and later
// messages can point the coordinator to the exact place in the plan files.
type Pos struct {
	File string `yaml:"-"`
	Line int    `yaml:"-"`
	// Fields maps a YAML key of this object to the line it stood on.
	Fields map[string]int `yaml:"-"`
}

// FieldLine returns the line of the given key, or the object's own line
// when the key was absent.
func (p Pos) FieldLine(key string) int {
	if l, ok := p.Fields[key]; ok {
		return l
	}
	return p.Line
}

// Plan is a whole, loaded preparedness plan.
type Plan struct {
	// Lang is the plan's language (språk in organisasjon.yaml, bokmål when
	// unset or unknown): everything the bot shows about the plan uses it.
	Lang             i18n.Lang
	Org              Organisation
	Roles            []*Role
	Contacts         []*Contact
	Lists            []*NotificationList
	Cards            []*ActionCard
	Functions        []*CriticalFunction
	ROS              []*ROSRow
	ROSScale         int // levels of the ROS scale, 4 or 5 (ros.yaml «skala»; 4 when not given)
	Templates        []*Template
	Meetings         Meetings
	Exercises        []*Exercise
	Reviews          []*Review
	Location         *time.Location // the organisation's time zone, resolved
	roleByID         map[string]*Role
	contactByID      map[string]*Contact
	listByID         map[string]*NotificationList
	cardByID         map[string]*ActionCard
	templateByID     map[string]*Template
	rolesByContactID map[string][]*Role
}

// OrgKind tells a municipality from a company; the bot words a few things
// differently for each.
type OrgKind string

// The kinds of organisation a plan can belong to.
const (
	OrgMunicipality OrgKind = "kommune"
	OrgCompany      OrgKind = "bedrift"
)

// Organisation is the plan's front page: who it belongs to, its version
// and approval, and the revision log (file organisasjon.yaml).
type Organisation struct {
	Pos           `yaml:"-"`
	Name          string     `yaml:"navn" sv:"namn"`
	Kind          OrgKind    `yaml:"type" sv:"typ"`
	TimeZone      string     `yaml:"tidssone" sv:"tidszon"`
	Region        string     `yaml:"region"` // ISO 3166 country for phone numbers: NO, SE
	PlanVersion   string     `yaml:"planversjon" sv:"planversion"`
	Approved      Date       `yaml:"godkjent_dato" sv:"godkänd_datum"`
	ApprovedBy    string     `yaml:"godkjent_av" sv:"godkänd_av"`
	Purpose       string     `yaml:"formal" sv:"syfte"`
	Communication []string   `yaml:"kommunikasjon" sv:"kommunikation"` // rules such as "Kun daglig leder uttaler seg til media"
	Revisions     []Revision `yaml:"revisjoner" sv:"revisioner"`
	// Admins are the contact IDs of the plan's administrators (the
	// beredskapskoordinator): they may do everything the bot allows.
	Admins []string `yaml:"administratorer" sv:"administratörer"`
	// Access overrides the default of who may do what (tilgang).
	Access Access `yaml:"tilgang" sv:"behörighet"`
	// Language is språk as written ("sv", "svenska", "nb-NO"); loading
	// resolves it into Plan.Lang and writes it back canonical ("sv").
	Language string `yaml:"språk" also:"sprak,language"`
	// IncidentChannels is whether new incident channels are Slack private
	// channels: "privat" (the default when empty) or "åpen". Validation
	// writes it back canonical. A channel's log and pinned varslingsliste
	// hold personal data, hence private by default.
	IncidentChannels string `yaml:"hendelseskanaler" sv:"incidentkanaler"`
	// Privacy says how long personal data is kept (personvern); see
	// Retentions for the defaults.
	Privacy Retention `yaml:"personvern" sv:"dataskydd"`
}

// Revision is one line of the plan's revision log.
type Revision struct {
	Pos         `yaml:"-"`
	Date        Date   `yaml:"dato" sv:"datum"`
	Change      string `yaml:"endring" sv:"ändring"`
	Responsible string `yaml:"ansvarlig" sv:"ansvarig"`
}

// Phase is a phase of handling a crisis; role cards carry a checklist per phase.
type Phase string

// The phases of a crisis, in order, as the seeds name them.
const (
	PhaseBeforeFirstMeeting Phase = "for-forstemote"
	PhaseFirstMeeting       Phase = "forstemote"
	PhaseHandling           Phase = "handtering"
	PhaseClosing            Phase = "avslutning"
	PhaseNormalisation      Phase = "normalisering"
)

// Phases lists every phase in the order of a crisis.
var Phases = []Phase{PhaseBeforeFirstMeeting, PhaseFirstMeeting, PhaseHandling, PhaseClosing, PhaseNormalisation}

// PhaseTitle returns the bokmål heading of a phase ("Før førstemøte").
func PhaseTitle(p Phase) string { return PhaseTitleIn(i18n.Bokmal, p) }

// PhaseTitleIn returns the heading of a phase in lang ("Före första
// mötet"), or the phase itself when it is not one of Phases.
func PhaseTitleIn(lang i18n.Lang, p Phase) string {
	if !slices.Contains(Phases, p) {
		return string(p)
	}
	return i18n.For(lang).T("plan.phase." + string(p))
}

// Role is a role card (rollekort): one file under rollekort/.
type Role struct {
	Pos            `yaml:"-"`
	ID             string      `yaml:"id"`
	Title          string      `yaml:"tittel" sv:"titel"`
	Responsibility string      `yaml:"ansvar"`
	Holders        []string    `yaml:"innehavere" sv:"innehavare"`   // contact IDs
	Deputies       []string    `yaml:"stedfortreder" sv:"ersättare"` // contact IDs
	Authority      string      `yaml:"fullmakter" sv:"befogenheter"`
	Phases         []RolePhase `yaml:"faser"`
	Aliases        []string    `yaml:"alias"`
	// Kind marks the incident leader's and the scribe's card; see
	// Plan.LeaderRole and Plan.ScribeRole.
	Kind RoleKind `yaml:"rolletype" sv:"rolltyp"`
}

// RoleKind marks the role cards the bot must recognise in an incident:
// the leader (who may close it, assign roles …) and the scribe (who may
// correct the log).
type RoleKind string

// Role kinds. A plan has at most one card of each.
const (
	RoleLeader RoleKind = "kriseleder"
	RoleScribe RoleKind = "loggfører"
)

// RolePhase is a role card's checklist for one phase. The phase is written
// as the coordinator says it ("før førstemøte") and resolved to a Phase.
type RolePhase struct {
	Pos   `yaml:"-"`
	Name  string      `yaml:"fase" sv:"fas"`
	Phase Phase       `yaml:"-"`
	Items []CheckItem `yaml:"punkter"`
}

// CheckItem is one point of a checklist: an optional short heading
// ("Innkalling"), its text, and sub-points.
type CheckItem struct {
	Pos     `yaml:"-"`
	Heading string   `yaml:"overskrift" sv:"rubrik"`
	Text    string   `yaml:"tekst" sv:"text"`
	Sub     []string `yaml:"underpunkter"`
}

// ContactOrg tells whether a contact belongs to the organisation.
type ContactOrg string

// Internal and external contacts.
const (
	ContactInternal ContactOrg = "intern"
	ContactExternal ContactOrg = "ekstern"
)

// Contact is a person or function that can be reached (kontakter.yaml).
// Contact details are personal data: they are shown only to those who ask
// and never logged at info level.
type Contact struct {
	Pos          `yaml:"-"`
	ID           string     `yaml:"id"`
	Name         string     `yaml:"navn" sv:"namn"`
	Title        string     `yaml:"tittel" sv:"titel"`
	Org          ContactOrg `yaml:"organisasjon" sv:"organisation"`
	Company      string     `yaml:"virksomhet" sv:"verksamhet"`
	Phones       []string   `yaml:"telefon"` // E.164 after loading (or the digits of a short number such as 113)
	Email        string     `yaml:"epost" sv:"e-post"`
	SlackID      string     `yaml:"slack"`                         // Slack user ID (U…)
	SlackEmail   string     `yaml:"slack_epost" sv:"slack_e-post"` // e-mail to look the Slack user up by
	Note         string     `yaml:"merknad" sv:"anmärkning"`
	PhoneDisplay []string   `yaml:"-"` // the numbers in international format, for display
}

// NotificationList is a varslingsliste: ordered groups of contacts to
// notify, first group first (varslingslister.yaml).
type NotificationList struct {
	Pos         `yaml:"-"`
	ID          string        `yaml:"id"`
	Name        string        `yaml:"navn" sv:"namn"`
	AppliesTo   string        `yaml:"gjelder" sv:"gäller"` // which kinds of event, in words
	Default     bool          `yaml:"standard"`            // used when an incident names no card
	Groups      []NotifyGroup `yaml:"grupper"`
	Description string        `yaml:"beskrivelse" sv:"beskrivning"`
}

// NotifyGroup is one step of a notification list: the contacts notified
// together, in order.
type NotifyGroup struct {
	Pos      `yaml:"-"`
	Name     string   `yaml:"navn" sv:"namn"`
	Contacts []string `yaml:"kontakter"`
}

// ActionCard is a tiltakskort: the steps for one kind of event (one file
// under tiltakskort/).
type ActionCard struct {
	Pos         `yaml:"-"`
	ID          string   `yaml:"id"`
	Aliases     []string `yaml:"alias"`
	Title       string   `yaml:"tittel" sv:"titel"`
	WhenToUse   string   `yaml:"bruk_nar" sv:"används_när"`
	Responsible string   `yaml:"ansvarlig" sv:"ansvarig"` // role ID
	Steps       []Step   `yaml:"steg"`
	Contacts    []string `yaml:"kontakter"` // contact IDs
	Resources   []string `yaml:"ressurser" sv:"resurser"`
	List        string   `yaml:"varslingsliste" sv:"larmlista"` // notification list ID
	Template    string   `yaml:"mal" sv:"mall"`                 // optional message template ID
}

// Step is one numbered step of an action card, optionally owned by a role.
type Step struct {
	Pos  `yaml:"-"`
	Text string `yaml:"tekst" sv:"text"`
	Role string `yaml:"rolle" sv:"roll"`
}

// Template is a prepared message, such as a holding statement (maler.yaml).
type Template struct {
	Pos     `yaml:"-"`
	ID      string   `yaml:"id"`
	Name    string   `yaml:"navn" sv:"namn"`
	Use     string   `yaml:"bruk" sv:"användning"`
	Text    string   `yaml:"tekst" sv:"text"`
	Aliases []string `yaml:"alias"`
}

// Meetings holds the agendas of the first meeting and of status meetings,
// and the checklist used when an incident is closed (moter.yaml).
type Meetings struct {
	Pos           `yaml:"-"`
	First         []AgendaItem `yaml:"forstemote" sv:"första_mötet"`
	Status        []AgendaItem `yaml:"statusmote" sv:"statusmöte"`
	Normalisation []string     `yaml:"normalisering"`
	Evaluation    []string     `yaml:"evaluering" sv:"utvärdering"` // questions asked after closing
	// SitRep is the situation report's template and cadence (sitrep.go).
	SitRep SitRep `yaml:"situasjonsrapport" sv:"lägesrapport"`
}

// AgendaItem is one point of a meeting agenda.
type AgendaItem struct {
	Pos       `yaml:"-"`
	Heading   string   `yaml:"overskrift" sv:"rubrik"`
	Questions []string `yaml:"sporsmal" sv:"frågor"`
}

// Exercise is a scheduled exercise (øvelse) with its owner and team
// channel (arshjul.yaml).
type Exercise struct {
	Pos            `yaml:"-"`
	ID             string `yaml:"id"`
	Name           string `yaml:"navn" sv:"namn"`
	Description    string `yaml:"beskrivelse" sv:"beskrivning"`
	Owner          string `yaml:"eier" sv:"ägare"` // contact ID
	Channel        string `yaml:"kanal"`           // Slack channel ID or #name
	IntervalMonths int    `yaml:"intervall_mnd" sv:"intervall_mån"`
	LastDone       Date   `yaml:"sist_gjennomfort" sv:"senast_genomförd"`
	DoneWhen       string `yaml:"gjennomfort_nar" sv:"genomförd_när"` // what counts as done
	Stages         []int  `yaml:"varsler" sv:"påminnelser"`           // days before due; default 30, 7, 0
}

// ReviewKind names what a review covers.
type ReviewKind string

// Kinds of review.
const (
	ReviewPlan     ReviewKind = "plan"
	ReviewROS      ReviewKind = "ros"
	ReviewContacts ReviewKind = "kontaktliste"
	ReviewOther    ReviewKind = "annet"
)

// Review is a scheduled revision: of the plan (yearly), the ROS analysis
// (every 48 months), the contact list, or anything else (arshjul.yaml).
type Review struct {
	Pos            `yaml:"-"`
	ID             string     `yaml:"id"`
	Name           string     `yaml:"navn" sv:"namn"`
	Kind           ReviewKind `yaml:"type" sv:"typ"`
	Owner          string     `yaml:"eier" sv:"ägare"`
	Channel        string     `yaml:"kanal"`
	IntervalMonths int        `yaml:"intervall_mnd" sv:"intervall_mån"`
	LastDone       Date       `yaml:"sist_gjennomfort" sv:"senast_genomförd"`
	DoneWhen       string     `yaml:"gjennomfort_nar" sv:"genomförd_när"`
	Stages         []int      `yaml:"varsler" sv:"påminnelser"`
}
