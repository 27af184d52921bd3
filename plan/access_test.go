package plan_test

import (
	"reflect"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

func TestAccessKeysMatchTheStruct(t *testing.T) {
	keys := plan.AccessKeys()
	if len(keys) != 18 || keys[0] != "apne_hendelse" || keys[16] != "se_avvisninger" || keys[17] != "oppfolging" {
		t.Errorf("AccessKeys = %v", keys)
	}
	a := plan.Access{Close: []string{"kriseleder"}}
	if got := a.Words("avslutte"); !reflect.DeepEqual(got, []string{"kriseleder"}) {
		t.Errorf("Words(avslutte) = %v", got)
	}
	if got := a.Words("finnes-ikke"); got != nil {
		t.Errorf("Words(finnes-ikke) = %v", got)
	}
}

func TestParseGrantee(t *testing.T) {
	p := loadValid(t)
	tests := []struct {
		word string
		want plan.Grantee
		ok   bool
	}{
		{"medlemmer", plan.Grantee{Kind: plan.GranteeMembers}, true},
		{"Åpner", plan.Grantee{Kind: plan.GranteeOpener}, true},
		{"apner", plan.Grantee{Kind: plan.GranteeOpener}, true},
		{"loggforer", plan.Grantee{Kind: plan.GranteeScribe}, true}, // the word, though a role has this id
		{"beredskapskoordinator", plan.Grantee{Kind: plan.GranteeAdmins}, true},
		{"alle", plan.Grantee{Kind: plan.GranteeAnyone}, true},
		{"kriseleder", plan.Grantee{Kind: plan.GranteeLeader}, true},
		{"sjefen", plan.Grantee{}, false},
		{"", plan.Grantee{}, false},
	}
	for _, tt := range tests {
		got, ok := p.ParseGrantee(tt.word)
		if ok != tt.ok || got != tt.want {
			t.Errorf("ParseGrantee(%q) = %v, %v; want %v, %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLeaderAndScribeRoles(t *testing.T) {
	role := func(id string, kind plan.RoleKind, aliases ...string) *plan.Role {
		return &plan.Role{ID: id, Kind: kind, Aliases: aliases}
	}
	tests := []struct {
		name           string
		roles          []*plan.Role
		leader, scribe string
	}{
		{"by id", []*plan.Role{role("loggforer", ""), role("kriseleder", "")}, "kriseleder", "loggforer"},
		{"by alias", []*plan.Role{role("daglig-leder", "", "leder", "Kriseleder"), role("sekretar", "", "loggfører")}, "daglig-leder", "sekretar"},
		{"marked card wins", []*plan.Role{role("kriseleder", ""), role("stabssjef", plan.RoleLeader)}, "stabssjef", ""},
		{"none", []*plan.Role{role("it", "")}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &plan.Plan{Roles: tt.roles}
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

func TestMembersAndAdmins(t *testing.T) {
	p := loadValid(t)
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

func idOfContact(c *plan.Contact) string {
	if c == nil {
		return ""
	}
	return c.ID
}
