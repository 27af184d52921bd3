package commands_test

import (
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// No two rows share a spelling in any language, so a word typed in any
// language finds one command.
func TestCommandSpellingsUnique(t *testing.T) {
	owner := map[string]string{}
	for _, c := range commands.Table() {
		for _, lang := range i18n.Langs() {
			names := commands.NamesIn(lang, c)
			if c.Slash == "/beredskap" && len(names) == 0 {
				t.Errorf("%s has no name in %s", c.ID, lang)
			}
			for _, n := range names {
				key := c.Slash + " " + plan.Fold(n)
				if o, ok := owner[key]; ok && o != c.ID {
					t.Errorf("%q (%s) is both %s and %s", n, lang, o, c.ID)
				}
				owner[key] = c.ID
			}
			if c.Slash == "/beredskap" && commands.SummaryIn(lang, c) == "" {
				t.Errorf("%s has no summary in %s", c.ID, lang)
			}
		}
	}
}

// Sub-commands and flags are understood in every language, whatever the
// plan's language; the Norwegian ones keep working.
func TestCommandsInEveryLanguage(t *testing.T) {
	e := newEnv(t) // a bokmål plan
	e.open("U0KRISE001", "Flom", "C0INC")
	for _, line := range []string{"/beredskap logga Vi stänger bron", "/beredskap log We close the bridge", "/beredskap logg Vi stenger brua", "/beredskap beslut Bron stängs"} {
		mustContain(t, e.text(e.do("C0INC", "U0KRISE001", line)), "*Loggført som #")
	}
	mustContain(t, e.text(e.do("C0INC", "U0KRISE001", "/beredskap korrigera 2 Vi stenger brua")), "retter #2")
	mustContain(t, e.text(e.do("C0INC", "U0KRISE001", "/beredskap möte 15:00")), "Neste statusmøte kl. 15:00")
	mustContain(t, e.text(e.do("C0INC", "U0KRISE001", "/beredskap meeting 16:00")), "Neste statusmøte kl. 16:00")
	mustContain(t, e.text(e.do("C0INC", "U0KRISE001", "/beredskap läge")), "Status: Flom")
	mustContain(t, e.text(e.do("C0X", "U0KRISE001", "/beredskap hjälp")), "Beredskapsbot – kommandoer", "`/beredskap logg <tekst>`")
	r := e.do("C0BEREDSKAP", "U0KRISE001", "/beredskap start --övning --skyddad Storm")
	if r.Opened == nil || !r.Opened.Private || !strings.HasPrefix(r.Opened.ChannelName, "ovelse-20261122-skjermet-") {
		t.Fatalf("start --övning --skyddad: %+v", r.Opened)
	}
	r = e.do("C0BEREDSKAP", "U0KRISE001", "/beredskap start --exercise --private Storm 2")
	if r.Opened == nil || !r.Opened.Private || !strings.HasPrefix(r.Opened.ChannelName, "ovelse-") {
		t.Fatalf("start --exercise --private: %+v", r.Opened)
	}
	mustContain(t, e.text(e.do("C0BEREDSKAP", "U0KRISE001", "/beredskap start --hemlig Storm")), "ukjent valg «--hemlig»; gyldige valg er `--privat` og `--øvelse`")
}

// The manifest's hints in the plan's language.
func TestSlashesIn(t *testing.T) {
	sv := commands.SlashesIn(i18n.Swedish)
	if sv[0].Command != "/beredskap" || !strings.Contains(sv[0].UsageHint, "logga | korrigera") || !strings.Contains(sv[0].Description, "öppna och leda en händelse") {
		t.Errorf("sv: %+v", sv[0])
	}
	en := commands.SlashesIn(i18n.English)
	if !strings.HasPrefix(en[0].UsageHint, "start | status | log | correct") {
		t.Errorf("en: %+v", en[0])
	}
	nb := commands.SlashesIn(i18n.Bokmal)
	if !strings.HasPrefix(nb[0].UsageHint, "start | status | logg | korriger") || nb[1].Description != "Tiltakskort: list alle, vis ett, eller kryss av et steg" {
		t.Errorf("nb: %+v", nb[:2])
	}
}
