package plan

import (
	"reflect"
	"testing"
	"time"
)

func TestOutageWarnings(t *testing.T) {
	steps := Consequence{
		Under6h:    ConsequenceStep{Level: ConsequenceModerate},
		Under24h:   ConsequenceStep{Level: ConsequenceSignificant},
		Day:        ConsequenceStep{Level: ConsequenceSignificant},
		DaysToWeek: ConsequenceStep{Level: ConsequenceSevere},
	}
	since := time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		tolerance string
		downtime  time.Duration
		elapsed   time.Duration
		want      []OutageWarning
	}{
		{"from the start", "4 timer", 4 * time.Hour, 0, []OutageWarning{
			{After: 3 * time.Hour, Kind: "tolerance75"}, {After: 4 * time.Hour, Kind: "tolerance100"},
			{After: 6 * time.Hour, Kind: "step", Step: "under_24t"}, {After: 2 * Day, Kind: "step", Step: "2d_1uke"}}},
		{"recorded late: 75 % and the first step overtaken", "4 timer", 4 * time.Hour, 3 * Day, []OutageWarning{
			{After: 4 * time.Hour, Kind: "tolerance100"}, {After: 2 * Day, Kind: "step", Step: "2d_1uke"}}},
		{"no downtime tolerated", "Ingen (døgnkontinuerlig)", 0, 0, []OutageWarning{
			{After: 0, Kind: "tolerance100"},
			{After: 6 * time.Hour, Kind: "step", Step: "under_24t"}, {After: 2 * Day, Kind: "step", Step: "2d_1uke"}}},
		{"no tolerance written", "", 0, 0, []OutageWarning{
			{After: 6 * time.Hour, Kind: "step", Step: "under_24t"}, {After: 2 * Day, Kind: "step", Step: "2d_1uke"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &CriticalFunction{DowntimeTolerance: tt.tolerance, Downtime: tt.downtime, Consequences: steps}
			if got := f.OutageWarnings(since, since.Add(tt.elapsed)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
	if s, ok := steps.StepAt(30 * time.Hour); !ok || s.Key != "24t" || s.Step.Level != ConsequenceSignificant {
		t.Errorf("StepAt(30 t) = %+v %v", s, ok)
	}
	if s, _ := steps.StepAt(10 * Day); s.Key != "2d_1uke" {
		t.Errorf("StepAt(10 d) keeps the last written step, got %q", s.Key)
	}
}
