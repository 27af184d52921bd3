package console_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/console"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// The console's own lines – the channel notes, the heading of a printed
// reminder, an unknown @name – follow the plan's language. (The answers
// of the commands are the commands package's.)
func TestConsoleInPlanLanguage(t *testing.T) {
	for _, tt := range []struct {
		lang i18n.Lang
		want []string
	}{
		{i18n.Swedish, []string{
			"Påminnelse (till #krisberedskap):", "Stabsövning elavbrott", "[Skjut upp 1 vecka]",
			"Kommandon börjar med /. Skriv /beredskap hjelp.",
			"Du är i #konsoll. Byt med /kanal <namn>.", "Du är nu i #krisberedskap.",
			"Hittade ingen kontakt i planen som heter ”Nobody”.",
		}},
		{i18n.English, []string{
			"Reminder (to #krisberedskap):", "Stabsövning elavbrott", "[Postpone 1 week]",
			"Commands start with /. Type /beredskap hjelp.",
			"You are in #konsoll. Switch with /kanal <name>.", "You are now in #krisberedskap.",
			"No contact in the plan is called “Nobody”.",
		}},
	} {
		t.Run(string(tt.lang), func(t *testing.T) {
			p, diags := planfile.LoadDir("../plan/planfile/testdata/sv-valid")
			if p == nil || diags.HasErrors() {
				t.Fatalf("sv-valid: %v", diags.Errors())
			}
			p.Lang = tt.lang
			db, err := storage.Open(filepath.Join(t.TempDir(), "b.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			h := commands.New(p, db, nil, nil)
			now := time.Date(2027, 3, 3, 9, 30, 0, 0, h.Loc) // the exercise was due 10.03.2027
			c := &console.Console{Handler: h, Store: db, User: "anna", Poll: time.Hour,
				Reminders:        &reminders.Runner{Plan: h.Plan, Store: db, Loc: h.Loc, Now: func() time.Time { return now }},
				ReminderSchedule: "0 9 * * 1-5"}
			out := run(t, c, "hei\n/kanal\n/kanal #krisberedskap\n/beredskap logg @Nobody ringde\n")
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			bad := []string{"ikke", "til", "nå", "melding", "kommandoer", "fant", "uke", "dager", "utsett", "bytt", "navn"}
			if tt.lang == i18n.English {
				bad = append(bad, "skriv", "du", "påminnelse", "inte", "dagar")
			}
			for _, line := range strings.Split(out, "\n") {
				if strings.Contains(line, "`") {
					continue // a command, whose keywords stay bokmål
				}
				for _, w := range strings.FieldsFunc(strings.ToLower(line), func(r rune) bool { return !unicode.IsLetter(r) }) {
					if slices.Contains(bad, w) {
						t.Errorf("%q in %q", w, line)
					}
				}
			}
		})
	}
}
