package fakeslack_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

// button is the JSON of a button element.
func button(actionID, text, value, textType string) string {
	return fmt.Sprintf(`{"type":"button","action_id":%q,"text":{"type":%q,"text":%q},"value":%q}`,
		actionID, textType, text, value)
}

func actions(els ...string) string {
	return `{"type":"actions","elements":[` + strings.Join(els, ",") + `]}`
}

func header(textType, text string) string {
	return fmt.Sprintf(`{"type":"header","text":{"type":%q,"text":%q}}`, textType, text)
}

func section(text string) string {
	return fmt.Sprintf(`{"type":"section","text":{"type":"mrkdwn","text":%q}}`, text)
}

func contextBlock(n int) string {
	els := make([]string, n)
	for i := range els {
		els[i] = `{"type":"mrkdwn","text":"x"}`
	}
	return `{"type":"context","elements":[` + strings.Join(els, ",") + `]}`
}

func blocks(bs ...string) string { return "[" + strings.Join(bs, ",") + "]" }

func repeat(b string, n int) string {
	all := make([]string, n)
	for i := range all {
		all[i] = b
	}
	return blocks(all...)
}

// blockLimits pairs, for each limit, blocks right at the limit (accepted)
// with blocks one past it (rejected), and the JSON pointer Slack names.
var blockLimits = []struct {
	name      string
	good, bad string
	pointer   string
}{
	{"action_id 255",
		blocks(actions(button(strings.Repeat("a", 255), "Lukk", "v", "plain_text"))),
		blocks(actions(button(strings.Repeat("a", 256), "Lukk", "v", "plain_text"))),
		"/blocks/0/elements/0/action_id"},
	{"button text 75",
		blocks(actions(button("a", strings.Repeat("æ", 75), "v", "plain_text"))),
		blocks(actions(button("a", strings.Repeat("æ", 76), "v", "plain_text"))),
		"/blocks/0/elements/0/text/text"},
	{"button text plain_text",
		blocks(actions(button("a", "Lukk", "v", "plain_text"))),
		blocks(actions(button("a", "Lukk", "v", "mrkdwn"))),
		"/blocks/0/elements/0/text/type"},
	{"button value 2000",
		blocks(actions(button("a", "Lukk", strings.Repeat("v", 2000), "plain_text"))),
		blocks(actions(button("a", "Lukk", strings.Repeat("v", 2001), "plain_text"))),
		"/blocks/0/elements/0/value"},
	{"accessory action_id 255",
		blocks(`{"type":"section","text":{"type":"mrkdwn","text":"x"},"accessory":` + button(strings.Repeat("a", 255), "Ok", "v", "plain_text") + `}`),
		blocks(`{"type":"section","text":{"type":"mrkdwn","text":"x"},"accessory":` + button(strings.Repeat("a", 256), "Ok", "v", "plain_text") + `}`),
		"/blocks/0/accessory/action_id"},
	{"header text 150",
		blocks(header("plain_text", strings.Repeat("ø", 150))),
		blocks(header("plain_text", strings.Repeat("ø", 151))),
		"/blocks/0/text/text"},
	{"header text plain_text",
		blocks(header("plain_text", "Hendelse")),
		blocks(header("mrkdwn", "Hendelse")),
		"/blocks/0/text/type"},
	{"section text 3000",
		blocks(section(strings.Repeat("x", 3000))),
		blocks(section(strings.Repeat("x", 3001))),
		"/blocks/0/text/text"},
	{"context elements 10", blocks(contextBlock(10)), blocks(contextBlock(11)), "/blocks/0/elements"},
	{"block_id 255",
		blocks(`{"type":"divider","block_id":"` + strings.Repeat("b", 255) + `"}`),
		blocks(`{"type":"divider","block_id":"` + strings.Repeat("b", 256) + `"}`),
		"/blocks/0/block_id"},
	{"50 blocks", repeat(`{"type":"divider"}`, 50), repeat(`{"type":"divider"}`, 51), "/blocks"},
}

// slackAnswer is the decoded answer of a Web API call.
type slackAnswer struct {
	OK               bool     `json:"ok"`
	Error            string   `json:"error"`
	Errors           []string `json:"errors"`
	ResponseMetadata struct {
		Messages []string `json:"messages"`
	} `json:"response_metadata"`
}

// callForm POSTs a form-encoded Web API call and decodes the answer.
func callForm(t *testing.T, fake *fakeslack.Server, method string, form url.Values) slackAnswer {
	t.Helper()
	form.Set("token", fake.Token())
	resp, err := http.PostForm(fake.URL()+method, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a slackAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d, decode: %v", method, resp.StatusCode, err)
	}
	return a
}

// wantInvalid asserts Slack's invalid_* answer naming pointer.
func wantInvalid(t *testing.T, a slackAnswer, code, pointer string) {
	t.Helper()
	if a.OK || a.Error != code {
		t.Fatalf("answer = %+v, want error %q", a, code)
	}
	tag := "[json-pointer:" + pointer + "]"
	found := false
	for _, m := range a.ResponseMetadata.Messages {
		if strings.HasPrefix(m, "[ERROR] ") && strings.HasSuffix(m, tag) {
			found = true
		}
	}
	if !found || len(a.Errors) != len(a.ResponseMetadata.Messages) {
		t.Fatalf("messages = %q, errors = %q, want one ending in %s", a.ResponseMetadata.Messages, a.Errors, tag)
	}
}

func TestMessageBlockLimits(t *testing.T) {
	fake := fakeslack.New(t)
	fake.AddUser("U1", "Kari Nordmann", "kari@example.no")
	api := client(t, fake)
	ch := mustCreate(t, api, "krise", false)
	ts := mustPost(t, api, ch.ID, "Status")

	methods := map[string]url.Values{
		"chat.postMessage":   {"channel": {ch.ID}},
		"chat.update":        {"channel": {ch.ID}, "ts": {ts}},
		"chat.postEphemeral": {"channel": {ch.ID}, "user": {"U1"}},
	}
	for method, base := range methods {
		for _, tt := range blockLimits {
			t.Run(method+"/"+tt.name, func(t *testing.T) {
				form := url.Values{"blocks": {tt.good}}
				for k, v := range base {
					form[k] = v
				}
				if a := callForm(t, fake, method, form); !a.OK {
					t.Fatalf("at the limit: %+v", a)
				}
				form.Set("blocks", tt.bad)
				wantInvalid(t, callForm(t, fake, method, form), "invalid_blocks", tt.pointer)
			})
		}
	}
	state, _ := fake.Channel(ch.ID)
	if n := len(state.Messages); n != 1+len(blockLimits) {
		t.Errorf("stored %d messages, want %d: rejected ones must not be stored", n, 1+len(blockLimits))
	}
}

func TestMessageTextLimit(t *testing.T) {
	fake := fakeslack.New(t)
	fake.AddUser("U1", "Kari Nordmann", "kari@example.no")
	api := client(t, fake)
	ch := mustCreate(t, api, "krise", false)
	ts := mustPost(t, api, ch.ID, "Status")
	for _, tt := range []struct {
		method string
		form   url.Values
	}{
		{"chat.postMessage", url.Values{"channel": {ch.ID}}},
		{"chat.update", url.Values{"channel": {ch.ID}, "ts": {ts}}},
		{"chat.postEphemeral", url.Values{"channel": {ch.ID}, "user": {"U1"}}},
	} {
		method, form := tt.method, tt.form
		form.Set("text", strings.Repeat("å", 40000))
		if a := callForm(t, fake, method, form); !a.OK {
			t.Fatalf("%s: 40,000 characters refused: %+v", method, a)
		}
		form.Set("text", strings.Repeat("å", 40001))
		if a := callForm(t, fake, method, form); a.OK || a.Error != "msg_too_long" {
			t.Fatalf("%s: 40,001 characters: %+v", method, a)
		}
	}
}

func TestResponseURLLimits(t *testing.T) {
	fake := fakeslack.New(t)
	post := func(body string) (int, string) {
		t.Helper()
		resp, err := http.Post(fake.ResponseURL("r1"), "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, strings.TrimSpace(string(b))
	}
	for _, tt := range blockLimits {
		t.Run(tt.name, func(t *testing.T) {
			if status, body := post(`{"blocks":` + tt.good + `}`); status != http.StatusOK {
				t.Fatalf("at the limit: %d %s", status, body)
			}
			if status, body := post(`{"blocks":` + tt.bad + `}`); status != http.StatusBadRequest || body != "invalid_blocks" {
				t.Fatalf("past the limit: %d %q, want 400 invalid_blocks", status, body)
			}
		})
	}
	if status, body := post(`{"text":"` + strings.Repeat("x", 40001) + `"}`); status != http.StatusBadRequest || body != "msg_too_long" {
		t.Errorf("long text: %d %q", status, body)
	}
	if got := len(fake.Responses("r1")); got != len(blockLimits) {
		t.Errorf("recorded %d responses, want only the %d valid ones", got, len(blockLimits))
	}
}

func TestConversationsListLimit(t *testing.T) {
	fake := fakeslack.New(t)
	for _, tt := range []struct {
		limit string
		ok    bool
	}{{"999", true}, {"1000", false}, {"5000", false}, {"-1", false}, {"mange", false}} {
		a := callForm(t, fake, "conversations.list", url.Values{"limit": {tt.limit}})
		if a.OK != tt.ok || (!tt.ok && a.Error != "invalid_limit") {
			t.Errorf("limit %s: %+v, want ok=%v", tt.limit, a, tt.ok)
		}
	}
}
