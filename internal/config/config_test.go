package config

import (
	"strings"
	"testing"
)

func TestFromEnvDefaults(t *testing.T) {
	for _, k := range []string{"BEREDSKAP_PLAN", "BEREDSKAP_DB", "BEREDSKAP_TZ", "LOG_LEVEL", "LOG_FORMAT", "SLACK_BOT_TOKEN",
		"SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "BEREDSKAP_LISTEN", "BEREDSKAP_CHANNEL", "BEREDSKAP_REMINDER_SCHEDULE"} {
		t.Setenv(k, "")
	}
	c := FromEnv()
	if c.DBPath != DefaultDBPath || c.APIURL != DefaultAPIURL || c.Listen != DefaultListen || c.ReminderSchedule != DefaultReminderSchedule || c.LogLevel != "info" || c.LogFormat != "text" {
		t.Fatalf("defaults: %+v", c)
	}
	if c.HasSlack() {
		t.Fatal("no credentials set, yet HasSlack")
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	t.Setenv("SLACK_APP_TOKEN", " xapp-1 ")
	if c := FromEnv(); !c.HasSlack() || !c.SocketMode() || c.AppToken != "xapp-1" {
		t.Fatalf("app token: %+v", c)
	}
}

// Every problem is listed in one error, in bokmål.
func TestValidateListsEveryProblem(t *testing.T) {
	c := Config{LogLevel: "loud", LogFormat: "xml", TimeZone: "Europe/Gotham", ReminderSchedule: "hver dag",
		BotToken: "xoxp-user", AppToken: "bad", APIURL: "slack.com/api", Listen: ":3000"}
	err := c.ValidateSlack()
	if err == nil {
		t.Fatal("bad settings validated")
	}
	for _, want := range []string{"LOG_LEVEL", "LOG_FORMAT", "BEREDSKAP_TZ", "BEREDSKAP_REMINDER_SCHEDULE", "SLACK_BOT_TOKEN må begynne med xoxb-", "SLACK_APP_TOKEN må begynne med xapp-", "SLACK_API_URL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	c = Config{LogLevel: "info", LogFormat: "text", ReminderSchedule: DefaultReminderSchedule, APIURL: DefaultAPIURL}
	err = c.ValidateSlack()
	if err == nil || !strings.Contains(err.Error(), "SLACK_BOT_TOKEN mangler") || !strings.Contains(err.Error(), "SLACK_APP_TOKEN") {
		t.Fatalf("missing credentials: %v", err)
	}
	c.BotToken, c.SigningSecret, c.Listen = "xoxb-1", "s", ":3000"
	if err := c.ValidateSlack(); err != nil {
		t.Fatalf("HTTP mode settings: %v", err)
	}
}

func TestNewLoggerFormat(t *testing.T) {
	c := Config{LogLevel: "debug", LogFormat: "json"}
	l := c.NewLogger()
	if l.GetLevel().String() != "debug" {
		t.Errorf("level %v", l.GetLevel())
	}
	var b strings.Builder
	l.SetOutput(&b)
	l.Info("hei")
	if !strings.HasPrefix(b.String(), "{") {
		t.Errorf("LOG_FORMAT=json wrote %q", b.String())
	}
}

// SLACK_API_URL must be https; plain http only to loopback, for tests.
func TestValidateAPIURL(t *testing.T) {
	base := Config{LogLevel: "info", LogFormat: "text", ReminderSchedule: DefaultReminderSchedule}
	tests := []struct {
		url  string
		want string // part of the problem, "" if valid
	}{
		{DefaultAPIURL, ""},
		{"https://slack.example.no/api/", ""},
		{"http://127.0.0.1:41234/api/", ""},
		{"http://127.9.8.7/api/", ""},
		{"http://[::1]:8080/api/", ""},
		{"http://localhost:3000/api/", ""},
		{"http://LOCALHOST/api/", ""},
		{"http://slack.com/api/", "må bruke https"},
		{"http://10.0.0.1/api/", "må bruke https"},
		{"http://128.0.0.1/api/", "må bruke https"},
		{"http://localhost.example.com/api/", "må bruke https"},
		{"http://[::2]/api/", "må bruke https"},
		{"ftp://slack.com/api/", "må være en https-adresse"},
		{"slack.com/api/", "må være en https-adresse"},
		{"https://slack.com/api", "slutter med /"},
	}
	for _, tt := range tests {
		c := base
		c.APIURL = tt.url
		err := c.Validate()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s refused: %v", tt.url, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), "SLACK_API_URL") || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want one with %q", tt.url, err, tt.want)
		}
	}
}

func TestAnchorPath(t *testing.T) {
	t.Setenv("BEREDSKAP_DB", "/var/lib/beredskap/beredskap.db")
	t.Setenv("BEREDSKAP_ANCHOR_FILE", "")
	if got := FromEnv().AnchorPath(); got != "/var/lib/beredskap/beredskap.db.anchors" {
		t.Errorf("default AnchorPath = %q", got)
	}
	t.Setenv("BEREDSKAP_ANCHOR_FILE", " /mnt/logg/beredskap.anchors ")
	if got := FromEnv().AnchorPath(); got != "/mnt/logg/beredskap.anchors" {
		t.Errorf("AnchorPath = %q", got)
	}
}

func TestLogKeyLength(t *testing.T) {
	c := Config{LogLevel: "info", LogFormat: "text", ReminderSchedule: DefaultReminderSchedule, LogKey: "kort"}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "BEREDSKAP_LOG_KEY er for kort (4 tegn)") || strings.Contains(err.Error(), "kort\"") {
		t.Errorf("Validate = %v", err)
	}
	c.LogKey = strings.Repeat("k", MinLogKeyLen)
	if err := c.Validate(); err != nil {
		t.Errorf("Validate = %v", err)
	}
}
