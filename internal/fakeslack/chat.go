package fakeslack

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"
)

// Slack's limits for message content.
const (
	maxText          = 40000
	maxMessageBlocks = 50
	maxViewBlocks    = 100
)

// content is the text, blocks and metadata parameters of a message call.
type content struct {
	text                        string
	blocks, metadata            json.RawMessage
	hasText, hasBlocks, hasMeta bool
	hasAttachments              bool
}

// parseContent reads and validates the content parameters of req.
func parseContent(req *request) (content, *Failure) {
	var c content
	c.text, c.hasText = req.params.Get("text"), req.params.Has("text")
	if utf8.RuneCountInString(c.text) > maxText {
		_, f := fail("msg_too_long")
		return c, f
	}
	if req.params.Has("blocks") {
		c.hasBlocks = true
		raw, ok := rawJSON(req.params.Get("blocks"))
		if !ok {
			_, f := fail("invalid_blocks_format")
			return c, f
		}
		if code := validateBlocks(raw, maxMessageBlocks); code != "" {
			_, f := fail(code)
			return c, f
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
			_, f := fail("invalid_metadata_format")
			return c, f
		}
		c.metadata = json.RawMessage(raw)
	}
	a := strings.TrimSpace(req.params.Get("attachments"))
	c.hasAttachments = a != "" && a != "[]" && a != "null"
	return c, nil
}

func (c content) empty() bool { return c.text == "" && len(c.blocks) == 0 && !c.hasAttachments }

func (s *Server) chatPostMessage(req *request) (map[string]any, *Failure) {
	ch := s.resolveLocked(req.params.Get("channel"))
	if ch == nil {
		return fail("channel_not_found")
	}
	c, f := parseContent(req)
	if f != nil {
		return nil, f
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
	c, f := parseContent(req)
	if f != nil {
		return nil, f
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
	c, f := parseContent(req)
	if f != nil {
		return nil, f
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

// Limits of Block Kit that Slack enforces with invalid_blocks.
const (
	maxHeaderText  = 150
	maxSectionText = 3000
	maxFields      = 10
	maxFieldText   = 2000
	maxBlockID     = 255
	maxActions     = 25
	maxContext     = 10
)

// validateBlocks checks a blocks array against the Block Kit limits that
// most often bite: block count, header and section text lengths, fields,
// block_id length and uniqueness. It returns "invalid_blocks" or "".
func validateBlocks(raw json.RawMessage, maxBlocks int) string {
	var blocks []map[string]any
	if err := json.Unmarshal(raw, &blocks); err != nil {
		return "invalid_blocks_format"
	}
	if len(blocks) > maxBlocks {
		return "invalid_blocks"
	}
	ids := map[string]bool{}
	for _, b := range blocks {
		typ, _ := b["type"].(string)
		if typ == "" {
			return "invalid_blocks"
		}
		if id, _ := b["block_id"].(string); id != "" {
			if ids[id] || utf8.RuneCountInString(id) > maxBlockID {
				return "invalid_blocks"
			}
			ids[id] = true
		}
		text := textOf(b["text"])
		switch typ {
		case "header":
			if text == "" || utf8.RuneCountInString(text) > maxHeaderText {
				return "invalid_blocks"
			}
		case "section":
			fields, _ := b["fields"].([]any)
			if utf8.RuneCountInString(text) > maxSectionText || len(fields) > maxFields {
				return "invalid_blocks"
			}
			if text == "" && len(fields) == 0 {
				return "invalid_blocks"
			}
			for _, fl := range fields {
				if utf8.RuneCountInString(textOf(fl)) > maxFieldText {
					return "invalid_blocks"
				}
			}
		case "actions", "context":
			limit := maxActions
			if typ == "context" {
				limit = maxContext
			}
			if els, _ := b["elements"].([]any); len(els) == 0 || len(els) > limit {
				return "invalid_blocks"
			}
		}
	}
	return ""
}

// textOf returns the "text" of a text object, or "".
func textOf(v any) string {
	obj, _ := v.(map[string]any)
	s, _ := obj["text"].(string)
	return s
}
