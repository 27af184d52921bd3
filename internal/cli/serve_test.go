package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
)

func serveConfig(t *testing.T, fake *fakeslack.Server) config.Config {
	return config.Config{
		DBPath: filepath.Join(t.TempDir(), "beredskap.db"), LogLevel: "error", LogFormat: "text",
		BotToken: fake.Token(), SigningSecret: "hemmelig", APIURL: fake.URL(), Listen: testkit.FreeAddr(t),
		ReminderSchedule: config.DefaultReminderSchedule,
	}
}

// startServe runs serveCmd until the returned stop is called; stop
// returns the exit code.
func startServe(t *testing.T, cfg config.Config) (stop func() int, stderr *testkit.SyncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr = &testkit.SyncBuffer{}
	done := make(chan int, 1)
	go func() { done <- runCommand(ctx, cfg, lookup("serve"), nil, nil, io.Discard, stderr) }()
	stop = func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(40 * time.Second):
			t.Fatal("serve did not stop")
			return -1
		}
	}
	t.Cleanup(func() { cancel() })
	// Ready when /healthz answers.
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get("http://" + cfg.Listen + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return stop, stderr
			}
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s", code, stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve not healthy: %v; stderr: %s", err, stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestServeHTTPModeAndGracefulStop(t *testing.T) {
	fake := fakeslack.New(t)
	cfg := serveConfig(t, fake)
	stop, stderr := startServe(t, cfg)

	body := []byte(url.Values{"command": {"/tiltak"}, "text": {"strom"}, "user_id": {"U1"}, "channel_id": {"C1"},
		"response_url": {fake.ResponseURL("serve")}, "trigger_id": {"1.2.3"}}.Encode())
	req, _ := http.NewRequest(http.MethodPost, "http://"+cfg.Listen+"/slack/events", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	bot.SignRequest(req, cfg.SigningSecret, body, time.Now())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var ack map[string]any
	err = json.NewDecoder(resp.Body).Decode(&ack)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || !strings.Contains(ack["text"].(string), "Strømbrudd") {
		t.Errorf("signed /tiltak strom: HTTP %d, %v, %v", resp.StatusCode, ack, err)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit %d after stop, want 0; stderr: %s", code, stderr)
	}
	if _, err := http.Get("http://" + cfg.Listen + "/healthz"); err == nil {
		t.Error("still listening after stop")
	}
}

func TestServeSocketMode(t *testing.T) {
	fake := fakeslack.New(t)
	cfg := serveConfig(t, fake)
	cfg.AppToken, cfg.SigningSecret = fake.AppToken(), ""
	stop, stderr := startServe(t, cfg)
	fake.WaitSocketConnections(t, 1, 10*time.Second)
	id := fake.SendSocketEvent(t, "slash_commands", map[string]any{
		"command": "/beredskap", "text": "hjelp", "user_id": "U1", "channel_id": "C1",
		"response_url": fake.ResponseURL("sock"), "trigger_id": "1.2.3",
	})
	if ack := fake.WaitAck(t, id, 5*time.Second); !strings.Contains(string(ack), "/beredskap start") {
		t.Errorf("ack = %s", ack)
	}
	// HTTP mode is off: only /healthz is served.
	resp, err := http.Post("http://"+cfg.Listen+"/slack/events", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("/slack/events in Socket Mode: HTTP %d, want 404", resp.StatusCode)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit %d, want 0; stderr: %s", code, stderr)
	}
}

func TestServeRefusesBadTokenAtStart(t *testing.T) {
	fake := fakeslack.New(t)
	cfg := serveConfig(t, fake)
	cfg.BotToken = "xoxb-feil"
	var stderr testkit.SyncBuffer
	code := runCommand(context.Background(), cfg, lookup("serve"), nil, nil, io.Discard, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "Slack godtok ikke SLACK_BOT_TOKEN (invalid_auth)") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	if strings.Contains(stderr.String(), "xoxb-feil") {
		t.Error("the token was printed")
	}
}

func TestServeRefusesBadSettings(t *testing.T) {
	var stderr testkit.SyncBuffer
	cfg := config.Config{LogLevel: "info", LogFormat: "text", ReminderSchedule: config.DefaultReminderSchedule, APIURL: "https://slack.com/api"}
	code := runCommand(context.Background(), cfg, lookup("serve"), nil, nil, io.Discard, &stderr)
	out := stderr.String()
	if code != 2 || !strings.Contains(out, "SLACK_BOT_TOKEN mangler") || !strings.Contains(out, "SLACK_APP_TOKEN") || !strings.Contains(out, "SLACK_API_URL") {
		t.Errorf("exit %d, stderr %q", code, out)
	}
}

func TestManifestCommand(t *testing.T) {
	out, errOut, code := runCmd(t, config.Config{}, "manifest", "--http", "https://bot.example.org/slack/events")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want, _ := bot.ManifestIn(i18n.Bokmal, bot.ModeHTTP, "https://bot.example.org/slack/events")
	if out != string(want) {
		t.Error("manifest --http does not print bot.ManifestIn")
	}
	if _, errOut, code := runCmd(t, config.Config{}, "manifest", "--http", "http://usikker"); code != 2 || !strings.Contains(errOut, "https") {
		t.Errorf("plain http: exit %d, %q", code, errOut)
	}
}
