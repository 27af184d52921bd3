package bot_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// TestManifestInPlanLanguage: the manifest of a Swedish or English plan
// describes the app, the slash commands and the shortcut in that
// language, within Slack's limits; the commands themselves are the same.
func TestManifestInPlanLanguage(t *testing.T) {
	tests := []struct {
		lang                   i18n.Lang
		shortcut, desc, tiltak string
	}{
		{i18n.Swedish, "Logga som beslut", "Beredskapsplanen i Slack: händelser, larm, åtgärdskort och beslutslogg", "Åtgärdskort: lista alla, visa ett, eller bocka av ett steg"},
		{i18n.English, "Log as decision", "The preparedness plan in Slack: incidents, notification, action cards and decision log", "Action cards: list all, show one, or tick off a step"},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			raw, err := bot.ManifestIn(tt.lang, bot.ModeSocket, "")
			if err != nil {
				t.Fatal(err)
			}
			var m parsed
			if err := yaml.Unmarshal(raw, &m); err != nil {
				t.Fatalf("manifest is not YAML: %v", err)
			}
			if m.DisplayInformation["description"] != tt.desc {
				t.Errorf("description = %q", m.DisplayInformation["description"])
			}
			if n := utf8.RuneCountInString(m.DisplayInformation["long_description"]); n < 174 || n > 4000 {
				t.Errorf("long_description of %d characters; Slack wants 174–4000", n)
			}
			if len(m.Features.Shortcuts) != 1 || m.Features.Shortcuts[0]["name"] != tt.shortcut {
				t.Errorf("shortcuts = %v", m.Features.Shortcuts)
			}
			slashes := commands.SlashesIn(i18n.Bokmal)
			if len(m.Features.SlashCommands) != len(slashes) {
				t.Fatalf("%d slash commands, want %d", len(m.Features.SlashCommands), len(slashes))
			}
			for i, s := range slashes {
				got := m.Features.SlashCommands[i]
				if got.Command != s.Command || got.Description == s.Description {
					t.Errorf("slash %d = %+v; want %s with a description not in bokmål", i, got, s.Command)
				}
				if got.Command == "/tiltak" && got.Description != tt.tiltak {
					t.Errorf("/tiltak description = %q, want %q", got.Description, tt.tiltak)
				}
				if utf8.RuneCountInString(got.Description) > 2000 || utf8.RuneCountInString(got.UsageHint) > 1000 {
					t.Errorf("%s: description or hint too long", got.Command)
				}
			}
			for _, bad := range []string{"Loggfør", "hendelse", "Tiltakskort:", "varslingslisten", "Beredskapsplanen i Slack: hendelser"} {
				if strings.Contains(string(raw), bad) {
					t.Errorf("manifest in %s contains bokmål %q", tt.lang, bad)
				}
			}
		})
	}
}
