package fakeslack

import (
	"encoding/json"
	"maps"
)

// Limits of a modal view that Slack enforces with invalid_arguments
// (docs.slack.dev/reference/views/modal-views).
const (
	maxViewTitle           = 24 // title, submit and close
	maxViewCallbackID      = 255
	maxViewPrivateMetadata = 3000
	maxViewExternalID      = 255
)

// viewsOpen opens a modal. It checks the limits that Slack rejects with
// invalid_arguments and a message per problem in response_metadata.
func (s *Server) viewsOpen(req *request) (map[string]any, *Failure) {
	if req.params.Get("trigger_id") == "" {
		return invalid("invalid_arguments", []string{"missing required field: trigger_id [json-pointer:/trigger_id]"}), nil
	}
	view, bad := checkView(req)
	if bad != nil {
		return bad, nil
	}
	if ext, _ := view["external_id"].(string); ext != "" {
		for _, v := range s.views {
			if v["external_id"] == ext {
				return errorAnswer("duplicate_external_id"), nil
			}
		}
	}
	out := maps.Clone(view)
	id := s.nextIDLocked("V")
	out["id"] = id
	out["team_id"] = TeamID
	out["app_id"] = AppID
	out["bot_id"] = BotID
	out["root_view_id"] = id
	out["previous_view_id"] = nil
	out["hash"] = randomHex(8)
	out["state"] = map[string]any{"values": map[string]any{}}
	s.views[id] = out
	return map[string]any{"view": out}, nil
}

// viewsUpdate replaces an open modal, found by view_id or external_id. A
// hash that is given must be the view's current one (hash_conflict).
func (s *Server) viewsUpdate(req *request) (map[string]any, *Failure) {
	var old map[string]any
	if id := req.params.Get("view_id"); id != "" {
		old = s.views[id]
	} else if ext := req.params.Get("external_id"); ext != "" {
		for _, v := range s.views {
			if v["external_id"] == ext {
				old = v
			}
		}
	} else {
		return invalid("invalid_arguments", []string{"missing required field: view_id or external_id [json-pointer:/view_id]"}), nil
	}
	if old == nil {
		return errorAnswer("not_found"), nil
	}
	view, bad := checkView(req)
	if bad != nil {
		return bad, nil
	}
	if h := req.params.Get("hash"); h != "" && h != old["hash"] {
		return errorAnswer("hash_conflict"), nil
	}
	out := maps.Clone(view)
	for _, k := range []string{"id", "team_id", "app_id", "bot_id", "root_view_id", "previous_view_id", "state"} {
		out[k] = old[k]
	}
	if ext, ok := old["external_id"]; ok {
		out["external_id"] = ext
	}
	out["hash"] = randomHex(8)
	s.views[old["id"].(string)] = out
	return map[string]any{"view": out}, nil
}

// checkView returns the view of a views.open or views.update request, or
// the invalid_arguments answer Slack gives for it.
func checkView(req *request) (map[string]any, map[string]any) {
	var view map[string]any
	if err := json.Unmarshal([]byte(req.params.Get("view")), &view); err != nil || view == nil {
		return nil, invalid("invalid_arguments", []string{"missing required field: view [json-pointer:/view]"})
	}
	var c blockCheck
	if t, _ := view["type"].(string); t != "modal" {
		c.add("/view/type", "must be 'modal'")
	}
	c.text("/view/title", view["title"], true, maxViewTitle)
	for _, key := range []string{"submit", "close"} {
		if v, ok := view[key]; ok && v != nil {
			c.text("/view/"+key, v, true, maxViewTitle)
		}
	}
	if id, _ := view["callback_id"].(string); id != "" {
		c.maxLen("/view/callback_id", id, maxViewCallbackID)
	}
	if pm, _ := view["private_metadata"].(string); pm != "" {
		c.maxLen("/view/private_metadata", pm, maxViewPrivateMetadata)
	}
	if ext, _ := view["external_id"].(string); ext != "" {
		c.maxLen("/view/external_id", ext, maxViewExternalID)
	}
	blocks, _ := view["blocks"].([]any)
	if v, ok := view["blocks"]; ok && v != nil {
		c.problems = append(c.problems, validateBlocks(v, "/view/blocks", maxViewBlocks)...)
	}
	if view["submit"] == nil && hasInput(blocks) {
		c.add("/view/submit", "must provide submit when the view contains input blocks")
	}
	if c.problems != nil {
		return nil, invalid("invalid_arguments", c.problems)
	}
	return view, nil
}

// hasInput reports whether blocks contain an input block.
func hasInput(blocks []any) bool {
	for _, b := range blocks {
		if m, _ := b.(map[string]any); m["type"] == "input" {
			return true
		}
	}
	return false
}
