package bot_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
)

func init() {
	// Other test files of the package may define -update too.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files and the committed app manifests")
	}
}

// The committed manifests at the repository root are exactly what
// Manifest generates (go test ./bot -run TestCommittedManifests -update
// rewrites them).
func TestCommittedManifests(t *testing.T) {
	tests := []struct{ file, mode, url string }{
		{"slack-app-manifest.yaml", bot.ModeSocket, ""},
		{"slack-app-manifest.http.yaml", bot.ModeHTTP, "https://example.org/slack/events"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			want, err := bot.ManifestIn(i18n.Bokmal, tt.mode, tt.url)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("..", tt.file)
			if testkit.Updating() {
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./bot -run TestCommittedManifests -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from bot.ManifestIn(i18n.Bokmal, %q); run go test ./bot -run TestCommittedManifests -update", tt.file, tt.mode)
			}
		})
	}
}

// parsed is the manifest read back generically.
type parsed struct {
	DisplayInformation map[string]string `yaml:"display_information"`
	Features           struct {
		SlashCommands []struct {
			Command      string `yaml:"command"`
			URL          string `yaml:"url"`
			Description  string `yaml:"description"`
			UsageHint    string `yaml:"usage_hint"`
			ShouldEscape *bool  `yaml:"should_escape"`
		} `yaml:"slash_commands"`
		Shortcuts []map[string]string `yaml:"shortcuts"`
	} `yaml:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		EventSubscriptions struct {
			RequestURL string   `yaml:"request_url"`
			BotEvents  []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			IsEnabled  bool   `yaml:"is_enabled"`
			RequestURL string `yaml:"request_url"`
		} `yaml:"interactivity"`
		SocketModeEnabled bool `yaml:"socket_mode_enabled"`
	} `yaml:"settings"`
}

func TestManifestContent(t *testing.T) {
	for _, mode := range []string{bot.ModeSocket, bot.ModeHTTP} {
		t.Run(mode, func(t *testing.T) {
			const reqURL = "https://bot.example.org/slack/events"
			raw, err := bot.ManifestIn(i18n.Bokmal, mode, reqURL)
			if err != nil {
				t.Fatal(err)
			}
			var m parsed
			if err := yaml.Unmarshal(raw, &m); err != nil {
				t.Fatalf("manifest is not YAML: %v", err)
			}
			wantURL := ""
			if mode == bot.ModeHTTP {
				wantURL = reqURL
			}
			if m.Settings.SocketModeEnabled != (mode == bot.ModeSocket) {
				t.Errorf("socket_mode_enabled = %v", m.Settings.SocketModeEnabled)
			}
			if !m.Settings.Interactivity.IsEnabled || m.Settings.Interactivity.RequestURL != wantURL || m.Settings.EventSubscriptions.RequestURL != wantURL {
				t.Errorf("settings = %+v, want request URL %q", m.Settings, wantURL)
			}
			if !slices.Equal(m.Settings.EventSubscriptions.BotEvents, []string{"reaction_added"}) {
				t.Errorf("bot_events = %v", m.Settings.EventSubscriptions.BotEvents)
			}
			// Every slash command of the command table, escaped, within
			// Slack's limits.
			slashes := commands.SlashesIn(i18n.Bokmal)
			if len(m.Features.SlashCommands) != len(slashes) {
				t.Fatalf("%d slash commands, want %d", len(m.Features.SlashCommands), len(slashes))
			}
			for i, s := range slashes {
				got := m.Features.SlashCommands[i]
				if got.Command != s.Command || got.Description != s.Description || got.UsageHint != s.UsageHint || got.URL != wantURL {
					t.Errorf("slash %d = %+v, want %+v at %q", i, got, s, wantURL)
				}
				if got.ShouldEscape == nil || !*got.ShouldEscape {
					t.Errorf("%s: should_escape not true", got.Command)
				}
				if n := utf8.RuneCountInString(got.Description); n == 0 || n > 2000 {
					t.Errorf("%s: description of %d characters", got.Command, n)
				}
				if n := utf8.RuneCountInString(got.UsageHint); n > 1000 {
					t.Errorf("%s: usage hint of %d characters", got.Command, n)
				}
			}
			if len(m.Features.Shortcuts) != 1 || m.Features.Shortcuts[0]["callback_id"] != bot.CallbackLogDecision ||
				m.Features.Shortcuts[0]["name"] != "Loggfør som beslutning" || m.Features.Shortcuts[0]["type"] != "message" {
				t.Errorf("shortcuts = %v", m.Features.Shortcuts)
			}
			wantScopes := []string{"commands", "chat:write", "chat:write.public", "channels:manage", "channels:read",
				"channels:join", "channels:history", "groups:write", "groups:read", "groups:history", "pins:write",
				"reactions:read", "users:read", "users:read.email", "files:write", "im:write", "im:history"}
			if !slices.Equal(m.OAuthConfig.Scopes.Bot, wantScopes) {
				t.Errorf("scopes = %v", m.OAuthConfig.Scopes.Bot)
			}
			if n := utf8.RuneCountInString(m.DisplayInformation["description"]); n > 140 {
				t.Errorf("description of %d characters; Slack allows 140", n)
			}
			if n := utf8.RuneCountInString(m.DisplayInformation["long_description"]); n < 174 || n > 4000 {
				t.Errorf("long_description of %d characters; Slack wants 174–4000", n)
			}
		})
	}
}

func TestManifestErrors(t *testing.T) {
	tests := []struct{ mode, url string }{
		{"websocket", ""},
		{bot.ModeHTTP, ""},
		{bot.ModeHTTP, "http://example.org/slack/events"},
		{bot.ModeHTTP, "example.org/slack/events"},
	}
	for _, tt := range tests {
		if _, err := bot.ManifestIn(i18n.Bokmal, tt.mode, tt.url); !errors.Is(err, bot.ErrManifest) {
			t.Errorf("Manifest(%q, %q) = %v, want ErrManifest", tt.mode, tt.url, err)
		}
	}
}
