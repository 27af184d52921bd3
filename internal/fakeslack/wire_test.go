package fakeslack_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
)

// -update rewrites the golden files in testdata/ (testkit.Golden reads
// it), as does UPDATE_GOLDEN=1.
var _ = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestWireFormat pins the raw answers of the fake, so that a change to what
// it sends shows up as a golden-file diff. The steps run in order on one
// server; each sees the state the earlier ones left.
func TestWireFormat(t *testing.T) {
	clk := newClock()
	fake := fakeslack.New(t, fakeslack.WithClock(clk.Now))
	fake.AddUser("U1", "Kari Nordmann", "kari@example.no")

	tests := []struct {
		golden string
		method string
		form   url.Values
		bearer bool
	}{
		{"create.json", "conversations.create", url.Values{"name": {"krise"}, "is_private": {"true"}}, false},
		{"post.json", "chat.postMessage", url.Values{
			"channel":  {"krise"},
			"text":     {"Strømbrudd"},
			"metadata": {`{"event_type":"beredskap_incident","event_payload":{"id":"I-1"}}`},
		}, true},
		{"history.json", "conversations.history", url.Values{"channel": {"C0FAKE0001"}, "include_all_metadata": {"1"}}, false},
		{"lookup.json", "users.lookupByEmail", url.Values{"email": {"kari@example.no"}}, true},
		{"name_taken.json", "conversations.create", url.Values{"name": {"krise"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			form := url.Values{}
			for k, v := range tt.form {
				form[k] = v
			}
			if !tt.bearer {
				form.Set("token", fake.Token())
			}
			req, _ := http.NewRequest(http.MethodPost, fake.URL()+tt.method, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.bearer {
				req.Header.Set("Authorization", "Bearer "+fake.Token())
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("status %d, content type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, body, "", "  "); err != nil {
				t.Fatalf("answer is not JSON: %s", body)
			}
			testkit.Golden(t, filepath.Join("testdata", tt.golden), pretty.Bytes())
		})
	}
}

func BenchmarkPostMessage(b *testing.B) {
	fake := fakeslack.New(b)
	api := client(b, fake)
	ch := mustCreate(b, api, "bench", false)
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := api.PostMessage(ch.ID, slack.MsgOptionText("hei", false)); err != nil {
			b.Fatal(err)
		}
	}
}
