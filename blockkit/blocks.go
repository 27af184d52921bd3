// Package blockkit renders Beredskapsbot's transport-neutral responses
// (ui.Response) as Slack Block Kit within Slack's limits. It is shared by
// the inbound transport (package bot: acknowledgements and response_url
// answers) and the outbox deliverer (package delivery: posts), which
// otherwise have nothing in common.
package blockkit

import (
	"strings"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/ui"
	"github.com/slack-go/slack"
)

// Slack's Block Kit limits that rendering respects.
const (
	MaxBlocks         = 50   // blocks per message
	MaxSectionText    = 3000 // characters of a section's text
	MaxHeaderText     = 150  // characters of a header
	MaxButtonsPerRow  = 25   // elements of an actions block
	maxButtonText     = 75
	maxContextElement = 2000
)

// Render turns a handler's response into Block Kit messages. A response
// that does not fit in one message (50 blocks, 3000 characters a section,
// 150 a header) is split into several, in order; nothing is cut off.
func Render(r ui.Response) [][]slack.Block {
	var all []slack.Block
	for _, b := range r.Blocks {
		all = append(all, renderBlock(b)...)
	}
	if len(all) == 0 && r.Text != "" {
		for _, part := range SplitText(r.Text, MaxSectionText) {
			all = append(all, section(part))
		}
	}
	var msgs [][]slack.Block
	for len(all) > MaxBlocks {
		msgs = append(msgs, all[:MaxBlocks])
		all = all[MaxBlocks:]
	}
	if len(all) > 0 {
		msgs = append(msgs, all)
	}
	return msgs
}

func section(text string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)
}

func renderBlock(b ui.Block) []slack.Block {
	switch b.Kind {
	case ui.BlockHeader:
		if utf8.RuneCountInString(b.Text) <= MaxHeaderText {
			return []slack.Block{slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, b.Text, true, false))}
		}
		// Too long for a header: a bold section keeps every word.
		var out []slack.Block
		for _, part := range SplitText("*"+b.Text+"*", MaxSectionText) {
			out = append(out, section(part))
		}
		return out
	case ui.BlockDivider:
		return []slack.Block{slack.NewDividerBlock()}
	case ui.BlockContext:
		var out []slack.Block
		for _, part := range SplitText(b.Text, maxContextElement) {
			out = append(out, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, part, false, false)))
		}
		return out
	case ui.BlockActions:
		var out []slack.Block
		var row []slack.BlockElement
		for _, btn := range b.Buttons {
			text := btn.Text
			if utf8.RuneCountInString(text) > maxButtonText {
				text = string([]rune(text)[:maxButtonText-1]) + "…"
			}
			e := slack.NewButtonBlockElement(btn.ActionID+":"+btn.Value, btn.Value, slack.NewTextBlockObject(slack.PlainTextType, text, true, false))
			if btn.Style != "" {
				e.Style = slack.Style(btn.Style)
			}
			row = append(row, e)
			if len(row) == MaxButtonsPerRow {
				out = append(out, slack.NewActionBlock("", row...))
				row = nil
			}
		}
		if len(row) > 0 {
			out = append(out, slack.NewActionBlock("", row...))
		}
		return out
	}
	var out []slack.Block
	for _, part := range SplitText(b.Text, MaxSectionText) {
		out = append(out, section(part))
	}
	return out
}

// ActionID returns the handler's action ID from a Block Kit action ID
// ("step_done:1:strom:3" → "step_done"); block action IDs must be unique
// within a message, so the value is appended to them.
func ActionID(blockActionID string) string {
	id, _, _ := strings.Cut(blockActionID, ":")
	return id
}

// SplitText splits s into parts of at most max characters, at line
// breaks where possible, else at spaces, else anywhere.
func SplitText(s string, max int) []string {
	if len(s) <= max { // no more bytes than max, so no more characters
		return []string{s}
	}
	var parts []string
	for utf8.RuneCountInString(s) > max {
		cut := byteIndexOfRune(s, max)
		// The break may fall right after the last character that fits.
		head := s[:cut+1]
		if i := strings.LastIndexByte(head, '\n'); i > 0 {
			cut = i
		} else if i := strings.LastIndexByte(head, ' '); i > 0 {
			cut = i
		}
		parts = append(parts, strings.TrimRight(s[:cut], "\n "))
		s = strings.TrimLeft(s[cut:], "\n ")
	}
	if s != "" || len(parts) == 0 {
		parts = append(parts, s)
	}
	return parts
}

// byteIndexOfRune returns the byte offset of the n-th rune of s.
func byteIndexOfRune(s string, n int) int {
	i := 0
	for pos := range s {
		if i == n {
			return pos
		}
		i++
	}
	return len(s)
}
