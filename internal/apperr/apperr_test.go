package apperr_test

import (
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
)

func TestCodeAndMessage(t *testing.T) {
	cause := errors.New("UNIQUE constraint failed: log_entries.source_message")
	notFound := apperr.New(apperr.NotFound, "Fant ikke hendelse 7.")
	tests := []struct {
		name    string
		err     error
		code    apperr.Code
		msg     string
		public  bool
		logText string
	}{
		{"nil", nil, "", "", false, ""},
		{"New", notFound, apperr.NotFound, "Fant ikke hendelse 7.", true, "Fant ikke hendelse 7."},
		{"wrapped by fmt", fmt.Errorf("les hendelse: %w", notFound), apperr.NotFound, "Fant ikke hendelse 7.", true, "les hendelse: Fant ikke hendelse 7."},
		{"Wrap", apperr.Wrap(cause, apperr.Conflict, "Allerede loggført som #3."), apperr.Conflict, "Allerede loggført som #3.", true, cause.Error()},
		{"Wrap without a message: the code's default", apperr.Wrap(cause, apperr.Forbidden, ""), apperr.Forbidden, "Du har ikke tilgang til dette.", true, cause.Error()},
		{"Wrap without a message: the wrapped one's", apperr.Wrap(notFound, apperr.NotFound, ""), apperr.NotFound, "Fant ikke hendelse 7.", true, "Fant ikke hendelse 7."},
		{"the outermost code wins", apperr.Wrap(notFound, apperr.Invalid, "Ugyldig nummer."), apperr.Invalid, "Ugyldig nummer.", true, "Fant ikke hendelse 7."},
		{"no code is internal", sql.ErrConnDone, apperr.Internal, "Beklager, noe gikk galt.", false, sql.ErrConnDone.Error()},
		{"internal hides its message", apperr.Wrap(cause, apperr.Internal, "UNIQUE-feil i log_entries"), apperr.Internal, "Beklager, noe gikk galt.", false, cause.Error()},
		{"internal around a known code", apperr.Wrap(notFound, apperr.Internal, ""), apperr.Internal, "Beklager, noe gikk galt.", false, "Fant ikke hendelse 7."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := apperr.CodeOf(tt.err); got != tt.code {
				t.Errorf("CodeOf = %q, want %q", got, tt.code)
			}
			if got := apperr.UserMessage(tt.err); got != tt.msg {
				t.Errorf("UserMessage = %q, want %q", got, tt.msg)
			}
			if got := apperr.IsPublic(tt.err); got != tt.public {
				t.Errorf("IsPublic = %v, want %v", got, tt.public)
			}
			if tt.err != nil && tt.err.Error() != tt.logText {
				t.Errorf("Error() = %q, want %q", tt.err.Error(), tt.logText)
			}
		})
	}
}

func TestWrapKeepsTheCause(t *testing.T) {
	if apperr.Wrap(nil, apperr.Conflict, "x") != nil {
		t.Error("Wrap(nil) must be nil")
	}
	err := fmt.Errorf("lagre: %w", apperr.Wrap(sql.ErrNoRows, apperr.NotFound, ""))
	if !errors.Is(err, sql.ErrNoRows) {
		t.Error("the cause is lost")
	}
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.NotFound || ae.Err != sql.ErrNoRows {
		t.Errorf("errors.As = %+v", ae)
	}
}

func TestRefused(t *testing.T) {
	reason := apperr.New(apperr.Invalid, "teksten er 4001 tegn")
	err := apperr.Refused("Ikke loggført", reason)
	if apperr.CodeOf(err) != apperr.Invalid || apperr.UserMessage(err) != "Ikke loggført: teksten er 4001 tegn." {
		t.Errorf("Refused = %q (%s)", apperr.UserMessage(err), apperr.CodeOf(err))
	}
	if !errors.Is(err, reason) {
		t.Error("Refused loses the reason")
	}
	if apperr.Refused("Ikke loggført", nil) != nil {
		t.Error("Refused(nil) must be nil")
	}
	// Only refusals get the lead: other errors pass unchanged.
	other := apperr.New(apperr.NotFound, "Fant ikke hendelsen.")
	if got := apperr.Refused("Ikke loggført", other); got != other {
		t.Errorf("Refused changed a NotFound error: %v", got)
	}
}

func TestNewRef(t *testing.T) {
	a, b := apperr.NewRef(), apperr.NewRef()
	if !regexp.MustCompile(`^[0-9a-f]{8}$`).MatchString(a) || a == b {
		t.Errorf("refs %q, %q", a, b)
	}
}
