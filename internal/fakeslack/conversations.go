package fakeslack

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Slack's limits for channel names and topics.
const (
	maxChannelName = 80
	maxTopic       = 250
)

// channelNameError returns the Slack error for an invalid channel name, or "".
func channelNameError(name string) string {
	switch {
	case name == "":
		return "invalid_name_required"
	case utf8.RuneCountInString(name) > maxChannelName:
		return "invalid_name_maxlength"
	}
	punctuation := true
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			punctuation = false
		case r == '-' || r == '_':
		default:
			return "invalid_name_specials"
		}
	}
	if punctuation {
		return "invalid_name_punctuation"
	}
	return ""
}

func (s *Server) conversationsCreate(req *request) (map[string]any, *Failure) {
	name := req.params.Get("name")
	if code := channelNameError(name); code != "" {
		return fail(code)
	}
	if s.byNameLocked(name) != nil {
		return fail("name_taken")
	}
	ch := &Channel{
		ID:      s.nextIDLocked("C"),
		Name:    name,
		Private: boolParam(req, "is_private"),
		Creator: BotUserID,
		Created: s.now(),
		Members: []string{BotUserID},
	}
	s.channels[ch.ID] = ch
	return map[string]any{"channel": channelJSON(ch)}, nil
}

// memberChannelLocked returns the channel named by the "channel" parameter
// if the bot is a member of it, or the Slack error.
func (s *Server) memberChannelLocked(req *request) (*Channel, *Failure) {
	ch := s.visibleLocked(req.params.Get("channel"))
	if ch == nil {
		_, f := fail("channel_not_found")
		return nil, f
	}
	if !slices.Contains(ch.Members, BotUserID) {
		_, f := fail("not_in_channel")
		return nil, f
	}
	return ch, nil
}

// conversationsInvite adds users to a channel. Without force=true any bad
// user fails the whole call and nobody is added, as in Slack; with force the
// good users are added and the bad ones reported in "errors".
func (s *Server) conversationsInvite(req *request) (map[string]any, *Failure) {
	ch, f := s.memberChannelLocked(req)
	if f != nil {
		return nil, f
	}
	if ch.DMUser != "" {
		return fail("method_not_supported_for_channel_type")
	}
	var users []string
	for _, u := range strings.Split(req.params.Get("users"), ",") {
		if u = strings.TrimSpace(u); u != "" {
			users = append(users, u)
		}
	}
	if len(users) == 0 {
		return fail("no_user")
	}
	var errs []map[string]any
	var add []string
	for _, id := range users {
		code := ""
		switch u := s.users[id]; {
		case id == BotUserID:
			code = "cant_invite_self"
		case u == nil:
			code = "user_not_found"
		case slices.Contains(ch.Members, id) || slices.Contains(add, id):
			code = "already_in_channel"
		}
		if code != "" {
			errs = append(errs, map[string]any{"ok": false, "error": code, "user": id})
			continue
		}
		add = append(add, id)
	}
	force := boolParam(req, "force")
	if len(errs) > 0 && !force {
		return fail(errs[0]["error"].(string))
	}
	ch.Members = append(ch.Members, add...)
	if len(errs) > 0 {
		return map[string]any{"ok": false, "error": errs[0]["error"], "errors": errs}, nil
	}
	return map[string]any{"channel": channelJSON(ch)}, nil
}

func (s *Server) conversationsSetTopic(req *request) (map[string]any, *Failure) {
	ch, f := s.memberChannelLocked(req)
	if f != nil {
		return nil, f
	}
	topic := req.params.Get("topic")
	if utf8.RuneCountInString(topic) > maxTopic {
		return fail("too_long")
	}
	ch.Topic = topic
	ch.topicSet = s.now()
	return map[string]any{"channel": channelJSON(ch)}, nil
}

func (s *Server) conversationsInfo(req *request) (map[string]any, *Failure) {
	ch := s.visibleLocked(req.params.Get("channel"))
	if ch == nil {
		return fail("channel_not_found")
	}
	out := channelJSON(ch)
	if !boolParam(req, "include_num_members") {
		delete(out, "num_members")
	}
	return map[string]any{"channel": out}, nil
}

func (s *Server) conversationsJoin(req *request) (map[string]any, *Failure) {
	ch := s.visibleLocked(req.params.Get("channel"))
	switch {
	case ch == nil:
		return fail("channel_not_found")
	case ch.Private || ch.DMUser != "":
		return fail("method_not_supported_for_channel_type")
	}
	if slices.Contains(ch.Members, BotUserID) {
		return map[string]any{
			"channel":           channelJSON(ch),
			"warning":           "already_in_channel",
			"response_metadata": map[string]any{"warnings": []string{"already_in_channel"}},
		}, nil
	}
	ch.Members = append(ch.Members, BotUserID)
	return map[string]any{"channel": channelJSON(ch)}, nil
}

// conversationsOpen opens the bot's DM with one user.
func (s *Server) conversationsOpen(req *request) (map[string]any, *Failure) {
	if id := req.params.Get("channel"); id != "" {
		ch := s.visibleLocked(id)
		if ch == nil || ch.DMUser == "" {
			return fail("channel_not_found")
		}
		return map[string]any{"channel": map[string]any{"id": ch.ID}, "already_open": true}, nil
	}
	users := strings.Split(req.params.Get("users"), ",")
	if len(users) != 1 || users[0] == "" {
		return fail("users_list_not_supplied")
	}
	u := s.users[users[0]]
	if u == nil || u.bot {
		return fail("user_not_found")
	}
	_, existed := s.channels["D"+strings.TrimPrefix(u.id, "U")]
	ch := s.dmLocked(u.id)
	if boolParam(req, "return_im") {
		return map[string]any{"channel": channelJSON(ch), "already_open": existed}, nil
	}
	return map[string]any{"channel": map[string]any{"id": ch.ID}, "already_open": existed}, nil
}

// conversationsHistory returns the channel's top-level messages newest
// first, with metadata only when include_all_metadata is set. oldest and
// latest bound the range (exclusive unless inclusive), limit (default 100)
// and cursor page through it.
func (s *Server) conversationsHistory(req *request) (map[string]any, *Failure) {
	ch, f := s.memberChannelLocked(req)
	if f != nil {
		return nil, f
	}
	oldest, latest := req.params.Get("oldest"), req.params.Get("latest")
	inclusive := boolParam(req, "inclusive")
	var picked []Message
	for i := len(ch.Messages) - 1; i >= 0; i-- {
		m := ch.Messages[i]
		if m.ThreadTS != "" && m.ThreadTS != m.TS {
			continue
		}
		if !inRange(m.TS, oldest, latest, inclusive) {
			continue
		}
		picked = append(picked, m)
	}
	return s.page(ch, req, picked, boolParam(req, "include_all_metadata"))
}

// conversationsReplies returns a thread, parent first, oldest first.
func (s *Server) conversationsReplies(req *request) (map[string]any, *Failure) {
	ch, f := s.memberChannelLocked(req)
	if f != nil {
		return nil, f
	}
	ts := req.params.Get("ts")
	if ch.messageIndex(ts) < 0 {
		return fail("thread_not_found")
	}
	var picked []Message
	for _, m := range ch.Messages {
		if m.TS == ts || m.ThreadTS == ts {
			picked = append(picked, m)
		}
	}
	return s.page(ch, req, picked, boolParam(req, "include_all_metadata"))
}

// page cuts one page of messages by the limit and cursor parameters.
func (s *Server) page(ch *Channel, req *request, msgs []Message, withMetadata bool) (map[string]any, *Failure) {
	limit := 100
	if v := req.params.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fail("invalid_limit")
		}
		limit = min(n, 999)
	}
	start := 0
	if c := req.params.Get("cursor"); c != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(c, "offset:"))
		if err != nil || n < 0 || n > len(msgs) {
			return fail("invalid_cursor")
		}
		start = n
	}
	end := min(start+limit, len(msgs))
	out := make([]map[string]any, 0, end-start)
	for _, m := range msgs[start:end] {
		out = append(out, s.messageJSON(ch, m, withMetadata))
	}
	next := ""
	if end < len(msgs) {
		next = "offset:" + strconv.Itoa(end)
	}
	return map[string]any{
		"messages":          out,
		"has_more":          next != "",
		"pin_count":         len(ch.Pins),
		"response_metadata": map[string]any{"next_cursor": next},
	}, nil
}

// inRange reports whether ts lies between oldest and latest ("" = open).
func inRange(ts, oldest, latest string, inclusive bool) bool {
	t := tsMicros(ts)
	if oldest != "" {
		o := tsMicros(oldest)
		if t < o || (t == o && !inclusive) {
			return false
		}
	}
	if latest != "" {
		l := tsMicros(latest)
		if t > l || (t == l && !inclusive) {
			return false
		}
	}
	return true
}

// tsMicros converts a Slack timestamp ("1700000000.000100") to
// microseconds; float64 would lose the last digits.
func tsMicros(ts string) int64 {
	sec, frac, _ := strings.Cut(ts, ".")
	frac = (frac + "000000")[:6]
	s, _ := strconv.ParseInt(sec, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	return s*1_000_000 + f
}

// maxListLimit is the first limit conversations.list refuses.
const maxListLimit = 1000

// conversationsList lists the conversations the bot can see, by ID, with
// the types asked for (public_channel, private_channel; default public)
// and cursor paging as Slack does (next_cursor empty on the last page).
func (s *Server) conversationsList(req *request) (map[string]any, *Failure) {
	types := req.params.Get("types")
	if types == "" {
		types = "public_channel"
	}
	wantPublic := strings.Contains(types, "public_channel")
	wantPrivate := strings.Contains(types, "private_channel")
	var ids []string
	for id, ch := range s.channels {
		if ch.DMUser != "" || s.visibleLocked(id) == nil {
			continue
		}
		if (ch.Private && wantPrivate) || (!ch.Private && wantPublic) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	limit := 100
	if v := req.params.Get("limit"); v != "" {
		// Slack: "Must be an integer under 1000".
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n >= maxListLimit {
			return fail("invalid_limit")
		}
		if n > 0 {
			limit = n
		}
	}
	start, _ := strconv.Atoi(req.params.Get("cursor"))
	if start < 0 || start > len(ids) {
		start = len(ids)
	}
	end := min(start+limit, len(ids))
	var out []map[string]any
	for _, id := range ids[start:end] {
		out = append(out, channelJSON(s.channels[id]))
	}
	next := ""
	if end < len(ids) {
		next = strconv.Itoa(end)
	}
	return map[string]any{"channels": out, "response_metadata": map[string]any{"next_cursor": next}}, nil
}
