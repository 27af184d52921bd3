package fakeslack

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxText is the longest text parameter chat.postMessage accepts.
const maxText = 40000

// content is the text, blocks and metadata parameters of a message call.
type content struct {
	text                        string
	blocks, metadata            json.RawMessage
	hasText, hasBlocks, hasMeta bool
	hasAttachments              bool
}

// parseContent reads and validates the content parameters of req. A
// non-nil answer is the error Slack sends instead.
func parseContent(req *request) (content, map[string]any) {
	var c content
	c.text, c.hasText = req.params.Get("text"), req.params.Has("text")
	if utf8.RuneCountInString(c.text) > maxText {
		return c, errorAnswer("msg_too_long")
	}
	if req.params.Has("blocks") {
		c.hasBlocks = true
		raw, ok := rawJSON(req.params.Get("blocks"))
		if !ok {
			return c, errorAnswer("invalid_blocks_format")
		}
		var blocks any
		_ = json.Unmarshal(raw, &blocks)
		if _, isArray := blocks.([]any); !isArray {
			return c, errorAnswer("invalid_blocks_format")
		}
		if problems := validateBlocks(blocks, "/blocks", maxMessageBlocks); problems != nil {
			return c, invalid("invalid_blocks", problems)
		}
		if string(raw) != "[]" {
			c.blocks = raw
		}
	}
	if req.params.Has("metadata") {
		c.hasMeta = true
		var meta struct {
			EventType string `json:"event_type"`
		}
		raw := req.params.Get("metadata")
		if err := json.Unmarshal([]byte(raw), &meta); err != nil || meta.EventType == "" {
			return c, errorAnswer("invalid_metadata_format")
		}
		c.metadata = json.RawMessage(raw)
	}
	a := strings.TrimSpace(req.params.Get("attachments"))
	c.hasAttachments = a != "" && a != "[]" && a != "null"
	return c, nil
}

// errorAnswer is the answer {"ok":false,"error":code}.
func errorAnswer(code string) map[string]any {
	return map[string]any{"ok": false, "error": code}
}

func (c content) empty() bool { return c.text == "" && len(c.blocks) == 0 && !c.hasAttachments }

func (s *Server) chatPostMessage(req *request) (map[string]any, *Failure) {
	ch := s.resolveLocked(req.params.Get("channel"))
	if ch == nil {
		return fail("channel_not_found")
	}
	c, bad := parseContent(req)
	if bad != nil {
		return bad, nil
	}
	if c.empty() {
		return fail("no_text")
	}
	m := Message{
		TS:       s.nextTSLocked(),
		ThreadTS: req.params.Get("thread_ts"),
		User:     BotUserID,
		Text:     c.text,
		Blocks:   c.blocks,
		Metadata: c.metadata,
	}
	ch.Messages = append(ch.Messages, m)
	return map[string]any{"channel": ch.ID, "ts": m.TS, "message": s.messageJSON(ch, m, true)}, nil
}

// chatUpdate changes the text, blocks and metadata that are given and keeps
// the rest.
func (s *Server) chatUpdate(req *request) (map[string]any, *Failure) {
	ch := s.visibleLocked(req.params.Get("channel"))
	if ch == nil {
		return fail("channel_not_found")
	}
	i := ch.messageIndex(req.params.Get("ts"))
	if i < 0 {
		return fail("message_not_found")
	}
	m := ch.Messages[i]
	if m.User != BotUserID {
		return fail("cant_update_message")
	}
	c, bad := parseContent(req)
	if bad != nil {
		return bad, nil
	}
	if c.hasText {
		m.Text = c.text
	}
	if c.hasBlocks {
		m.Blocks = c.blocks
	}
	if c.hasMeta {
		m.Metadata = c.metadata
	}
	if m.Text == "" && len(m.Blocks) == 0 && !c.hasAttachments && len(m.Files) == 0 {
		return fail("no_text")
	}
	m.Updated = true
	ch.Messages[i] = m
	return map[string]any{"channel": ch.ID, "ts": m.TS, "text": m.Text, "message": s.messageJSON(ch, m, true)}, nil
}

// chatPostEphemeral shows a message to one user. The user must be known to
// the workspace (AddUser); Slack answers user_not_in_channel otherwise.
func (s *Server) chatPostEphemeral(req *request) (map[string]any, *Failure) {
	ch := s.resolveLocked(req.params.Get("channel"))
	if ch == nil {
		return fail("channel_not_found")
	}
	to := req.params.Get("user")
	if u := s.users[to]; u == nil || u.bot {
		return fail("user_not_in_channel")
	}
	c, bad := parseContent(req)
	if bad != nil {
		return bad, nil
	}
	if c.empty() {
		return fail("no_text")
	}
	m := Message{TS: s.nextTSLocked(), ThreadTS: req.params.Get("thread_ts"), User: BotUserID,
		To: to, Text: c.text, Blocks: c.blocks}
	ch.Ephemerals = append(ch.Ephemerals, m)
	return map[string]any{"message_ts": m.TS}, nil
}

func (s *Server) chatGetPermalink(req *request) (map[string]any, *Failure) {
	ch := s.visibleLocked(req.params.Get("channel"))
	if ch == nil {
		return fail("channel_not_found")
	}
	ts := req.params.Get("message_ts")
	i := ch.messageIndex(ts)
	if i < 0 {
		return fail("message_not_found")
	}
	link := TeamURL + "archives/" + ch.ID + "/p" + strings.Replace(ts, ".", "", 1)
	if t := ch.Messages[i].ThreadTS; t != "" && t != ts {
		link += "?thread_ts=" + t + "&cid=" + ch.ID
	}
	return map[string]any{"channel": ch.ID, "permalink": link}, nil
}

func (s *Server) pinsAdd(req *request) (map[string]any, *Failure) {
	ch, f := s.memberChannelLocked(req)
	if f != nil {
		return nil, f
	}
	ts := req.params.Get("timestamp")
	switch {
	case ts == "":
		return fail("no_item_specified")
	case ch.messageIndex(ts) < 0:
		return fail("message_not_found")
	case slices.Contains(ch.Pins, ts):
		return fail("already_pinned")
	}
	ch.Pins = append(ch.Pins, ts)
	return map[string]any{}, nil
}
