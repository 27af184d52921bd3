// Package fakeslack is a fake Slack Web API and Socket Mode server for tests.
//
// It speaks Slack's wire format closely enough for the real
// github.com/slack-go/slack client (pointed at it with
// slack.OptionAPIURL(fake.URL())) to work unchanged: form-encoded or JSON
// requests, {"ok":true,…} / {"ok":false,"error":"…"} answers with HTTP 200,
// HTTP 429 with Retry-After, HTTP 5xx. It keeps a small workspace (users,
// channels, messages, pins, files) that tests seed and assert on, records
// every call, and can inject failures and outages. Socket Mode is served
// over a real websocket.
//
// Membership rules follow Slack: the bot must be a member of a channel for
// conversations.invite, setTopic, history, replies and pins.add
// (not_in_channel); chat.postMessage, chat.postEphemeral and file shares
// to a public channel work without membership, as with the
// chat:write.public scope.
//
// Content is held to the limits real Slack enforces (blocks.go, views.go):
// Block Kit lengths and counts in chat.postMessage, chat.update,
// chat.postEphemeral and response_url bodies are answered with
// {"ok":false,"error":"invalid_blocks","errors":[…],"response_metadata":
// {"messages":["[ERROR] … [json-pointer:/blocks/0/…]"]}} (HTTP 400 with
// the code as body for response_url), modal limits in views.open and
// views.update with invalid_arguments in the same shape, text over 40,000
// characters with msg_too_long, and a conversations.list limit of 1,000 or
// more with invalid_limit.
//
// The server is safe for concurrent use and logs nothing unless WithLogf is
// given; it never logs tokens or request parameters.
package fakeslack

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Identity of the fake workspace and of the bot, as returned by auth.test.
const (
	TeamID    = "T0FAKETEAM"
	TeamName  = "Beredskap Test"
	TeamURL   = "https://beredskap-test.slack.com/"
	BotUserID = "U0FAKEBOT"
	BotID     = "B0FAKEBOT"
	AppID     = "A0FAKEAPP"
)

// Method names under which calls to the non-API endpoints are recorded
// (Calls) and matched by FailNext.
const (
	// MethodUpload is the upload URL handed out by files.getUploadURLExternal.
	MethodUpload = "files.upload.url"
	// MethodResponseURL is a response_url created with ResponseURL.
	MethodResponseURL = "response_url"
)

// Default credentials accepted by a Server created without options.
const (
	DefaultToken    = "xoxb-test"
	DefaultAppToken = "xapp-test"
)

// Option configures a Server created with New.
type Option func(*config)

type config struct {
	token        string
	appToken     string
	now          func() time.Time
	pingInterval time.Duration
	logf         func(format string, args ...any)
}

// WithToken sets the bot token the server accepts (default "xoxb-test").
func WithToken(token string) Option { return func(c *config) { c.token = token } }

// WithAppToken sets the app-level token apps.connections.open accepts
// (default "xapp-test").
func WithAppToken(token string) Option { return func(c *config) { c.appToken = token } }

// WithClock makes the server read time from now: message timestamps, call
// times and the end of an Outage. now must be safe for concurrent use.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithPingInterval sets how often the server pings Socket Mode connections
// (default 5s). slack-go's socketmode client reconnects when it has not
// been pinged within its own OptionPingInterval (default 30s).
func WithPingInterval(d time.Duration) Option { return func(c *config) { c.pingInterval = d } }

// WithLogf makes the server log one line per call (method, HTTP status,
// Slack error) through logf, for example t.Logf.
func WithLogf(logf func(format string, args ...any)) Option {
	return func(c *config) { c.logf = logf }
}

// Server is a running fake Slack. Create it with New.
type Server struct {
	cfg  config
	http *httptest.Server

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every socket or ack change
	lastTS   int64         // last message timestamp handed out, in microseconds
	seq      int           // source of channel, file and view IDs
	users    map[string]*user
	channels map[string]*Channel
	files    map[string]*File
	calls    []Call
	rules    []*failRule
	outage   *outage
	handlers map[string]Handler
	resps    map[string][]map[string]any
	views    map[string]map[string]any // open modals by view ID

	sock socketState
}

// New starts a fake Slack on 127.0.0.1 with a random port and closes it when
// the test ends. The workspace starts with the bot user only.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	cfg := config{
		token:        DefaultToken,
		appToken:     DefaultAppToken,
		now:          time.Now,
		pingInterval: 5 * time.Second,
	}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		cfg:      cfg,
		changed:  make(chan struct{}),
		users:    map[string]*user{},
		channels: map[string]*Channel{},
		files:    map[string]*File{},
		handlers: map[string]Handler{},
		resps:    map[string][]map[string]any{},
		views:    map[string]map[string]any{},
	}
	s.sock.init()
	s.users[BotUserID] = &user{id: BotUserID, name: "beredskapsbot", bot: true}

	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.serveAPI)
	mux.HandleFunc("POST /upload/v1/{id}", s.serveUpload)
	mux.HandleFunc("POST /response/{id}", s.serveResponseURL)
	mux.HandleFunc("GET /link/", s.serveSocket)
	s.http = httptest.NewServer(mux)
	t.Cleanup(s.close)
	return s
}

// URL returns the Web API base URL with its trailing slash, for
// slack.OptionAPIURL.
func (s *Server) URL() string { return s.http.URL + "/api/" }

// Token returns the bot token the server accepts.
func (s *Server) Token() string { return s.cfg.token }

// AppToken returns the app-level token the server accepts for
// apps.connections.open.
func (s *Server) AppToken() string { return s.cfg.appToken }

func (s *Server) close() {
	s.closeSockets()
	s.http.Close()
}

func (s *Server) now() time.Time { return s.cfg.now() }

func (s *Server) logf(format string, args ...any) {
	if s.cfg.logf != nil {
		s.cfg.logf(format, args...)
	}
}

// broadcastLocked wakes everyone waiting for a state change. s.mu must be held.
func (s *Server) broadcastLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// base returns the scheme and host of the server, without trailing slash.
func (s *Server) base() string { return strings.TrimSuffix(s.http.URL, "/") }
