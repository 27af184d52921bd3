package reminders_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/storage"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// tracker is a Tracker over the whole example plan and a real SQLite
// file, on a clock the test moves (Sunday 22.11.2026).
type tracker struct {
	t     *testing.T
	tr    *reminders.Tracker
	db    *storage.DB
	p     *plan.Plan
	today plan.Date
}

func newTracker(t *testing.T) *tracker {
	k := &tracker{t: t, db: testkit.OpenDB(t, nil), p: testkit.ExamplePlan(t), today: date(2026, 11, 22)}
	k.tr = &reminders.Tracker{Plan: func() *plan.Plan { return k.p }, Store: k.db, Today: func() plan.Date { return k.today }}
	return k
}

var req = ui.Request{UserID: "U0KRISE004", ChannelID: "C0BEREDSKAP"}

// act presses a reminder button, failing the test on an error.
func (k *tracker) act(actionID, value string) ui.Response {
	k.t.Helper()
	fn, ok := k.tr.Routes().Actions[actionID]
	if !ok {
		k.t.Fatalf("no route for button %s", actionID)
	}
	r, err := fn(context.Background(), req, value)
	if err != nil {
		k.t.Fatalf("%s %s: %v", actionID, value, err)
	}
	return r
}

// submit submits the completion form.
func (k *tracker) submit(metadata string, values map[string]string) (ui.Response, error) {
	fn, ok := k.tr.Routes().Views[reminders.ViewDone]
	if !ok {
		k.t.Fatal("no route for the completion form")
	}
	return fn(context.Background(), req, metadata, values)
}

func (k *tracker) text(r ui.Response) string { return ui.PlainText(r, ui.NameResolver(k.p)) }

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("answer lacks %q:\n%s", w, got)
		}
	}
}

func TestReminderButtons(t *testing.T) {
	k := newTracker(t)
	ctx := context.Background()

	// "Registrer gjennomført" opens the form; submitting it records.
	r := k.act(reminders.ActionDone, reminders.Value("ovelse-varsling", "2027-03-08"))
	if r.Modal == nil || r.Modal.CallbackID != reminders.ViewDone || r.Modal.Metadata != "ovelse-varsling" || utf8.RuneCountInString(r.Modal.Title) > 24 {
		t.Fatalf("modal = %+v", r.Modal)
	}
	if r.Modal.Inputs[0].Initial != "2026-11-22" || !r.Modal.Inputs[0].Date {
		t.Errorf("date input = %+v", r.Modal.Inputs[0])
	}
	r, err := k.submit(r.Modal.Metadata, map[string]string{"dato": "2026-11-21", "notat": "Tok 14 minutter"})
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, k.text(r), "registrert gjennomført 21.11.2026", "Neste frist: *21.05.2027* (hver 6. måned)", "Tok 14 minutter")
	if r.Visibility != ui.InChannel {
		t.Error("a registration is shown in the channel")
	}
	done, err := k.db.LatestCompletions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c := done["ovelse-varsling"]; c.Done != "2026-11-21" || c.Note != "Tok 14 minutter" || c.By != "U0KRISE004" {
		t.Errorf("recorded %+v", c)
	}
	r = k.act(reminders.ActionDone, reminders.Value("slettet-ovelse", "2027-03-08"))
	mustContain(t, k.text(r), "finnes ikke lenger i planen")

	// "Utsett 1 uke" before the due date moves it a week after the due date …
	r = k.act(reminders.ActionPostpone, reminders.Value("revisjon-kontakter", "2026-12-10"))
	mustContain(t, k.text(r), "ny frist *17.12.2026*")
	// … and after the (postponed) due date, a week from today.
	k.today = date(2026, 12, 20)
	r = k.act(reminders.ActionPostpone, reminders.Value("revisjon-kontakter", "2026-12-17"))
	mustContain(t, k.text(r), "ny frist *27.12.2026*")
	got, err := k.db.Postponements(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got["revisjon-kontakter"] != "2026-12-27" || len(got) != 1 {
		t.Errorf("postponements = %v", got)
	}
	// A button from before the item was done again postpones nothing.
	r = k.act(reminders.ActionPostpone, reminders.Value("ovelse-strom-sentrum", "2026-01-21"))
	mustContain(t, k.text(r), "har allerede ny frist 21.01.2027")
	// An item never done has no due date to move.
	r = k.act(reminders.ActionPostpone, reminders.Value("ovelse-varsling", reminders.NeverDue))
	mustContain(t, k.text(r), "kan ikke utsettes", "/beredskap øvelse registrer ovelse-varsling")
	if got, _ := k.db.Postponements(ctx); len(got) != 1 {
		t.Errorf("a stale button must not postpone: %v", got)
	}
}

// Refused input comes back as an error with code Invalid and the whole
// answer as its user message; nothing is recorded.
func TestCompletionFormRefusals(t *testing.T) {
	tests := []struct {
		name   string
		values map[string]string
		msg    string
	}{
		{"future date", map[string]string{"dato": "2027-01-01"},
			"Kunne ikke registrere: datoen 01.01.2027 er fram i tid; registrer når det er gjennomført."},
		{"not a date", map[string]string{"dato": "<!channel>"},
			"Kunne ikke registrere: «&lt;!channel&gt;» er ikke en gyldig dato (skriv ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)."},
		{"note too long", map[string]string{"notat": strings.Repeat("x", ui.MaxTextLen+1)},
			"Kunne ikke registrere: teksten er 4001 tegn; høyst 4000 tegn kan loggføres i én linje. Del den opp, eller legg lengre dokumenter i kanalen og loggfør en kort beslutning."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newTracker(t)
			_, err := k.submit("ovelse-varsling", tt.values)
			if code := apperr.CodeOf(err); code != apperr.Invalid {
				t.Fatalf("code = %q (%v), want invalid", code, err)
			}
			if got := apperr.UserMessage(err); got != tt.msg {
				t.Errorf("message = %q\nwant      %q", got, tt.msg)
			}
			if done, _ := k.db.LatestCompletions(context.Background()); len(done) != 0 {
				t.Errorf("nothing should be recorded: %v", done)
			}
		})
	}
}

// failingRecords fails every call, as a broken database would.
type failingRecords struct{ err error }

func (f failingRecords) LatestCompletions(context.Context) (map[string]incident.Completion, error) {
	return nil, f.err
}
func (f failingRecords) Postponements(context.Context) (map[string]string, error) { return nil, f.err }
func (f failingRecords) RecordCompletion(context.Context, incident.Completion) error {
	return f.err
}
func (f failingRecords) Postpone(context.Context, string, string, string, string) error { return f.err }

// A storage failure is returned, not worded: the edge translates it.
func TestReminderButtonsReturnStorageErrors(t *testing.T) {
	k := newTracker(t)
	disk := errors.New("disk I/O error")
	k.tr.Store = failingRecords{disk}
	_, err := k.tr.Routes().Actions[reminders.ActionPostpone](context.Background(), req, reminders.Value("revisjon-kontakter", "2026-12-10"))
	if !errors.Is(err, disk) || apperr.CodeOf(err) != apperr.Internal {
		t.Errorf("postpone: err = %v (code %q), want the storage error", err, apperr.CodeOf(err))
	}
	_, err = k.submit("ovelse-varsling", map[string]string{"dato": "2026-11-20"})
	if !errors.Is(err, disk) || apperr.CodeOf(err) != apperr.Internal || apperr.UserMessage(err) != "Beklager, noe gikk galt." {
		t.Errorf("record: err = %v (code %q, message %q)", err, apperr.CodeOf(err), apperr.UserMessage(err))
	}
}
