package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// A header over Slack's 150 characters becomes a section of escaped
// text: never refused by Slack, never read as mrkdwn.
func TestLongHeaderBecomesEscapedSection(t *testing.T) {
	var b Builder
	b.Header("Kort tittel")
	long := "Hendelse åpnet: " + strings.Repeat("<!channel> *fet* ", 10)
	b.Header(long)
	if b.Blocks[0].Kind != BlockHeader || b.Blocks[0].Text != "Kort tittel" {
		t.Errorf("short header: %+v", b.Blocks[0])
	}
	got := b.Blocks[1]
	if got.Kind != BlockSection || got.Text != Escape(long) || strings.Contains(got.Text, "<!channel>") {
		t.Errorf("long header: %+v", got)
	}
	var exact Builder
	exact.Header(strings.Repeat("ø", MaxHeaderLen))
	if exact.Blocks[0].Kind != BlockHeader {
		t.Error("a header of exactly 150 characters is kept as a header")
	}
}

func TestPrivateChannelName(t *testing.T) {
	at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	if got := PrivateChannelNameIn(i18n.Bokmal, incident.KindIncident, "3F9a1c", at, time.UTC); got != "beredskap-20261201-skjermet-3f9a1c" {
		t.Errorf("got %q", got)
	}
	if got := PrivateChannelNameIn(i18n.Bokmal, incident.KindExercise, "", at, time.UTC); got != "ovelse-20261201-skjermet" {
		t.Errorf("got %q", got)
	}
}
