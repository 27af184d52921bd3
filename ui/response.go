package ui

import (
	"strings"
	"unicode/utf8"
)

// Visibility says who sees a response.
type Visibility int

// Visibilities. OnlyMe is the default: contact details and cards are shown
// to the person who asked unless a handler decides otherwise.
const (
	OnlyMe Visibility = iota
	InChannel
)

// BlockKind is the kind of one piece of a response.
type BlockKind int

// Kinds of block, mirroring the Block Kit elements the bot uses.
const (
	BlockSection BlockKind = iota // a paragraph of mrkdwn text
	BlockHeader                   // a plain-text heading
	BlockContext                  // small print
	BlockDivider                  // a horizontal rule
	BlockActions                  // a row of buttons
)

// Block is one transport-neutral piece of a response. Text is Slack
// mrkdwn (*bold*, _italic_, <url|label>, <@U123>); the console renders it
// as plain text.
type Block struct {
	Kind    BlockKind
	Text    string
	Buttons []Button
}

// Button is an interactive button; ActionID and Value come back in the
// interaction when it is pressed.
type Button struct {
	ActionID string
	Text     string
	Value    string
	Style    string // "", "primary" or "danger"
}

// Action IDs of the buttons the handlers produce; the transport routes
// presses back to Handler.Act.
const (
	ActionStepDone     = "step_done"     // value "<incident>:<card>:<step>"
	ActionTakeRole     = "take_role"     // value "<incident>:<role>"
	ActionConfirmClose = "confirm_close" // value "<incident>"
	// ActionOpenEvaluation opens the evaluation form of a closed incident
	// (value "<incident>"); the button is on the answer to closing and on
	// the evaluation post in the incident's channel.
	ActionOpenEvaluation = "open_evaluation"
)

// Response is what a handler returns; the transport renders it.
type Response struct {
	// Text is a one-line summary, used as the notification text and as the
	// whole answer when there are no blocks.
	Text       string
	Blocks     []Block
	Visibility Visibility
	// Opened is set when the command opened a new incident; the transport
	// creates (or, in the console, switches to) its channel.
	Opened *OpenedIncident
	// ReplaceOriginal asks the transport to update the message a button
	// was pressed on instead of posting a new one.
	ReplaceOriginal bool
	// Modal asks the transport to open a form (a Slack modal); the console
	// says which command does the same instead.
	Modal *Modal
}

// Modal is a transport-neutral form. Its submission comes back to
// Handler.Submit with CallbackID, Metadata and the inputs by ID.
type Modal struct {
	CallbackID string
	Title      string // at most 24 characters (Slack's limit)
	Submit     string
	Metadata   string
	Inputs     []Input
	// Fallback tells console users the command that does the same.
	Fallback string
}

// Input is one field of a modal.
type Input struct {
	ID          string
	Label       string
	Placeholder string
	Initial     string
	Multiline   bool
	Optional    bool
	Date        bool // a date picker (value YYYY-MM-DD)
}

// Post is a message to deliver to a channel through the outbox: the
// payload of outbox items of kind "reminder" and "message".
type Post struct {
	Channel  string   `json:"channel"`
	Response Response `json:"response"`
}

// OpenedIncident tells the transport which incident was opened and the
// channel name to give it.
type OpenedIncident struct {
	IncidentID  int64
	ChannelName string
	Private     bool
	// Existing is set when the same incident had just been opened by
	// someone else: the transport only points to it.
	Existing  bool
	ChannelID string // set when Existing and the channel exists
}

// Text is a short answer only the asker sees: text is mrkdwn, used both
// as the notification text and as the one section.
func Text(text string) Response {
	return Response{Text: text, Blocks: []Block{{Kind: BlockSection, Text: text}}}
}

// Builder assembles a response block by block.
type Builder struct{ Blocks []Block }

// MaxHeaderLen is Slack's limit on a header's text, in characters.
const MaxHeaderLen = 150

// Header adds a plain-text heading. A text longer than MaxHeaderLen (a
// long title) becomes a section of the text escaped instead, so it is
// neither refused by Slack nor read as mrkdwn.
func (b *Builder) Header(s string) {
	if utf8.RuneCountInString(s) > MaxHeaderLen {
		b.Blocks = append(b.Blocks, Block{Kind: BlockSection, Text: Escape(s)})
		return
	}
	b.Blocks = append(b.Blocks, Block{Kind: BlockHeader, Text: s})
}

// Section adds a paragraph of mrkdwn; blank text adds nothing.
func (b *Builder) Section(s string) {
	if strings.TrimSpace(s) != "" {
		b.Blocks = append(b.Blocks, Block{Kind: BlockSection, Text: s})
	}
}

// Context adds small print.
func (b *Builder) Context(s string) { b.Blocks = append(b.Blocks, Block{Kind: BlockContext, Text: s}) }

// Divider adds a horizontal rule.
func (b *Builder) Divider() { b.Blocks = append(b.Blocks, Block{Kind: BlockDivider}) }

// Buttons adds a row of buttons; none adds nothing.
func (b *Builder) Buttons(bs ...Button) {
	if len(bs) > 0 {
		b.Blocks = append(b.Blocks, Block{Kind: BlockActions, Buttons: bs})
	}
}

// PlainText renders a response as plain text, for the console, logs and
// tests: headers underlined, mrkdwn links and mentions made readable,
// buttons listed in brackets. name resolves a user ID to a display name
// (nil leaves IDs as they are).
func PlainText(r Response, name func(userID string) string) string {
	if r.Modal != nil && len(r.Blocks) == 0 {
		return r.Modal.Title + ": " + r.Modal.Fallback + "\n"
	}
	if len(r.Blocks) == 0 {
		return Unmrkdwn(r.Text, name) + "\n"
	}
	var b strings.Builder
	for _, bl := range r.Blocks {
		switch bl.Kind {
		case BlockHeader:
			b.WriteString("== " + bl.Text + " ==\n")
		case BlockSection:
			b.WriteString(Unmrkdwn(bl.Text, name) + "\n")
		case BlockContext:
			b.WriteString("  " + Unmrkdwn(bl.Text, name) + "\n")
		case BlockDivider:
			b.WriteString("----\n")
		case BlockActions:
			var labels []string
			for _, btn := range bl.Buttons {
				labels = append(labels, "["+btn.Text+"]")
			}
			b.WriteString(strings.Join(labels, " ") + "\n")
		}
	}
	return b.String()
}

// Unmrkdwn turns Slack mrkdwn links and mentions into plain text:
// <tel:+4791234567|912 34 567> → 912 34 567, <@U123> → @name,
// <!channel> → @channel, <#C123|navn> → #navn; &lt; &gt; &amp; unescaped.
func Unmrkdwn(s string, name func(string) string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		inner := s[i+1 : i+j]
		label := ""
		if k := strings.IndexByte(inner, '|'); k >= 0 {
			inner, label = inner[:k], inner[k+1:]
		}
		switch {
		case strings.HasPrefix(inner, "@"):
			id := inner[1:]
			if label == "" && name != nil {
				label = name(id)
			}
			if label == "" {
				label = id
			}
			b.WriteString("@" + label)
		case strings.HasPrefix(inner, "#"):
			if label == "" {
				label = inner[1:]
			}
			b.WriteString("#" + label)
		case strings.HasPrefix(inner, "!"):
			b.WriteString("@" + strings.TrimPrefix(inner, "!"))
		default:
			if label != "" {
				b.WriteString(label)
			} else {
				b.WriteString(inner)
			}
		}
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(b.String())
}

// Escape makes user-written text safe to put into mrkdwn: & < > are
// escaped, so "<!channel>" or "<@U123>" typed into a decision is shown as
// written and never becomes a mass mention.
// Invalid UTF-8 is replaced, so an answer is always valid text.
func Escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(strings.ToValidUTF8(s, "\uFFFD"))
}
