package localtime

import (
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

func TestStampByLanguage(t *testing.T) {
	at := time.Date(2026, 12, 1, 14, 30, 5, 0, time.UTC)
	tests := []struct {
		lang                        i18n.Lang
		stamp, seconds, date, clock string
	}{
		{i18n.Bokmal, "01.12.2026 kl. 14:30", "01.12.2026 14:30:05", "01.12.2026", "14:30"},
		{i18n.Swedish, "2026-12-01 kl. 14.30", "2026-12-01 14.30.05", "2026-12-01", "14.30"},
		{i18n.English, "2026-12-01 14:30", "2026-12-01 14:30:05", "2026-12-01", "14:30"},
		{"", "01.12.2026 kl. 14:30", "01.12.2026 14:30:05", "01.12.2026", "14:30"},
	}
	for _, tt := range tests {
		if got := Stamp(tt.lang, at); got != tt.stamp {
			t.Errorf("Stamp(%q) = %q, want %q", tt.lang, got, tt.stamp)
		}
		if got := Seconds(tt.lang, at); got != tt.seconds {
			t.Errorf("Seconds(%q) = %q, want %q", tt.lang, got, tt.seconds)
		}
		if got := Date(tt.lang, at); got != tt.date {
			t.Errorf("Date(%q) = %q, want %q", tt.lang, got, tt.date)
		}
		if got := Clock(tt.lang, at); got != tt.clock {
			t.Errorf("Clock(%q) = %q, want %q", tt.lang, got, tt.clock)
		}
	}
	if got := Stamp(i18n.Swedish, time.Time{}); got != "–" {
		t.Errorf("zero Stamp = %q", got)
	}
}
