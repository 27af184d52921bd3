package commands_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// buttonsOf returns the buttons of a response by action ID.
func buttonsOf(r ui.Response) map[string]ui.Button {
	out := map[string]ui.Button{}
	for _, b := range r.Blocks {
		for _, btn := range b.Buttons {
			out[btn.ActionID] = btn
		}
	}
	return out
}

func (e *env) act(channel, user, actionID, value string) ui.Response {
	e.t.Helper()
	return e.h.Act(context.Background(), ui.Request{UserID: user, ChannelID: channel}, actionID, value)
}

func (e *env) incident(id int64) incident.Incident {
	e.t.Helper()
	inc, err := e.db.Incident(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return inc
}

// "/beredskap avslutt" asks first; the button closes, with the summary
// given in the command.
func TestCloseAsksForConfirmation(t *testing.T) {
	e := newEnv(t)
	id := e.open("U0KRISE001", "Strømbrudd i sentrum", "C0INC")

	ask := e.do("C0INC", "U0KRISE001", "/beredskap avslutt Strømmen er tilbake")
	mustContain(t, e.text(ask), "Avslutte hendelsen «Strømbrudd i sentrum»?", "Oppsummering:* Strømmen er tilbake",
		"Sjekk før du avslutter (normalisering)", "Kriseleder har besluttet normalisering", "[Avslutt hendelsen] [Avbryt]",
		"`/beredskap avslutt bekreft [oppsummering]`")
	if ask.Visibility != ui.OnlyMe {
		t.Error("the confirmation question is shown to everyone")
	}
	if !e.incident(id).Open() {
		t.Fatal("asking closed the incident")
	}
	btn := buttonsOf(ask)[ui.ActionConfirmClose]
	if btn.Style != "danger" || !strings.HasPrefix(btn.Value, "1:") {
		t.Fatalf("confirm button %+v", btn)
	}

	e.now = e.now.Add(2 * time.Hour)
	// Ingrid, an administrator, may close too.
	done := e.act("C0INC", "U0KRISE003", ui.ActionConfirmClose, btn.Value)
	if !done.ReplaceOriginal {
		t.Error("the answer does not replace the question")
	}
	mustContain(t, e.text(done), "Hendelse avsluttet: Strømbrudd i sentrum", "Avsluttet 22.11.2026 kl. 16:30 av @Ingrid Eksempel",
		"Normalisering", "1. Hva fungerte?", "[Svar på evalueringen]", "beredskapsbot export --incident 1")
	inc := e.incident(id)
	if inc.Open() || inc.ClosedBy != "U0KRISE003" || inc.Summary != "Strømmen er tilbake" {
		t.Fatalf("incident after confirming: %+v", inc)
	}
	// Pressed again (or by a second person): it says so, and changes nothing.
	again := e.act("C0INC", "U0KRISE001", ui.ActionConfirmClose, btn.Value)
	mustContain(t, e.text(again), "ble avsluttet 22.11.2026 kl. 16:30 av @Ingrid Eksempel")
	entries, _ := e.db.Entries(context.Background(), id)
	closed := 0
	for _, en := range entries {
		if en.Kind == incident.EntryClosed {
			closed++
		}
	}
	if closed != 1 {
		t.Fatalf("%d closing entries, want 1", closed)
	}
}

func TestCloseCancelAndDirect(t *testing.T) {
	e := newEnv(t)
	id := e.open("U0KRISE001", "Vannlekkasje", "C0INC")
	ask := e.do("C0INC", "U0KRISE001", "/beredskap avslutt")
	cancel := e.act("C0INC", "U0KRISE001", commands.ActionCancelClose, buttonsOf(ask)[commands.ActionCancelClose].Value)
	mustContain(t, e.text(cancel), "Avbrutt – «Vannlekkasje» er ikke avsluttet")
	if !cancel.ReplaceOriginal || !e.incident(id).Open() {
		t.Fatal("cancel closed the incident or did not replace the question")
	}

	// The console way: no buttons, "bekreft" closes at once.
	out := e.text(e.do("C0INC", "U0KRISE001", "/beredskap avslutt BEKREFT Lekkasjen er tettet"))
	mustContain(t, out, "Hendelse avsluttet: Vannlekkasje", "Normalisering", "Hva fungerte?")
	if inc := e.incident(id); inc.Open() || inc.Summary != "Lekkasjen er tettet" {
		t.Fatalf("bekreft did not close with the summary: %+v", inc)
	}
	mustContain(t, e.text(e.do("C0INC", "U0KRISE001", "/beredskap avslutt")), "ble avsluttet")
}

func TestCloseRefusals(t *testing.T) {
	e := newEnv(t)
	e.open("U0KRISE001", "Storm", "C0INC")
	tests := []struct {
		name, channel, line, want string
	}{
		{"outside an incident channel", "C0ANNEN", "/beredskap avslutt bekreft", "hører ikke til noen"},
		{"summary too long", "C0INC", "/beredskap avslutt bekreft " + strings.Repeat("x", commands.MaxTextLen+1), "Kunne ikke avslutte: teksten er 4001 tegn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustContain(t, e.text(e.do(tt.channel, "U0KRISE001", tt.line)), tt.want)
		})
	}
	for _, value := range []string{"", "x", "0", "99", "1:x", "1:42"} {
		r := e.act("C0INC", "U0KRISE001", ui.ActionConfirmClose, value)
		if txt := e.text(r); !strings.Contains(txt, "Ukjent hendelse") && !strings.Contains(txt, "finnes ikke") && !strings.Contains(txt, "hører ikke til hendelsen") {
			t.Errorf("value %q: %s", value, e.text(r))
		}
	}
}

// Evaluation is only for closed incidents, stored with its question and
// whether it proposes a plan change.
func TestEvaluateCommand(t *testing.T) {
	e := newEnv(t)
	id := e.open("U0KRISE001", "Strømbrudd i sentrum", "C0INC")
	mustContain(t, e.text(e.do("C0INC", "U0KRISE003", "/beredskap evaluer Gikk bra")),
		"«Strømbrudd i sentrum» pågår fortsatt", "etter at hendelsen er avsluttet med `/beredskap avslutt`")
	e.do("C0INC", "U0KRISE001", "/beredskap avslutt bekreft")
	e.now = e.now.Add(24 * time.Hour)

	tests := []struct {
		line     string
		question string
		answer   string
		proposed bool
		want     string
	}{
		{"/beredskap evaluer 1 Varslingen gikk raskt", "Hva fungerte?", "Varslingen gikk raskt", false, "«Hva fungerte?»"},
		{"/beredskap evaluer 2. Loggføringen kom sent i gang", "Hva må forbedres?", "Loggføringen kom sent i gang", false, "Loggføringen kom sent i gang"},
		{"/beredskap evaluer 3 Legg varmestue inn i tiltakskortet", "Hvilke endringer i planen?", "Legg varmestue inn i tiltakskortet", true, "forslag til planendring"},
		{"/beredskap evaluer plan: Nytt nummer til legevakten", "Hvilke endringer i planen?", "Nytt nummer til legevakten", true, "forslag til planendring"},
		{"/beredskap evaluering Endring: Flytt møtet til kl. 8", "Hvilke endringer i planen?", "Flytt møtet til kl. 8", true, "forslag til planendring"},
		{"/beredskap evaluer 7 dager tok det", "", "7 dager tok det", false, "7 dager tok det"}, // no question 7: text
		{"/beredskap evaluer Husk <!channel> neste gang", "", "Husk <!channel> neste gang", false, "&lt;!channel&gt;"},
	}
	for _, tt := range tests {
		r := e.do("C0INC", "U0KRISE003", tt.line)
		if r.Visibility != ui.InChannel || !strings.Contains(r.Blocks[0].Text, tt.want) {
			t.Errorf("%s: %+v", tt.line, r)
		}
	}
	got, err := e.db.Evaluations(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(tests) {
		t.Fatalf("%d evaluations stored, want %d", len(got), len(tests))
	}
	for i, tt := range tests {
		g := got[i]
		if g.Question != tt.question || g.Answer != tt.answer || g.ProposedPlanChange != tt.proposed || g.Author != "U0KRISE003" {
			t.Errorf("%s: stored %+v", tt.line, g)
		}
	}
	proposals, _ := e.db.ProposedPlanChanges(context.Background())
	if len(proposals) != 3 {
		t.Errorf("%d proposed plan changes, want 3", len(proposals))
	}
	mustContain(t, e.text(e.do("C0INC", "U0KRISE003", "/beredskap evaluer 2   ")), "Skriv svaret etter nummeret", "«Hva må forbedres?»")
	mustContain(t, e.text(e.do("C0INC", "U0KRISE003", "/beredskap evaluer "+strings.Repeat("x", 4001))), "Ikke lagret: teksten er 4001 tegn")
	mustContain(t, e.text(e.do("C0X", "U0KRISE003", "/beredskap evaluer Bra")), "hører ikke til noen")
	if after, _ := e.db.Evaluations(context.Background(), id); len(after) != len(tests) {
		t.Errorf("refused answers were stored: %d evaluations, want %d", len(after), len(tests))
	}
}

// Without text (or from the button) the form opens: one field per
// question; its answers are stored together.
func TestEvaluationForm(t *testing.T) {
	e := newEnv(t)
	id := e.open("U0KRISE001", "Strømbrudd i sentrum", "C0INC")
	if r := e.act("C0INC", "U0KRISE001", ui.ActionOpenEvaluation, "1"); r.Modal != nil || !strings.Contains(e.text(r), "pågår fortsatt") {
		t.Fatalf("the form opened for an open incident: %+v", r)
	}
	closed := e.do("C0INC", "U0KRISE001", "/beredskap avslutt bekreft")

	for name, r := range map[string]ui.Response{
		"command": e.do("C0INC", "U0KRISE003", "/beredskap evaluer"),
		"button":  e.act("C0INC", "U0KRISE003", ui.ActionOpenEvaluation, buttonsOf(closed)[ui.ActionOpenEvaluation].Value),
	} {
		m := r.Modal
		if m == nil {
			t.Fatalf("%s: no form: %s", name, e.text(r))
		}
		var labels []string
		for _, in := range m.Inputs {
			labels = append(labels, in.ID+"="+in.Label)
		}
		if m.CallbackID != commands.ViewEvaluation || m.Metadata != "1" || len([]rune(m.Title)) > 24 ||
			strings.Join(labels, "|") != "q1=Hva fungerte?|q2=Hva må forbedres?|q3=Hvilke endringer i planen?|annet=Andre innspill" {
			t.Errorf("%s: form %+v", name, m)
		}
		mustContain(t, e.text(r), "`/beredskap evaluer <nr> <tekst>`") // the console's way
	}

	submit := func(values map[string]string) string {
		return e.text(e.h.Submit(context.Background(), ui.Request{UserID: "U0KRISE002", ChannelID: "C0INC"}, commands.ViewEvaluation, "1", values))
	}
	mustContain(t, submit(map[string]string{"q1": " ", "annet": ""}), "Skjemaet var tomt")
	out := submit(map[string]string{"q1": "Rask varsling", "q3": "Varmestue i steg 2", "annet": "plan: Oppdater nummeret til legevakten"})
	mustContain(t, out, "@Ola Nordmann har svart på evalueringen av «Strømbrudd i sentrum» (3 svar)", "2 forslag til planendring")
	got, _ := e.db.Evaluations(context.Background(), id)
	want := []incident.Evaluation{
		{Question: "Hva fungerte?", Answer: "Rask varsling"},
		{Question: "Hvilke endringer i planen?", Answer: "Varmestue i steg 2", ProposedPlanChange: true},
		{Question: "Forslag til planendring", Answer: "Oppdater nummeret til legevakten", ProposedPlanChange: true},
	}
	if len(got) != len(want) {
		t.Fatalf("stored %+v", got)
	}
	for i, w := range want {
		if got[i].Question != w.Question || got[i].Answer != w.Answer || got[i].ProposedPlanChange != w.ProposedPlanChange || got[i].Author != "U0KRISE002" {
			t.Errorf("answer %d: %+v, want %+v", i, got[i], w)
		}
	}
	mustContain(t, e.text(e.h.Submit(context.Background(), ui.Request{UserID: "U0KRISE003"}, commands.ViewEvaluation, "42", map[string]string{"q1": "x"})), "finnes ikke")
}

// Closing an exercise records it in the årshjul when the plan clearly
// names it, in the same answer.
func TestCloseExerciseRecordsIt(t *testing.T) {
	e := newEnv(t)
	e.open("U0KRISE004", "--øvelse Varslingsøvelse høst 2026", "C0OVELSE")
	out := e.text(e.do("C0OVELSE", "U0KRISE004", "/beredskap avslutt bekreft Gikk bra"))
	mustContain(t, out, "Øvelse avsluttet: Varslingsøvelse høst 2026", "registrert gjennomført 22.11.2026")
	all, err := e.db.LatestCompletions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := all["ovelse-varsling"]; !ok || c.Done != "2026-11-22" || !strings.Contains(c.Note, "Gikk bra") {
		t.Fatalf("completions %+v", all)
	}
}

// A long summary stays in the database: the button carries only a short
// reference, and the action ID is constant (Slack's 255-character limit).
func TestCloseLongSummaryButton(t *testing.T) {
	e := newEnv(t)
	id := e.open("U0KRISE001", "Storm", "C0INC")
	summary := strings.Repeat("Strømmen er tilbake overalt. ", 35)[:1000]
	ask := e.do("C0INC", "U0KRISE001", "/beredskap avslutt "+summary)
	btn, ok := buttonsOf(ask)[ui.ActionConfirmClose]
	if !ok || btn.ActionID != ui.ActionConfirmClose || len(btn.Value) > 40 || strings.Contains(btn.Value, "Strøm") {
		t.Fatalf("confirm button %+v", btn)
	}
	done := e.act("C0INC", "U0KRISE001", ui.ActionConfirmClose, btn.Value)
	mustContain(t, e.text(done), "Hendelse avsluttet: Storm")
	if inc := e.incident(id); inc.Open() || inc.Summary != strings.TrimSpace(summary) {
		t.Fatalf("closed with summary %q", inc.Summary)
	}
	// The draft is gone once used: the summary lives only in the log.
	if _, err := e.db.CloseDraft(context.Background(), id, 1); err == nil {
		t.Error("the close draft is kept after closing")
	}
}
