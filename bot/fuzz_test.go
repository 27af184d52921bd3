package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/internal/testclock"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/storage"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// fuzzChannel is the incident channel of the fuzz target's incident.
const fuzzChannel = "C0FUZZINC"

// onlyHost returns an HTTP client that connects to addr only (the fake
// Slack), so fuzzed response_urls never leave 127.0.0.1.
func onlyHost(addr string) *http.Client {
	dialer := &net.Dialer{Timeout: 2 * time.Second}
	return &http.Client{
		Timeout: 5 * time.Second,
		Transport: &http.Transport{DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
			if a != addr {
				return nil, errors.New("fuzz: only the fake Slack may be called")
			}
			return dialer.DialContext(ctx, network, a)
		}},
	}
}

// FuzzInteractionPayload sends arbitrary interactivity payloads (the
// "payload" form field of block_actions, view_submission and
// message_action requests), correctly signed, through the HTTP handler:
// no panic, 200 with an empty or JSON-object acknowledgement or 400 for a
// payload that is not one, background work that finishes, a log whose hash
// chain holds, and no mass mention in anything the bot sent to Slack.
func FuzzInteractionPayload(f *testing.F) {
	fake := fakeslack.New(f)
	fake.AddUser("U0KRISE001", "kari", "kari@eksempel.kommune.no")
	fake.AddChannel(fuzzChannel, "beredskap-fuzz")
	fake.AddMember(fuzzChannel, fakeslack.BotUserID)
	db, err := storage.Open(filepath.Join(f.TempDir(), "beredskap.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	inc, _, err := db.CreateIncident(context.Background(), incident.NewIncident{
		Title: "Strømbrudd", Kind: incident.KindIncident, CardID: "strom", OpenedBy: "U0KRISE001",
		ChannelID: fuzzChannel, ChannelName: "beredskap-fuzz"})
	if err != nil {
		f.Fatal(err)
	}
	h := commands.New(mustPlan(f), db, nil, quietLog())
	api := slack.New(fake.Token(), slack.OptionAPIURL(fake.URL()))
	fakeURL, _ := url.Parse(fake.URL())
	// The App's clock moves a second per input, so an input the fuzzer
	// repeats is signed anew and not refused as a replay.
	clk := testclock.New(time.Now())
	app, err := bot.NewApp(bot.AppConfig{Handler: h, Slack: api, DB: db, SigningSecret: testSecret, Log: quietLog(),
		Now: clk.Now, AckTimeout: time.Second, HTTPClient: onlyHost(fakeURL.Host)})
	if err != nil {
		f.Fatal(err)
	}
	srv := httptest.NewServer(app.HTTPHandler())
	f.Cleanup(srv.Close)

	for _, seed := range fuzzSeeds(fake, inc.ID) {
		f.Add(seed)
	}
	for _, s := range []string{"", "null", "[]", "{}", `{"type":7}`, `{"type":"block_actions","actions":[{}]}`,
		`{"type":"view_submission","view":{"state":{"values":{"a":{"b":null}}}}}`, `{"type":"message_action","message":{}}`,
		`{"type":"block_actions","actions":[{"action_id":":::","value":"-1:x:99999999999999999999"}]}`,
		`{"type":"view_submission","view":{"callback_id":"nope","external_id":"/"}}`, strings.Repeat("[", 5000), "\xff\xfe"} {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, payload string) {
		clk.Add(time.Second)
		body := []byte(url.Values{"payload": {payload}}.Encode())
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/slack/events", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		bot.SignRequest(req, testSecret, body, clk.Now())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		ack, _ := io.ReadAll(resp.Body)
		resp.Body.Close()

		switch resp.StatusCode {
		case http.StatusOK:
			if len(bytes.TrimSpace(ack)) > 0 {
				var m map[string]any
				if err := json.Unmarshal(ack, &m); err != nil {
					t.Fatalf("ack is not a JSON object: %v: %s", err, ack)
				}
			}
		case http.StatusBadRequest:
			if payload != "" && json.Valid([]byte(payload)) && strings.HasPrefix(strings.TrimSpace(payload), "{") {
				// A JSON object slack-go cannot decode into an
				// InteractionCallback (wrong types) is a bad request too.
				var cb slack.InteractionCallback
				if json.Unmarshal([]byte(payload), &cb) == nil {
					t.Fatalf("HTTP 400 for a payload that decodes: %s", ack)
				}
			}
		default:
			t.Fatalf("HTTP %d: %s", resp.StatusCode, ack)
		}
		if utf8.Valid(ack) && strings.Contains(string(ack), "<!channel") {
			t.Fatalf("ack broadcasts a mass mention: %s", ack)
		}

		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := app.Shutdown(ctx); err != nil {
			t.Fatalf("background work did not finish: %v", err)
		}
		if err := db.VerifyLog(ctx, inc.ID); err != nil {
			t.Fatalf("hash chain: %v", err)
		}
		assertNothingBroadcast(t, fake)
	})
}

// assertNothingBroadcast fails if any message, ephemeral message or
// response_url answer the bot sent holds a mass mention.
func assertNothingBroadcast(t *testing.T, fake *fakeslack.Server) {
	t.Helper()
	for _, c := range fake.Calls("chat.postMessage", "chat.postEphemeral", "chat.update", fakeslack.MethodResponseURL) {
		out := c.Params.Get("text") + c.Params.Get("blocks")
		if c.JSON != nil {
			raw, _ := json.Marshal(c.JSON)
			out += strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(raw))
		}
		for _, bad := range []string{"<!channel", "<!here", "<!everyone", "<!subteam"} {
			if strings.Contains(out, bad) {
				t.Fatalf("%s sent %s: %.300s", c.Method, bad, out)
			}
		}
	}
	fake.Reset() // keep the recorded calls small between inputs
}

// fuzzSeeds are realistic payloads of each kind the bot handles.
func fuzzSeeds(fake *fakeslack.Server, incID int64) []string {
	step := fmt.Sprintf("%d:strom:1", incID)
	seeds := []map[string]any{
		{
			"type": "block_actions", "trigger_id": "1.2.3", "api_app_id": fakeslack.AppID,
			"user": map[string]any{"id": "U0KRISE001"}, "channel": map[string]any{"id": fuzzChannel},
			"container":    map[string]any{"type": "message", "channel_id": fuzzChannel, "message_ts": "1.1"},
			"response_url": fake.ResponseURL("fuzz"),
			"actions":      []map[string]any{{"type": "button", "action_id": ui.ActionStepDone + ":" + step, "block_id": "b1", "value": step}},
		},
		{
			"type": "view_submission", "trigger_id": "1.2.4", "user": map[string]any{"id": "U0KRISE001"},
			"view": map[string]any{
				"id": "V0FAKE1", "type": "modal", "callback_id": reminders.ViewDone, "private_metadata": "ovelse",
				"external_id": fuzzChannel + "/abc",
				"state": map[string]any{"values": map[string]any{
					"dato":  map[string]any{"dato": map[string]any{"type": "datepicker", "selected_date": "2025-03-14"}},
					"notat": map[string]any{"notat": map[string]any{"type": "plain_text_input", "value": "<!channel> gikk bra"}},
					"valg":  map[string]any{"valg": map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "ja"}}},
				}},
			},
		},
		{
			"type": "message_action", "callback_id": bot.CallbackLogDecision, "trigger_id": "1.2.5",
			"user": map[string]any{"id": "U0KRISE001"}, "channel": map[string]any{"id": fuzzChannel, "name": "beredskap-fuzz"},
			"message_ts": "1700000000.000100", "response_url": fake.ResponseURL("fuzz"),
			"message": map[string]any{"type": "message", "ts": "1700000000.000100", "text": "Vi evakuerer <!channel> <@U0KRISE001>\x07", "user": "U0KRISE001"},
		},
		{
			"type": "block_actions", "user": map[string]any{"id": "U0KRISE001"}, "container": map[string]any{"channel_id": fuzzChannel},
			"actions": []map[string]any{{"action_id": reminders.ActionPostpone + ":x", "value": "ovelse|2025-03-14"}},
		},
		{
			"type": "view_submission", "user": map[string]any{"id": "U0KRISE001"},
			"view": map[string]any{"callback_id": commands.ViewEvaluation, "private_metadata": fmt.Sprint(incID), "external_id": fuzzChannel + "/x",
				"state": map[string]any{"values": map[string]any{"q1": map[string]any{"q1": map[string]any{"type": "plain_text_input", "value": "plan: <!here>"}}}}},
		},
		{"type": "message_action", "callback_id": "ukjent", "channel": map[string]any{"id": "C0ANNEN"}, "response_url": fake.ResponseURL("fuzz")},
		{"type": "shortcut", "callback_id": "global"},
	}
	var out []string
	for _, s := range seeds {
		raw, _ := json.Marshal(s)
		out = append(out, string(raw))
	}
	return out
}
