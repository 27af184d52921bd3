package bot_test

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestRepeatedAckFollowsPlan: the same command answered many times (from
// the acknowledgement memo) gives the same bytes as the first time, and
// a new plan shows at once.
func TestRepeatedAckFollowsPlan(t *testing.T) {
	h := newHarness(t, nil)
	raw := func() string {
		t.Helper()
		resp := h.post("application/x-www-form-urlencoded", h.slashForm("/tiltak", "strom", "U0KRISE002", "C0GENERAL", "memo"))
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

// TestSlowCommandAcknowledgedThenAnswered: a command that outruns the
// ack timeout (here: the database is locked by another process) is
// acknowledged with a short note at once, and its answer follows on
// response_url when it is done.
func TestSlowCommandAcknowledgedThenAnswered(t *testing.T) {
	h := newHarness(t, nil)
	h.ackTimeout = 50 * time.Millisecond
	h.close()
	h.open()
	h.incidentChannel("Strømbrudd", "strom", "C0INCSLOW")

	other, err := sql.Open("sqlite3", "file:"+h.dbPath+"?_txlock=immediate&_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	lock, err := other.Begin() // another process holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	ack := h.slash("/beredskap", "logg Evakuering av skolen", "U0KRISE002", "C0INCSLOW", "slow")
	if got := fmt.Sprint(ack["text"]); !strings.Contains(got, "Jobber med saken") {
		t.Fatalf("ack = %v, want the note that the answer comes later", ack)
	}
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	answers := h.responses("slow", 1)
	if got := fmt.Sprint(answers[0]["text"]); !strings.Contains(got, "Beslutning #2") {
		t.Errorf("late answer = %v, want the logged decision", answers[0])
	}
}
