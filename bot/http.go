package bot

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/slack-go/slack"
)

// HTTPHandler returns the bot's HTTP routes: POST /slack/events (slash
// commands, interactivity and the Events API, when a signing secret is
// configured) and GET /healthz.
func (a *App) HTTPHandler() http.Handler {
	mux := http.NewServeMux()
	if a.verifier != nil {
		mux.HandleFunc("POST /slack/events", a.serveSlack)
	}
	mux.HandleFunc("GET /healthz", a.serveHealth)
	return mux
}

// NewHTTPServer returns an http.Server for HTTPHandler on addr, with
// timeouts that keep slow clients from holding connections.
func (a *App) NewHTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           a.HTTPHandler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
}

// serveSlack verifies the signature of a request from Slack before
// anything of it is parsed, then dispatches it by its form. A request
// without signing headers or with a stale timestamp is refused before its
// body is read, and at most MaxReading bodies are read at once (503 when
// more arrive), so that slow or unsigned clients cannot tie the bot up.
func (a *App) serveSlack(w http.ResponseWriter, r *http.Request) {
	if err := a.verifier.CheckHeaders(r.Header); err != nil {
		a.log.WithField("remote", r.RemoteAddr).WithError(err).Warn("refused a request not signed by Slack")
		refuseUnread(w, http.StatusUnauthorized, "ugyldig signatur")
		return
	}
	select {
	case a.reading <- struct{}{}:
	default:
		a.log.WithField("remote", r.RemoteAddr).Warn("too many requests being read; answered 503")
		w.Header().Set("Retry-After", "1")
		refuseUnread(w, http.StatusServiceUnavailable, "opptatt")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	<-a.reading
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "forespørselen er for stor", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "kunne ikke lese forespørselen", http.StatusBadRequest)
		return
	}
	if err := a.verifier.Verify(r.Header, body); err != nil {
		a.log.WithField("remote", r.RemoteAddr).WithError(err).Warn("refused a request not signed by Slack")
		http.Error(w, "ugyldig signatur", http.StatusUnauthorized)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != formType && isJSON(ct) {
		a.serveEventsAPI(w, r, body)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "ugyldig skjema", http.StatusBadRequest)
		return
	}
	switch {
	case form.Get("ssl_check") == "1":
		// Slack checking the certificate of the request URL: "please do
		// respond with a HTTP 200 OK".
		w.WriteHeader(http.StatusOK)
	case form.Get("payload") != "":
		var cb slack.InteractionCallback
		if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
			http.Error(w, "ugyldig payload", http.StatusBadRequest)
			return
		}
		writeAck(w, a.interaction(cb))
	case form.Get("command") != "":
		if rep := a.command(slashFromForm(form)); rep != nil {
			writeAck(w, rep)
		} else {
			writeAck(w, nil)
		}
	default:
		http.Error(w, "ukjent forespørsel", http.StatusBadRequest)
	}
}

// refuseUnread answers a request whose body is not read. "Connection:
// close" keeps net/http from reading the body before it sends the answer
// (it would otherwise try to drain it for reuse of the connection).
func refuseUnread(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Connection", "close")
	http.Error(w, msg, code)
}

// formType is the Content-Type of slash commands and interactivity.
const formType = "application/x-www-form-urlencoded"

// isJSON reports whether a Content-Type is application/json (Events API).
func isJSON(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "application/json"
}

// serveEventsAPI answers an Events API request: the challenge of a
// url_verification, else 200 at once (the work runs in the background).
func (a *App) serveEventsAPI(w http.ResponseWriter, r *http.Request, body []byte) {
	if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
		a.log.WithFields(logrus.Fields{"retry": n, "reason": r.Header.Get("X-Slack-Retry-Reason")}).Debug("Slack retried an event")
	}
	challenge, err := a.event(body)
	if err != nil {
		http.Error(w, "ugyldig hendelse", http.StatusBadRequest)
		return
	}
	if challenge != "" {
		writeAck(w, map[string]string{"challenge": challenge})
		return
	}
	w.WriteHeader(http.StatusOK)
}

// serveHealth answers 200 "ok" when the database and Slack are
// reachable, else 503 "not ok"; the reason goes to the log only, so that
// callers learn nothing about the bot's insides.
func (a *App) serveHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if reason, ok := a.Health(r.Context()); !ok {
		a.log.WithField("reason", reason).Warn("health check failed")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, "not ok\n")
		return
	}
	_, _ = io.WriteString(w, "ok\n")
}

// writeAck writes an acknowledgement: 200 with the payload as JSON, or an
// empty 200 for nil.
func writeAck(w http.ResponseWriter, payload any) {
	if payload == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	var body []byte
	var err error
	switch r, ok := payload.(*reply); {
	case ok && r != nil && r.raw != nil: // encoded before (the memo)
		body = r.raw
	case ok && r != nil:
		buf := ackBuffers.Get().(*[]byte)
		defer func() {
			if cap(body) <= maxPooledAck {
				*buf = body[:0]
				ackBuffers.Put(buf)
			}
		}()
		body, err = appendReply((*buf)[:0], r)
	default:
		body, err = json.Marshal(payload)
	}
	if err != nil {
		http.Error(w, "intern feil", http.StatusInternalServerError)
		return
	}
	hdr := w.Header()
	hdr["Content-Type"] = contentTypeJSON
	hdr["Content-Length"] = []string{strconv.Itoa(len(body))}
	_, _ = w.Write(body)
}

// contentTypeJSON is the Content-Type of every JSON answer, set without
// building the header value anew each time. Nothing may change it.
var contentTypeJSON = []string{"application/json; charset=utf-8"}

// ackBuffers recycles the buffers acknowledgements are encoded into;
// one that grew beyond maxPooledAck is left to the garbage collector.
var ackBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

const maxPooledAck = 64 << 10

// slashFromForm reads a slash command from its form fields.
func slashFromForm(f url.Values) slack.SlashCommand {
	return slack.SlashCommand{
		TeamID:      f.Get("team_id"),
		TeamDomain:  f.Get("team_domain"),
		ChannelID:   f.Get("channel_id"),
		ChannelName: f.Get("channel_name"),
		UserID:      f.Get("user_id"),
		UserName:    f.Get("user_name"),
		Command:     f.Get("command"),
		Text:        f.Get("text"),
		ResponseURL: f.Get("response_url"),
		TriggerID:   f.Get("trigger_id"),
		APIAppID:    f.Get("api_app_id"),
	}
}
