package plan

import (
	"strings"
	"testing"
	"time"
)

func TestParseRetention(t *testing.T) {
	tests := []struct {
		in   string
		want RetentionPeriod
		err  string
	}{
		{"5 år", RetentionPeriod{Years: 5}, ""},
		{"6 måneder", RetentionPeriod{Months: 6}, ""},
		{"1 måned", RetentionPeriod{Months: 1}, ""},
		{"2 uker", RetentionPeriod{Days: 14}, ""},
		{"30 dager", RetentionPeriod{Days: 30}, ""},
		{" 0  dager ", RetentionPeriod{}, ""},
		{"en måned", RetentionPeriod{}, "helt tall"},
		{"5", RetentionPeriod{}, "ikke en varighet"},
		{"5 timer", RetentionPeriod{}, "ukjent enhet"},
		{"-1 dager", RetentionPeriod{}, "helt tall"},
	}
	for _, tt := range tests {
		got, err := ParseRetention(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseRetention(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseRetention(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	if got := (RetentionPeriod{Years: 5}).Before(now); !got.Equal(time.Date(2021, 12, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("5 år before %v = %v", now, got)
	}
	if s := (RetentionPeriod{Days: 1}).String(); s != "1 dag" {
		t.Errorf("String = %q", s)
	}
}
