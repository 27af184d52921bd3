// Package apperr is the bot's one error type: an error with a code that
// says what kind of failure it is, a message meant for the user (bokmål)
// and the cause, for the log.
//
// Errors are made where the failure is understood (storage turns a missing
// row into NotFound and a UNIQUE violation into Conflict; a parser refuses
// input with Invalid) and translated once, at the edge (the command
// handler's error answer, the transports): a known code shows its user
// message; Internal and errors without a code are logged in full and
// shown as a short apology with a reference.
package apperr

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
)

// Code is the kind of a failure.
type Code string

// Codes. An error without one (a driver error, a bug) counts as Internal.
const (
	NotFound  Code = "not_found" // what the user referred to does not exist
	Conflict  Code = "conflict"  // it clashes with what is there already (done before, closed, taken)
	Forbidden Code = "forbidden" // the user may not do this
	Invalid   Code = "invalid"   // the input is not acceptable
	Internal  Code = "internal"  // anything else: logged, and the user gets an apology
)

// Error is a failure with a code, a message for the user and its cause.
type Error struct {
	Code Code
	// Msg is shown to the user as it is (mrkdwn, bokmål). Empty means the
	// message of the error it wraps, or the code's default.
	Msg string
	// Err is the cause; nil for an error made with New.
	Err error
}

// Error returns the text for the log: the cause's text, or the user
// message when there is no cause.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Err.Error()
	}
	if e.Msg != "" {
		return e.Msg
	}
	return string(e.Code)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error with code and a message for the user.
func New(code Code, msg string) error {
	return &Error{Code: code, Msg: msg}
}

// Wrap returns err with code and a message for the user (empty: the
// message err already carries). It returns nil for a nil err.
func Wrap(err error, code Code, msg string) error {
	if err == nil {
		return nil
	}
	return &Error{Code: code, Msg: msg, Err: err}
}

// Refused wraps an Invalid err so that its user message reads
// "<lead>: <message>." — "Ikke loggført: teksten er 4001 tegn …." —
// for the reasons a parser or a check gives. Errors of another code are
// returned unchanged (nil stays nil).
func Refused(lead string, err error) error {
	if err == nil || CodeOf(err) != Invalid {
		return err
	}
	return &Error{Code: Invalid, Msg: lead + ": " + UserMessage(err) + ".", Err: err}
}

// CodeOf returns the code of the outermost *Error in err's chain,
// Internal when there is none, and "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	return Internal
}

// apology is what the user reads about an internal error (the edge adds
// the reference it is logged under).
const apology = "Beklager, noe gikk galt."

// defaults are the user messages of codes whose errors carry none.
var defaults = map[Code]string{
	NotFound:  "Fant ikke det du viste til. Sjekk nummeret eller navnet og prøv igjen.",
	Conflict:  "Dette er allerede gjort, eller noen andre endret det samtidig. Sjekk og prøv igjen.",
	Forbidden: "Du har ikke tilgang til dette.",
	Invalid:   "Det du skrev, kan ikke brukes. Sjekk kommandoen (`/beredskap hjelp`) og prøv igjen.",
}

// UserMessage returns what to tell the user about err: the message of the
// outermost *Error in its chain that has one, else its code's default.
// For Internal errors and errors without a code it is a short apology
// only — their text is for the log, never for the user. It returns "" for
// nil.
func UserMessage(err error) string {
	code := CodeOf(err)
	switch code {
	case "":
		return ""
	case Internal:
		return apology
	}
	for e := err; e != nil; {
		var ae *Error
		if !errors.As(e, &ae) {
			break
		}
		if ae.Msg != "" {
			return ae.Msg
		}
		e = ae.Err
	}
	return defaults[code]
}

// IsPublic reports whether err's user message may be shown as the whole
// answer: a known code other than Internal.
func IsPublic(err error) bool {
	c := CodeOf(err)
	return c != "" && c != Internal
}

// NewRef returns a short random reference to quote in an apology and log
// with the error, so the two can be matched.
func NewRef() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
