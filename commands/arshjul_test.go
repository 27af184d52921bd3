package commands_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/commands/arshjul"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// latest returns the recorded completion of an item, failing if none.
func (e *env) latest(item string) incident.Completion {
	e.t.Helper()
	all, err := e.db.LatestCompletions(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	c, ok := all[item]
	if !ok {
		e.t.Fatalf("no completion recorded for %s (have %v)", item, all)
	}
	return c
}

func TestArshjulGolden(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	// An exercise that was held and evaluated with a proposed plan change.
	id := e.open("U0KRISE004", "--øvelse Varslingsøvelse november", "C0OVELSE")
	if _, _, err := e.db.CloseIncident(ctx, id, "U0KRISE004", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.AddEvaluation(ctx, incident.Evaluation{IncidentID: id, Question: "Hvilke endringer i planen?",
		Answer: "Legg inn nytt nummer til legevakten i varslingslista", Author: "U0KRISE004", ProposedPlanChange: true}); err != nil {
		t.Fatal(err)
	}
	// A completion newer than the plan, and a postponement.
	if err := e.db.RecordCompletion(ctx, incident.Completion{ItemID: "ovelse-evakuering-sykehjem", Done: "2026-11-02", By: "U0KRISE013"}); err != nil {
		t.Fatal(err)
	}
	if err := e.db.Postpone(ctx, "revisjon-kontakter", "2026-12-10", "2026-12-17", "U0KRISE004"); err != nil {
		t.Fatal(err)
	}

	r := e.do("C0RANDOM", "U0KRISE003", "/beredskap årshjul")
	out := e.text(r)
	golden(t, "arshjul", out)
	if r.Visibility != ui.OnlyMe {
		t.Error("the årshjul is shown to the one who asked")
	}
	// Sorted by due date; statuses; recorded and postponed items marked.
	order := []string{"revisjon-kontakter", "revisjon-plan", "ovelse-strom-sentrum", "ovelse-overordnet", "ovelse-varsling", "revisjon-avtaler", "ovelse-evakuering-sykehjem", "revisjon-ros"}
	last := -1
	for _, id := range order {
		i := strings.Index(out, "(`"+id+"`)")
		if i < 0 || i < last {
			t.Fatalf("%s missing or out of order:\n%s", id, out)
		}
		last = i
	}
	mustContain(t, out, "17.12.2026* snart – *Kontroll av kontaktliste", "· utsatt", "02.11.2027* ok – *Evakueringsøvelse", "(registrert i boten)",
		"Legg inn nytt nummer til legevakten", "øvelse «Varslingsøvelse november»")
	if r.Text != "Årshjul: 0 forfalt, 1 snart, 7 ok" {
		t.Errorf("summary = %q", r.Text)
	}
	// The ASCII spelling works too.
	if got := e.text(e.do("C0RANDOM", "U0KRISE003", "/beredskap arshjul")); got != out {
		t.Errorf("/beredskap arshjul differs from årshjul")
	}
}

func TestExerciseRegister(t *testing.T) {
	tests := []struct {
		name     string
		args     string
		item     string // "" when nothing is recorded
		wantDone string
		wantNote string
		answer   []string
	}{
		{"ISO date and note", "registrer ovelse-varsling 2026-11-20 Alle svarte innen 20 min", "ovelse-varsling", "2026-11-20", "Alle svarte innen 20 min",
			[]string{"Varslingsøvelse* er registrert gjennomført 20.11.2026", "Neste frist: *20.05.2027* (hver 6. måned)", "Alle svarte innen 20 min"}},
		{"Norwegian date", "registrer ovelse-varsling 19.11.2026", "ovelse-varsling", "2026-11-19", "", []string{"19.11.2026", "19.05.2027"}},
		{"today by default, forgiving ID", "registrer Varsling", "ovelse-varsling", "2026-11-22", "", []string{"22.11.2026", "22.05.2027"}},
		{"i går", "registrer revisjon-plan i går Planen godkjent", "revisjon-plan", "2026-11-21", "Planen godkjent", []string{"21.11.2026", "21.11.2027"}},
		{"review by name", "registrer kontroll", "revisjon-kontakter", "2026-11-22", "", []string{"Kontroll av kontaktliste"}},
		{"older than the plan", "registrer ovelse-strom-sentrum 2025-12-01", "ovelse-strom-sentrum", "2025-12-01", "",
			[]string{"Planen har en nyere gjennomføring (21.01.2026), så fristen er uendret", "21.01.2027"}},
		{"future date refused", "registrer ovelse-varsling 2026-12-01", "", "", "", []string{"fram i tid"}},
		{"bad date refused", "registrer ovelse-varsling 31.02.2026", "", "", "", []string{"ikke en gyldig dato"}},
		{"unknown item", "registrer brannovelse", "", "", "", []string{"Fant ingen øvelse eller revisjon «brannovelse»"}},
		{"ambiguous item", "registrer ovelse", "", "", "", []string{"passer på flere", "ovelse-varsling"}},
		{"no verb", "ovelse-varsling", "", "", "", []string{"Bruk: `/beredskap øvelse registrer", "revisjon-ros"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			// Ingrid is an administrator: she may register every item.
			r := e.do("C0RANDOM", "U0KRISE003", "/beredskap øvelse "+tt.args)
			mustContain(t, e.text(r), tt.answer...)
			all, err := e.db.LatestCompletions(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tt.item == "" {
				if len(all) != 0 {
					t.Fatalf("nothing should be recorded, got %v", all)
				}
				return
			}
			c := e.latest(tt.item)
			if c.Done != tt.wantDone || c.Note != tt.wantNote || c.By != "U0KRISE003" {
				t.Errorf("recorded %+v, want done %s note %q", c, tt.wantDone, tt.wantNote)
			}
			if r.Visibility != ui.InChannel {
				t.Error("a registration is shown in the channel")
			}
		})
	}
}

// The reminders' buttons and form (package reminders) are routed through
// the handler, so a transport hands every press to one place, and their
// errors are translated there.
func TestReminderButtonsRouted(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	req := ui.Request{UserID: "U0KRISE004", ChannelID: "C0BEREDSKAP"}

	r := e.h.Act(ctx, req, reminders.ActionDone, reminders.Value("ovelse-varsling", "2027-03-08"))
	if r.Modal == nil || r.Modal.CallbackID != reminders.ViewDone || r.Modal.Metadata != "ovelse-varsling" || utf8.RuneCountInString(r.Modal.Title) > 24 {
		t.Fatalf("modal = %+v", r.Modal)
	}
	if r.Modal.Inputs[0].Initial != "2026-11-22" {
		t.Errorf("the form's date is not today on the handler's clock: %+v", r.Modal.Inputs[0])
	}
	r = e.h.Submit(ctx, req, r.Modal.CallbackID, r.Modal.Metadata, map[string]string{"dato": "2026-11-21", "notat": "Tok 14 minutter"})
	mustContain(t, e.text(r), "registrert gjennomført 21.11.2026", "Tok 14 minutter")
	if c := e.latest("ovelse-varsling"); c.Done != "2026-11-21" || c.Note != "Tok 14 minutter" {
		t.Errorf("recorded %+v", c)
	}
	// A refusal is an error the handler translates: its message alone.
	r = e.h.Submit(ctx, req, reminders.ViewDone, "ovelse-varsling", map[string]string{"dato": "2027-01-01"})
	if got := e.text(r); got != "Kunne ikke registrere: datoen 01.01.2027 er fram i tid; registrer når det er gjennomført.\n" {
		t.Errorf("answer = %q", got)
	}
	r = e.h.Act(ctx, req, reminders.ActionPostpone, reminders.Value("revisjon-kontakter", "2026-12-10"))
	mustContain(t, e.text(r), "ny frist *17.12.2026*")
	mustContain(t, e.text(e.h.Act(ctx, req, "ukjent", "x")), "Ukjent knapp")
	mustContain(t, e.text(e.h.Submit(ctx, req, "ukjent", "x", nil)), "Ukjent skjema")
}

func TestExerciseClosed(t *testing.T) {
	tests := []struct {
		name  string
		start string
		item  string // recorded, or "" when the answer must ask
	}{
		{"title is the exercise name", "--øvelse Strømbrudd i sentrum", "ovelse-strom-sentrum"},
		{"title contains the name", "--øvelse Varslingsøvelse høst 2026", "ovelse-varsling"},
		{"action card names it", "strom --øvelse Tre døgn uten strøm", "ovelse-strom-sentrum"},
		{"unclear: ask", "--øvelse Brann på rådhuset", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			id := e.open("U0KRISE004", tt.start, "C0OVELSE")
			e.now = e.now.Add(3 * time.Hour) // closed 17:30 Oslo the same day
			e.do("C0OVELSE", "U0KRISE004", "/beredskap avslutt bekreft Gikk bra")
			inc, err := e.db.Incident(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			blocks := arshjul.ExerciseClosed(ctx, &e.h.Env, ui.Request{UserID: "U0KRISE004", ChannelID: "C0OVELSE"}, inc)
			out := e.text(ui.Response{Blocks: blocks})
			all, _ := e.db.LatestCompletions(ctx)
			if tt.item == "" {
				mustContain(t, out, "Hvilken av planens øvelser", "`/beredskap øvelse registrer ovelse-varsling 22.11.2026`", "[Varslingsøvelse]")
				if len(all) != 0 {
					t.Errorf("nothing should be recorded: %v", all)
				}
				return
			}
			mustContain(t, out, "registrert gjennomført 22.11.2026")
			c := e.latest(tt.item)
			if c.Done != "2026-11-22" || !strings.Contains(c.Note, "Gikk bra") || len(all) != 1 {
				t.Errorf("recorded %+v (all %v)", c, all)
			}
		})
	}
	e := newEnv(t)
	id := e.open("U0KRISE004", "Strømbrudd i sentrum", "C0INC")
	inc, _ := e.db.Incident(context.Background(), id)
	if b := arshjul.ExerciseClosed(context.Background(), &e.h.Env, ui.Request{UserID: "U0KRISE003"}, inc); b != nil {
		t.Errorf("a real incident is no exercise: %v", b)
	}
}
