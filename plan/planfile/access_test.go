package planfile

import (
	"reflect"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

const vocabulary = "medlemmer, kanalmedlemmer, kriseleder, loggfører, åpner, forfatter, eier, innehaver, administratorer, alle eller en rolle-id"

func TestLoadReportsBadAccess(t *testing.T) {
	p, ds := Load(planFS(t, "testdata/valid", "testdata/access-bad"))
	assertDiagnostics(t, ds, Diagnostics{
		e("organisasjon.yaml", 4, "administratorer", "ukjent kontakt «karin» – mente du «kari»?"),
		e("organisasjon.yaml", 4, "administratorer", "kontakten «lise» kan ikke kjennes igjen i Slack; gi den slack eller slack_epost i kontakter.yaml"),
		e("organisasjon.yaml", 7, "tilgang.korrigere", "ukjent «kriselder» – mente du «kriseleder»?"),
		e("organisasjon.yaml", 8, "tilgang.logge", "mangler (skriv minst én: "+vocabulary+"); ta bort linjen for å bruke standarden"),
		e("organisasjon.yaml", 9, "tilgang.se_telefon", "ukjent «sjefen»; bruk "+vocabulary),
		w("organisasjon.yaml", 10, "tilgang.sette_mote", "«forfatter» gjelder bare for korrigere; her gir det ingen tilgang"),
		e("organisasjon.yaml", 11, "tilgang", "ukjent felt «avslute» – mente du «avslutte»?"),
		e("organisasjon.yaml", 12, "tilgang.tildele_rolle", "ukjent «Vakt» – mente du «vakt»?"),
		e("rollekort/vakt.yaml", 5, "rolletype", "bare ett rollekort kan ha rolletype loggfører; «sikkerhet» har den allerede (rollekort/sikkerhet.yaml:5)"),
		e("rollekort/vekter.yaml", 5, "rolletype", "ukjent rolletype «sjef»; bruk kriseleder eller loggfører"),
	})
	// The usable parts are kept: words made canonical, bad ones left out.
	if got := p.Role("sikkerhet").Kind; got != plan.RoleScribe {
		t.Errorf("sikkerhet.Kind = %q, want %q", got, plan.RoleScribe)
	}
	if got := p.ScribeRole(); got == nil || got.ID != "sikkerhet" {
		t.Errorf("ScribeRole = %v, want sikkerhet", got)
	}
	rules := []struct {
		key  string
		want []plan.Grantee
		set  bool
	}{
		{"avslutte", []plan.Grantee{{Kind: plan.GranteeLeader}, {Kind: plan.GranteeOpener}, {Kind: plan.GranteeAdmins}}, true},
		{"korrigere", []plan.Grantee{{Kind: plan.GranteeAuthor}, {Kind: plan.GranteeScribe}}, true},
		{"sette_mote", []plan.Grantee{{Kind: plan.GranteeAuthor}, {Kind: plan.GranteeRole, Role: "vakt"}}, true},
		{"gjenapne", []plan.Grantee{{Kind: plan.GranteeLeader}}, true}, // a single word for a list
		{"logge", nil, false}, // empty: the default
		{"sladde", nil, false},
		{"ukjent", nil, false},
	}
	for _, tt := range rules {
		got, set := p.AccessRule(tt.key)
		if set != tt.set || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("AccessRule(%q) = %v, %v; want %v, %v", tt.key, got, set, tt.want, tt.set)
		}
	}
}

func TestExamplesNameAdministratorsAndRoles(t *testing.T) {
	tests := []struct {
		example, admin, adminSlack, leader, scribe string
	}{
		{"kommune", "ingrid-eksempel", "U0KRISE003", "kriseleder", "loggforer"},
		{"flowstop", "fredrik-flyt", "U0FLOW0001", "daglig-leder", ""},
	}
	for _, tt := range tests {
		t.Run(tt.example, func(t *testing.T) {
			p, ds := LoadExample(tt.example)
			if ds.HasErrors() {
				t.Fatalf("example has errors:\n%s", ds)
			}
			if !reflect.DeepEqual(p.Org.Admins, []string{tt.admin}) || !p.IsAdmin(tt.adminSlack) {
				t.Errorf("Admins = %v, IsAdmin(%s) = %v", p.Org.Admins, tt.adminSlack, p.IsAdmin(tt.adminSlack))
			}
			if got := idOf(p.LeaderRole()); got != tt.leader {
				t.Errorf("LeaderRole = %q, want %q", got, tt.leader)
			}
			if got := idOf(p.ScribeRole()); got != tt.scribe {
				t.Errorf("ScribeRole = %q, want %q", got, tt.scribe)
			}
		})
	}
}

func idOf(r *plan.Role) string {
	if r == nil {
		return ""
	}
	return r.ID
}
