package fakeslack

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

func (s *Server) authTest(*request) (map[string]any, *Failure) {
	return map[string]any{
		"url":                   TeamURL,
		"team":                  TeamName,
		"user":                  "beredskapsbot",
		"team_id":               TeamID,
		"user_id":               BotUserID,
		"bot_id":                BotID,
		"is_enterprise_install": false,
	}, nil
}

func (s *Server) usersLookupByEmail(req *request) (map[string]any, *Failure) {
	email := strings.TrimSpace(req.params.Get("email"))
	for _, u := range s.users {
		if email != "" && strings.EqualFold(u.email, email) {
			return map[string]any{"user": userJSON(u)}, nil
		}
	}
	return fail("users_not_found")
}

func (s *Server) usersInfo(req *request) (map[string]any, *Failure) {
	u := s.users[req.params.Get("user")]
	if u == nil {
		return fail("user_not_found")
	}
	return map[string]any{"user": userJSON(u)}, nil
}

// Limits of a modal view that Slack enforces with invalid_arguments.
const (
	maxViewTitle           = 24
	maxViewCallbackID      = 255
	maxViewPrivateMetadata = 3000
)

// viewsOpen opens a modal. It checks the limits that Slack rejects with
// invalid_arguments and a message per problem in response_metadata.
func (s *Server) viewsOpen(req *request) (map[string]any, *Failure) {
	if req.params.Get("trigger_id") == "" {
		return fail("invalid_arguments")
	}
	view, _ := req.json["view"].(map[string]any)
	if view == nil {
		return fail("invalid_arguments")
	}
	var problems []string
	if t, _ := view["type"].(string); t != "modal" {
		problems = append(problems, "[ERROR] must be 'modal' [json-pointer:/view/type]")
	}
	for _, key := range []string{"title", "submit", "close"} {
		text := textOf(view[key])
		if key == "title" && text == "" {
			problems = append(problems, "[ERROR] missing required field: title [json-pointer:/view/title]")
		}
		if utf8.RuneCountInString(text) > maxViewTitle {
			problems = append(problems, fmt.Sprintf("[ERROR] must be less than %d characters [json-pointer:/view/%s/text]", maxViewTitle+1, key))
		}
	}
	if id, _ := view["callback_id"].(string); utf8.RuneCountInString(id) > maxViewCallbackID {
		problems = append(problems, "[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]")
	}
	if pm, _ := view["private_metadata"].(string); len(pm) > maxViewPrivateMetadata {
		problems = append(problems, "[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]")
	}
	if blocks, ok := view["blocks"]; ok && blocks != nil {
		raw, _ := json.Marshal(blocks)
		if validateBlocks(raw, maxViewBlocks) != "" {
			problems = append(problems, "[ERROR] invalid blocks [json-pointer:/view/blocks]")
		}
	}
	if len(problems) > 0 {
		return map[string]any{
			"ok":                false,
			"error":             "invalid_arguments",
			"response_metadata": map[string]any{"messages": problems},
		}, nil
	}
	out := map[string]any{}
	for k, v := range view {
		out[k] = v
	}
	id := s.nextIDLocked("V")
	out["id"] = id
	out["team_id"] = TeamID
	out["app_id"] = AppID
	out["bot_id"] = BotID
	out["root_view_id"] = id
	out["hash"] = randomHex(8)
	out["state"] = map[string]any{"values": map[string]any{}}
	return map[string]any{"view": out}, nil
}

// appsConnectionsOpen hands out a one-time Socket Mode URL on this server.
func (s *Server) appsConnectionsOpen(*request) (map[string]any, *Failure) {
	ticket := randomHex(16)
	s.sock.tickets[ticket] = true
	wsURL := "ws" + strings.TrimPrefix(s.base(), "http") + "/link/?ticket=" + ticket + "&app_id=" + AppID
	return map[string]any{"url": wsURL}, nil
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
