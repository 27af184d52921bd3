package access

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// loadExample loads an embedded example plan; with defaults set, its
// tilgang section is dropped so the bot's defaults apply.
func loadExample(tb testing.TB, name string, defaults bool) *plan.Plan {
	tb.Helper()
	p, ds := planfile.LoadExample(name)
	if ds.HasErrors() {
		tb.Fatalf("example %s:\n%s", name, ds)
	}
	if defaults {
		p.Org.Access = plan.Access{}
	}
	return p
}

// The people of the kommune example in the matrix, each with one fact.
var actors = []struct {
	col string
	who Actor
}{
	{"L", Actor{UserID: "U0KRISE001"}},                                       // Kari: kriseleder in the incident
	{"O", Actor{UserID: "U0KRISE004"}},                                       // Per: opened the incident
	{"A", Actor{UserID: "U0KRISE003"}},                                       // Ingrid: administrator
	{"M", Actor{UserID: "U0KRISE005"}},                                       // Siri: plan member, nothing else
	{"N", Actor{UserID: "U0UKJENT"}},                                         // not in the plan
	{"C", Actor{UserID: "U0KANAL", ChannelMember: true}},                     // not in the plan, in the channel
	{"S", Actor{UserID: "U0KRISE009"}},                                       // Mona: loggfører in the incident
	{"W", Actor{UserID: "U0JONAS", Email: "Jonas.Demo@eksempel.kommune.no"}}, // Jonas (slack_epost): wrote the entry
	{"E", Actor{UserID: "U0KRISE014"}},                                       // Terje: owns the exercise
	{"K", Actor{ConsoleAdmin: true}},                                         // the console
}

// subject is a private incident opened by Per, with Kari as kriseleder and
// Mona as loggfører; the entry is Jonas's, the exercise Terje's, and the
// role taken is loggfører.
func subject() Subject {
	return Subject{
		Incident: &incident.Incident{ID: 1, OpenedBy: "U0KRISE004", Private: true},
		Holders: []incident.RoleHolder{
			{RoleID: "kriseleder", UserID: "U0KRISE001"},
			{RoleID: "loggforer", UserID: "U0KRISE009"},
		},
		Role:        "loggforer",
		EntryAuthor: "U0JONAS",
		Owner:       "terje-teknisk",
	}
}

const (
	everyone    = "LOAMNCSWEK"
	planMembers = "LOAMSWEK"
)

func TestCheckDefaults(t *testing.T) {
	p := loadExample(t, "kommune", true)
	free := subject()
	free.Role = "informasjonsansvarlig" // nobody holds it in the incident
	public := subject()
	public.Incident = &incident.Incident{ID: 2, OpenedBy: "U0KRISE004"}
	tests := []struct {
		act     Action
		on      Subject
		allowed string // the actor columns allowed
	}{
		{OpenIncident, Subject{}, planMembers},
		{RaiseAlarm, Subject{}, everyone},
		{Close, subject(), "LOAK"},
		{Reopen, subject(), "LOAK"},
		{AssignRole, subject(), "LOAK"},
		{SetMeeting, subject(), "LOAK"},
		{TakeRole, subject(), "LASK"},
		{TakeRole, free, planMembers}, // an unheld role: checked as TakeFreeRole
		{TakeFreeRole, free, planMembers},
		{CorrectEntry, subject(), "LASWK"},
		{Log, subject(), "ACK"},
		{TickStep, subject(), "ACK"},
		{MarkDone, subject(), "AEK"},
		{Postpone, subject(), "AEK"},
		{SeePhones, Subject{}, planMembers},
		{SeePrivate, subject(), "ACK"},
		{SeePrivate, public, everyone},
		{Redact, subject(), "AK"},
		{SeeRefusals, subject(), "AK"},
		{FollowUp, Subject{}, planMembers},
		{Action("finnes-ikke"), subject(), "AK"},
	}
	seen := map[Action]bool{}
	for _, tt := range tests {
		seen[tt.act] = true
		assertMatrix(t, p, tt.act, tt.on, tt.allowed)
	}
	for _, act := range Actions {
		if !seen[act] {
			t.Errorf("action %s is not tested", act)
		}
	}
}

// assertMatrix checks act for every actor: allowed exactly for the
// columns in allowed.
func assertMatrix(t *testing.T, p *plan.Plan, act Action, on Subject, allowed string) {
	t.Helper()
	for _, a := range actors {
		d := Check(p, a.who, act, on)
		if want := strings.Contains(allowed, a.col); d.Allowed != want {
			t.Errorf("%s by %s (%s): allowed = %v, want %v (who: %v)", act, a.col, a.who.UserID, d.Allowed, want, d.Who)
		}
		if d.Allowed == (d.By.Kind == "") {
			t.Errorf("%s by %s: Allowed = %v but By = %v", act, a.col, d.Allowed, d.By)
		}
		if (d.Err() == nil) != d.Allowed {
			t.Errorf("%s by %s: Err() = %v", act, a.col, d.Err())
		}
	}
}

func TestCheckPlanOverrides(t *testing.T) {
	p := loadExample(t, "kommune", true)
	withStrategic := subject()
	withStrategic.Holders = append(withStrategic.Holders, incident.RoleHolder{RoleID: "strategisk-koordinator", UserID: "U0KRISE005"})
	ownedByRole := subject()
	ownedByRole.Owner = "informasjonsansvarlig" // Siri holds it, Jonas is the deputy
	tests := []struct {
		name    string
		access  plan.Access
		act     Action
		on      Subject
		allowed string
	}{
		{"only the kriseleder closes", plan.Access{Close: []string{"kriseleder"}}, Close, subject(), "LAK"},
		{"members log", plan.Access{Log: []string{"medlemmer"}}, Log, subject(), planMembers},
		{"members raise alarms", plan.Access{RaiseAlarm: []string{"medlemmer"}}, RaiseAlarm, Subject{}, planMembers},
		{"anyone opens", plan.Access{OpenIncident: []string{"alle"}}, OpenIncident, Subject{}, everyone},
		{"role id in the incident", plan.Access{SetMeeting: []string{"strategisk-koordinator"}}, SetMeeting, withStrategic, "MAK"},
		{"role id without an incident: card holders and deputies", plan.Access{SeePhones: []string{"informasjonsansvarlig", "loggfører"}}, SeePhones, Subject{}, "AMSWK"},
		{"owner as a role", plan.Access{}, Postpone, ownedByRole, "AMWK"},
		{"the scribe redacts too", plan.Access{Redact: []string{"loggforer", "administratorer"}}, Redact, subject(), "ASK"},
		{"channel members see private incidents, admins always", plan.Access{SeePrivate: []string{"kanalmedlemmer"}}, SeePrivate, subject(), "ACK"},
		{"opener takes roles", plan.Access{HandOverRole: []string{"åpner"}}, TakeRole, subject(), "OAK"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p.Org.Access = tt.access
			assertMatrix(t, p, tt.act, tt.on, tt.allowed)
		})
	}
}

// TestCheckExampleOverride: the kommune example lets the strategic
// coordinator set meetings.
func TestCheckExampleOverride(t *testing.T) {
	p := loadExample(t, "kommune", false)
	on := subject()
	on.Holders = append(on.Holders, incident.RoleHolder{RoleID: "strategisk-koordinator", UserID: "U0KRISE005"})
	assertMatrix(t, p, SetMeeting, on, "LOAMK")
}

// TestCheckContactHolders: a contact without a Slack ID holds roles as
// "kontakt:<id>" and is recognised by the e-mail the caller knows.
func TestCheckContactHolders(t *testing.T) {
	p := loadExample(t, "kommune", true)
	on := subject()
	on.Holders = []incident.RoleHolder{{RoleID: "kriseleder", UserID: "kontakt:jonas-demo"}}
	on.Incident.OpenedBy = "kontakt:stale-server"
	tests := []struct {
		who  Actor
		want bool
	}{
		{Actor{UserID: "U0JONAS", Email: "jonas.demo@eksempel.kommune.no"}, true},
		{Actor{UserID: "U0JONAS"}, false}, // without the e-mail the plan cannot tell
		{Actor{UserID: "U0STALE", Email: "stale.server@eksempel.kommune.no"}, true},
		{Actor{UserID: "U0KRISE001"}, false}, // Kari is kriseleder on the card, not in this incident
	}
	for _, tt := range tests {
		if d := Check(p, tt.who, Close, on); d.Allowed != tt.want {
			t.Errorf("Close by %+v = %v, want %v", tt.who, d.Allowed, tt.want)
		}
	}
}

func TestCheckFlowstopLeaderByRolletype(t *testing.T) {
	p := loadExample(t, "flowstop", true)
	on := Subject{
		Incident: &incident.Incident{ID: 1, OpenedBy: "U0OTHER"},
		Holders:  []incident.RoleHolder{{RoleID: "daglig-leder", UserID: "U0FLOW0001"}},
	}
	if d := Check(p, Actor{UserID: "U0FLOW0001"}, Close, on); !d.Allowed {
		t.Errorf("daglig leder may not close: %+v", d)
	}
	// Stine is a member (slack_epost) but holds nothing here.
	if d := Check(p, Actor{UserID: "U0STINE", Email: "stine.stopp@flowstop.example"}, Close, on); d.Allowed {
		t.Errorf("Stine may close: %+v", d)
	}
}

func TestDecisionDetails(t *testing.T) {
	p := loadExample(t, "kommune", true)
	d := Check(p, Actor{UserID: "U0UKJENT"}, OpenIncident, Subject{})
	if d.Allowed || d.Alternative != RaiseAlarm {
		t.Errorf("OpenIncident by a non-member: %+v", d)
	}
	if d := Check(p, Actor{UserID: "U0KRISE005"}, OpenIncident, Subject{}); d.Alternative != "" || d.By.Kind != plan.GranteeMembers {
		t.Errorf("OpenIncident by a member: %+v", d)
	}
	if d := Check(p, Actor{UserID: "U0KRISE003"}, Close, subject()); d.By.Kind != plan.GranteeAdmins {
		t.Errorf("admin closes by %v", d.By)
	}
	d = Check(p, Actor{UserID: "U0KRISE005"}, Close, subject())
	var refused *Refused
	if err := d.Err(); !errors.Is(err, incident.ErrForbidden) || !errors.As(err, &refused) || refused.Decision.Action != Close {
		t.Errorf("Err() = %v", err)
	}
	var kinds []plan.GranteeKind
	for _, w := range d.Who {
		kinds = append(kinds, w.Kind)
	}
	if want := []plan.GranteeKind{plan.GranteeLeader, plan.GranteeOpener, plan.GranteeAdmins}; !slices.Equal(kinds, want) {
		t.Errorf("Who = %v, want %v", kinds, want)
	}
	if w := d.Who[0]; w.Role == nil || w.Role.ID != "kriseleder" || !slices.Equal(w.Users, []string{"U0KRISE001"}) {
		t.Errorf("Who[0] = %+v", w)
	}
	if w := d.Who[2]; !slices.Equal(w.Users, []string{"U0KRISE003"}) {
		t.Errorf("administrators = %v", w.Users)
	}
}

// TestActionsMatchThePlanKeys: every action is a tilgang key, with a
// default and a verb, and the other way round.
func TestActionsMatchThePlanKeys(t *testing.T) {
	keys := plan.AccessKeys()
	if len(keys) != len(Actions) {
		t.Fatalf("%d actions, %d plan keys", len(Actions), len(keys))
	}
	for i, act := range Actions {
		if string(act) != keys[i] {
			t.Errorf("action %d = %s, plan key %s", i, act, keys[i])
		}
		for _, lang := range i18n.Langs() {
			if len(Default(act)) == 0 || !i18n.For(lang).Has("access.verb."+string(act)) {
				t.Errorf("%s: default %v, verb in %s %q", act, Default(act), lang, VerbIn(lang, act))
			}
		}
	}
}

func TestContactRefIsTheIncidentsForm(t *testing.T) {
	if contactRef != ui.ContactPrefix {
		t.Errorf("contactRef = %q, ui.ContactPrefix = %q", contactRef, ui.ContactPrefix)
	}
}
