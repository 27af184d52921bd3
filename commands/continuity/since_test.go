package continuity

import (
	"testing"
	"time"
)

func TestParseSince(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Skip(err)
	}
	now := time.Date(2026, 11, 22, 13, 30, 0, 0, time.UTC) // 14:30 in Oslo
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"08:30", time.Date(2026, 11, 22, 8, 30, 0, 0, oslo), true},
		{"0830", time.Date(2026, 11, 22, 8, 30, 0, 0, oslo), true},
		{"08.30", time.Date(2026, 11, 22, 8, 30, 0, 0, oslo), true},
		{"23:00", time.Date(2026, 11, 21, 23, 0, 0, 0, oslo), true}, // ahead today: yesterday
		{"25:00", time.Time{}, false},
		{"8:3", time.Time{}, false},
		{"x", time.Time{}, false},
	}
	for _, tc := range tests {
		got, ok := parseSince(tc.in, now, oslo)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("parseSince(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
