package console

import (
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// forConsole adapts a response to the console, where buttons cannot be
// pressed: the "Utført (n)" buttons of an action card's open steps become
// one line telling how to tick a step off with a command, where the last
// of them stood, in lang.
func forConsole(lang i18n.Lang, r ui.Response) ui.Response {
	var blocks []ui.Block
	var card string
	last := -1
	for _, bl := range r.Blocks {
		if id, ok := stepButtons(bl); ok {
			card, last = id, len(blocks)
			continue
		}
		blocks = append(blocks, bl)
	}
	if last < 0 {
		return r
	}
	hint := ui.Block{Kind: ui.BlockSection, Text: i18n.For(lang).T("console.tick", i18n.Args{"Card": card})}
	r.Blocks = append(blocks[:last], append([]ui.Block{hint}, blocks[last:]...)...)
	return r
}

// stepButtons reports whether bl is a row of step buttons only, and the
// action card they belong to (their value is "<incident>:<card>:<step>").
func stepButtons(bl ui.Block) (string, bool) {
	if bl.Kind != ui.BlockActions || len(bl.Buttons) == 0 {
		return "", false
	}
	card := ""
	for _, b := range bl.Buttons {
		parts := strings.Split(b.Value, ":")
		if b.ActionID != ui.ActionStepDone || len(parts) != 3 {
			return "", false
		}
		card = parts[1]
	}
	return card, true
}
