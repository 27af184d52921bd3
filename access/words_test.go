package access

import (
	"testing"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

func TestSentence(t *testing.T) {
	kommune := loadExample(t, "kommune", true)
	flowstop := loadExample(t, "flowstop", true)
	at := func(p *plan.Plan) func(string) string {
		name := ui.NameResolver(p)
		return func(u string) string { return "@" + name(u) }
	}
	member := Actor{UserID: "U0KRISE005"}
	stranger := Actor{UserID: "U0UKJENT"}
	tests := []struct {
		name    string
		p       *plan.Plan
		access  plan.Access
		who     Actor
		act     Action
		on      Subject
		mention bool
		want    string
	}{
		{"close", kommune, plan.Access{}, member, Close, subject(), true,
			"Bare kriseleder (@Kari Nordmann), den som åpnet hendelsen eller beredskapskoordinator kan avslutte hendelsen."},
		{"close without mentions", kommune, plan.Access{}, member, Close, subject(), false,
			"Bare kriseleder, den som åpnet hendelsen eller beredskapskoordinator kan avslutte hendelsen."},
		{"close, nobody holds the role", kommune, plan.Access{}, member, Close, Subject{Incident: &incident.Incident{OpenedBy: "U0X"}}, true,
			"Bare kriseleder, den som åpnet hendelsen eller beredskapskoordinator kan avslutte hendelsen."},
		{"the company's leader is daglig leder", flowstop, plan.Access{}, stranger, Close,
			Subject{Incident: &incident.Incident{}, Holders: []incident.RoleHolder{{RoleID: "daglig-leder", UserID: "U0FLOW0001"}}}, true,
			"Bare daglig leder (@Fredrik Flyt), den som åpnet hendelsen eller beredskapskoordinator kan avslutte hendelsen."},
		{"handover", kommune, plan.Access{}, member, TakeRole, subject(), true,
			"Bare den som har rollen (@Mona Modell), kriseleder (@Kari Nordmann) eller beredskapskoordinator kan overta rollen."},
		{"correct", kommune, plan.Access{}, member, CorrectEntry, subject(), true,
			"Bare den som skrev innlegget, loggfører (@Mona Modell), kriseleder (@Kari Nordmann) eller beredskapskoordinator kan korrigere innlegget."},
		{"open", kommune, plan.Access{}, stranger, OpenIncident, Subject{}, true,
			"Bare de som står i beredskapsplanen kan åpne en hendelse."},
		{"log", kommune, plan.Access{}, stranger, Log, subject(), true,
			"Bare de som er med i hendelseskanalen eller beredskapskoordinator kan loggføre."},
		{"postpone", kommune, plan.Access{}, member, Postpone, subject(), true,
			"Bare den ansvarlige (@Terje Teknisk) eller beredskapskoordinator kan utsette påminnelsen."},
		{"redact", kommune, plan.Access{}, member, Redact, subject(), true,
			"Bare beredskapskoordinator kan sladde logginnslag."},
		{"a role id keeps its capitals", kommune, plan.Access{SeePhones: []string{"it-ansvarlig"}}, member, SeePhones, Subject{}, true,
			"Bare IT-ansvarlig (@Ida Itsen) eller beredskapskoordinator kan se telefonnumrene."},
		{"administrators named once", kommune, plan.Access{Redact: []string{"administratorer", "beredskapskoordinator"}}, member, Redact, subject(), true,
			"Bare beredskapskoordinator kan sladde logginnslag."},
		{"allowed", kommune, plan.Access{}, Actor{UserID: "U0KRISE001"}, Close, subject(), true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.Org.Access = tt.access
			d := Check(tt.p, tt.who, tt.act, tt.on)
			var mention func(string) string
			if tt.mention {
				mention = at(tt.p)
			}
			if got := SentenceIn(i18n.Bokmal, d, mention); got != tt.want {
				t.Errorf("Sentence =\n %q\nwant\n %q", got, tt.want)
			}
		})
	}
}

func TestVerbCoversEveryAction(t *testing.T) {
	for _, act := range Actions {
		for _, lang := range i18n.Langs() {
			if v := VerbIn(lang, act); v == "" || !i18n.For(lang).Has("access.verb."+string(act)) {
				t.Errorf("VerbIn(%s, %s) = %q", lang, act, v)
			}
		}
	}
	if got := VerbIn(i18n.Bokmal, "ukjent"); got != "ukjent" {
		t.Errorf("VerbIn(i18n.Bokmal, ukjent) = %q", got)
	}
}

// A refusal reads in the plan's language.
func TestSentenceInEachLanguage(t *testing.T) {
	d := Decision{Action: Close, Who: []Who{{Grantee: plan.Grantee{Kind: plan.GranteeOpener}}, {Grantee: plan.Grantee{Kind: plan.GranteeAdmins}}}}
	for lang, want := range map[i18n.Lang]string{
		i18n.Bokmal:  "Bare den som åpnet hendelsen eller beredskapskoordinator kan avslutte hendelsen.",
		i18n.Swedish: "Bara den som öppnade händelsen eller beredskapssamordnaren kan avsluta händelsen.",
		i18n.English: "Only whoever opened the incident or the preparedness coordinator can close the incident.",
	} {
		if got := SentenceIn(lang, d, nil); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}
