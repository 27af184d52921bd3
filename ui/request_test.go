package ui_test

import (
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

func TestCheckText(t *testing.T) {
	tests := []struct {
		text string
		code apperr.Code
		msg  string
	}{
		{"Vi evakuerer", "", ""},
		{strings.Repeat("æ", ui.MaxTextLen), "", ""},
		{" \n\t", apperr.Invalid, "skriv beslutningen etter kommandoen"},
		{strings.Repeat("æ", ui.MaxTextLen+1), apperr.Invalid, "teksten er 4001 tegn; høyst 4000 tegn kan loggføres i én linje. Del den opp, eller legg lengre dokumenter i kanalen og loggfør en kort beslutning"},
	}
	for _, tt := range tests {
		err := ui.CheckTextIn(i18n.Bokmal, tt.text, "beslutningen")
		if apperr.CodeOf(err) != tt.code || apperr.UserMessage(err) != tt.msg {
			t.Errorf("CheckText(%.20q) = %q (%s), want %q (%s)", tt.text, apperr.UserMessage(err), apperr.CodeOf(err), tt.msg, tt.code)
		}
	}
}

func TestMessageRefKey(t *testing.T) {
	m := ui.MessageRef{Channel: "C0INC", TS: "1700000000.000100", Permalink: "https://x.slack.com/archives/C0INC/p1700000000000100"}
	if got := m.Key(); got != "C0INC/1700000000.000100" {
		t.Errorf("Key = %q: the link is not part of the message's identity", got)
	}
}
