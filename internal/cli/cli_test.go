package cli

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
)

// cleanEnv empties every setting the binary reads and moves into a new
// temp dir (no .env), which it returns.
func cleanEnv(t *testing.T) string {
	t.Helper()
	for _, k := range []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL",
		"BEREDSKAP_PLAN", "BEREDSKAP_DB", "BEREDSKAP_TZ", "BEREDSKAP_LISTEN", "BEREDSKAP_CHANNEL",
		"BEREDSKAP_REMINDER_SCHEDULE", "LOG_LEVEL", "LOG_FORMAT"} {
		t.Setenv(k, "")
	}
	t.Setenv("LOG_LEVEL", "error")
	dir := t.TempDir()
	t.Chdir(dir)
	return dir
}

// Without a subcommand and without Slack settings, the binary runs the
// console on the embedded example plan and ./beredskap.db.
func TestNoCommandRunsConsoleWithoutSlack(t *testing.T) {
	dir := cleanEnv(t)
	out, errOut, code := runArgs(t, "/tiltak strom\n/beredskap start Strømbrudd\n")
	if code != 0 || !strings.Contains(errOut, "Ingen Slack-innstillinger (SLACK_BOT_TOKEN) – starter lokal konsoll") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "Tiltakskort: Strømbrudd") || !strings.Contains(out, "Hendelse åpnet: Strømbrudd") {
		t.Errorf("not the console on the example plan:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "beredskap.db")); err != nil {
		t.Errorf("./beredskap.db: %v", err)
	}
}

// Without a subcommand but with Slack settings, the binary serves Slack.
func TestNoCommandServesWithSlack(t *testing.T) {
	dir := cleanEnv(t)
	fake := fakeslack.New(t)
	addr := testkit.FreeAddr(t)
	t.Setenv("SLACK_BOT_TOKEN", fake.Token())
	t.Setenv("SLACK_SIGNING_SECRET", "hemmelig")
	t.Setenv("SLACK_API_URL", fake.URL())
	t.Setenv("BEREDSKAP_LISTEN", addr)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	errOut := &testkit.SyncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, nil, strings.NewReader(""), &out, errOut) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case code := <-done:
			t.Fatalf("exit %d before serving: %s", code, errOut)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("not serving: %v; stderr %s", err, errOut)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 || strings.Contains(errOut.String(), "konsoll") {
			t.Errorf("exit %d, stderr %s", code, errOut)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("serve did not stop")
	}
	if _, err := os.Stat(filepath.Join(dir, "beredskap.db")); err != nil {
		t.Errorf("./beredskap.db: %v", err)
	}
}

// Bad settings stop every subcommand with exit 2, but not its help.
func TestBadSettings(t *testing.T) {
	cleanEnv(t)
	t.Setenv("BEREDSKAP_TZ", "Europa/Oslo")
	if _, errOut, code := runArgs(t, "", "plan", "check"); code != 2 || !strings.Contains(errOut, "BEREDSKAP_TZ") {
		t.Errorf("plan check: exit %d, %q", code, errOut)
	}
	if out, _, code := runArgs(t, "", "plan", "--help"); code != 0 || !strings.Contains(out, "beredskapsbot plan check") {
		t.Errorf("plan --help: exit %d, %q", code, out)
	}
}
