package ui

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
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

// CheckText refuses empty or over-long free text: an apperr.Invalid
// error whose user message is the reason ("skriv beslutningen etter
// kommandoen"), to be led by what was refused (apperr.Refused). what
// names the text: "beslutningen", "et notat".
func CheckText(s, what string) error {
	if strings.TrimSpace(s) == "" {
		return apperr.New(apperr.Invalid, fmt.Sprintf("skriv %s etter kommandoen", what))
	}
	if n := utf8.RuneCountInString(s); n > MaxTextLen {
		return apperr.New(apperr.Invalid, fmt.Sprintf("teksten er %d tegn; høyst %d tegn kan loggføres i én linje. Del den opp, eller legg lengre dokumenter i kanalen og loggfør en kort beslutning", n, MaxTextLen))
	}
	return nil
}
