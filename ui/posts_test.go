package ui_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// The topics of an incident's channel fit Slack's limit: a long title is
// cut, what follows it is kept.
func TestTopics(t *testing.T) {
	p := testkit.ExamplePlan(t)
	opened := time.Date(2026, 11, 22, 13, 32, 0, 0, time.UTC)
	kari := p.Contact("kari-nordmann").SlackID
	inc := incident.Incident{Title: "Strømbrudd", Kind: incident.KindExercise, OpenedAt: opened}
	if got, want := ui.OpenTopic(p, inc, kari, p.Location), "ØVELSE: Strømbrudd · Kriseleder: Kari Nordmann · Startet 22.11.2026 kl. 14:32"; got != want {
		t.Errorf("OpenTopic = %q, want %q", got, want)
	}
	if got, want := ui.OpenTopic(p, inc, "", p.Location), "ØVELSE: Strømbrudd · Startet 22.11.2026 kl. 14:32"; got != want {
		t.Errorf("OpenTopic without a holder = %q, want %q", got, want)
	}
	inc.Title = strings.Repeat("å", 300)
	for _, topic := range []string{ui.OpenTopic(p, inc, kari, p.Location), ui.ClosedTopicIn(i18n.Bokmal, inc)} {
		if n := utf8.RuneCountInString(topic); n != ui.MaxTopic {
			t.Errorf("%d characters in %q, want %d", n, topic, ui.MaxTopic)
		}
		if !strings.Contains(topic, "…") {
			t.Errorf("a cut title is not marked: %q", topic)
		}
	}
	if got := ui.OpenTopic(p, inc, kari, p.Location); !strings.HasSuffix(got, "… · Kriseleder: Kari Nordmann · Startet 22.11.2026 kl. 14:32") {
		t.Errorf("OpenTopic of a long title = %q", got)
	}
}
