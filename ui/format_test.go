package ui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

func TestChannelName(t *testing.T) {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	// 23:30 UTC on 21 November is already the 22nd in Oslo.
	at := time.Date(2026, 11, 21, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		kind  incident.Kind
		title string
		want  string
	}{
		{incident.KindIncident, "Strømbrudd på Sørlandet", "beredskap-20261122-strombrudd-pa-sorlandet"},
		{incident.KindExercise, "IT-feil i ordresystem", "ovelse-20261122-it-feil-i-ordresystem"},
		{incident.KindIncident, "Ærlig talt: Åsane & Älvsjö (é)!", "beredskap-20261122-aerlig-talt-asane-alvsjo-e"},
		{incident.KindIncident, "!!!", "beredskap-20261122-hendelse"},
		{incident.KindIncident, "snake_case ok", "beredskap-20261122-snake_case-ok"},
	}
	for _, tt := range tests {
		if got := ui.ChannelNameIn(i18n.Bokmal, tt.kind, tt.title, at, oslo); got != tt.want {
			t.Errorf("ChannelName(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
	long := ui.ChannelNameIn(i18n.Bokmal, incident.KindIncident, strings.Repeat("lang tittel ", 20), at, oslo)
	if len(long) > 80 || strings.HasSuffix(long, "-") {
		t.Errorf("long name %q (%d chars)", long, len(long))
	}
}

func TestUnmrkdwn(t *testing.T) {
	got := ui.Unmrkdwn("Ring <tel:+4791234567|912 34 567>, <@U1>, <!channel>, <#C1|beredskap> &amp; &lt;x&gt;", func(id string) string { return "Kari" })
	want := "Ring 912 34 567, @Kari, @channel, #beredskap & <x>"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSafeText(t *testing.T) {
	got := ui.SafeText("<!here> ring <@U123|kari> & <https://x.no|lenke>")
	want := "&lt;!here&gt; ring <@U123|kari> &amp; &lt;https://x.no|lenke&gt;"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
