package plan

import (
	"testing"
	"time"
)

func TestParseInterval(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"4 timer", 4 * time.Hour},
		{"4t", 4 * time.Hour},
		{"90 min", 90 * time.Minute},
		{"1 t 30 min", 90 * time.Minute},
		{"1 døgn", 24 * time.Hour},
		{"4 timmar", 4 * time.Hour},
		{"2 hours", 2 * time.Hour},
		{"30 minutter", 30 * time.Minute},
		{"4 Timer.", 4 * time.Hour},
	}
	for _, tt := range tests {
		got, err := ParseInterval(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseInterval(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "fire timer", "4", "4 uker", "t", "0 min"} {
		if d, err := ParseInterval(bad); err == nil {
			t.Errorf("ParseInterval(%q) = %v, want an error", bad, d)
		}
	}
}
