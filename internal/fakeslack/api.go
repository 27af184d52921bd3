package fakeslack

import (
	"net/http"
	"strings"
)

// builtin is the implementation of one Web API method. It runs with s.mu
// held and returns the fields of a successful answer or a Failure.
type builtin func(s *Server, req *request) (map[string]any, *Failure)

// methods lists the Web API methods the fake implements.
var methods = map[string]builtin{
	"auth.test":                    (*Server).authTest,
	"apps.connections.open":        (*Server).appsConnectionsOpen,
	"conversations.create":         (*Server).conversationsCreate,
	"conversations.invite":         (*Server).conversationsInvite,
	"conversations.setTopic":       (*Server).conversationsSetTopic,
	"conversations.info":           (*Server).conversationsInfo,
	"conversations.list":           (*Server).conversationsList,
	"conversations.members":        (*Server).conversationsMembers,
	"conversations.join":           (*Server).conversationsJoin,
	"conversations.open":           (*Server).conversationsOpen,
	"conversations.history":        (*Server).conversationsHistory,
	"conversations.replies":        (*Server).conversationsReplies,
	"chat.postMessage":             (*Server).chatPostMessage,
	"chat.update":                  (*Server).chatUpdate,
	"chat.postEphemeral":           (*Server).chatPostEphemeral,
	"chat.getPermalink":            (*Server).chatGetPermalink,
	"pins.add":                     (*Server).pinsAdd,
	"users.lookupByEmail":          (*Server).usersLookupByEmail,
	"users.info":                   (*Server).usersInfo,
	"views.open":                   (*Server).viewsOpen,
	"views.update":                 (*Server).viewsUpdate,
	"files.getUploadURLExternal":   (*Server).filesGetUploadURLExternal,
	"files.completeUploadExternal": (*Server).filesCompleteUploadExternal,
}

// serveAPI answers POST (and GET) /api/<method>.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	req, parseErr := parseRequest(r)
	call := Call{Method: method, Params: withoutToken(req.params), JSON: req.json, At: s.now()}
	if s.intercept(w, r, call) {
		return
	}
	if parseErr != "" {
		s.writeFailure(w, call, Failure{SlackError: parseErr})
		return
	}
	if code := s.authError(method, req.token); code != "" {
		s.writeFailure(w, call, Failure{SlackError: code})
		return
	}

	s.mu.Lock()
	custom := s.handlers[method]
	s.mu.Unlock()
	var (
		resp map[string]any
		fail *Failure
	)
	switch impl, ok := methods[method]; {
	case custom != nil:
		resp, fail = custom(withoutToken(req.params))
	case ok:
		s.mu.Lock()
		resp, fail = impl(s, req)
		s.mu.Unlock()
	default:
		fail = &Failure{SlackError: "unknown_method"}
	}
	if fail != nil && fail.Delay > 0 && !sleep(r.Context(), fail.Delay) {
		s.record(call, 0, "cancelled")
		return
	}
	if fail != nil && fail.fails() {
		s.writeFailure(w, call, *fail)
		return
	}
	if resp == nil {
		resp = map[string]any{}
	}
	if _, ok := resp["ok"]; !ok {
		resp["ok"] = true
	}
	slackErr, _ := resp["error"].(string)
	s.record(call, http.StatusOK, slackErr)
	writeJSON(w, http.StatusOK, resp)
}

// authError checks the token of a call the way Slack does: the app-level
// token only opens Socket Mode connections, the bot token does the rest.
func (s *Server) authError(method, token string) string {
	want, other := s.cfg.token, s.cfg.appToken
	if method == "apps.connections.open" {
		want, other = other, want
	}
	switch token {
	case "":
		return "not_authed"
	case want:
		return ""
	case other:
		return "not_allowed_token_type"
	default:
		return "invalid_auth"
	}
}

// fail is the Failure of a Slack error code.
func fail(code string) (map[string]any, *Failure) {
	return nil, &Failure{SlackError: code}
}

// boolParam reports whether a boolean parameter is set to true ("true" or "1").
func boolParam(req *request, name string) bool {
	v := req.params.Get(name)
	return v == "true" || v == "1"
}
