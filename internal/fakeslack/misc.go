package fakeslack

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
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
