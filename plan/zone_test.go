package plan_test

import (
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

func TestZone(t *testing.T) {
	sthlm, _ := time.LoadLocation("Europe/Stockholm")
	utc := time.UTC
	p := &plan.Plan{Location: sthlm}
	for _, tt := range []struct {
		override *time.Location
		p        *plan.Plan
		want     string
	}{
		{utc, p, "UTC"},
		{nil, p, "Europe/Stockholm"},
		{nil, &plan.Plan{}, "Europe/Oslo"},
		{nil, nil, "Europe/Oslo"},
	} {
		if got := plan.Zone(tt.override, tt.p); got == nil || got.String() != tt.want {
			t.Errorf("Zone(%v, %v) = %v, want %s", tt.override, tt.p, got, tt.want)
		}
	}
}
