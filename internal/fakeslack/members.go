package fakeslack

import (
	"slices"
	"strconv"
)

// conversationsMembers lists the members of a conversation the bot can see,
// with cursor paging as Slack does (limit under 1000, default 100,
// next_cursor empty on the last page).
func (s *Server) conversationsMembers(req *request) (map[string]any, *Failure) {
	ch := s.visibleLocked(req.params.Get("channel"))
	if ch == nil {
		return fail("channel_not_found")
	}
	limit := 100
	if v := req.params.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n >= maxListLimit {
			return fail("invalid_limit")
		}
		if n > 0 {
			limit = n
		}
	}
	start := 0
	if c := req.params.Get("cursor"); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 0 || n > len(ch.Members) {
			return fail("invalid_cursor")
		}
		start = n
	}
	end := min(start+limit, len(ch.Members))
	out := append([]string{}, ch.Members[start:end]...)
	next := ""
	if end < len(ch.Members) {
		next = strconv.Itoa(end)
	}
	return map[string]any{"members": out, "response_metadata": map[string]any{"next_cursor": next}}, nil
}

// RemoveMember takes a user (or BotUserID) out of a channel, as when
// someone leaves it. It does nothing if the channel does not exist.
func (s *Server) RemoveMember(channelID, userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.channels[channelID]; ch != nil {
		ch.Members = slices.DeleteFunc(ch.Members, func(m string) bool { return m == userID })
	}
}
