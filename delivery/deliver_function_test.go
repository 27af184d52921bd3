package delivery

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/pdf"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// recordAffected records a function as out since now, with the warnings
// the plan gives it, as /beredskap berørt does.
func (h *obHarness) recordAffected(incID int64, functionID string) {
	h.t.Helper()
	f := h.plan.Function(functionID)
	var ws []incident.FunctionWarning
	for _, w := range f.OutageWarnings(h.now(), h.now()) {
		ws = append(ws, incident.FunctionWarning{At: h.now().Add(w.After), Kind: w.Kind, Step: w.Step})
	}
	if _, _, err := h.db.RecordAffected(h.ctx, incID, functionID, h.now(), obOpener, "ute: "+functionID, ws); err != nil {
		h.t.Fatal(err)
	}
}

// The warnings of an affected function are posted once each when due,
// also when a crash comes right after a post, and not after a restore.
func TestDeliverFunctionWarnings(t *testing.T) {
	h := newOBHarness(t)
	inc := h.open("Strømbrudd", "", false)
	h.deliver()
	start := h.now()
	h.recordAffected(inc.ID, "hjemmetjenester") // 2 timer; alvorlig from 6 t
	h.recordAffected(inc.ID, "pasientjournal")  // 4 timer
	h.deliver()
	crashed := false
	h.d.crashAfter = func(item incident.OutboxItem, step string) bool {
		if item.Kind == incident.OutboxFunctionWarning && !crashed {
			crashed = true
			return true
		}
		return false
	}
	for _, d := range []time.Duration{90 * time.Minute, 2 * time.Hour, 2*time.Hour + time.Minute} {
		h.clock.Set(start.Add(d))
		h.deliver()
		h.deliver()
	}
	if _, _, err := h.db.RestoreAffected(h.ctx, inc.ID, "pasientjournal", obOpener, "EPJ oppe"); err != nil {
		t.Fatal(err)
	}
	for _, d := range []time.Duration{7 * time.Hour, 3 * 24 * time.Hour} {
		h.clock.Set(start.Add(d))
		h.deliver()
		h.deliver()
	}
	ch := h.channel(inc.ID)
	for want, n := range map[string]int{
		"Hjemmesykepleie og trygghetsalarmer har vært ute av drift i 1 t 30 min: 75 % av toleransen på 2 t": 1,
		"Hjemmesykepleie og trygghetsalarmer har vært ute av drift i 2 t: toleransen på 2 t er brukt opp":   1,
		"Hjemmesykepleie og trygghetsalarmer har vært ute av drift i 6 t: konsekvensen øker til alvorlig":   1,
		"Elektronisk pasientjournal og legemiddellister har vært ute av drift":                              0,
	} {
		if got := len(messagesWith(ch, want)); got != n {
			t.Errorf("%q posted %d times, want %d", want, got, n)
		}
	}
	if !crashed {
		t.Error("the crash was not simulated")
	}
	if h.pending() != 0 {
		t.Errorf("%d items pending", h.pending())
	}
	assertNoDuplicates(t, ch)
}

// /beredskap perm: the binder as PDF in the member's DM, the print
// recorded; without Chromium the DM says so and offers HTML.
func TestDeliverBinder(t *testing.T) {
	h := newOBHarness(t)
	kari := h.plan.Contact("kari-nordmann").SlackID
	if _, err := h.db.Enqueue(h.ctx, incident.OutboxItem{Kind: incident.OutboxBinder, Payload: []byte(`{"user_id":"` + kari + `"}`)}); err != nil {
		t.Fatal(err)
	}
	if !pdf.Available() {
		h.deliver()
		return
	}
	h.deliver()
	files := h.fake.Files()
	if len(files) != 1 || !files[0].Completed || !bytes.HasPrefix(files[0].Content, []byte("%PDF")) || !strings.HasSuffix(files[0].Name, ".pdf") {
		t.Fatalf("files: %d", len(files))
	}
	hash, _, ok, err := h.db.LastBinderPrint(h.ctx)
	if err != nil || !ok || hash != plan.ContentHash(h.plan) {
		t.Errorf("print not recorded: %v %v", ok, err)
	}
	if h.pending() != 0 {
		t.Errorf("%d pending", h.pending())
	}
}
