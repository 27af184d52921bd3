package bot

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// appendReply appends the JSON of an acknowledgement to dst: byte for
// byte what json.Marshal(r) gives, without reflection for the blocks
// blockkit.Render produces (sections, headers, context, buttons,
// dividers). Any other block, or one using a field Render never sets, is
// encoded by encoding/json. Every answer to a slash command goes through
// here, so it is on the hot path.
func appendReply(dst []byte, r *reply) ([]byte, error) {
	dst = append(dst, `{"response_type":`...)
	dst = appendJSONString(dst, r.ResponseType)
	dst = append(dst, `,"text":`...)
	dst = appendJSONString(dst, r.Text)
	if len(r.Blocks) > 0 {
		dst = append(dst, `,"blocks":[`...)
		for i, b := range r.Blocks {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendBlock(dst, b); err != nil {
				return nil, err
			}
		}
		dst = append(dst, ']')
	}
	if r.ReplaceOriginal {
		dst = append(dst, `,"replace_original":true`...)
	}
	return append(dst, '}'), nil
}

// appendBlock appends one block's JSON.
func appendBlock(dst []byte, b slack.Block) ([]byte, error) {
	switch b := b.(type) {
	case *slack.SectionBlock:
		if b.Fields == nil && b.Accessory == nil && !b.Expand {
			dst = appendType(dst, string(b.Type))
			if b.Text != nil {
				dst = append(dst, `,"text":`...)
				dst = appendTextObject(dst, b.Text)
			}
			dst = appendBlockID(dst, b.BlockID)
			return append(dst, '}'), nil
		}
	case *slack.HeaderBlock:
		dst = appendType(dst, string(b.Type))
		if b.Text != nil {
			dst = append(dst, `,"text":`...)
			dst = appendTextObject(dst, b.Text)
		}
		dst = appendBlockID(dst, b.BlockID)
		if b.Level != 0 {
			dst = append(dst, `,"level":`...)
			dst = strconv.AppendInt(dst, int64(b.Level), 10)
		}
		return append(dst, '}'), nil
	case *slack.DividerBlock:
		dst = appendType(dst, string(b.Type))
		dst = appendBlockID(dst, b.BlockID)
		return append(dst, '}'), nil
	case *slack.ContextBlock:
		if texts, ok := textElements(b.ContextElements.Elements); ok {
			dst = appendType(dst, string(b.Type))
			dst = appendBlockID(dst, b.BlockID)
			dst = append(dst, `,"elements":[`...)
			for i, t := range texts {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = appendTextObject(dst, t)
			}
			return append(dst, "]}"...), nil
		}
	case *slack.ActionBlock:
		if b.Elements != nil {
			if buttons, ok := plainButtons(b.Elements.ElementSet); ok {
				dst = appendType(dst, string(b.Type))
				dst = appendBlockID(dst, b.BlockID)
				dst = append(dst, `,"elements":[`...)
				for i, e := range buttons {
					if i > 0 {
						dst = append(dst, ',')
					}
					dst = appendButton(dst, e)
				}
				return append(dst, "]}"...), nil
			}
		}
	}
	raw, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	return append(dst, raw...), nil
}

// textElements returns the elements as text objects if they all are
// (and there is at least one: nil encodes as null).
func textElements(els []slack.MixedElement) ([]*slack.TextBlockObject, bool) {
	if len(els) == 0 {
		return nil, false
	}
	out := make([]*slack.TextBlockObject, 0, len(els))
	for _, e := range els {
		t, ok := e.(*slack.TextBlockObject)
		if !ok || t == nil {
			return nil, false
		}
		out = append(out, t)
	}
	return out, true
}

// plainButtons returns the elements as buttons if they all are buttons
// with only the fields blockkit.Render sets.
func plainButtons(els []slack.BlockElement) ([]*slack.ButtonBlockElement, bool) {
	if len(els) == 0 {
		return nil, false
	}
	out := make([]*slack.ButtonBlockElement, 0, len(els))
	for _, e := range els {
		b, ok := e.(*slack.ButtonBlockElement)
		if !ok || b == nil || b.Confirm != nil || b.URL != "" || b.AccessibilityLabel != "" ||
			b.AgentPrompt != "" || b.AgentPromptDisplay != "" || b.VisibleToUserIDs != nil {
			return nil, false
		}
		out = append(out, b)
	}
	return out, true
}

func appendType(dst []byte, typ string) []byte {
	dst = append(dst, `{"type":`...)
	return appendJSONString(dst, typ)
}

func appendBlockID(dst []byte, id string) []byte {
	if id == "" {
		return dst
	}
	dst = append(dst, `,"block_id":`...)
	return appendJSONString(dst, id)
}

// appendTextObject appends a text object; nil as null, like encoding/json.
func appendTextObject(dst []byte, t *slack.TextBlockObject) []byte {
	if t == nil {
		return append(dst, "null"...)
	}
	dst = appendType(dst, t.Type)
	dst = append(dst, `,"text":`...)
	dst = appendJSONString(dst, t.Text)
	if t.Emoji != nil {
		dst = append(dst, `,"emoji":`...)
		dst = strconv.AppendBool(dst, *t.Emoji)
	}
	if t.Verbatim {
		dst = append(dst, `,"verbatim":true`...)
	}
	return append(dst, '}')
}

func appendButton(dst []byte, b *slack.ButtonBlockElement) []byte {
	dst = append(dst, '{')
	if b.Type != "" {
		dst = append(dst, `"type":`...)
		dst = appendJSONString(dst, string(b.Type))
		dst = append(dst, ',')
	}
	dst = append(dst, `"text":`...)
	dst = appendTextObject(dst, b.Text)
	if b.ActionID != "" {
		dst = append(dst, `,"action_id":`...)
		dst = appendJSONString(dst, b.ActionID)
	}
	if b.Value != "" {
		dst = append(dst, `,"value":`...)
		dst = appendJSONString(dst, b.Value)
	}
	if b.Style != "" {
		dst = append(dst, `,"style":`...)
		dst = appendJSONString(dst, string(b.Style))
	}
	return append(dst, '}')
}

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes a JSON string holds as they are (with
// encoding/json's HTML escaping).
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\' && b != '<' && b != '>' && b != '&'
	}
	return t
}()

// appendJSONString appends s as a JSON string escaped exactly as
// encoding/json does (HTML-safe: <, > and & as \u003c …; U+2028 and
// U+2029 escaped; invalid UTF-8 as \ufffd).
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if jsonSafe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
