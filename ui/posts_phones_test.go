package ui_test

import (
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// A title with a mass mention is shown, never broadcast: not in the
// blocks and not in the fallback text either.
func TestAnnouncementFallbackEscaped(t *testing.T) {
	p := testkit.ExamplePlan(t)
	inc := incident.Incident{Title: "Brann <!channel> <!here> & mer", OpenedBy: "U0KRISE001"}
	r := ui.Announcement(p, inc, "C0INC", "beredskap-brann")
	for name, s := range map[string]string{"text": r.Text, "block": r.Blocks[0].Text} {
		if strings.Contains(s, "<!channel>") || strings.Contains(s, "<!here>") {
			t.Errorf("%s broadcasts: %q", name, s)
		}
	}
	if !strings.Contains(r.Text, "&lt;!channel&gt;") {
		t.Errorf("fallback text %q does not show the title as written", r.Text)
	}
}

func TestListPostPhones(t *testing.T) {
	p := testkit.ExamplePlan(t)
	l := p.List("kriseledelse")
	kari := p.Contact("kari-nordmann")
	open := ui.ListPost(p, l, false)
	text := ui.PlainText(open, nil) + open.Text + blocksOf(open)
	for _, c := range p.Contacts {
		for _, ph := range append(append([]string{}, c.Phones...), c.PhoneDisplay...) {
			if strings.Contains(text, ph) {
				t.Errorf("the list for an open channel shows %s's number %s", c.ID, ph)
			}
		}
	}
	last := open.Blocks[len(open.Blocks)-1]
	if last.Kind != ui.BlockActions || len(last.Buttons) != 1 || last.Buttons[0].ActionID != ui.ActionShowPhones || last.Buttons[0].Value != l.ID {
		t.Errorf("last block = %+v, want the button «Vis telefonnumre» with the list ID", last)
	}
	if !strings.Contains(text, kari.Name) || !strings.Contains(text, "Kriseleder") {
		t.Errorf("names or roles missing:\n%s", text)
	}
	private := ui.ListPost(p, l, true)
	if !strings.Contains(ui.PlainText(private, nil)+blocksOf(private), kari.Phones[0]) {
		t.Error("the list for a private channel has no numbers")
	}
}

func blocksOf(r ui.Response) string {
	var b strings.Builder
	for _, bl := range r.Blocks {
		b.WriteString(bl.Text)
	}
	return b.String()
}
