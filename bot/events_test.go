package bot_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

func reactionEvent(eventID, user, reaction, channel, ts string) []byte {
	b, _ := json.Marshal(map[string]any{
		"token": "x", "team_id": fakeslack.TeamID, "api_app_id": fakeslack.AppID, "type": "event_callback",
		"event_id": eventID, "event_time": 1741944600,
		"event": map[string]any{
			"type": "reaction_added", "user": user, "reaction": reaction, "item_user": fakeslack.BotUserID,
			"item":     map[string]any{"type": "message", "channel": channel, "ts": ts},
			"event_ts": "1741944600.000200",
		},
	})
	return b
}

// sendEvent posts an Events API body, optionally as Slack's retry.
func (h *harness) sendEvent(body []byte, retry string) {
	h.t.Helper()
	var resp *http.Response
	if retry == "" {
		resp = h.post("application/json", body)
	} else {
		// Slack signs a retry anew, at the time it is sent.
		h.clock.Add(time.Second)
		now := h.clock.Now()
		hdr := http.Header{}
		req, _ := http.NewRequest(http.MethodPost, "/", nil)
		bot.SignRequest(req, testSecret, body, now)
		hdr.Set(bot.HeaderTimestamp, req.Header.Get(bot.HeaderTimestamp))
		hdr.Set(bot.HeaderSignature, req.Header.Get(bot.HeaderSignature))
		hdr.Set("X-Slack-Retry-Num", retry)
		hdr.Set("X-Slack-Retry-Reason", "http_timeout")
		resp = h.postRaw("application/json", body, hdr)
	}
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("event: HTTP %d", resp.StatusCode)
	}
}

func (h *harness) entries(incID int64) []incident.Entry {
	h.t.Helper()
	es, err := h.db.Entries(context.Background(), incID)
	if err != nil {
		h.t.Fatal(err)
	}
	return es
}

func TestPushpinLogsMessageOnce(t *testing.T) {
	h := newHarness(t, nil)
	inc := h.incidentChannel("Flom i Elvegata", "", "C0INC6")
	ts := h.postAsBot("C0INC6", "Vannet står 40 cm over kaikanten ved brua")
	other := h.postAsBot("C0INC6", "Dette er ikke festet")

	h.sendEvent(reactionEvent("Ev001", "U0KRISE001", bot.PinReaction, "C0INC6", ts), "")
	h.idle()
	es := h.entries(inc.ID)
	if len(es) != 2 {
		t.Fatalf("%d entries, want 2", len(es))
	}
	e := es[1]
	if e.Kind != incident.EntryEvent || e.Text != "Vannet står 40 cm over kaikanten ved brua" || e.Source != "slack:C0INC6/"+ts || e.Author != "U0KRISE001" {
		t.Errorf("entry = %+v", e)
	}
	if calls := h.fake.Calls("conversations.history"); len(calls) != 1 || calls[0].Params.Get("latest") != ts ||
		calls[0].Params.Get("inclusive") != "1" || calls[0].Params.Get("limit") != "1" {
		t.Errorf("history calls = %+v", calls)
	}

	tests := []struct {
		name    string
		body    []byte
		retry   string
		fetches int // conversations.history calls it causes
	}{
		// Ignored by its event_id, before any Slack call.
		{"Slack's retry of the same event", reactionEvent("Ev001", "U0KRISE001", bot.PinReaction, "C0INC6", ts), "1", 0},
		// A new event: the message is fetched, then found logged already.
		{"the same message pinned again", reactionEvent("Ev002", "U0KRISE002", bot.PinReaction, "C0INC6", ts), "", 1},
		{"another reaction", reactionEvent("Ev003", "U0KRISE002", "thumbsup", "C0INC6", other), "", 0},
		{"a pin by the bot itself", reactionEvent("Ev004", fakeslack.BotUserID, bot.PinReaction, "C0INC6", other), "", 0},
	}
	// The bot learns its own user ID from auth.test.
	if _, err := h.app.CheckSlack(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(h.fake.Calls("conversations.history"))
			h.sendEvent(tt.body, tt.retry)
			h.idle()
			if n := len(h.entries(inc.ID)); n != 2 {
				t.Errorf("%d entries, want still 2", n)
			}
			if n := len(h.fake.Calls("conversations.history")) - before; n != tt.fetches {
				t.Errorf("%d history calls, want %d", n, tt.fetches)
			}
		})
	}
}

func TestPushpinOnThreadReply(t *testing.T) {
	h := newHarness(t, nil)
	inc := h.incidentChannel("Brann", "", "C0INC7")
	parent := h.postAsBot("C0INC7", "Tråd om evakuering")
	reply := h.postAsBot("C0INC7", "Alle beboere er ute av blokk C", slack.MsgOptionTS(parent))
	h.sendEvent(reactionEvent("Ev010", "U0KRISE002", bot.PinReaction, "C0INC7", reply), "")
	h.idle()
	es := h.entries(inc.ID)
	if len(es) != 2 || es[1].Text != "Alle beboere er ute av blokk C" || es[1].Source != "slack:C0INC7/"+reply {
		t.Errorf("entries = %+v", es)
	}
}

func TestPushpinOutsideIncidentIgnored(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.AddChannel("C0GENERAL", "general")
	h.fake.AddMember("C0GENERAL", fakeslack.BotUserID)
	ts := h.postAsBot("C0GENERAL", "Lunsj i kantina")
	h.sendEvent(reactionEvent("Ev020", "U0KRISE002", bot.PinReaction, "C0GENERAL", ts), "")
	h.idle()
	if calls := h.fake.Calls("conversations.history"); len(calls) != 0 {
		t.Errorf("history fetched for a channel without incident: %d calls", len(calls))
	}
	open, _ := h.db.OpenIncidents(context.Background())
	if len(open) != 0 {
		t.Errorf("open incidents = %v", open)
	}
}

func TestMalformedEventRefused(t *testing.T) {
	h := newHarness(t, nil)
	if resp := h.post("application/json", []byte(`{"type":`)); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("HTTP %d, want 400", resp.StatusCode)
	}
}
