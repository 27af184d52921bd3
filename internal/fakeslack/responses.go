package fakeslack

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/url"
	"unicode/utf8"
)

// ResponseURL returns a response_url on this server that records the JSON
// bodies POSTed to it under id, for slash command and interaction payloads.
func (s *Server) ResponseURL(id string) string {
	return s.base() + "/response/" + url.PathEscape(id)
}

// Responses returns the JSON bodies POSTed to ResponseURL(id), oldest first.
func (s *Server) Responses(id string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]map[string]any, 0, len(s.resps[id]))
	for _, r := range s.resps[id] {
		out = append(out, maps.Clone(r))
	}
	return out
}

// serveResponseURL records a response_url body. Like Slack it answers
// {"ok":true}, or HTTP 400 "invalid_payload" for a body that is not a JSON
// object. A message Slack would reject (text over 40,000 characters,
// blocks breaking a Block Kit limit) gets HTTP 400 with the error code as
// the body, as Slack's webhooks answer, and is not recorded.
func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	call := Call{Method: MethodResponseURL, Params: url.Values{"id": {id}}, At: s.now()}
	body, err := io.ReadAll(r.Body)
	var msg map[string]any
	if err == nil {
		err = json.Unmarshal(body, &msg)
	}
	call.JSON = msg
	if s.intercept(w, r, call) {
		return
	}
	if err != nil || msg == nil {
		s.record(call, http.StatusBadRequest, "invalid_payload")
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	if code := responseError(msg); code != "" {
		s.record(call, http.StatusBadRequest, code)
		http.Error(w, code, http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.resps[id] = append(s.resps[id], msg)
	s.mu.Unlock()
	s.record(call, http.StatusOK, "")
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}

// responseError returns the error code Slack gives a response_url message,
// or "" if the message is valid.
func responseError(msg map[string]any) string {
	if text, _ := msg["text"].(string); utf8.RuneCountInString(text) > maxText {
		return "msg_too_long"
	}
	if blocks, ok := msg["blocks"]; ok && blocks != nil {
		if _, isArray := blocks.([]any); !isArray {
			return "invalid_blocks_format"
		}
		if validateBlocks(blocks, "/blocks", maxMessageBlocks) != nil {
			return "invalid_blocks"
		}
	}
	return ""
}
