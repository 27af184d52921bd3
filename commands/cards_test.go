package commands_test

import (
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/commands"
)

func TestActionCardGolden(t *testing.T) {
	e := newEnv(t)
	golden(t, "tiltak_strom", e.text(e.do("C1", "U0KRISE001", "/tiltak strom")))
	golden(t, "tiltak_list", e.text(e.do("C1", "U0KRISE001", "/tiltak")))
}

func TestRoleCardGolden(t *testing.T) {
	e := newEnv(t)
	out := e.text(e.do("C1", "U0KRISE001", "/rolle strategisk-koordinator"))
	// The seed's card, phase by phase.
	mustContain(t, out, "Før førstemøte", "Innkalling", "Rolleavklaring", "Normalisering", "Informer om at alle beslutninger logges")
	golden(t, "rolle_strategisk_koordinator", out)
}

func TestForgivingMatching(t *testing.T) {
	e := newEnv(t)
	strom := e.text(e.do("C1", "U0KRISE003", "/tiltak strom"))
	for _, q := range []string{"STRØM", "strøm", "strømbrudd", "Strombrudd", "power", "stro"} {
		if got := e.text(e.do("C1", "U0KRISE003", "/tiltak "+q)); got != strom {
			t.Errorf("/tiltak %s shows another answer than /tiltak strom:\n%s", q, got)
		}
	}
	// A typo gets suggestions, not silence.
	mustContain(t, e.text(e.do("C1", "U0KRISE003", "/tiltak strmo")), "Mente du", "`strom`")
	mustContain(t, e.text(e.do("C1", "U0KRISE003", "/rolle kriseledr")), "Mente du", "`kriseleder`")
	// Unknown card far from everything: says so and how to list.
	mustContain(t, e.text(e.do("C1", "U0KRISE003", "/tiltak xyzzyqq")), "Fant ikke tiltakskort", "/tiltak")
}

func TestUnknownCommandSuggests(t *testing.T) {
	e := newEnv(t)
	tests := []struct{ line, want string }{
		{"/beredskap strat Brann", "`/beredskap start`"},
		{"/beredskap statsu", "`/beredskap status`"},
		{"/beredskap lgg noe", "`/beredskap logg`"},
		{"/tiltk strom", "`/tiltak`"},
	}
	for _, tt := range tests {
		out := e.text(e.do("C1", "U0KRISE003", tt.line))
		mustContain(t, out, "Ukjent kommando", "Mente du", tt.want)
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	e := newEnv(t)
	out := e.text(e.do("C1", "U0KRISE003", "/beredskap hjelp"))
	for _, c := range commands.Table() {
		if !strings.Contains(out, strings.TrimSpace(c.Slash+" "+c.Name)) {
			t.Errorf("help lacks %s %s", c.Slash, c.Name)
		}
	}
	if e.text(e.do("C1", "U0KRISE003", "/beredskap")) != out {
		t.Error("/beredskap alone should show the help")
	}
}

func TestContactSearch(t *testing.T) {
	e := newEnv(t)
	p := e.h.Plan()
	c := p.Contacts[0]
	r := e.do("C1", "U0KRISE003", "/kontakt "+strings.ToUpper(strings.Fields(c.Name)[0]))
	out := e.text(r)
	mustContain(t, out, c.Name)
	if len(c.PhoneDisplay) > 0 {
		mustContain(t, out, c.PhoneDisplay[0])
	}
	if r.Visibility != 0 {
		t.Error("contact details must only be shown to the asker")
	}
	mustContain(t, e.text(e.do("C1", "U0KRISE003", "/kontakt")), "Skriv hvem")
}

func TestNotificationListOrder(t *testing.T) {
	e := newEnv(t)
	p := e.h.Plan()
	l := p.DefaultList()
	out := e.text(e.do("C1", "U0KRISE003", "/varsling"))
	last := -1
	for _, g := range l.Groups {
		for _, id := range g.Contacts {
			i := strings.Index(out, p.Contact(id).Name)
			if i < 0 || i < last {
				t.Fatalf("%s missing or out of notification order:\n%s", id, out)
			}
			last = i
		}
	}
}

func TestTemplates(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.text(e.do("C1", "U0KRISE003", "/beredskap mal")), "holding")
	mustContain(t, e.text(e.do("C1", "U0KRISE003", "/beredskap mal holding-statement")), "Vi kan bekrefte at en hendelse har skjedd")
}
