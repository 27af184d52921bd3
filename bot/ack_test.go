package bot_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestRepeatedAckFollowsPlan: the same command answered many times (from
// the acknowledgement memo) gives the same bytes as the first time, and
// a new plan shows at once.
func TestRepeatedAckFollowsPlan(t *testing.T) {
	h := newHarness(t, nil)
	raw := func() string {
		t.Helper()
		resp := h.post("application/x-www-form-urlencoded", h.slashForm("/tiltak", "strom", "U0USER", "C0GENERAL", "memo"))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("HTTP %d", resp.StatusCode)
		}
		if n := resp.Header.Get("Content-Length"); n == "" {
			t.Error("acknowledgement without Content-Length")
		}
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	first := raw()
	if !strings.Contains(first, `"blocks"`) {
		t.Fatalf("no card: %s", first)
	}
	for i := range 3 {
		if got := raw(); got != first {
			t.Fatalf("answer %d differs from the first:\n%s\n---\n%s", i+2, got, first)
		}
	}
	p := mustPlan(t)
	p.Card("strom").Title = "Strømbrudd i hele kommunen"
	h.handler.SetPlan(p)
	if got := raw(); !strings.Contains(got, "Strømbrudd i hele kommunen") {
		t.Errorf("after a new plan the old card was answered:\n%s", got)
	}
}
