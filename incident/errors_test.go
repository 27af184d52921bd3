package incident

import (
	"errors"
	"fmt"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
)

// Each sentinel carries a code and a user message; wrapped with the IDs
// involved it keeps them, and its log text is unchanged.
func TestSentinelCodes(t *testing.T) {
	tests := []struct {
		err  error
		code apperr.Code
		msg  string
		log  string
	}{
		{ErrNotFound, apperr.NotFound, "Fant ikke det du viste til. Sjekk nummeret eller navnet og prøv igjen.", "hendelse 5: not found"},
		{ErrIncidentClosed, apperr.Conflict, "Hendelsen er avsluttet. Nye beslutninger kan ikke loggføres; bruk `/beredskap evaluer &lt;tekst&gt;` for evalueringen.", "hendelse 5: incident closed"},
		{ErrConflict, apperr.Conflict, "Dette er allerede gjort, eller noen andre endret det samtidig. Sjekk og prøv igjen.", "hendelse 5: conflict"},
		{ErrForbidden, apperr.Forbidden, "Du har ikke tilgang til dette.", "hendelse 5: forbidden"},
		{ErrInvalid, apperr.Invalid, "Det du skrev, kan ikke brukes. Sjekk kommandoen (`/beredskap hjelp`) og prøv igjen.", "hendelse 5: invalid"},
	}
	for _, tt := range tests {
		err := fmt.Errorf("hendelse 5: %w", tt.err)
		if got := apperr.CodeOf(err); got != tt.code {
			t.Errorf("%v: code %q, want %q", tt.err, got, tt.code)
		}
		if got := apperr.UserMessage(err); got != tt.msg {
			t.Errorf("%v: message %q, want %q", tt.err, got, tt.msg)
		}
		if err.Error() != tt.log || !errors.Is(err, tt.err) {
			t.Errorf("%v: log text %q, want %q", tt.err, err.Error(), tt.log)
		}
	}
	if errors.Is(ErrIncidentClosed, ErrConflict) {
		t.Error("a closed incident is not a UNIQUE conflict: the sentinels stay distinct")
	}
}
