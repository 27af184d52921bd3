package fakeslack_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

// callJSON POSTs a JSON Web API call, as slack-go does for views.*, and
// decodes the answer.
func callJSON(t *testing.T, fake *fakeslack.Server, method string, body map[string]any) slackAnswer {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, fake.URL()+method, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+fake.Token())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a slackAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	return a
}

// modal returns a valid modal view, changed by edit.
func modal(edit func(v map[string]any)) map[string]any {
	plain := func(s string) map[string]any { return map[string]any{"type": "plain_text", "text": s} }
	v := map[string]any{
		"type":   "modal",
		"title":  plain("Ny hendelse"),
		"submit": plain("Start"),
		"close":  plain("Avbryt"),
		"blocks": []any{map[string]any{"type": "section", "text": plain("Hva har skjedd?")}},
	}
	if edit != nil {
		edit(v)
	}
	return v
}

func dividers(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = map[string]any{"type": "divider"}
	}
	return out
}

// viewLimits pairs, for each modal limit, a view at the limit with one
// past it, and the JSON pointer Slack names.
var viewLimits = []struct {
	name      string
	good, bad func(v map[string]any)
	pointer   string
}{
	{"title 24",
		func(v map[string]any) {
			v["title"] = map[string]any{"type": "plain_text", "text": strings.Repeat("ø", 24)}
		},
		func(v map[string]any) {
			v["title"] = map[string]any{"type": "plain_text", "text": strings.Repeat("ø", 25)}
		},
		"/view/title/text"},
	{"title plain_text",
		nil,
		func(v map[string]any) { v["title"] = map[string]any{"type": "mrkdwn", "text": "Ny"} },
		"/view/title/type"},
	{"submit 24",
		func(v map[string]any) {
			v["submit"] = map[string]any{"type": "plain_text", "text": strings.Repeat("s", 24)}
		},
		func(v map[string]any) {
			v["submit"] = map[string]any{"type": "plain_text", "text": strings.Repeat("s", 25)}
		},
		"/view/submit/text"},
	{"close 24",
		func(v map[string]any) {
			v["close"] = map[string]any{"type": "plain_text", "text": strings.Repeat("c", 24)}
		},
		func(v map[string]any) {
			v["close"] = map[string]any{"type": "plain_text", "text": strings.Repeat("c", 25)}
		},
		"/view/close/text"},
	{"100 blocks",
		func(v map[string]any) { v["blocks"] = dividers(100) },
		func(v map[string]any) { v["blocks"] = dividers(101) },
		"/view/blocks"},
	{"header in modal 150",
		func(v map[string]any) {
			v["blocks"] = []any{map[string]any{"type": "header", "text": map[string]any{"type": "plain_text", "text": strings.Repeat("h", 150)}}}
		},
		func(v map[string]any) {
			v["blocks"] = []any{map[string]any{"type": "header", "text": map[string]any{"type": "plain_text", "text": strings.Repeat("h", 151)}}}
		},
		"/view/blocks/0/text/text"},
	{"submit with input blocks",
		func(v map[string]any) { v["blocks"] = []any{inputBlock()} },
		func(v map[string]any) { v["blocks"] = []any{inputBlock()}; delete(v, "submit") },
		"/view/submit"},
}

func inputBlock() map[string]any {
	return map[string]any{
		"type":    "input",
		"label":   map[string]any{"type": "plain_text", "text": "Hva"},
		"element": map[string]any{"type": "plain_text_input", "action_id": "what"},
	}
}

func TestViewLimits(t *testing.T) {
	fake := fakeslack.New(t)
	opened := callJSON(t, fake, "views.open", map[string]any{"trigger_id": "t0", "view": modal(nil)})
	if !opened.OK {
		t.Fatalf("open: %+v", opened)
	}
	api := client(t, fake)
	resp, err := api.OpenView("t1", slack.ModalViewRequest{Type: slack.VTModal,
		Title: slack.NewTextBlockObject(slack.PlainTextType, "Oppdater", false, false)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range viewLimits {
		t.Run(tt.name, func(t *testing.T) {
			calls := []struct {
				method string
				body   func(v map[string]any) map[string]any
			}{
				{"views.open", func(v map[string]any) map[string]any { return map[string]any{"trigger_id": "t2", "view": v} }},
				{"views.update", func(v map[string]any) map[string]any { return map[string]any{"view_id": resp.ID, "view": v} }},
			}
			for _, c := range calls {
				if a := callJSON(t, fake, c.method, c.body(modal(tt.good))); !a.OK {
					t.Fatalf("%s at the limit: %+v", c.method, a)
				}
				a := callJSON(t, fake, c.method, c.body(modal(tt.bad)))
				wantInvalid(t, a, "invalid_arguments", tt.pointer)
			}
		})
	}
}

func TestViewsUpdate(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	title := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	opened, err := api.OpenView("t1", slack.ModalViewRequest{Type: slack.VTModal, Title: title("Ny hendelse"), ExternalID: "ext-1"})
	if err != nil {
		t.Fatal(err)
	}
	updated, err := api.UpdateView(slack.ModalViewRequest{Type: slack.VTModal, Title: title("Lagret")}, "", opened.Hash, opened.ID)
	if err != nil || updated.ID != opened.ID || updated.Title.Text != "Lagret" || updated.Hash == opened.Hash {
		t.Fatalf("update = %+v, %v", updated, err)
	}
	if _, err := api.UpdateView(slack.ModalViewRequest{Type: slack.VTModal, Title: title("X")}, "", opened.Hash, opened.ID); slackError(err) != "hash_conflict" {
		t.Errorf("stale hash: %v", err)
	}
	if _, err := api.UpdateView(slack.ModalViewRequest{Type: slack.VTModal, Title: title("Via ekstern")}, "ext-1", "", ""); err != nil {
		t.Errorf("by external_id: %v", err)
	}
	if _, err := api.UpdateView(slack.ModalViewRequest{Type: slack.VTModal, Title: title("X")}, "", "", "V404"); slackError(err) != "not_found" {
		t.Errorf("unknown view: %v", err)
	}
}
