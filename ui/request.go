package ui

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// Request is one command, button press or form submission as a user made
// it; the transports fill it in.
type Request struct {
	Command   string // "/beredskap", "/tiltak" …; "" for a button or a form
	Text      string // everything after the command
	UserID    string // Slack user ID, or the console user
	ChannelID string // where it was typed or pressed
}

// ActionFunc handles a button press; value is the button's Value. An
// error is translated into the answer by the edge (the command handler),
// as for a command.
type ActionFunc func(ctx context.Context, req Request, value string) (Response, error)

// ViewFunc handles a submitted form (a modal): metadata is what the form
// carried (Modal.Metadata), values its inputs by ID. Errors are as for
// ActionFunc.
type ViewFunc func(ctx context.Context, req Request, metadata string, values map[string]string) (Response, error)

// Routes is a feature's table of buttons and forms: action IDs and form
// callback IDs to their handlers. The command handler takes the routes of
// every feature, so a transport hands each press and submission to one
// place.
type Routes struct {
	Actions map[string]ActionFunc
	Views   map[string]ViewFunc
}

// MessageRef names a chat message: its channel and timestamp, and, when
// the transport has it, a link to it.
type MessageRef struct {
	Channel   string
	TS        string
	Permalink string
}

// Key is the message's identity, "<channel>/<ts>": the key under which it
// is logged at most once.
func (m MessageRef) Key() string { return m.Channel + "/" + m.TS }

// MaxTextLen is the longest text a decision, note or answer may have, in
// characters. Longer text is refused with a clear message, never cut.
const MaxTextLen = 4000

// CheckTextIn refuses empty or over-long free text: an apperr.Invalid
// error whose user message, in lang, is the reason ("skriv beslutningen
// etter kommandoen"), to be led by what was refused (apperr.Refused).
// what names the text in lang: "beslutningen", "et notat".
func CheckTextIn(lang i18n.Lang, s, what string) error {
	l := i18n.For(lang)
	if strings.TrimSpace(s) == "" {
		return apperr.New(apperr.Invalid, l.T("ui.text.empty", i18n.Args{"What": what}))
	}
	if n := utf8.RuneCountInString(s); n > MaxTextLen {
		return apperr.New(apperr.Invalid, l.T("ui.text.too_long", i18n.Args{"N": n, "Max": MaxTextLen}))
	}
	return nil
}
