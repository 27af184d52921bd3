package plan

import (
	"reflect"
	"testing"
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
	if got := p.Role("sikkerhet").Kind; got != RoleScribe {
		t.Errorf("sikkerhet.Kind = %q, want %q", got, RoleScribe)
	}
	if got := p.ScribeRole(); got == nil || got.ID != "sikkerhet" {
		t.Errorf("ScribeRole = %v, want sikkerhet", got)
	}
	rules := []struct {
		key  string
		want []Grantee
		set  bool
	}{
		{"avslutte", []Grantee{{Kind: GranteeLeader}, {Kind: GranteeOpener}, {Kind: GranteeAdmins}}, true},
		{"korrigere", []Grantee{{Kind: GranteeAuthor}, {Kind: GranteeScribe}}, true},
		{"sette_mote", []Grantee{{Kind: GranteeAuthor}, {Kind: GranteeRole, Role: "vakt"}}, true},
		{"gjenapne", []Grantee{{Kind: GranteeLeader}}, true}, // a single word for a list
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

func TestAccessKeysMatchTheStruct(t *testing.T) {
	keys := AccessKeys()
	if len(keys) != 17 || keys[0] != "apne_hendelse" || keys[16] != "se_avvisninger" {
		t.Errorf("AccessKeys = %v", keys)
	}
	a := Access{Close: []string{"kriseleder"}}
	if got := a.Words("avslutte"); !reflect.DeepEqual(got, []string{"kriseleder"}) {
		t.Errorf("Words(avslutte) = %v", got)
	}
	if got := a.Words("finnes-ikke"); got != nil {
		t.Errorf("Words(finnes-ikke) = %v", got)
	}
}

func TestParseGrantee(t *testing.T) {
	p, _ := LoadDir("testdata/valid")
	tests := []struct {
		word string
		want Grantee
		ok   bool
	}{
		{"medlemmer", Grantee{Kind: GranteeMembers}, true},
		{"Åpner", Grantee{Kind: GranteeOpener}, true},
		{"apner", Grantee{Kind: GranteeOpener}, true},
		{"loggforer", Grantee{Kind: GranteeScribe}, true}, // the word, though a role has this id
		{"beredskapskoordinator", Grantee{Kind: GranteeAdmins}, true},
		{"alle", Grantee{Kind: GranteeAnyone}, true},
		{"kriseleder", Grantee{Kind: GranteeLeader}, true},
		{"sjefen", Grantee{}, false},
		{"", Grantee{}, false},
	}
	for _, tt := range tests {
		got, ok := p.ParseGrantee(tt.word)
		if ok != tt.ok || got != tt.want {
			t.Errorf("ParseGrantee(%q) = %v, %v; want %v, %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLeaderAndScribeRoles(t *testing.T) {
	role := func(id string, kind RoleKind, aliases ...string) *Role {
		return &Role{ID: id, Kind: kind, Aliases: aliases}
	}
	tests := []struct {
		name           string
		roles          []*Role
		leader, scribe string
	}{
		{"by id", []*Role{role("loggforer", ""), role("kriseleder", "")}, "kriseleder", "loggforer"},
		{"by alias", []*Role{role("daglig-leder", "", "leder", "Kriseleder"), role("sekretar", "", "loggfører")}, "daglig-leder", "sekretar"},
		{"marked card wins", []*Role{role("kriseleder", ""), role("stabssjef", RoleLeader)}, "stabssjef", ""},
		{"none", []*Role{role("it", "")}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Plan{Roles: tt.roles}
			if got := idOf(p.LeaderRole()); got != tt.leader {
				t.Errorf("LeaderRole = %q, want %q", got, tt.leader)
			}
			if got := idOf(p.ScribeRole()); got != tt.scribe {
				t.Errorf("ScribeRole = %q, want %q", got, tt.scribe)
			}
		})
	}
}

func idOf(r *Role) string {
	if r == nil {
		return ""
	}
	return r.ID
}

func TestMembersAndAdmins(t *testing.T) {
	p, _ := LoadDir("testdata/valid")
	p.Org.Admins = []string{"ola"}
	tests := []struct {
		user, email string
		contact     string
		member      bool // IsMember: by Slack ID only
		admin       bool // IsAdmin: by Slack ID only
	}{
		{"U01KARI1", "", "kari", true, false},
		{"U01KARI1", "ola@fjordtest.no", "kari", true, false}, // the Slack ID decides
		{"U0OLA", "OLA@fjordtest.no", "ola", false, false},    // by slack_epost, any case
		{"U0LISE", "lise@fjordtest.no", "", false, false},     // epost is not slack_epost
		{"U0NOBODY", "", "", false, false},
		{"", "", "", false, false},
	}
	for _, tt := range tests {
		if got := p.ContactOf(tt.user, tt.email); idOfContact(got) != tt.contact {
			t.Errorf("ContactOf(%q, %q) = %q, want %q", tt.user, tt.email, idOfContact(got), tt.contact)
		}
		if got := p.IsMember(tt.user); got != tt.member {
			t.Errorf("IsMember(%q) = %v", tt.user, got)
		}
		if got := p.IsAdmin(tt.user); got != tt.admin {
			t.Errorf("IsAdmin(%q) = %v", tt.user, got)
		}
	}
	if !p.IsAdminContact("ola") || p.IsAdminContact("kari") || p.IsAdminContact("") {
		t.Error("IsAdminContact")
	}
	var members []string
	for _, c := range p.Members() {
		members = append(members, c.ID)
	}
	if !reflect.DeepEqual(members, []string{"kari", "ola"}) {
		t.Errorf("Members = %v", members)
	}
	if a := p.AdminContacts(); len(a) != 1 || a[0].ID != "ola" {
		t.Errorf("AdminContacts = %v", a)
	}
	p.Org.Admins = []string{"kari"}
	if !p.IsAdmin("U01KARI1") {
		t.Error("IsAdmin(kari) = false")
	}
}

func idOfContact(c *Contact) string {
	if c == nil {
		return ""
	}
	return c.ID
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
