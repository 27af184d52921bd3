package blockkit

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// visible returns every text of a rendered message in order, as a
// reader would see it, with the blocks' kinds.
func visible(t *testing.T, msgs [][]slack.Block) (string, []string) {
	t.Helper()
	var text strings.Builder
	var kinds []string
	for _, m := range msgs {
		for _, b := range m {
			kinds = append(kinds, string(b.BlockType()))
			switch b := b.(type) {
			case *slack.SectionBlock:
				if n := utf8.RuneCountInString(b.Text.Text); n > MaxSectionText {
					t.Errorf("section of %d characters", n)
				}
				text.WriteString(b.Text.Text + "\n")
			case *slack.HeaderBlock:
				if n := utf8.RuneCountInString(b.Text.Text); n > MaxHeaderText {
					t.Errorf("header of %d characters", n)
				}
				text.WriteString(b.Text.Text + "\n")
			case *slack.ContextBlock:
				for _, e := range b.ContextElements.Elements {
					text.WriteString(e.(*slack.TextBlockObject).Text + "\n")
				}
			}
		}
	}
	return text.String(), kinds
}

func TestRenderKeepsEverythingWithinLimits(t *testing.T) {
	var lines []string
	for i := 1; i <= 400; i++ {
		lines = append(lines, fmt.Sprintf("%d. Steg med en lang forklaring om hva som skal gjøres, av hvem og når – æøå.", i))
	}
	long := strings.Join(lines, "\n")
	var blocks []ui.Block
	blocks = append(blocks, ui.Block{Kind: ui.BlockHeader, Text: strings.Repeat("Overskrift ", 20)})
	blocks = append(blocks, ui.Block{Kind: ui.BlockSection, Text: long})
	for i := 0; i < 60; i++ {
		blocks = append(blocks, ui.Block{Kind: ui.BlockSection, Text: fmt.Sprintf("avsnitt %d", i)})
	}
	msgs := Render(ui.Response{Blocks: blocks})
	if len(msgs) < 2 {
		t.Fatalf("%d messages; 60+ blocks must be split", len(msgs))
	}
	for i, m := range msgs {
		if len(m) > MaxBlocks {
			t.Errorf("message %d has %d blocks", i, len(m))
		}
		if _, err := json.Marshal(m); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := visible(t, msgs)
	// Nothing is cut off: every line and every paragraph is there, in order.
	last := -1
	for _, l := range append(lines, "avsnitt 0", "avsnitt 59") {
		i := strings.Index(got, l)
		if i < 0 || i < last {
			t.Fatalf("%q missing or out of order", l)
		}
		last = i
	}
	if !strings.Contains(got, strings.TrimSpace(strings.Repeat("Overskrift ", 20))) {
		t.Error("a long header lost words")
	}
}

func TestRenderButtonsAndKinds(t *testing.T) {
	var btns []ui.Button
	for i := 1; i <= 30; i++ {
		btns = append(btns, ui.Button{ActionID: ui.ActionStepDone, Text: fmt.Sprintf("Utført (%d)", i), Value: fmt.Sprintf("1:strom:%d", i)})
	}
	msgs := Render(ui.Response{Blocks: []ui.Block{
		{Kind: ui.BlockHeader, Text: "Tiltakskort"},
		{Kind: ui.BlockDivider},
		{Kind: ui.BlockContext, Text: "liten tekst"},
		{Kind: ui.BlockActions, Buttons: btns},
	}})
	_, kinds := visible(t, msgs)
	want := []string{"header", "divider", "context", "actions", "actions"}
	if strings.Join(kinds, ",") != strings.Join(want, ",") {
		t.Fatalf("kinds %v, want %v", kinds, want)
	}
	row := msgs[0][3].(*slack.ActionBlock)
	if len(row.Elements.ElementSet) != MaxButtonsPerRow {
		t.Fatalf("%d buttons in a row", len(row.Elements.ElementSet))
	}
	b := row.Elements.ElementSet[2].(*slack.ButtonBlockElement)
	if ActionID(b.ActionID) != ui.ActionStepDone || b.Value != "1:strom:3" {
		t.Errorf("button %q = %q", b.ActionID, b.Value)
	}
}

func TestRenderTextOnly(t *testing.T) {
	msgs := Render(ui.Response{Text: "Loggført."})
	got, _ := visible(t, msgs)
	if len(msgs) != 1 || got != "Loggført.\n" {
		t.Fatalf("%q", got)
	}
	if len(Render(ui.Response{})) != 0 {
		t.Error("an empty response renders as a message")
	}
}

func TestSplitText(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want []string
	}{
		{"kort", 10, []string{"kort"}},
		{"en\nto\ntre", 6, []string{"en\nto", "tre"}},
		{"ord ord ord", 7, []string{"ord ord", "ord"}},
		{"ææææææ", 4, []string{"ææææ", "ææ"}},
		{"", 5, []string{""}},
	}
	for _, tt := range tests {
		if got := SplitText(tt.in, tt.max); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("SplitText(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

// The example plan's cards all render within Slack's limits.
func TestRenderExampleCards(t *testing.T) {
	p := testkit.ExamplePlan(t)
	for _, c := range p.Cards {
		msgs := Render(ui.Response{Blocks: ui.CardBlocks(p, c, nil, 0, false, p.Location, p.Org.Approved.In(p.Location))})
		got, _ := visible(t, msgs)
		for _, s := range c.Steps {
			if !strings.Contains(got, s.Text) {
				t.Errorf("%s: step %q missing", c.ID, s.Text)
			}
		}
	}
}
