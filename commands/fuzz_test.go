package commands_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/ui"
)

// FuzzHandle feeds arbitrary command text to every command, inside and
// outside an incident channel: no panic, always an answer, and never a
// mass mention echoed back.
func FuzzHandle(f *testing.F) {
	for _, seed := range []string{
		"start strom Strømbrudd i sentrum", "start --privat --øvelse x", "logg <!channel> hei", "rolle kriseleder <@U123|kari>",
		"møte 25:61", "møte 14.00", "korriger -1 x", "korriger 99999999999999999999 x", "mal holding", "avslutt", "",
		"strom ferdig 0", "strom ferdig 3", "\x00\xff", strings.Repeat("å", 5000), "--", "start ---", "logg \u202e",
	} {
		f.Add("/beredskap", seed)
		f.Add("/tiltak", seed)
	}
	e := newEnv(f)
	e.open("U0KRISE001", "Fuzz", "C0INC")
	f.Fuzz(func(t *testing.T, cmd, text string) {
		for _, ch := range []string{"C0INC", "C0OTHER"} {
			r := e.h.Handle(t.Context(), ui.Request{Command: cmd, Text: text, UserID: "U0FUZZ", ChannelID: ch})
			if r.Text == "" && len(r.Blocks) == 0 && r.Modal == nil {
				t.Fatalf("%s %q in %s gave an empty answer", cmd, text, ch)
			}
			out := r.Text
			for _, b := range r.Blocks {
				out += b.Text
			}
			if strings.Contains(out, "<!channel>") || strings.Contains(out, "<!here>") || strings.Contains(out, "<!everyone>") {
				t.Fatalf("%s %q echoes a mass mention: %s", cmd, text, out)
			}
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 in answer to %q", text)
			}
		}
	})
}
