package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Call is one recorded request to the fake.
type Call struct {
	// Method is the Web API method ("chat.postMessage"), MethodUpload or
	// MethodResponseURL.
	Method string
	// Params holds the form values, or the top-level fields of a JSON body
	// (strings as they are, other values JSON-encoded). The token is removed.
	Params url.Values
	// JSON is the decoded JSON body, nil for form requests.
	JSON map[string]any
	// At is the server time the call arrived.
	At time.Time
	// Status is the HTTP status of the answer.
	Status int
	// Error is the Slack error code of a failed call ("name_taken"), or
	// "http <status>" for a non-200 answer, or "" for success.
	Error string
}

// Failure is an injected or handler-returned failure. Exactly one kind
// applies, checked in this order: CloseConn, Status, SlackError. A Failure
// with only Delay set delays the call and then answers it normally.
type Failure struct {
	// Status is an HTTP status other than 200 (429, 500, 503 …). With 429 the
	// answer carries a Retry-After header of RetryAfter seconds, so slack-go
	// returns *slack.RateLimitedError.
	Status     int
	RetryAfter int
	// SlackError answers HTTP 200 {"ok":false,"error":SlackError}.
	SlackError string
	// Delay holds the answer back (until the request is cancelled at most).
	Delay time.Duration
	// CloseConn closes the TCP connection without an answer, so the client
	// sees a network error.
	CloseConn bool
}

func (f Failure) fails() bool { return f.CloseConn || f.Status != 0 || f.SlackError != "" }

// Handler overrides one Web API method, see SetHandler. It returns the
// fields of a successful answer ("ok":true is added), or a Failure.
type Handler func(params url.Values) (map[string]any, *Failure)

type failRule struct {
	method string
	left   int
	f      Failure
}

type outage struct {
	until time.Time
	f     Failure
}

// request is a parsed Web API request.
type request struct {
	params url.Values
	json   map[string]any
	token  string
}

// Calls returns the recorded calls in the order they were answered, all of
// them or only those of the given methods.
func (s *Server) Calls(method ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if len(method) == 0 || slices.Contains(method, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// Reset forgets the recorded calls and the pending injected failures
// (FailNext, Outage). The workspace (users, channels, messages, files),
// handlers set with SetHandler, acks and response_url bodies are kept.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
	s.rules = nil
	s.outage = nil
}

// FailNext makes the next n calls of method fail with f; method "" matches
// every method. Rules are used in the order they were added.
func (s *Server) FailNext(method string, n int, f Failure) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = append(s.rules, &failRule{method: method, left: n, f: f})
}

// Outage makes every call (Web API, upload URL, response_url) fail with f
// for d from now on the server's clock. It does not close Socket Mode
// connections; use DropSocket for that.
func (s *Server) Outage(d time.Duration, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outage = &outage{until: s.now().Add(d), f: f}
}

// SetHandler replaces the built-in implementation of a Web API method; nil
// restores it. Authentication and failure injection still apply first. The
// handler runs without the server's lock, so it may call the Server.
func (s *Server) SetHandler(method string, h Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h == nil {
		delete(s.handlers, method)
		return
	}
	s.handlers[method] = h
}

// injected returns the failure to apply to a call of method, consuming a
// FailNext rule, or nil.
func (s *Server) injected(method string) *Failure {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.outage != nil {
		if s.now().Before(s.outage.until) {
			f := s.outage.f
			return &f
		}
		s.outage = nil
	}
	for i, r := range s.rules {
		if r.method != "" && r.method != method {
			continue
		}
		r.left--
		if r.left == 0 {
			s.rules = slices.Delete(s.rules, i, i+1)
		}
		f := r.f
		return &f
	}
	return nil
}

// intercept applies an injected failure to a call. It reports whether the
// call has been answered (or dropped) and must not be handled further.
func (s *Server) intercept(w http.ResponseWriter, r *http.Request, call Call) bool {
	f := s.injected(call.Method)
	if f == nil {
		return false
	}
	if f.Delay > 0 {
		if !sleep(r.Context(), f.Delay) {
			s.record(call, 0, "cancelled")
			return true
		}
	}
	if !f.fails() {
		return false
	}
	s.writeFailure(w, call, *f)
	return true
}

// writeFailure answers a call with f and records it.
func (s *Server) writeFailure(w http.ResponseWriter, call Call, f Failure) {
	switch {
	case f.CloseConn:
		s.record(call, 0, "connection closed")
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		// Without hijacking, abort the handler: net/http closes the connection.
		panic(http.ErrAbortHandler)
	case f.Status == http.StatusTooManyRequests:
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
		s.record(call, f.Status, fmt.Sprintf("http %d", f.Status))
		writeJSON(w, f.Status, map[string]any{"ok": false, "error": "ratelimited"})
	case f.Status != 0 && f.Status != http.StatusOK:
		s.record(call, f.Status, fmt.Sprintf("http %d", f.Status))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(f.Status)
		_, _ = fmt.Fprintf(w, "<html><body><h1>%d %s</h1></body></html>\n", f.Status, http.StatusText(f.Status))
	default:
		s.record(call, http.StatusOK, f.SlackError)
		writeJSON(w, http.StatusOK, map[string]any{"ok": false, "error": f.SlackError})
	}
}

func (s *Server) record(call Call, status int, slackErr string) {
	call.Status = status
	call.Error = slackErr
	s.mu.Lock()
	s.calls = append(s.calls, call)
	s.mu.Unlock()
	s.logf("fakeslack: %s -> %d %s", call.Method, status, slackErr)
}

// parseRequest reads the parameters and token of a Web API request.
func parseRequest(r *http.Request) (*request, string) {
	req := &request{params: url.Values{}}
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "Bearer ") {
		req.token = strings.TrimPrefix(auth, "Bearer ")
	}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case r.Method == http.MethodPost && ctype == "application/json":
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return req, "request_timeout"
		}
		if len(strings.TrimSpace(string(body))) > 0 {
			if err := json.Unmarshal(body, &req.json); err != nil {
				return req, "invalid_json"
			}
			if req.json == nil {
				return req, "json_not_object"
			}
		}
		for k, v := range req.json {
			if str, ok := v.(string); ok {
				req.params.Set(k, str)
				continue
			}
			b, _ := json.Marshal(v)
			req.params.Set(k, string(b))
		}
	default:
		if err := r.ParseForm(); err != nil {
			return req, "invalid_form_data"
		}
		req.params = r.Form
	}
	if req.token == "" {
		req.token = req.params.Get("token")
	}
	return req, ""
}

// withoutToken returns a copy of v without the token parameter.
func withoutToken(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if k != "token" {
			out[k] = slices.Clone(vs)
		}
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, body map[string]any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// sleep waits for d or until ctx is done; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
