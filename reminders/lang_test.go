package reminders_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// swedishPlan is the Swedish test plan (Swedish content), in lang.
func swedishPlan(t *testing.T, lang i18n.Lang) *plan.Plan {
	t.Helper()
	p, diags := planfile.LoadDir("../plan/planfile/testdata/sv-valid")
	if p == nil || diags.HasErrors() {
		t.Fatalf("sv-valid: %v", diags.Errors())
	}
	p.Lang = lang
	return p
}

// norwegianOnly are words a Swedish or English user must not meet.
var norwegianOnly = []string{"ikke", "loggført", "beslutning", "hendelse", "ansvarlig", "uke", "dager",
	"gyldig", "advarsel", "utsett", "utsatt", "frist", "fristen", "gjennomført", "registrer",
	"forfalt", "siden", "morgen", "hver", "måned", "notat", "neste", "fram", "og"}

// swedishOnly are words an English user must not meet.
var swedishOnly = []string{"inte", "dagar", "påminnelse", "genomförd", "skjut", "vecka", "senast", "försenad", "sista"}

var codeSpan = regexp.MustCompile("`[^`]*`|/beredskap[^\n]*")

// assertLang checks that text holds every word of want and none of the
// words of lang's neighbours, nor (outside commands, which keep their
// bokmål keywords) the letters æ and ø.
func assertLang(t *testing.T, lang i18n.Lang, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s (%s): %q missing in\n%s", what, lang, w, text)
		}
	}
	bad := norwegianOnly
	if lang == i18n.English {
		bad = append(append([]string{}, norwegianOnly...), swedishOnly...)
	}
	plain := codeSpan.ReplaceAllString(text, " ")
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(plain), func(r rune) bool { return !unicode.IsLetter(r) }) {
		words[w] = true
	}
	for _, w := range bad {
		if words[w] {
			t.Errorf("%s (%s): %q in\n%s", what, lang, w, text)
		}
	}
	if strings.ContainsAny(plain, "æøÆØ") {
		t.Errorf("%s (%s): Norwegian letters in\n%s", what, lang, plain)
	}
}

// The reminder texts, with their day counts, in Swedish and English.
func TestMessageInSwedishAndEnglish(t *testing.T) {
	today := date(2027, 3, 10)
	for _, tt := range []struct {
		lang i18n.Lang
		want map[int][]string // days left → words
		more []string         // in every dated reminder
		when map[int]string   // days left → Planned.When
	}{
		{i18n.Swedish, map[int][]string{
			2:  {"ska vara genomförd senast *2027-03-12* – om 2 dagar."},
			1:  {"– i morgon."},
			0:  {"ska vara genomförd *i dag* (2027-03-10)."},
			-1: {"– försenad sedan i går."},
			-2: {"skulle ha varit genomförd senast *2027-03-08* – 2 dagar försenad."},
		}, []string{"Påminnelse: Stabsövning", "Genomförd när:", "Senast genomförd 2025-03-10", "med 24 månaders mellanrum", "[Registrera som genomförd]", "[Skjut upp 1 vecka]"},
			map[int]string{2: "2 dagar före sista dagen", 1: "1 dag före sista dagen", 0: "på sista dagen", -1: "1 dag efter sista dagen", -2: "2 dagar efter sista dagen"}},
		{i18n.English, map[int][]string{
			2:  {"is due by *2027-03-12* – in 2 days."},
			1:  {"– tomorrow."},
			0:  {"is due *today* (2027-03-10)."},
			-1: {"– overdue since yesterday."},
			-2: {"was due by *2027-03-08* – overdue by 2 days."},
		}, []string{"Reminder: Stabsövning", "Done when:", "Last done 2025-03-10", "every 24 months", "[Mark as done]", "[Postpone 1 week]"},
			map[int]string{2: "2 days before the due date", 1: "1 day before the due date", 0: "on the due date", -1: "1 day after the due date", -2: "2 days after the due date"}},
	} {
		for left, want := range tt.want {
			it := reminders.Item{ID: "stabsovning", Name: "Stabsövning", Owner: &plan.Contact{Name: "Erik Svensson"},
				Due: today.AddDays(left), LastDone: date(2025, 3, 10), IntervalMonths: 24, DoneWhen: "Utvärderingen är skriven."}
			r := reminders.MessageIn(tt.lang, it, it.Due.String(), today)
			assertLang(t, tt.lang, "reminder", r.Text+"\n"+ui.PlainText(r, nil), append(want, tt.more...)...)
			if got := reminders.DueWords(tt.lang, it.Due, today); got != tt.when[left] {
				t.Errorf("DueWords(%s, %d days left) = %q, want %q", tt.lang, left, got, tt.when[left])
			}
		}
		never := reminders.Item{ID: "stabsovning", Name: "Stabsövning", IntervalMonths: 1}
		r := reminders.MessageIn(tt.lang, never, reminders.NeverDue, today)
		text := ui.PlainText(r, nil)
		assertLang(t, tt.lang, "never done", r.Text+"\n"+text)
		if last := r.Blocks[len(r.Blocks)-1]; len(last.Buttons) != 1 {
			t.Errorf("%s: an item never done has a postpone button:\n%s", tt.lang, text)
		}
	}
}

// A reminder sent 54 days after the due date (stage +49) says 54 days in
// its text and in Planned.When, in every language.
func TestPassDayCountIsConsistent(t *testing.T) {
	for lang, want := range map[i18n.Lang][2]string{
		i18n.Bokmal:  {"forfalt for 54 dager siden", "54 dager etter fristen"},
		i18n.Swedish: {"54 dagar försenad", "54 dagar efter sista dagen"},
		i18n.English: {"overdue by 54 days", "54 days after the due date"},
	} {
		p := swedishPlan(t, lang)
		p.Reviews = nil
		db := testkit.OpenDB(t, nil)
		r := &reminders.Runner{Plan: func() *plan.Plan { return p }, Store: db, Loc: time.UTC}
		now := time.Date(2027, 5, 3, 9, 0, 0, 0, time.UTC) // due 2027-03-10
		got, err := r.Pass(context.Background(), now, true)
		if err != nil || len(got) != 1 {
			t.Fatalf("%s: pass = %v, %v", lang, got, err)
		}
		pl := got[0]
		if pl.Stage != "+49" {
			t.Errorf("%s: stage %q, want +49", lang, pl.Stage)
		}
		if !strings.Contains(pl.Text, want[0]) || pl.When != want[1] {
			t.Errorf("%s: When %q and text\n%s\nwant %q and %q", lang, pl.When, pl.Text, want[1], want[0])
		}
		if strings.Contains(pl.Text+pl.When, "49") {
			t.Errorf("%s: the stage's day count shows: %q / %q", lang, pl.When, pl.Text)
		}
		if lang != i18n.Bokmal {
			assertLang(t, lang, "pass", ui.PlainText(pl.Post.Response, nil)+"\n"+pl.When)
		}
	}
}

// The buttons' answers and the form, in Swedish and English.
func TestTrackerInSwedishAndEnglish(t *testing.T) {
	for _, tt := range []struct {
		lang                                           i18n.Lang
		form, record, postpone, nothing, future, never []string
	}{
		{i18n.Swedish,
			[]string{"Registrera genomförande", "Datum genomförd", "Kort utvärdering", "Vad fungerade"},
			[]string{"*Stabsövning elavbrott* är registrerad som genomförd 2027-03-01 av", "Nästa gång senast: *2029-03-01* (med 24 månaders mellanrum).", "_Anteckning:_ Bra", "Uppdatera `senast_genomförd`"},
			[]string{"sköt upp *Stabsövning elavbrott* en vecka: ny sista dag *2029-03-08*"},
			[]string{"har redan en ny sista dag 2029-03-01; det finns inget att skjuta upp."},
			[]string{"Kunde inte registrera: datumet 2027-03-20 ligger i framtiden"},
			[]string{"kan inte skjutas upp"}},
		{i18n.English,
			[]string{"Mark as done", "Date done", "Short evaluation", "What worked"},
			[]string{"*Stabsövning elavbrott* recorded as done on 2027-03-01 by", "Next due: *2029-03-01* (every 24 months).", "_Note:_ Bra", "Update `sist_gjennomfort`"},
			[]string{"postponed *Stabsövning elavbrott* by one week: new due date *2029-03-08*"},
			[]string{"already has a new due date 2029-03-01; there is nothing to postpone."},
			[]string{"Could not record: the date 2027-03-20 is in the future"},
			[]string{"cannot be postponed"}},
	} {
		k := newTracker(t)
		k.p = swedishPlan(t, tt.lang)
		k.today = date(2027, 3, 10)
		s, _ := reminders.ScheduledByID(k.p, "stabsovning")
		form := k.act(reminders.ActionDone, reminders.Value("stabsovning", "2027-03-10"))
		m := form.Modal
		assertLang(t, tt.lang, "form", strings.Join([]string{form.Text, m.Title, m.Submit, m.Inputs[0].Label, m.Inputs[1].Label, m.Inputs[1].Placeholder}, "\n"), tt.form...)
		_, err := k.tr.Record(context.Background(), req, s, date(2027, 3, 20), "")
		assertLang(t, tt.lang, "future", userMessage(err), tt.future...)
		rec, err := k.tr.Record(context.Background(), req, s, date(2027, 3, 1), "Bra")
		if err != nil {
			t.Fatal(err)
		}
		assertLang(t, tt.lang, "record", rec.Text+"\n"+ui.PlainText(rec, nil), tt.record...)
		old := k.act(reminders.ActionPostpone, reminders.Value("stabsovning", "2027-03-10"))
		assertLang(t, tt.lang, "postpone the old reminder", ui.PlainText(old, nil), tt.nothing...)
		later := k.act(reminders.ActionPostpone, reminders.Value("stabsovning", "2029-03-01"))
		assertLang(t, tt.lang, "postpone", later.Text+"\n"+ui.PlainText(later, nil), tt.postpone...)
		never := k.act(reminders.ActionPostpone, reminders.Value("stabsovning", reminders.NeverDue))
		assertLang(t, tt.lang, "postpone never", ui.PlainText(never, nil), tt.never...)
		_, err = reminders.ParseDateIn(tt.lang, "i morgon")
		assertLang(t, tt.lang, "bad date", userMessage(err))
	}
}

// userMessage is what the user is told about err.
func userMessage(err error) string { return apperr.UserMessage(err) }
