package console_test

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// After a restart with no incident open, the console starts in the
// channel of the incident closed last, says so in one line, and
// /beredskap evaluer works there.
func TestConsoleEvaluatesAfterRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	c, db := newConsole(t, path)
	run(t, c, "/beredskap start Brann i rådhuset\n/beredskap avslutt bekreft\n")
	inc, err := db.Incidents(context.Background())
	if err != nil || len(inc) != 1 || inc[0].Open() {
		t.Fatalf("incidents %+v, %v", inc, err)
	}
	db.Close()

	c2, _ := newConsole(t, path)
	out := run(t, c2, "/beredskap evaluer 1 Varslingen gikk raskt\n")
	first, rest, _ := strings.Cut(out, "\n")
	want := fmt.Sprintf("Sist avsluttet: «Brann i rådhuset» (%s) – du er i #%s; evaluer med /beredskap evaluer.",
		ui.StampIn(i18n.Bokmal, inc[0].ClosedAt, c2.Handler.Loc), inc[0].ChannelID)
	if first != want {
		t.Errorf("first line\n%q, want\n%q", first, want)
	}
	if !strings.HasPrefix(rest, "Evaluering av «Brann i rådhuset» lagret fra kari – «Hva fungerte?»:\n> Varslingen gikk raskt\n") {
		t.Errorf("the evaluation was not taken:\n%s", out)
	}

	// Closed longer ago than RecentClosed: the console starts outside.
	c3, _ := newConsole(t, path)
	c3.RecentClosed = time.Nanosecond
	out = run(t, c3, "/kanal\n")
	if out != "Du er i #konsoll. Bytt med /kanal <navn>.\n" {
		t.Errorf("an old incident was entered:\n%s", out)
	}
}

// Reminders are printed, each under a heading naming the channel, before
// they are marked delivered: those the catch-up pass at start queues and
// those a scheduled pass queues while the user is typing.
func TestConsolePrintsReminders(t *testing.T) {
	ctx := context.Background()
	c, db := newConsole(t, filepath.Join(t.TempDir(), "b.db"))
	loc := c.Handler.Loc
	now := time.Date(2027, 3, 1, 9, 30, 0, 0, loc)
	r := &reminders.Runner{Plan: c.Handler.Plan, Store: db, Loc: loc, Now: func() time.Time { return now }}
	c.Reminders, c.ReminderSchedule, c.Poll = r, "0 9 * * 1-5", time.Hour

	// What the catch-up pass at start sends (as of today's 09:00 run).
	asOf := time.Date(2027, 3, 1, 9, 0, 0, 0, loc)
	planned, err := (&reminders.Runner{Plan: c.Handler.Plan, Store: db, Loc: loc}).Pass(ctx, asOf, true)
	if err != nil || len(planned) == 0 {
		t.Fatalf("nothing due on %v (%v): pick another date", asOf, err)
	}
	var want strings.Builder
	for _, pl := range planned {
		fmt.Fprintf(&want, "Påminnelse (til #%s):\n%s", strings.TrimPrefix(pl.Channel, "#"), pl.Text)
	}

	in, stdin := io.Pipe()
	out := &testkit.SyncBuffer{}
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx, in, out) }()
	testkit.WaitFor(t, 10*time.Second, "the catch-up reminders", func() bool { return strings.Contains(out.String(), want.String()) })
	if !strings.HasPrefix(out.String(), want.String()) {
		t.Errorf("start:\n%s\nwant:\n%s", out.String(), want.String())
	}
	// Marked delivered once printed.
	testkit.WaitFor(t, 10*time.Second, "the reminders marked delivered", func() bool { return pending(t, db) == 0 })

	// A week later the scheduled pass finds the next stage of an item:
	// it is printed while the console waits for input.
	later := now.AddDate(0, 0, 40)
	planned, err = r.Pass(ctx, later, true)
	if err != nil || len(planned) == 0 {
		t.Fatalf("nothing due on %v (%v): pick another date", later, err)
	}
	before := len(out.String())
	if _, err := r.Pass(ctx, later, false); err != nil {
		t.Fatal(err)
	}
	heading := fmt.Sprintf("Påminnelse (til #%s):\n%s", strings.TrimPrefix(planned[0].Channel, "#"), planned[0].Text)
	testkit.WaitFor(t, 10*time.Second, "the scheduled reminder", func() bool { return strings.Contains(out.String()[before:], heading) })

	// A message the handlers queue for a channel is printed too (after
	// the next command, or by the background delivery if that is still
	// draining).
	if _, err := db.Enqueue(ctx, incident.OutboxItem{Kind: incident.OutboxMessage, Payload: []byte(`{"channel":"#beredskap","response":{"text":"Test av varsling"}}`)}); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(stdin, "/beredskap liste")
	const msg = "Melding (til #beredskap):\nTest av varsling\n"
	testkit.WaitFor(t, 10*time.Second, "the message", func() bool {
		return strings.Contains(out.String(), msg) && strings.Contains(out.String(), "Ingen åpne hendelser.")
	})
	stdin.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), msg); n != 1 {
		t.Errorf("the message printed %d times:\n%s", n, out.String())
	}
	if n := pending(t, db); n != 0 {
		t.Errorf("%d items left", n)
	}
}

// @names typed in the console are the plan's contacts: a Slack user is
// mentioned, a contact without Slack holds a role by reference, and an
// ambiguous or unknown name is refused with the candidates.
func TestConsoleMentions(t *testing.T) {
	ctx := context.Background()
	c, db := newConsole(t, filepath.Join(t.TempDir(), "b.db"))
	out := run(t, c, strings.Join([]string{
		"/beredskap start Strømbrudd",
		"/beredskap rolle kriseleder @Ola",
		"/beredskap rolle loggforer @jonas demo",
		"/beredskap logg Ringte @Nordmann",
		"/beredskap logg Ringte @Statnet",
		"/beredskap logg Ringte @KARI, hun kommer",
	}, "\n")+"\n")
	for _, want := range []string{
		"Rolle Kriseleder: @Ola Nordmann (tildelt av kari)\n",
		"Rolle Loggfører: Jonas Demo (tildelt av kari)\n",
		"\n«@Nordmann» passer på flere kontakter i planen: Kari Nordmann, Ola Nordmann. Skriv hele navnet, f.eks. @Kari Nordmann.\n",
		"\nFant ingen kontakt i planen som heter «Statnet». Mente du Ståle Server? Skriv navnet uten @ hvis det ikke er en kontakt.\n",
		": Ringte @Kari Nordmann, hun kommer\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	inc, err := db.OpenIncidents(ctx)
	if err != nil || len(inc) != 1 {
		t.Fatal(inc, err)
	}
	as, err := db.Assignments(ctx, inc[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]string{}
	for _, a := range as {
		if a.EndedAt.IsZero() {
			held[a.RoleID] = a.UserID
		}
	}
	if held["kriseleder"] != "U0KRISE002" || held["loggforer"] != ui.ContactPrefix+"jonas-demo" {
		t.Errorf("roles held: %v", held)
	}
	entries, err := db.Entries(ctx, inc[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := entries[len(entries)-1].Text; last != "Ringte <@U0KRISE001>, hun kommer" {
		t.Errorf("stored text %q", last)
	}
}

// An action card's step buttons, which cannot be pressed in the console,
// become one line saying how to tick a step off.
func TestConsoleStepHint(t *testing.T) {
	c, _ := newConsole(t, filepath.Join(t.TempDir(), "b.db"))
	out := run(t, c, "/beredskap start Strømbrudd\n/tiltak strom ferdig 2\n/tiltak strom\n")
	card := out[strings.LastIndex(out, "== Tiltakskort: Strømbrudd =="):]
	if strings.Contains(out, "[Utført") {
		t.Errorf("step buttons shown:\n%s", out)
	}
	if n := strings.Count(card, "\nKryss av et steg: /tiltak strom ferdig <nr>\n"); n != 1 {
		t.Errorf("%d hint lines, want 1:\n%s", n, card)
	}
	steps := plan.Fold(card)
	if i, j := strings.Index(steps, "⬜ 9."), strings.Index(steps, "kryss av et steg"); i < 0 || j < i || !strings.Contains(steps, "✅ 2.") {
		t.Errorf("the hint is not after the last step:\n%s", card)
	}
}
