package bot_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// idle waits until the App's background work is done, so a test can
// assert that something did not happen.
func (h *harness) idle() {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.app.Shutdown(ctx); err != nil {
		h.t.Fatalf("background work did not finish: %v", err)
	}
}

// postAsBot posts a message in a fake channel and returns its ts.
func (h *harness) postAsBot(channel, text string, opts ...slack.MsgOption) string {
	h.t.Helper()
	_, ts, err := h.api.PostMessage(channel, append([]slack.MsgOption{slack.MsgOptionText(text, false)}, opts...)...)
	if err != nil {
		h.t.Fatalf("post: %v", err)
	}
	return ts
}

func blockActions(h *harness, channel, user, respID string, actionID, value string) map[string]any {
	return map[string]any{
		"type": "block_actions", "trigger_id": nextTrigger(), "api_app_id": fakeslack.AppID,
		"user":         map[string]any{"id": user},
		"channel":      map[string]any{"id": channel},
		"container":    map[string]any{"type": "message", "channel_id": channel, "message_ts": "1.1"},
		"response_url": h.fake.ResponseURL(respID),
		"actions": []map[string]any{{
			"type": "button", "action_id": actionID + ":" + value, "block_id": "b1", "value": value,
		}},
	}
}

func TestButtonStepDoneReplacesOriginal(t *testing.T) {
	h := newHarness(t, nil)
	inc := h.incidentChannel("Strømbrudd i sentrum", "strom", "C0INC3")
	value := fmt.Sprintf("%d:strom:1", inc.ID)
	if ack := h.interact(blockActions(h, "C0INC3", "U0KRISE001", "btn", ui.ActionStepDone, value)); ack != nil {
		t.Errorf("block_actions ack = %v, want empty", ack)
	}
	got := h.responses("btn", 1)
	if got[0]["replace_original"] != true {
		t.Errorf("response_url body = %v, want replace_original true", got[0])
	}
	steps, err := h.db.Steps(context.Background(), inc.ID)
	if err != nil || len(steps) != 1 || steps[0].CardID != "strom" || steps[0].Step != 1 || steps[0].DoneBy != "U0KRISE001" {
		t.Errorf("steps = %+v, %v", steps, err)
	}
}

func TestButtonOpensModal(t *testing.T) {
	h := newHarness(t, nil)
	h.handler.RegisterAction("open_form", func(ctx context.Context, req ui.Request, value string) (ui.Response, error) {
		return ui.Response{Modal: &ui.Modal{
			CallbackID: "test_form", Title: "Registrer gjennomført øvelse", Submit: "Registrer", Metadata: "item:" + value,
			Inputs: []ui.Input{
				{ID: "dato", Label: "Dato", Date: true, Initial: "2025-03-14"},
				{ID: "notat", Label: "Notat", Placeholder: "Hva gikk bra?", Multiline: true, Optional: true},
			},
			Fallback: "/beredskap gjennomfort ovelse",
		}}, nil
	})
	h.interact(blockActions(h, "C0GENERAL", "U0KRISE002", "modal", "open_form", "ovelse"))
	h.idle()
	calls := h.fake.Calls("views.open")
	if len(calls) != 1 || calls[0].Error != "" {
		t.Fatalf("views.open calls = %+v", calls)
	}
	view, _ := calls[0].JSON["view"].(map[string]any)
	if view["callback_id"] != "test_form" || view["private_metadata"] != "item:ovelse" || view["type"] != "modal" {
		t.Errorf("view = %v", view)
	}
	if title := view["title"].(map[string]any)["text"].(string); len([]rune(title)) > 24 || !strings.HasPrefix(title, "Registrer gjennomført") {
		t.Errorf("title = %q, want at most 24 characters", title)
	}
	if ext, _ := view["external_id"].(string); !strings.HasPrefix(ext, "C0GENERAL/") {
		t.Errorf("external_id = %q, want the channel first", ext)
	}
	blocks, _ := view["blocks"].([]any)
	if len(blocks) != 2 {
		t.Fatalf("blocks = %v", blocks)
	}
	first := blocks[0].(map[string]any)
	el := first["element"].(map[string]any)
	if first["block_id"] != "dato" || el["type"] != "datepicker" || el["action_id"] != "dato" || el["initial_date"] != "2025-03-14" {
		t.Errorf("date input = %v", first)
	}
	second := blocks[1].(map[string]any)
	el2 := second["element"].(map[string]any)
	if second["optional"] != true || el2["type"] != "plain_text_input" || el2["multiline"] != true {
		t.Errorf("text input = %v", second)
	}
}

func viewSubmission(callbackID, metadata, externalID, user string) map[string]any {
	return map[string]any{
		"type": "view_submission", "trigger_id": nextTrigger(), "api_app_id": fakeslack.AppID,
		"user": map[string]any{"id": user},
		"view": map[string]any{
			"id": "V0FAKE1", "type": "modal", "callback_id": callbackID, "private_metadata": metadata,
			"external_id": externalID,
			"state": map[string]any{"values": map[string]any{
				"dato":  map[string]any{"dato": map[string]any{"type": "datepicker", "selected_date": "2025-03-14"}},
				"notat": map[string]any{"notat": map[string]any{"type": "plain_text_input", "value": "Gikk bra"}},
			}},
		},
	}
}

func TestViewSubmission(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.AddChannel("C0GENERAL", "general")
	var mu sync.Mutex
	var gotMeta string
	var gotValues map[string]string
	h.handler.RegisterView("test_form", func(ctx context.Context, req ui.Request, metadata string, values map[string]string) (ui.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		gotMeta, gotValues = metadata, values
		if values["notat"] == "" {
			return ui.Response{Modal: &ui.Modal{CallbackID: "test_form", Title: "Prøv igjen",
				Inputs: []ui.Input{{ID: "notat", Label: "Notat (må fylles ut)"}}}}, nil
		}
		return ui.Response{Text: "Øvelsen er registrert " + values["dato"] + "."}, nil
	})

	ack := h.interact(viewSubmission("test_form", "item:ovelse", "C0GENERAL/abc", "U0KRISE002"))
	if ack["response_action"] != "clear" {
		t.Fatalf("ack = %v, want response_action clear", ack)
	}
	mu.Lock()
	want := map[string]string{"dato": "2025-03-14", "notat": "Gikk bra"}
	if gotMeta != "item:ovelse" || !reflect.DeepEqual(gotValues, want) {
		t.Errorf("Submit got %q %v, want item:ovelse %v", gotMeta, gotValues, want)
	}
	mu.Unlock()
	h.idle()
	ch, _ := h.fake.Channel("C0GENERAL")
	if len(ch.Ephemerals) != 1 || ch.Ephemerals[0].To != "U0KRISE002" || !strings.Contains(ch.Ephemerals[0].Text, "Øvelsen er registrert 2025-03-14.") {
		t.Errorf("ephemerals = %+v", ch.Ephemerals)
	}

	// A handler that wants the form again gets it as an update.
	sub := viewSubmission("test_form", "item:ovelse", "C0GENERAL/def", "U0KRISE002")
	delete(sub["view"].(map[string]any)["state"].(map[string]any)["values"].(map[string]any), "notat")
	ack = h.interact(sub)
	if ack["response_action"] != "update" {
		t.Fatalf("ack = %v, want response_action update", ack)
	}
	if v := ack["view"].(map[string]any); v["callback_id"] != "test_form" {
		t.Errorf("update view = %v", v)
	}
}

func shortcut(h *harness, channel, user, ts, text, respID string) map[string]any {
	return map[string]any{
		"type": "message_action", "callback_id": bot.CallbackLogDecision, "trigger_id": nextTrigger(),
		"user": map[string]any{"id": user}, "channel": map[string]any{"id": channel, "name": "kanal"},
		"message_ts": ts, "message": map[string]any{"type": "message", "ts": ts, "text": text, "user": "U0KRISE001"},
		"response_url": h.fake.ResponseURL(respID),
	}
}

func TestMessageShortcutLogsDecision(t *testing.T) {
	h := newHarness(t, nil)
	inc := h.incidentChannel("Stengt vei", "", "C0INC4")
	ts := h.postAsBot("C0INC4", "Vi stenger Storgata for all trafikk fra kl. 14")
	if ack := h.interact(shortcut(h, "C0INC4", "U0KRISE001", ts, "Vi stenger Storgata for all trafikk fra kl. 14", "sc")); ack != nil {
		t.Errorf("ack = %v, want empty", ack)
	}
	got := h.responses("sc", 1)
	if got[0]["response_type"] != "ephemeral" || !strings.Contains(fmt.Sprint(got[0]["text"]), "Loggført som beslutning #2") {
		t.Errorf("answer = %v", got[0])
	}
	entries, err := h.db.Entries(context.Background(), inc.ID)
	if err != nil || len(entries) != 2 {
		t.Fatalf("entries = %+v, %v", entries, err)
	}
	e := entries[1]
	wantSource := fakeslack.TeamURL + "archives/C0INC4/p" + strings.Replace(ts, ".", "", 1)
	if e.Kind != incident.EntryDecision || e.Author != "U0KRISE001" || e.Text != "Vi stenger Storgata for all trafikk fra kl. 14" || e.Source != wantSource {
		t.Errorf("entry = %+v, want decision by U0KRISE001 with source %s", e, wantSource)
	}

	// The same message again is not logged twice.
	h.interact(shortcut(h, "C0INC4", "U0KRISE001", ts, "Vi stenger Storgata for all trafikk fra kl. 14", "sc"))
	got = h.responses("sc", 2)
	if !strings.Contains(fmt.Sprint(got[1]["text"]), "allerede loggført som beslutning #2") {
		t.Errorf("second answer = %v", got[1])
	}
	if entries, _ := h.db.Entries(context.Background(), inc.ID); len(entries) != 2 {
		t.Errorf("%d entries after the same message twice, want 2", len(entries))
	}
}

func TestMessageShortcutOutsideIncident(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.AddChannel("C0GENERAL", "general")
	h.interact(shortcut(h, "C0GENERAL", "U0KRISE002", "1700000000.000100", "Noe", "out"))
	got := h.responses("out", 1)
	if !strings.Contains(fmt.Sprint(got[0]["text"]), "hører ikke til noen hendelse") || got[0]["response_type"] != "ephemeral" {
		t.Errorf("answer = %v", got[0])
	}
}

func TestMessageShortcutClosedIncident(t *testing.T) {
	h := newHarness(t, nil)
	inc := h.incidentChannel("Ferdig hendelse", "", "C0INC5")
	if _, _, err := h.db.CloseIncident(context.Background(), inc.ID, "U0KRISE002", ""); err != nil {
		t.Fatal(err)
	}
	ts := h.postAsBot("C0INC5", "For sent")
	h.interact(shortcut(h, "C0INC5", "U0KRISE002", ts, "For sent", "closed"))
	got := h.responses("closed", 1)
	if !strings.Contains(fmt.Sprint(got[0]["text"]), "Hendelsen er avsluttet") {
		t.Errorf("answer = %v", got[0])
	}
}

func TestHandlerPanicBecomesApology(t *testing.T) {
	h := newHarness(t, nil)
	h.handler.RegisterAction("boom", func(ctx context.Context, req ui.Request, value string) (ui.Response, error) {
		panic("oops")
	})
	h.interact(blockActions(h, "C0GENERAL", "U0KRISE002", "boom", "boom", "x"))
	got := h.responses("boom", 1)
	if !strings.Contains(fmt.Sprint(got[0]["text"]), "Beklager, noe gikk galt (referanse ") || got[0]["response_type"] != "ephemeral" {
		t.Errorf("answer = %v", got[0])
	}
}

// A submission whose handler outruns the ack timeout is acknowledged at
// once; its answer follows when it is done.
func TestSlowSubmissionAnsweredLate(t *testing.T) {
	h := newHarness(t, nil)
	h.close()
	h.ackTimeout = 20 * time.Millisecond
	h.open()
	h.fake.AddChannel("C0GENERAL", "general")
	release := make(chan struct{})
	var returned atomic.Bool
	h.handler.RegisterView("slow_form", func(ctx context.Context, req ui.Request, metadata string, values map[string]string) (ui.Response, error) {
		<-release
		returned.Store(true)
		return ui.Response{Text: "Ferdig til slutt."}, nil
	})
	// Should the ack wait for the handler, this lets the test fail
	// instead of hanging.
	safety := time.AfterFunc(10*time.Second, func() { close(release) })
	ack := h.interact(viewSubmission("slow_form", "", "C0GENERAL/x", "U0KRISE002"))
	if returned.Load() {
		t.Error("the ack waited for the handler")
	}
	if safety.Stop() {
		close(release)
	}
	if ack["response_action"] != "clear" {
		t.Errorf("ack = %v, want clear", ack)
	}
	h.idle()
	ch, _ := h.fake.Channel("C0GENERAL")
	if len(ch.Ephemerals) != 1 || ch.Ephemerals[0].Text != "Ferdig til slutt." {
		t.Errorf("late answer = %+v", ch.Ephemerals)
	}
}
