// Package config reads Beredskapsbot's settings from the environment (and
// a .env file loaded by godotenv). Every setting is listed, with a comment,
// in .env.example.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/sirupsen/logrus"
)

// Config is every setting the bot reads.
type Config struct {
	PlanDir          string // BEREDSKAP_PLAN: the plan directory; empty = the embedded example
	DBPath           string // BEREDSKAP_DB
	TimeZone         string // BEREDSKAP_TZ: overrides the plan's time zone when set
	LogLevel         string // LOG_LEVEL
	LogFormat        string // LOG_FORMAT: text or json
	BotToken         string // SLACK_BOT_TOKEN (xoxb-)
	AppToken         string // SLACK_APP_TOKEN (xapp-): Socket Mode when set
	SigningSecret    string // SLACK_SIGNING_SECRET: HTTP mode
	APIURL           string // SLACK_API_URL
	Listen           string // BEREDSKAP_LISTEN
	Channel          string // BEREDSKAP_CHANNEL: where new incidents are announced
	ReminderSchedule string // BEREDSKAP_REMINDER_SCHEDULE (cron, in the plan's zone)
	AnchorFile       string // BEREDSKAP_ANCHOR_FILE: log heads outside the database; empty = <DBPath>.anchors
	LogKey           string // BEREDSKAP_LOG_KEY: HMAC key of the log's hash chain; empty = plain SHA-256
	AnchorChannel    string // BEREDSKAP_ANCHOR_CHANNEL: where log heads are posted hourly and at close; empty = not posted
}

// MinLogKeyLen is the shortest BEREDSKAP_LOG_KEY accepted.
const MinLogKeyLen = 32

// Defaults.
const (
	DefaultDBPath           = "./beredskap.db"
	DefaultAPIURL           = "https://slack.com/api/"
	DefaultListen           = ":3000"
	DefaultReminderSchedule = "0 9 * * 1-5"
)

// FromEnv reads the settings from the environment, with defaults.
func FromEnv() Config {
	get := func(k, def string) string {
		if v, ok := os.LookupEnv(k); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
		return def
	}
	return Config{
		PlanDir:          get("BEREDSKAP_PLAN", ""),
		DBPath:           get("BEREDSKAP_DB", DefaultDBPath),
		TimeZone:         get("BEREDSKAP_TZ", ""),
		LogLevel:         get("LOG_LEVEL", "info"),
		LogFormat:        get("LOG_FORMAT", "text"),
		BotToken:         get("SLACK_BOT_TOKEN", ""),
		AppToken:         get("SLACK_APP_TOKEN", ""),
		SigningSecret:    get("SLACK_SIGNING_SECRET", ""),
		APIURL:           get("SLACK_API_URL", DefaultAPIURL),
		Listen:           get("BEREDSKAP_LISTEN", DefaultListen),
		Channel:          get("BEREDSKAP_CHANNEL", ""),
		ReminderSchedule: get("BEREDSKAP_REMINDER_SCHEDULE", DefaultReminderSchedule),
		AnchorFile:       get("BEREDSKAP_ANCHOR_FILE", ""),
		LogKey:           get("BEREDSKAP_LOG_KEY", ""),
		AnchorChannel:    get("BEREDSKAP_ANCHOR_CHANNEL", ""),
	}
}

// AnchorPath returns the anchor file's path: BEREDSKAP_ANCHOR_FILE, or
// the database's path with ".anchors" added.
func (c Config) AnchorPath() string {
	if c.AnchorFile != "" {
		return c.AnchorFile
	}
	return c.DBPath + ".anchors"
}

// HasSlack reports whether any Slack credential is set, i.e. whether the
// bot should serve Slack rather than fall back to the console.
func (c Config) HasSlack() bool {
	return c.BotToken != "" || c.AppToken != "" || c.SigningSecret != ""
}

// SocketMode reports whether the bot connects by Socket Mode.
func (c Config) SocketMode() bool { return c.AppToken != "" }

// Validate checks the settings that apply to every mode and returns one
// error listing every problem (in bokmål), or nil.
func (c Config) Validate() error {
	var problems []string
	if _, err := logrus.ParseLevel(c.LogLevel); err != nil {
		problems = append(problems, fmt.Sprintf("LOG_LEVEL=%q er ikke et loggnivå (debug, info, warn, error)", c.LogLevel))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		problems = append(problems, fmt.Sprintf("LOG_FORMAT=%q må være text eller json", c.LogFormat))
	}
	if c.TimeZone != "" {
		if _, err := time.LoadLocation(c.TimeZone); err != nil {
			problems = append(problems, fmt.Sprintf("BEREDSKAP_TZ=%q er ikke en kjent tidssone (f.eks. Europe/Oslo)", c.TimeZone))
		}
	}
	if c.LogKey != "" && len(c.LogKey) < MinLogKeyLen {
		problems = append(problems, fmt.Sprintf("BEREDSKAP_LOG_KEY er for kort (%d tegn): bruk minst %d tilfeldige tegn, f.eks. fra openssl rand -hex 32", len(c.LogKey), MinLogKeyLen))
	}
	if _, err := cron.ParseStandard(c.ReminderSchedule); err != nil {
		problems = append(problems, fmt.Sprintf("BEREDSKAP_REMINDER_SCHEDULE=%q er ikke et gyldig cron-uttrykk: %v", c.ReminderSchedule, err))
	}
	if c.APIURL != "" {
		if p := apiURLProblem(c.APIURL); p != "" {
			problems = append(problems, p)
		}
	}
	return joinProblems(problems)
}

// apiURLProblem returns what is wrong with SLACK_API_URL, or "". The bot
// token travels in every request, so the address must be https; plain http
// is allowed only to a loopback address (127.0.0.0/8, ::1, localhost), where
// tests run a fake Slack.
func apiURLProblem(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || !strings.HasSuffix(u.Path, "/") || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Sprintf("SLACK_API_URL=%q må være en https-adresse som slutter med / (f.eks. %s)", raw, DefaultAPIURL)
	}
	switch {
	case u.Scheme == "https":
		return ""
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return ""
	case u.Scheme == "http":
		return fmt.Sprintf("SLACK_API_URL=%q må bruke https: bot-tokenet sendes med hver forespørsel (http er bare tillatt mot localhost, 127.0.0.0/8 og ::1, for tester)", raw)
	default:
		return fmt.Sprintf("SLACK_API_URL=%q må være en https-adresse som slutter med / (f.eks. %s)", raw, DefaultAPIURL)
	}
}

// isLoopback reports whether host is localhost or a loopback IP address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ValidateSlack checks the settings needed to serve Slack and returns one
// error listing every problem, or nil.
func (c Config) ValidateSlack() error {
	var problems []string
	if err := c.Validate(); err != nil {
		problems = append(problems, err.Error())
	}
	switch {
	case c.BotToken == "":
		problems = append(problems, "SLACK_BOT_TOKEN mangler (xoxb-…)")
	case !strings.HasPrefix(c.BotToken, "xoxb-"):
		problems = append(problems, "SLACK_BOT_TOKEN må begynne med xoxb- (bot-token, ikke bruker- eller app-token)")
	}
	if c.AppToken != "" && !strings.HasPrefix(c.AppToken, "xapp-") {
		problems = append(problems, "SLACK_APP_TOKEN må begynne med xapp- (app-nivå-token med connections:write)")
	}
	if c.AppToken == "" && c.SigningSecret == "" {
		problems = append(problems, "sett enten SLACK_APP_TOKEN (Socket Mode) eller SLACK_SIGNING_SECRET (HTTP)")
	}
	if c.APIURL == "" {
		problems = append(problems, "SLACK_API_URL mangler (standard: "+DefaultAPIURL+")")
	}
	if c.AppToken == "" && c.SigningSecret != "" && c.Listen == "" {
		problems = append(problems, "BEREDSKAP_LISTEN mangler (f.eks. :3000)")
	}
	return joinProblems(problems)
}

func joinProblems(problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	return errors.New("ugyldige innstillinger:\n- " + strings.Join(problems, "\n- "))
}

// NewLogger returns a logrus logger as the settings ask for. Validate
// first; an unknown level falls back to info.
func (c Config) NewLogger() *logrus.Logger {
	l := logrus.New()
	l.SetOutput(os.Stderr)
	if lvl, err := logrus.ParseLevel(c.LogLevel); err == nil {
		l.SetLevel(lvl)
	}
	if c.LogFormat == "json" {
		l.SetFormatter(&logrus.JSONFormatter{})
	}
	return l
}
