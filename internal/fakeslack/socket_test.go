package fakeslack_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

const wait = 5 * time.Second

// runSocketClient runs slack-go's Socket Mode client against the fake until
// the test ends and returns it.
func runSocketClient(t *testing.T, fake *fakeslack.Server) *socketmode.Client {
	t.Helper()
	sm := socketmode.New(client(t, fake), socketmode.OptionPingInterval(10*time.Second))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = sm.RunContext(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return sm
}

// nextEvent returns the next event of type typ, skipping others.
func nextEvent(t *testing.T, sm *socketmode.Client, typ socketmode.EventType) socketmode.Event {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case evt := <-sm.Events:
			if evt.Type == typ {
				return evt
			}
		case <-timeout:
			t.Fatalf("no %s event within %v", typ, wait)
		}
	}
}

func TestSocketModeRoundTrip(t *testing.T) {
	fake := fakeslack.New(t)
	sm := runSocketClient(t, fake)

	hello := nextEvent(t, sm, socketmode.EventTypeHello)
	if hello.Request == nil || hello.Request.NumConnections != 1 || hello.Request.ConnectionInfo.AppID != fakeslack.AppID {
		t.Fatalf("hello = %+v", hello.Request)
	}

	id := fake.SendSocketEvent(t, "slash_commands", map[string]any{
		"command":      "/beredskap",
		"text":         "status",
		"user_id":      "U1",
		"channel_id":   "C1",
		"team_id":      fakeslack.TeamID,
		"trigger_id":   "trigger-1",
		"response_url": fake.ResponseURL("cmd-1"),
	})
	evt := nextEvent(t, sm, socketmode.EventTypeSlashCommand)
	cmd, ok := evt.Data.(slack.SlashCommand)
	if !ok || cmd.Command != "/beredskap" || cmd.Text != "status" || evt.Request.EnvelopeID != id || !evt.Request.AcceptsResponsePayload {
		t.Fatalf("slash command event = %+v / %+v", evt.Data, evt.Request)
	}
	if _, acked := fake.Acked(id); acked {
		t.Fatal("acked before the client acked")
	}
	sm.Ack(*evt.Request, map[string]any{"text": "Ingen aktiv hendelse"})

	var got map[string]any
	if err := json.Unmarshal(fake.WaitAck(t, id, wait), &got); err != nil || got["text"] != "Ingen aktiv hendelse" {
		t.Fatalf("ack payload = %v, %v", got, err)
	}

	// The command's response_url answers like Slack's and records the body.
	if _, _, err := client(t, fake).PostMessage("", slack.MsgOptionResponseURL(cmd.ResponseURL, slack.ResponseTypeEphemeral),
		slack.MsgOptionText("Svar via response_url", false)); err != nil {
		t.Fatalf("response_url: %v", err)
	}
	resps := fake.Responses("cmd-1")
	if len(resps) != 1 || resps[0]["text"] != "Svar via response_url" || resps[0]["response_type"] != "ephemeral" {
		t.Errorf("responses = %v", resps)
	}
}

func TestSocketModeEventsAndInteractive(t *testing.T) {
	fake := fakeslack.New(t)
	sm := runSocketClient(t, fake)
	nextEvent(t, sm, socketmode.EventTypeHello)

	id := fake.SendSocketEvent(t, "events_api", map[string]any{
		"type":    "event_callback",
		"team_id": fakeslack.TeamID,
		"event":   map[string]any{"type": "app_mention", "user": "U1", "text": "<@U0FAKEBOT> hjelp", "channel": "C1", "ts": "1.000001"},
	})
	evt := nextEvent(t, sm, socketmode.EventTypeEventsAPI)
	api, ok := evt.Data.(slackevents.EventsAPIEvent)
	if !ok || api.InnerEvent.Type != "app_mention" {
		t.Fatalf("events_api event = %+v", evt.Data)
	}
	sm.Ack(*evt.Request)
	if p := fake.WaitAck(t, id, wait); p != nil {
		t.Errorf("ack without payload = %s, want nil", p)
	}

	id = fake.SendSocketEvent(t, "interactive", map[string]any{
		"type": "view_submission", "user": map[string]any{"id": "U1"},
		"view": map[string]any{"callback_id": "incident_new"},
	})
	evt = nextEvent(t, sm, socketmode.EventTypeInteractive)
	cb, ok := evt.Data.(slack.InteractionCallback)
	if !ok || cb.Type != slack.InteractionTypeViewSubmission || cb.View.CallbackID != "incident_new" || !evt.Request.AcceptsResponsePayload {
		t.Fatalf("interactive event = %+v", evt.Data)
	}
	sm.Ack(*evt.Request, slack.NewClearViewSubmissionResponse())
	var got map[string]any
	if err := json.Unmarshal(fake.WaitAck(t, id, wait), &got); err != nil || got["response_action"] != "clear" {
		t.Errorf("ack payload = %v, %v", got, err)
	}
}

func TestSocketModeReconnectsAfterDrop(t *testing.T) {
	fake := fakeslack.New(t, fakeslack.WithPingInterval(100*time.Millisecond))
	sm := runSocketClient(t, fake)
	nextEvent(t, sm, socketmode.EventTypeHello)
	if n := fake.SocketConnections(); n != 1 {
		t.Fatalf("connections = %d", n)
	}

	fake.DropSocket()
	// Sent while no connection is open: delivered after the reconnect.
	id := fake.SendSocketEvent(t, "slash_commands", map[string]any{"command": "/beredskap", "text": "hjelp"})

	hello := nextEvent(t, sm, socketmode.EventTypeHello)
	if hello.Request.NumConnections != 1 {
		t.Errorf("hello after reconnect = %+v", hello.Request)
	}
	fake.WaitSocketConnections(t, 2, wait)
	evt := nextEvent(t, sm, socketmode.EventTypeSlashCommand)
	if evt.Request.EnvelopeID != id {
		t.Fatalf("redelivered envelope = %q, want %q", evt.Request.EnvelopeID, id)
	}
	sm.Ack(*evt.Request)
	fake.WaitAck(t, id, wait)
	if n := len(fake.Calls("apps.connections.open")); n != 2 {
		t.Errorf("apps.connections.open calls = %d, want 2", n)
	}
}

func TestSocketTicketIsSingleUse(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	_, wsURL, err := api.StartSocketModeContext(context.Background())
	if err != nil {
		t.Fatalf("apps.connections.open: %v", err)
	}
	if wsURL[:5] != "ws://" {
		t.Fatalf("url = %q", wsURL)
	}
	conn, _, err := websocket.DefaultDialer.Dial(wsURL, nil)
	if err != nil {
		t.Fatalf("first dial: %v", err)
	}
	defer conn.Close()
	if c2, _, err := websocket.DefaultDialer.Dial(wsURL, nil); err == nil {
		c2.Close()
		t.Fatal("second dial with the same ticket succeeded")
	}
}
