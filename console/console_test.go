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

// pending is the number of outbox items not yet delivered.
func pending(t *testing.T, db *storage.DB) int {
	t.Helper()
	n, err := db.PendingOutbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A console run on a database a bot serves (the bot holds the delivery
// lock, here through another handle on the same SQLite file) leaves the
// outbox to the bot, and enters the Slack channel the bot creates for a
// new incident instead of making its own. Once the bot is gone, the
// console takes the lock and drains the outbox again.
func TestConsoleLeavesOutboxToServingBot(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	bot, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer bot.Close()
	const botOwner = "serve-test"
	if held, err := bot.ClaimDelivery(ctx, botOwner, 30*time.Second, true); err != nil || !held {
		t.Fatalf("the bot's claim: %v, %v", held, err)
	}

	// A new incident: the console neither drains nor names a channel.
	c, _ := newConsole(t, path)
	c.ChannelWait = -1
	out := run(t, c, "/beredskap start Vannlekkasje i rådhuset\n/tiltak strom\n")
	if strings.Count(out, "Slack-boten kjører på denne databasen") != 1 || !strings.Contains(out, "Boten har ikke opprettet kanalen i Slack ennå") {
		t.Errorf("the console does not say the bot serves the database:\n%s", out)
	}
	left := pending(t, bot)
	if left == 0 {
		t.Fatal("the console marked the bot's outbox items delivered")
	}
	open, err := bot.OpenIncidents(ctx)
	if err != nil || len(open) != 1 || open[0].ChannelID != "" {
		t.Fatalf("the incident got a console channel: %+v, %v", open, err)
	}

	// The bot creates the channel; the next session enters it, and a
	// second incident's channel is waited for.
	if err := bot.SetChannel(ctx, open[0].ID, "C0SLACK1", "beredskap-vannlekkasje"); err != nil {
		t.Fatal(err)
	}
	botDone := make(chan error, 1)
	go func() {
		for range 200 {
			open, err := bot.OpenIncidents(ctx)
			if err != nil {
				botDone <- err
				return
			}
			for _, inc := range open {
				if inc.ChannelID == "" {
					botDone <- bot.SetChannel(ctx, inc.ID, "C0SLACK2", "beredskap-brann")
					return
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
		botDone <- nil
	}()
	c2, _ := newConsole(t, path)
	out = run(t, c2, "/beredskap logg Stenger vannet\n/beredskap start --øvelse Brann\n/beredskap logg Evakuert\n")
	if err := <-botDone; err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"du er i #C0SLACK1", "→ Du er nå i #C0SLACK2."} {
		if !strings.Contains(out, want) {
			t.Errorf("second session lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "Beslutning #2 loggført"); n != 2 {
		t.Errorf("%d of 2 decisions logged in the bot's channels:\n%s", n, out)
	}
	if n := pending(t, bot); n <= left {
		t.Errorf("%d items pending after the second session, %d before: the console delivered", n, left)
	}

	// The bot stops: the console is the deliverer again, and lets go of
	// the lock after each command.
	if err := bot.ReleaseDelivery(ctx, botOwner); err != nil {
		t.Fatal(err)
	}
	c3, _ := newConsole(t, path)
	out = run(t, c3, "/beredskap liste\n")
	if strings.Contains(out, "Slack-boten kjører") {
		t.Errorf("the console still sees a bot:\n%s", out)
	}
	if n := pending(t, bot); n != 0 {
		t.Errorf("%d outbox items left with the lock free", n)
	}
	if held, err := bot.ClaimDelivery(ctx, "reminders-run", 30*time.Second, false); err != nil || !held {
		t.Errorf("the console kept the delivery lock: %v, %v", held, err)
	}
}

// A lock whose heartbeat is older than DeliveryStale belongs to a bot
// that is gone: the console takes it over.
func TestConsoleTakesStaleDeliveryLock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	dead, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer dead.Close()
	dead.Now = func() time.Time { return time.Now().Add(-time.Hour) }
	if held, err := dead.ClaimDelivery(ctx, "serve-dead", 30*time.Second, true); err != nil || !held {
		t.Fatalf("claim: %v, %v", held, err)
	}
	c, db := newConsole(t, path)
	c.DeliveryStale = time.Minute
	out := run(t, c, "/beredskap start Brann\n")
	if strings.Contains(out, "Slack-boten kjører") || !strings.Contains(out, "→ Du er nå i #beredskap-") {
		t.Errorf("the console did not take over from the dead bot:\n%s", out)
	}
	if n := pending(t, db); n != 0 {
		t.Errorf("%d outbox items left", n)
	}
}
