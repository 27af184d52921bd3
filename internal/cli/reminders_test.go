package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

func remindersTestConfig(t *testing.T) config.Config {
	return config.Config{DBPath: filepath.Join(t.TempDir(), "beredskap.db"), LogLevel: "error", LogFormat: "text",
		ReminderSchedule: config.DefaultReminderSchedule, APIURL: config.DefaultAPIURL}
}

func runReminders(t *testing.T, cfg config.Config, args ...string) (string, string, int) {
	t.Helper()
	return runCmd(t, cfg, "reminders", args...)
}

// On 03.12.2026 the example plan's contact-list check (due 10.12.2026) is
// at its 7-day stage.
const remindersTestNow = "2026-12-03T09:00"

func TestRemindersRunCommand(t *testing.T) {
	cfg := remindersTestConfig(t)

	out, errOut, code := runReminders(t, cfg, "run", "--dry-run", "--now", remindersTestNow)
	if code != 0 || !strings.Contains(out, "Tørrkjøring 03.12.2026 kl. 09:00") ||
		!strings.Contains(out, "revisjon-kontakter → #beredskap (7 dager før fristen, frist 2026-12-10)") ||
		!strings.Contains(out, "@Per Prøvesen: *Kontroll av kontaktliste og varslingslister* skal være gjennomført innen *10.12.2026*") {
		t.Fatalf("dry run: exit %d\n%s\n%s", code, out, errOut)
	}
	db, err := storage.Open(cfg.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	sent, err := db.ReminderSent(context.Background(), "revisjon-kontakter", "2026-12-10")
	pending, _ := db.PendingOutbox(context.Background())
	db.Close()
	if err != nil || len(sent) != 0 || pending != 0 {
		t.Fatalf("the dry run claimed %v / queued %d (%v)", sent, pending, err)
	}

	out, _, code = runReminders(t, cfg, "run", "--now", remindersTestNow)
	if code != 0 || !strings.Contains(out, "1 påminnelse(r) er lagt i køen og sendes når boten kjører") {
		t.Fatalf("run without Slack: exit %d\n%s", code, out)
	}
	out, _, code = runReminders(t, cfg, "run", "--now", "2026-12-03T15:00")
	if code != 0 || !strings.Contains(out, "Ingen påminnelser å sende 03.12.2026 kl. 15:00") {
		t.Fatalf("second run the same day: exit %d\n%s", code, out)
	}

	_, errOut, code = runReminders(t, cfg, "run", "--now", "i morgen")
	if code != 2 || !strings.Contains(errOut, "er ikke et tidspunkt") {
		t.Errorf("bad --now: exit %d, %s", code, errOut)
	}
}

func TestRemindersRunDeliversToSlack(t *testing.T) {
	fake := fakeslack.New(t)
	fake.AddChannel("C0BEREDSKAP", "beredskap")
	cfg := remindersTestConfig(t)
	cfg.BotToken, cfg.APIURL = fake.Token(), fake.URL()

	out, errOut, code := runReminders(t, cfg, "run", "--now", remindersTestNow)
	if code != 0 || !strings.Contains(out, "Levert 1 melding(er) fra utboksen til Slack") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	ch, _ := fake.Channel("C0BEREDSKAP")
	if len(ch.Messages) != 1 || !strings.Contains(ch.Messages[0].Text, "<@U0KRISE004>") {
		t.Fatalf("#beredskap: %+v", ch.Messages)
	}
	out, _, _ = runReminders(t, cfg, "run", "--now", remindersTestNow)
	if !strings.Contains(out, "Ingen påminnelser") || len(fake.Calls("chat.postMessage")) != 1 {
		t.Errorf("second run posted again:\n%s", out)
	}
}

func TestRemindersNextCommand(t *testing.T) {
	out, errOut, code := runReminders(t, remindersTestConfig(t), "next")
	if code != 0 || strings.Count(out, "kl. 09:00") != 5 || !strings.Contains(out, "Europe/Oslo") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	cfg := remindersTestConfig(t)
	cfg.ReminderSchedule = "hver dag"
	if _, errOut, code := runReminders(t, cfg, "next"); code != 2 || !strings.Contains(errOut, "BEREDSKAP_REMINDER_SCHEDULE") {
		t.Errorf("bad schedule: exit %d, %s", code, errOut)
	}
}
