// Package plan is the model of an organisation's preparedness plan
// (beredskapsplan): its roles, contacts, notification lists, action cards,
// ROS analysis, templates, meeting agendas and schedules. It is the
// vocabulary of the rest of the bot and imports none of its other packages.
//
// A plan is a directory of YAML files with Norwegian keys, edited by the
// preparedness coordinator. Load reads and validates one; every problem is
// reported with file, line and field.
package plan

import "time"

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
	Org              Organisation
	Roles            []*Role
	Contacts         []*Contact
	Lists            []*NotificationList
	Cards            []*ActionCard
	Functions        []*CriticalFunction
	ROS              []*ROSRow
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
	Name          string     `yaml:"navn"`
	Kind          OrgKind    `yaml:"type"`
	TimeZone      string     `yaml:"tidssone"`
	Region        string     `yaml:"region"` // ISO 3166 country for phone numbers: NO, SE
	PlanVersion   string     `yaml:"planversjon"`
	Approved      Date       `yaml:"godkjent_dato"`
	ApprovedBy    string     `yaml:"godkjent_av"`
	Purpose       string     `yaml:"formal"`
	Communication []string   `yaml:"kommunikasjon"` // rules such as "Kun daglig leder uttaler seg til media"
	Revisions     []Revision `yaml:"revisjoner"`
	// Admins are the contact IDs of the plan's administrators (the
	// beredskapskoordinator): they may do everything the bot allows.
	Admins []string `yaml:"administratorer"`
	// Access overrides the default of who may do what (tilgang).
	Access Access `yaml:"tilgang"`
	// Privacy says how long personal data is kept (personvern); see
	// Retentions for the defaults.
	Privacy Retention `yaml:"personvern"`
}

// Revision is one line of the plan's revision log.
type Revision struct {
	Pos         `yaml:"-"`
	Date        Date   `yaml:"dato"`
	Change      string `yaml:"endring"`
	Responsible string `yaml:"ansvarlig"`
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

// PhaseTitle returns the bokmål heading of a phase.
func PhaseTitle(p Phase) string {
	switch p {
	case PhaseBeforeFirstMeeting:
		return "Før førstemøte"
	case PhaseFirstMeeting:
		return "Første-/statusmøte"
	case PhaseHandling:
		return "Håndtering"
	case PhaseClosing:
		return "Avslutning"
	case PhaseNormalisation:
		return "Normalisering"
	}
	return string(p)
}

// Role is a role card (rollekort): one file under rollekort/.
type Role struct {
	Pos            `yaml:"-"`
	ID             string      `yaml:"id"`
	Title          string      `yaml:"tittel"`
	Responsibility string      `yaml:"ansvar"`
	Holders        []string    `yaml:"innehavere"`    // contact IDs
	Deputies       []string    `yaml:"stedfortreder"` // contact IDs
	Authority      string      `yaml:"fullmakter"`
	Phases         []RolePhase `yaml:"faser"`
	Aliases        []string    `yaml:"alias"`
	// Kind marks the incident leader's and the scribe's card; see
	// Plan.LeaderRole and Plan.ScribeRole.
	Kind RoleKind `yaml:"rolletype"`
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
	Name  string      `yaml:"fase"`
	Phase Phase       `yaml:"-"`
	Items []CheckItem `yaml:"punkter"`
}

// CheckItem is one point of a checklist: an optional short heading
// ("Innkalling"), its text, and sub-points.
type CheckItem struct {
	Pos     `yaml:"-"`
	Heading string   `yaml:"overskrift"`
	Text    string   `yaml:"tekst"`
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
	Name         string     `yaml:"navn"`
	Title        string     `yaml:"tittel"`
	Org          ContactOrg `yaml:"organisasjon"`
	Company      string     `yaml:"virksomhet"`
	Phones       []string   `yaml:"telefon"` // E.164 after Load (or the digits of a short number such as 113)
	Email        string     `yaml:"epost"`
	SlackID      string     `yaml:"slack"`       // Slack user ID (U…)
	SlackEmail   string     `yaml:"slack_epost"` // e-mail to look the Slack user up by
	Note         string     `yaml:"merknad"`
	PhoneDisplay []string   `yaml:"-"` // the numbers in international format, for display
}

// NotificationList is a varslingsliste: ordered groups of contacts to
// notify, first group first (varslingslister.yaml).
type NotificationList struct {
	Pos         `yaml:"-"`
	ID          string        `yaml:"id"`
	Name        string        `yaml:"navn"`
	AppliesTo   string        `yaml:"gjelder"`  // which kinds of event, in words
	Default     bool          `yaml:"standard"` // used when an incident names no card
	Groups      []NotifyGroup `yaml:"grupper"`
	Description string        `yaml:"beskrivelse"`
}

// NotifyGroup is one step of a notification list: the contacts notified
// together, in order.
type NotifyGroup struct {
	Pos      `yaml:"-"`
	Name     string   `yaml:"navn"`
	Contacts []string `yaml:"kontakter"`
}

// ActionCard is a tiltakskort: the steps for one kind of event (one file
// under tiltakskort/).
type ActionCard struct {
	Pos         `yaml:"-"`
	ID          string   `yaml:"id"`
	Aliases     []string `yaml:"alias"`
	Title       string   `yaml:"tittel"`
	WhenToUse   string   `yaml:"bruk_nar"`
	Responsible string   `yaml:"ansvarlig"` // role ID
	Steps       []Step   `yaml:"steg"`
	Contacts    []string `yaml:"kontakter"` // contact IDs
	Resources   []string `yaml:"ressurser"`
	List        string   `yaml:"varslingsliste"` // notification list ID
	Template    string   `yaml:"mal"`            // optional message template ID
}

// Step is one numbered step of an action card, optionally owned by a role.
type Step struct {
	Pos  `yaml:"-"`
	Text string `yaml:"tekst"`
	Role string `yaml:"rolle"`
}

// ConsequenceLevel grades the consequence of an outage, as in the Swedish
// continuity template (måttlig, betydande, allvarlig).
type ConsequenceLevel string

// Consequence levels.
const (
	ConsequenceModerate    ConsequenceLevel = "moderat"
	ConsequenceSignificant ConsequenceLevel = "betydelig"
	ConsequenceSevere      ConsequenceLevel = "alvorlig"
)

// CriticalFunction is a function the organisation must keep running, with
// how long it may be down (kritiske-funksjoner.yaml).
type CriticalFunction struct {
	Pos               `yaml:"-"`
	ID                string      `yaml:"id"`
	Name              string      `yaml:"navn"`
	Priority          int         `yaml:"prioritet"`
	DowntimeTolerance string      `yaml:"nedetidstoleranse"` // as written: "24 timer", "2–4 timer"
	Comment           string      `yaml:"kommentar"`
	Consequences      Consequence `yaml:"konsekvens"`
	ReserveRoutine    string      `yaml:"reserverutine"`
	Responsible       string      `yaml:"ansvarlig"` // role ID
}

// Consequence is the expected consequence level per outage length.
type Consequence struct {
	Pos        `yaml:"-"`
	Under6h    ConsequenceLevel `yaml:"under_6t"`
	Under24h   ConsequenceLevel `yaml:"under_24t"`
	Day        ConsequenceLevel `yaml:"24t"`
	DaysToWeek ConsequenceLevel `yaml:"2d_1uke"`
}

// Level is a grade used in the ROS analysis.
type Level string

// ROS grades for likelihood and consequence.
const (
	LevelLow      Level = "lav"
	LevelMedium   Level = "middels"
	LevelHigh     Level = "høy"
	LevelCritical Level = "kritisk"
)

// ROSRow is one hazard of the risk and vulnerability analysis (ros.yaml).
type ROSRow struct {
	Pos         `yaml:"-"`
	ID          string   `yaml:"id"`
	Hazard      string   `yaml:"hendelse"`
	Likelihood  Level    `yaml:"sannsynlighet"`
	Consequence Level    `yaml:"konsekvens"`
	Measures    []string `yaml:"tiltak"`
	Card        string   `yaml:"tiltakskort"` // action card ID
}

// Template is a prepared message, such as a holding statement (maler.yaml).
type Template struct {
	Pos     `yaml:"-"`
	ID      string   `yaml:"id"`
	Name    string   `yaml:"navn"`
	Use     string   `yaml:"bruk"`
	Text    string   `yaml:"tekst"`
	Aliases []string `yaml:"alias"`
}

// Meetings holds the agendas of the first meeting and of status meetings,
// and the checklist used when an incident is closed (moter.yaml).
type Meetings struct {
	Pos           `yaml:"-"`
	First         []AgendaItem `yaml:"forstemote"`
	Status        []AgendaItem `yaml:"statusmote"`
	Normalisation []string     `yaml:"normalisering"`
	Evaluation    []string     `yaml:"evaluering"` // questions asked after closing
}

// AgendaItem is one point of a meeting agenda.
type AgendaItem struct {
	Pos       `yaml:"-"`
	Heading   string   `yaml:"overskrift"`
	Questions []string `yaml:"sporsmal"`
}

// Exercise is a scheduled exercise (øvelse) with its owner and team
// channel (arshjul.yaml).
type Exercise struct {
	Pos            `yaml:"-"`
	ID             string `yaml:"id"`
	Name           string `yaml:"navn"`
	Description    string `yaml:"beskrivelse"`
	Owner          string `yaml:"eier"`  // contact ID
	Channel        string `yaml:"kanal"` // Slack channel ID or #name
	IntervalMonths int    `yaml:"intervall_mnd"`
	LastDone       Date   `yaml:"sist_gjennomfort"`
	DoneWhen       string `yaml:"gjennomfort_nar"` // what counts as done
	Stages         []int  `yaml:"varsler"`         // days before due; default 30, 7, 0
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
	Name           string     `yaml:"navn"`
	Kind           ReviewKind `yaml:"type"`
	Owner          string     `yaml:"eier"`
	Channel        string     `yaml:"kanal"`
	IntervalMonths int        `yaml:"intervall_mnd"`
	LastDone       Date       `yaml:"sist_gjennomfort"`
	DoneWhen       string     `yaml:"gjennomfort_nar"`
	Stages         []int      `yaml:"varsler"`
}
