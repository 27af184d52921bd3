package fakeslack

import (
	"fmt"
	"unicode/utf8"
)

// Limits of Block Kit that Slack enforces, from docs.slack.dev/reference/block-kit.
// Lengths count Unicode code points.
const (
	maxMessageBlocks = 50
	maxViewBlocks    = 100
	maxTextObject    = 3000 // text of any text object
	maxHeaderText    = 150
	maxSectionText   = 3000
	maxFields        = 10
	maxFieldText     = 2000
	maxBlockID       = 255
	maxActionID      = 255
	maxActions       = 25
	maxContext       = 10
	maxButtonText    = 75
	maxButtonValue   = 2000
	maxURL           = 3000
	maxLabel         = 2000
	maxPlaceholder   = 150
)

// blockCheck collects the problems Slack's schema validation reports, in
// its wording: "must be less than 151 characters [json-pointer:/blocks/0/text/text]".
type blockCheck struct {
	problems []string
}

func (c *blockCheck) add(ptr, format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...)+" [json-pointer:"+ptr+"]")
}

// maxLen reports a string longer than limit code points.
func (c *blockCheck) maxLen(ptr, s string, limit int) {
	if utf8.RuneCountInString(s) > limit {
		c.add(ptr, "must be less than %d characters", limit+1)
	}
}

// validateBlocks checks a blocks array (decoded JSON) at pointer ptr
// ("/blocks", "/view/blocks") against the Block Kit limits and returns the
// problems, or nil if Slack would accept it.
func validateBlocks(v any, ptr string, maxBlocks int) []string {
	var c blockCheck
	blocks, ok := v.([]any)
	if !ok {
		c.add(ptr, "must be an array")
		return c.problems
	}
	if len(blocks) > maxBlocks {
		c.add(ptr, "must contain at most %d items", maxBlocks)
	}
	ids := map[string]bool{}
	for i, raw := range blocks {
		p := fmt.Sprintf("%s/%d", ptr, i)
		b, _ := raw.(map[string]any)
		typ, _ := b["type"].(string)
		if typ == "" {
			c.add(p, "missing required field: type")
			continue
		}
		if id, ok := b["block_id"].(string); ok {
			c.maxLen(p+"/block_id", id, maxBlockID)
			if ids[id] {
				c.add(p+"/block_id", "duplicate block_id")
			}
			ids[id] = true
		}
		c.block(p, typ, b)
	}
	return c.problems
}

// block checks one block of type typ at pointer p.
func (c *blockCheck) block(p, typ string, b map[string]any) {
	switch typ {
	case "header":
		c.text(p+"/text", b["text"], true, maxHeaderText)
	case "section":
		fields, _ := b["fields"].([]any)
		if _, ok := b["text"]; ok {
			c.text(p+"/text", b["text"], false, maxSectionText)
		} else if len(fields) == 0 {
			c.add(p, "must provide either text or fields")
		}
		if len(fields) > maxFields {
			c.add(p+"/fields", "must contain at most %d items", maxFields)
		}
		for i, f := range fields {
			c.text(fmt.Sprintf("%s/fields/%d", p, i), f, false, maxFieldText)
		}
		if acc, ok := b["accessory"]; ok {
			c.element(p+"/accessory", acc)
		}
	case "context":
		els, _ := b["elements"].([]any)
		c.count(p+"/elements", len(els), maxContext)
		for i, e := range els {
			ep := fmt.Sprintf("%s/elements/%d", p, i)
			if m, _ := e.(map[string]any); m["type"] == "image" {
				continue
			}
			c.text(ep, e, false, maxTextObject)
		}
	case "actions":
		els, _ := b["elements"].([]any)
		c.count(p+"/elements", len(els), maxActions)
		ids := map[string]bool{}
		for i, e := range els {
			ep := fmt.Sprintf("%s/elements/%d", p, i)
			c.element(ep, e)
			if id, _ := e.(map[string]any)["action_id"].(string); id != "" {
				if ids[id] {
					c.add(ep+"/action_id", "duplicate action_id")
				}
				ids[id] = true
			}
		}
	case "input":
		c.text(p+"/label", b["label"], true, maxLabel)
		if h, ok := b["hint"]; ok {
			c.text(p+"/hint", h, true, maxLabel)
		}
		c.element(p+"/element", b["element"])
	}
}

// count reports an elements array that is empty or longer than limit.
func (c *blockCheck) count(p string, n, limit int) {
	switch {
	case n == 0:
		c.add(p, "must contain at least 1 item")
	case n > limit:
		c.add(p, "must contain at most %d items", limit)
	}
}

// element checks an interactive element: its action_id, and for buttons
// the text, value, url and style.
func (c *blockCheck) element(p string, v any) {
	e, ok := v.(map[string]any)
	if !ok {
		c.add(p, "must be an object")
		return
	}
	if id, ok := e["action_id"].(string); ok {
		c.maxLen(p+"/action_id", id, maxActionID)
	}
	if ph, ok := e["placeholder"]; ok {
		c.text(p+"/placeholder", ph, true, maxPlaceholder)
	}
	if e["type"] != "button" {
		return
	}
	c.text(p+"/text", e["text"], true, maxButtonText)
	if val, ok := e["value"].(string); ok {
		c.maxLen(p+"/value", val, maxButtonValue)
	}
	if u, ok := e["url"].(string); ok {
		c.maxLen(p+"/url", u, maxURL)
	}
	if st, ok := e["style"].(string); ok && st != "primary" && st != "danger" {
		c.add(p+"/style", "must be one of: primary, danger")
	}
}

// text checks a required text object: its type (plain_text only when
// plainOnly) and its text of 1..limit characters.
func (c *blockCheck) text(p string, v any, plainOnly bool, limit int) {
	obj, ok := v.(map[string]any)
	if !ok {
		c.add(p, "missing required field: text")
		return
	}
	switch typ, _ := obj["type"].(string); {
	case plainOnly && typ != "plain_text":
		c.add(p+"/type", "must be 'plain_text'")
	case typ != "plain_text" && typ != "mrkdwn":
		c.add(p+"/type", "must be one of: plain_text, mrkdwn")
	}
	s, _ := obj["text"].(string)
	if s == "" {
		c.add(p+"/text", "must be more than 0 characters")
	}
	c.maxLen(p+"/text", s, min(limit, maxTextObject))
}

// textOf returns the "text" of a text object, or "".
func textOf(v any) string {
	obj, _ := v.(map[string]any)
	s, _ := obj["text"].(string)
	return s
}

// invalid is Slack's answer to a request it rejects after schema
// validation: {"ok":false,"error":code,"errors":[…],
// "response_metadata":{"messages":["[ERROR] …"]}}.
func invalid(code string, problems []string) map[string]any {
	msgs := make([]string, len(problems))
	for i, p := range problems {
		msgs[i] = "[ERROR] " + p
	}
	return map[string]any{
		"ok":                false,
		"error":             code,
		"errors":            problems,
		"response_metadata": map[string]any{"messages": msgs},
	}
}
