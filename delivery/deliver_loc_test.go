package delivery

import (
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

// TestNilLocationUsesPlanZone: a Deliverer without Loc shows times in the
// zone of the plan in force. Closing an incident used to panic
// (Time.In(nil)) in the normalisation checklist.
func TestNilLocationUsesPlanZone(t *testing.T) {
	h := newOBHarness(t, func(c *DelivererConfig) { c.Loc = nil })
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	h.plan.Location = ny
	inc := h.open("Strømbrudd i sentrum", "", false)
	h.logDecision(inc.ID, "Vi varsler innbyggerne")
	h.deliver()
	if _, _, err := h.db.CloseIncident(h.ctx, inc.ID, obOpener, ""); err != nil {
		t.Fatal(err)
	}
	h.deliver() // panicked before
	if n := h.pending(); n != 0 {
		t.Fatalf("%d elementer igjen", n)
	}
	ch := h.channel(inc.ID)
	// 13:00 UTC is 08:00 in New York.
	for _, want := range []string{"loggført 08:00 av <@" + obOpener + ">: Vi varsler innbyggerne", "Avsluttet 22.11.2026 kl. 08:00"} {
		if len(messagesWith(ch, want)) != 1 {
			t.Errorf("%q i %d meldinger, vil ha 1", want, len(messagesWith(ch, want)))
		}
	}
	topics := h.fake.Calls("conversations.setTopic")
	if len(topics) == 0 || !strings.HasSuffix(topics[0].Params.Get("topic"), "Startet 22.11.2026 kl. 08:00") {
		t.Errorf("emner %+v", topics)
	}
}

// TestLocFallbacks: Loc, else the plan's zone, else Europe/Oslo; never nil.
func TestLocFallbacks(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	utc2 := time.FixedZone("UTC+2", 2*60*60)
	withZone := &plan.Plan{Location: utc2}
	tests := []struct {
		name string
		loc  *time.Location
		p    *plan.Plan
		want *time.Location
	}{
		{"Loc vinner", time.UTC, withZone, time.UTC},
		{"planens sone", nil, withZone, utc2},
		{"plan uten sone", nil, &plan.Plan{}, oslo},
		{"ingen plan", nil, nil, oslo},
	}
	for _, tt := range tests {
		d := NewDeliverer(DelivererConfig{Loc: tt.loc})
		if got := d.loc(tt.p); got == nil || got.String() != tt.want.String() {
			t.Errorf("%s: loc = %v, vil ha %v", tt.name, got, tt.want)
		}
	}
}
