package fakeslack

import (
	"encoding/json"
	"slices"
	"strings"
)

// Wire encodings of workspace objects, with the fields Slack sends and
// slack-go decodes.

func channelJSON(ch *Channel) map[string]any {
	isMember := slices.Contains(ch.Members, BotUserID)
	if ch.DMUser != "" {
		return map[string]any{
			"id": ch.ID, "created": ch.Created.Unix(), "is_im": true, "is_org_shared": false,
			"user": ch.DMUser, "is_user_deleted": false, "priority": 0,
		}
	}
	topic := map[string]any{"value": ch.Topic, "creator": "", "last_set": 0}
	if ch.Topic != "" {
		topic["creator"] = BotUserID
		topic["last_set"] = ch.topicSet.Unix()
	}
	return map[string]any{
		"id":                    ch.ID,
		"name":                  ch.Name,
		"name_normalized":       ch.Name,
		"is_channel":            true,
		"is_group":              false,
		"is_im":                 false,
		"is_mpim":               false,
		"is_private":            ch.Private,
		"created":               ch.Created.Unix(),
		"creator":               ch.Creator,
		"is_archived":           false,
		"is_general":            false,
		"unlinked":              0,
		"is_shared":             false,
		"is_ext_shared":         false,
		"is_org_shared":         false,
		"is_pending_ext_shared": false,
		"pending_shared":        []string{},
		"is_member":             isMember,
		"num_members":           len(ch.Members),
		"last_read":             "0000000000.000000",
		"topic":                 topic,
		"purpose":               map[string]any{"value": "", "creator": "", "last_set": 0},
		"previous_names":        []string{},
		"priority":              0,
	}
}

// messageJSON encodes a message; metadata is left out unless withMetadata,
// as conversations.history does without include_all_metadata.
func (s *Server) messageJSON(ch *Channel, m Message, withMetadata bool) map[string]any {
	out := map[string]any{
		"type": "message",
		"user": m.User,
		"text": m.Text,
		"ts":   m.TS,
		"team": TeamID,
	}
	if m.User == BotUserID {
		out["bot_id"] = BotID
		out["app_id"] = AppID
	}
	if m.ThreadTS != "" {
		out["thread_ts"] = m.ThreadTS
	}
	if m.SubType != "" {
		out["subtype"] = m.SubType
	}
	if len(m.Blocks) > 0 {
		out["blocks"] = m.Blocks
	}
	if withMetadata && len(m.Metadata) > 0 {
		out["metadata"] = m.Metadata
	}
	if m.Updated {
		out["edited"] = map[string]any{"user": BotUserID, "ts": m.TS}
	}
	if len(m.Files) > 0 {
		var files []map[string]any
		for _, id := range m.Files {
			if f := s.files[id]; f != nil {
				files = append(files, fileJSON(f))
			}
		}
		out["files"] = files
		out["upload"] = true
	}
	if slices.Contains(ch.Pins, m.TS) {
		out["pinned_to"] = []string{ch.ID}
	}
	if n := ch.threadReplies(m.TS); n > 0 {
		out["reply_count"] = n
	}
	return out
}

// threadReplies returns how many replies the thread started by ts has.
func (ch *Channel) threadReplies(ts string) int {
	n := 0
	for _, m := range ch.Messages {
		if m.ThreadTS == ts && m.TS != ts {
			n++
		}
	}
	return n
}

func fileJSON(f *File) map[string]any {
	return map[string]any{
		"id":        f.ID,
		"name":      f.Name,
		"title":     f.Title,
		"size":      len(f.Content),
		"mimetype":  "application/octet-stream",
		"filetype":  fileType(f.Name),
		"user":      BotUserID,
		"is_public": true,
	}
}

func fileType(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return strings.ToLower(name[i+1:])
	}
	return "binary"
}

func userJSON(u *user) map[string]any {
	return map[string]any{
		"id":          u.id,
		"team_id":     TeamID,
		"name":        u.name,
		"deleted":     false,
		"real_name":   u.name,
		"tz":          "Europe/Oslo",
		"tz_label":    "Central European Time",
		"tz_offset":   3600,
		"is_bot":      u.bot,
		"is_admin":    false,
		"is_owner":    false,
		"is_app_user": false,
		"profile": map[string]any{
			"real_name":            u.name,
			"real_name_normalized": u.name,
			"display_name":         u.name,
			"email":                u.email,
			"team":                 TeamID,
		},
	}
}

// rawJSON parses a JSON parameter, reporting whether it is valid JSON.
func rawJSON(s string) (json.RawMessage, bool) {
	if !json.Valid([]byte(s)) {
		return nil, false
	}
	return json.RawMessage(s), true
}
