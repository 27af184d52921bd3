package console_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/console"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// Words only a Norwegian (bokmål) answer uses, and words only a Swedish
// one uses. A session in one language must show none of the other's.
var (
	norwegianOnly = []string{"ikke", "loggført", "Beslutning", "Hendelse", "Mente du", "Ansvarlig", "Brukes når", "uke", "gyldig", "advarsel", "Utført", "avsluttet"}
	swedishOnly   = []string{"inte", "loggförd", "Beslut", "Händelse", "Menade du", "Ansvarig", "Används när", "vecka", "giltig", "varning", "avslutad"}
)

// consoleOn runs script through the console transport on p, as the
// administrator of the console (no --user).
func consoleOn(t *testing.T, p *plan.Plan, script string) string {
	t.Helper()
	db, err := storage.Open(filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := &console.Console{Handler: commands.New(p, db, nil, nil), Store: db, User: "konsoll"}
	return run(t, c, script)
}

func example(t *testing.T, name string) *plan.Plan {
	t.Helper()
	p, diags := planfile.LoadExample(name)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", name, diags.Errors())
	}
	return p
}

// leaked returns the words of banned that stand in out as whole words.
func leaked(out string, banned []string) []string {
	var found []string
	for _, w := range banned {
		if regexp.MustCompile(`(?i)(^|[^\p{L}])` + regexp.QuoteMeta(w) + `($|[^\p{L}])`).MatchString(out) {
			found = append(found, w)
		}
	}
	return found
}

// A whole incident in the console on the Swedish example, typed in
// Swedish (a typo in the card's name included), reads Swedish only; the
// same on the Norwegian example reads Norwegian only; an English plan
// answers in English.
func TestConsoleSessionInEachLanguage(t *testing.T) {
	sv := example(t, "sverige")
	en := example(t, "sverige")
	en.Lang = i18n.English
	tests := []struct {
		name   string
		p      *plan.Plan
		script string
		want   []string
		banned []string
	}{
		{"sv", sv, `/beredskap start elavbrott Strömavbrott i kommunhuset
/tiltak elavbrot
/beredskap statsu
/beredskap logga Reservkraft startas på Solgården
/beredskap korrigera 2 Reservkraft startad på Solgården kl. 10
/beredskap status
/beredskap roll systemagare @Anna Andersson
/beredskap avsluta bekräfta Strömmen är tillbaka
/beredskap utvärdera 1 Larmlistan fungerade
`, []string{"kris-", "Loggat som #", "rättar #2", "Menade du", "/tiltak elavbrott klar <nr>", "`/beredskap berörd <id>`", "Systemägare"}, norwegianOnly},
		{"nb", example(t, "kommune"), `/beredskap start strom Strømbrudd i sentrum
/tiltak strm
/beredskap statsu
/beredskap logg Aggregat startes på sykehjemmet
/beredskap korriger 2 Aggregat startet på sykehjemmet kl. 10
/beredskap status
/beredskap rolle loggforer @Per Prøvesen
/beredskap avslutt bekreft Strømmen er tilbake
/beredskap evaluer 1 Varslingslisten fungerte
`, []string{"beredskap-", "Loggført som #", "retter #2", "Mente du", "Loggfører"}, swedishOnly},
		{"en", en, `/beredskap start elavbrott Power cut at the town hall
/tiltak elavbrot
/beredskap statsu
/beredskap log Backup power starting at Solgården
/beredskap correct 2 Backup power started at Solgården at 10
/beredskap status
/beredskap role systemagare @Anna Andersson
/beredskap close confirm Power is back
/beredskap evaluate 1 The call list worked
`, []string{"incident-", "Logged as #", "corrects #2", "Did you mean"}, norwegianOnly},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := consoleOn(t, tt.p, tt.script)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("the session lacks %q:\n%s", w, out)
				}
			}
			if found := leaked(out, tt.banned); len(found) > 0 {
				t.Errorf("words of another language: %q\n%s", found, out)
			}
		})
	}
}
