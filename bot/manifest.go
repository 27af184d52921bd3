package bot

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"

	"go.yaml.in/yaml/v3"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// Connection modes of the Slack app.
const (
	ModeSocket = "socket" // Socket Mode: no public URL needed
	ModeHTTP   = "http"   // Slack POSTs to a public request URL
)

// BotScopes are the OAuth scopes the bot asks for, and why: commands
// (slash commands and the shortcut); chat:write and chat:write.public
// (post, also in channels the bot has not joined); channels:manage,
// groups:write, channels:read, groups:read, channels:history and
// groups:history (create public and private incident channels, invite,
// set the topic, read a 📌 message); channels:join (join a channel to post
// in it); pins:write (pin the varslingsliste); reactions:read (📌);
// users:read and users:read.email (find contacts by e-mail, and the
// e-mail of who is asking); files:write (upload the report); im:write and
// im:history (send «ring dem» as a direct message with conversations.open,
// and find it after a restart so it is sent once; and the DM with /beredskap
// perm's binder).
var BotScopes = []string{
	"commands",
	"chat:write",
	"chat:write.public",
	"channels:manage",
	"channels:read",
	"channels:join",
	"channels:history",
	"groups:write",
	"groups:read",
	"groups:history",
	"pins:write",
	"reactions:read",
	"users:read",
	"users:read.email",
	"files:write",
	"im:write",
	"im:history",
}

// BotEvents are the Events API events the bot subscribes to.
var BotEvents = []string{"reaction_added"}

// ErrManifest is returned (wrapped, with the reason) by Manifest for an
// unknown mode or a missing or invalid request URL in HTTP mode.
var ErrManifest = errors.New("ugyldige innstillinger for manifestet")

// manifest mirrors the parts of Slack's app manifest the bot uses, in
// the order Slack documents them.
type manifest struct {
	DisplayInformation struct {
		Name            string `yaml:"name"`
		Description     string `yaml:"description"`
		LongDescription string `yaml:"long_description"`
		BackgroundColor string `yaml:"background_color"`
	} `yaml:"display_information"`
	Features struct {
		BotUser struct {
			DisplayName  string `yaml:"display_name"`
			AlwaysOnline bool   `yaml:"always_online"`
		} `yaml:"bot_user"`
		SlashCommands []manifestSlash    `yaml:"slash_commands"`
		Shortcuts     []manifestShortcut `yaml:"shortcuts"`
	} `yaml:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		EventSubscriptions struct {
			RequestURL string   `yaml:"request_url,omitempty"`
			BotEvents  []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			IsEnabled  bool   `yaml:"is_enabled"`
			RequestURL string `yaml:"request_url,omitempty"`
		} `yaml:"interactivity"`
		OrgDeployEnabled     bool `yaml:"org_deploy_enabled"`
		SocketModeEnabled    bool `yaml:"socket_mode_enabled"`
		TokenRotationEnabled bool `yaml:"token_rotation_enabled"`
	} `yaml:"settings"`
}

type manifestSlash struct {
	Command      string `yaml:"command"`
	URL          string `yaml:"url,omitempty"`
	Description  string `yaml:"description"`
	UsageHint    string `yaml:"usage_hint,omitempty"`
	ShouldEscape bool   `yaml:"should_escape"`
}

type manifestShortcut struct {
	Name        string `yaml:"name"`
	Type        string `yaml:"type"`
	CallbackID  string `yaml:"callback_id"`
	Description string `yaml:"description"`
}

// ManifestIn returns the Slack app manifest (YAML) for mode ModeSocket or
// ModeHTTP, its descriptions, the slash commands' descriptions and usage
// hints and the shortcut's name in lang (the plan's language). In HTTP
// mode requestURL (an https URL ending in /slack/events) is where Slack
// sends commands, interactivity and events; in Socket Mode it is ignored.
// The slash commands come from the command table. It returns an error
// wrapping ErrManifest for an unknown mode or a bad URL.
func ManifestIn(lang i18n.Lang, mode string, requestURL string) ([]byte, error) {
	switch mode {
	case ModeSocket:
		requestURL = ""
	case ModeHTTP:
		u, err := url.Parse(requestURL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return nil, fmt.Errorf("%w: request-URL-en %q må være en https-adresse", ErrManifest, requestURL)
		}
	default:
		return nil, fmt.Errorf("%w: ukjent modus %q (bruk %q eller %q)", ErrManifest, mode, ModeSocket, ModeHTTP)
	}
	l := i18n.For(lang)
	var m manifest
	m.DisplayInformation.Name = "Beredskapsbot"
	m.DisplayInformation.Description = l.T("manifest.description")
	m.DisplayInformation.LongDescription = l.T("manifest.long_description")
	m.DisplayInformation.BackgroundColor = "#8c1c13"
	m.Features.BotUser.DisplayName = "Beredskapsbot"
	m.Features.BotUser.AlwaysOnline = true
	for _, s := range commands.SlashesIn(lang) {
		m.Features.SlashCommands = append(m.Features.SlashCommands, manifestSlash{
			Command: s.Command, URL: requestURL, Description: s.Description, UsageHint: s.UsageHint,
			// Mentions and channels arrive as <@U…> and <#C…|navn>.
			ShouldEscape: true,
		})
	}
	m.Features.Shortcuts = []manifestShortcut{{
		Name: l.T("manifest.shortcut.name"), Type: "message", CallbackID: CallbackLogDecision,
		Description: l.T("manifest.shortcut.description"),
	}}
	m.OAuthConfig.Scopes.Bot = BotScopes
	m.Settings.EventSubscriptions.RequestURL = requestURL
	m.Settings.EventSubscriptions.BotEvents = BotEvents
	m.Settings.Interactivity.IsEnabled = true
	m.Settings.Interactivity.RequestURL = requestURL
	m.Settings.SocketModeEnabled = mode == ModeSocket

	var b bytes.Buffer
	what := "Socket Mode"
	if mode == ModeHTTP {
		what = "HTTP (request URL " + requestURL + ")"
	}
	fmt.Fprintf(&b, "# Slack app manifest for Beredskapsbot, %s.\n", what)
	b.WriteString("# Generated by `beredskapsbot manifest`; do not edit by hand.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	return b.Bytes(), nil
}
