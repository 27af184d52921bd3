package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

// runSocket starts RunSocket and returns a function that stops it and
// returns its result.
func (h *harness) runSocket() func() error {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.app.RunSocket(ctx, bot.NewSocketClient(h.api)) }()
	stopped := false
	var result error
	stop := func() error {
		if stopped {
			return result
		}
		stopped = true
		cancel()
		select {
		case result = <-done:
		case <-time.After(10 * time.Second):
			h.t.Fatal("RunSocket did not return after cancel")
		}
		return result
	}
	h.t.Cleanup(func() { _ = stop() })
	return stop
}

func slashPayload(h *harness, command, text, channel, respID string) map[string]any {
	return map[string]any{
		"token": "x", "team_id": fakeslack.TeamID, "team_domain": "beredskap-test",
		"channel_id": channel, "channel_name": "general", "user_id": "U0KRISE002", "user_name": "ola",
		"command": command, "text": text, "api_app_id": fakeslack.AppID, "is_enterprise_install": "false",
		"response_url": h.fake.ResponseURL(respID), "trigger_id": nextTrigger(),
	}
}

func decodeAck(t *testing.T, raw json.RawMessage) map[string]any {
	t.Helper()
	var m map[string]any
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("ack payload %s: %v", raw, err)
	}
	return m
}

func TestSocketModeSlashCommandAndReconnect(t *testing.T) {
	h := newHarness(t, nil)
	stop := h.runSocket()
	h.fake.WaitSocketConnections(t, 1, 10*time.Second)

	id := h.fake.SendSocketEvent(t, "slash_commands", slashPayload(h, "/tiltak", "strom", "C0GENERAL", "sock"))
	ack := decodeAck(t, h.fake.WaitAck(t, id, 5*time.Second))
	if ack["response_type"] != "ephemeral" || !strings.Contains(blocksText(ack), "Strømbrudd") {
		t.Fatalf("ack payload = %v", ack)
	}

	// The connection drops; the client reconnects by itself and the
	// next command is answered on the new connection.
	h.fake.DropSocket()
	h.fake.WaitSocketConnections(t, 2, 10*time.Second)
	id = h.fake.SendSocketEvent(t, "slash_commands", slashPayload(h, "/beredskap", "hjelp", "C0GENERAL", "sock"))
	ack = decodeAck(t, h.fake.WaitAck(t, id, 5*time.Second))
	if !strings.Contains(blocksText(ack), "/beredskap start") {
		t.Errorf("ack after reconnect = %v", ack)
	}
	if n := len(h.fake.Responses("sock")); n != 0 {
		t.Errorf("%d answers went to response_url, want them in the acks", n)
	}
	if err := stop(); err != nil {
		t.Errorf("RunSocket = %v, want nil after cancel", err)
	}
}

func TestSocketModeSlowCommand(t *testing.T) {
	h := newHarness(t, nil)
	h.runSocket()
	h.fake.WaitSocketConnections(t, 1, 10*time.Second)
	id := h.fake.SendSocketEvent(t, "slash_commands", slashPayload(h, "/beredskap", "start Gasslekkasje", "C0GENERAL", "slow"))
	ack := decodeAck(t, h.fake.WaitAck(t, id, 5*time.Second))
	if ack["text"] != "Oppretter beredskapskanal …" {
		t.Fatalf("ack = %v", ack)
	}
	got := h.responses("slow", 1)
	if !strings.Contains(blocksText(got[0]), "Gasslekkasje") {
		t.Errorf("response_url got %v", got[0])
	}
}

func TestSocketModeInteractionAndEvent(t *testing.T) {
	h := newHarness(t, nil)
	inc := h.incidentChannel("Skred", "", "C0INC8")
	ts := h.postAsBot("C0INC8", "Riksveien er stengt ved Bjørkli")
	h.runSocket()
	h.fake.WaitSocketConnections(t, 1, 10*time.Second)

	id := h.fake.SendSocketEvent(t, "interactive", viewSubmission("ukjent_skjema", "", "C0INC8/x", "U0KRISE002"))
	ack := decodeAck(t, h.fake.WaitAck(t, id, 5*time.Second))
	if ack["response_action"] != "clear" {
		t.Errorf("view_submission ack = %v", ack)
	}

	var ev map[string]any
	_ = json.Unmarshal(reactionEvent("Ev100", "U0KRISE002", bot.PinReaction, "C0INC8", ts), &ev)
	id = h.fake.SendSocketEvent(t, "events_api", ev)
	if ack := decodeAck(t, h.fake.WaitAck(t, id, 5*time.Second)); ack != nil {
		t.Errorf("event ack payload = %v, want none", ack)
	}
	h.waitFor("pinned message logged", func() bool { return len(h.entries(inc.ID)) == 2 })
	es := h.entries(inc.ID)
	if es[1].Text != "Riksveien er stengt ved Bjørkli" || es[1].Source != "slack:C0INC8/"+ts {
		t.Errorf("entry = %+v", es[1])
	}
}
