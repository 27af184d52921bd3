package console_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/console"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

func newConsole(t *testing.T, dbPath string) (*console.Console, *storage.DB) {
	t.Helper()
	p := testkit.ExamplePlan(t)
	db, err := storage.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &console.Console{Handler: commands.New(p, db, nil, nil), Store: db, User: "kari"}, db
}

func run(t *testing.T, c *console.Console, script string) string {
	t.Helper()
	var out strings.Builder
	if err := c.Run(context.Background(), strings.NewReader(script), &out); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestConsoleSession(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	c, db := newConsole(t, path)
	out := run(t, c, "# en kommentar\n\nhei\n/beredskap start Vannlekkasje i rådhuset\n/beredskap logg Stenger vannet\n/kanal\n/kanal beredskap\n/beredskap logg feil kanal\n")
	today := time.Now().In(c.Handler.Loc).Format("20060102")
	ch := "beredskap-" + today + "-vannlekkasje-i-radhuset"
	for _, want := range []string{
		"Kommandoer begynner med /",
		"→ Du er nå i #" + ch,
		"Beslutning #2 loggført",
		"Du er i #" + ch,
		"Du er nå i #beredskap.",
		"hører ikke til noen",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The console delivers nothing to Slack: the outbox is drained, so a
	// later Slack session on this database does not post console incidents.
	if n, err := db.PendingOutbox(context.Background()); err != nil || n != 0 {
		t.Errorf("%d outbox items left (%v)", n, err)
	}
	inc, err := db.IncidentByChannel(context.Background(), ch)
	if err != nil || inc.Title != "Vannlekkasje i rådhuset" {
		t.Fatalf("incident by console channel: %+v, %v", inc, err)
	}

	// A new session on the same database enters the only open incident.
	db.Close()
	c3, _ := newConsole(t, path)
	out = run(t, c3, "/beredskap status\nexit\n/beredskap logg kommer aldri\n")
	if !strings.Contains(out, "Åpen hendelse: «Vannlekkasje i rådhuset»") || !strings.Contains(out, "Stenger vannet") {
		t.Errorf("second session:\n%s", out)
	}
	if strings.Contains(out, "kommer aldri") {
		t.Error("commands after exit were run")
	}
}

// Two incidents with the same title on the same day get distinct console
// channels.
func TestConsoleChannelNameTaken(t *testing.T) {
	c, _ := newConsole(t, filepath.Join(t.TempDir(), "b.db"))
	out := run(t, c, "/beredskap start --øvelse Brann\n/beredskap avslutt bekreft\n/beredskap start --øvelse Brann\n")
	if !strings.Contains(out, "-brann-2.") {
		t.Errorf("second channel not suffixed:\n%s", out)
	}
}
