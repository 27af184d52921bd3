package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Identity the stub reports in auth.test.
const (
	stubTeamID  = "T0LOADTEST"
	stubBotUser = "U0LOADBOT"
)

// stub is a minimal Slack Web API for the bot under load: auth.test
// answers with a bot identity, conversations.create hands out channel
// IDs (and remembers them, so the load tool learns the incident channel),
// chat.postMessage hands out timestamps, and every other method answers
// ok:true with the fields the bot reads. Nothing is stored beyond the
// created channels and a call count per method. Paths: /api/<method> for
// the Web API, /respond/ for response_url.
type stub struct {
	seq atomic.Int64

	mu       sync.Mutex
	calls    map[string]int
	channels []string          // created channel IDs, oldest first
	created  chan struct{}     // closed and replaced on each create
	names    map[string]string // channel ID -> name
	users    map[string]string // e-mail -> user ID
}

func newStub() *stub {
	return &stub{calls: map[string]int{}, created: make(chan struct{}), names: map[string]string{}, users: map[string]string{}}
}

// Calls returns how often a Web API method was called.
func (s *stub) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// waitChannel returns the ID of the n-th channel created (1-based),
// waiting until it exists or the deadline passes.
func (s *stub) waitChannel(n int, timeout time.Duration) (string, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if len(s.channels) >= n {
			id := s.channels[n-1]
			s.mu.Unlock()
			return id, nil
		}
		created := s.created
		s.mu.Unlock()
		select {
		case <-created:
		case <-deadline.C:
			return "", fmt.Errorf("the bot created no channel within %v (conversations.create called %d times)", timeout, s.Calls("conversations.create"))
		}
	}
}

func (s *stub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/respond/") || strings.HasPrefix(r.URL.Path, "/upload/") {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusOK)
		return
	}
	method, ok := strings.CutPrefix(r.URL.Path, "/api/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.calls[method]++
	s.mu.Unlock()
	n := s.seq.Add(1)
	ts := fmt.Sprintf("%d.%06d", time.Now().Unix(), n%1_000_000)
	var out map[string]any
	switch method {
	case "auth.test":
		out = map[string]any{"url": "https://lasttest.slack.com/", "team": "Lasttest", "user": "beredskapsbot",
			"team_id": stubTeamID, "user_id": stubBotUser, "bot_id": "B0LOADBOT"}
	case "conversations.create":
		id := fmt.Sprintf("C0LOAD%05d", n)
		name := r.Form.Get("name")
		out = map[string]any{"channel": channel(id, name, r.Form.Get("is_private") == "true")}
		s.mu.Lock()
		s.channels = append(s.channels, id)
		s.names[id] = name
		close(s.created)
		s.created = make(chan struct{})
		s.mu.Unlock()
	case "chat.postMessage", "chat.postEphemeral":
		out = map[string]any{"channel": r.Form.Get("channel"), "ts": ts, "message_ts": ts,
			"message": map[string]any{"type": "message", "ts": ts, "text": r.Form.Get("text")}}
	case "users.lookupByEmail":
		email := r.Form.Get("email")
		s.mu.Lock()
		id, known := s.users[email]
		if !known {
			id = fmt.Sprintf("U0LOAD%05d", n)
			s.users[email] = id
		}
		s.mu.Unlock()
		out = map[string]any{"user": map[string]any{"id": id, "team_id": stubTeamID, "name": strings.Split(email, "@")[0],
			"profile": map[string]any{"email": email}}}
	case "conversations.invite", "conversations.setTopic", "conversations.join", "conversations.info":
		id := r.Form.Get("channel")
		s.mu.Lock()
		name := s.names[id]
		s.mu.Unlock()
		out = map[string]any{"channel": channel(id, name, false)}
	case "conversations.open":
		out = map[string]any{"channel": map[string]any{"id": fmt.Sprintf("D0LOAD%05d", n), "is_im": true}}
	case "conversations.history", "conversations.replies":
		out = map[string]any{"messages": []any{}, "has_more": false}
	case "conversations.list":
		out = map[string]any{"channels": []any{}, "response_metadata": map[string]any{"next_cursor": ""}}
	case "chat.getPermalink":
		ch := r.Form.Get("channel")
		out = map[string]any{"channel": ch, "permalink": "https://lasttest.slack.com/archives/" + ch + "/p" + strings.ReplaceAll(r.Form.Get("message_ts"), ".", "")}
	case "files.getUploadURLExternal":
		out = map[string]any{"upload_url": "http://" + r.Host + "/upload/" + fmt.Sprint(n), "file_id": fmt.Sprintf("F0LOAD%05d", n)}
	case "files.completeUploadExternal":
		out = map[string]any{"files": []any{map[string]any{"id": fmt.Sprintf("F0LOAD%05d", n), "title": "rapport"}}}
	default:
		out = map[string]any{}
	}
	out["ok"] = true
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(out)
}

// channel is a conversation object as Slack returns it.
func channel(id, name string, private bool) map[string]any {
	return map[string]any{"id": id, "name": name, "is_channel": true, "is_private": private,
		"is_member": true, "created": time.Now().Unix(), "creator": stubBotUser}
}
