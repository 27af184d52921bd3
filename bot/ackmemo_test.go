package bot

import (
	"bytes"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/ui"
)

func memoCard(title string) ui.Response {
	return ui.Response{Text: "Tiltakskort: " + title, Blocks: []ui.Block{
		{Kind: ui.BlockHeader, Text: "Tiltakskort: " + title},
		{Kind: ui.BlockSection, Text: "1. Varsle <@U1> & nettselskapet"},
		{Kind: ui.BlockActions, Buttons: []ui.Button{{ActionID: "step_done", Text: "Utført (1)", Value: "1:strom:1", Style: "primary"}}},
	}}
}

// TestAckMemoSecondSighting: an answer is kept only the second time it
// is seen, and what is kept is exactly its encoding.
func TestAckMemoSecondSighting(t *testing.T) {
	m := newAckMemo()
	r := memoCard("Strømbrudd")
	if _, _, ok := m.get(r); ok {
		t.Fatal("empty memo answered")
	}
	_, h, _ := m.get(r)
	if m.admit(h) {
		t.Fatal("admitted on the first sighting")
	}
	if !m.admit(h) {
		t.Fatal("not admitted on the second sighting")
	}
	msgs := replies(r)
	raw, err := appendReply(nil, &msgs[0])
	if err != nil {
		t.Fatal(err)
	}
	msgs[0].raw = raw
	m.put(h, r, msgs[0])

	// An equal response in other memory is answered from the memo.
	again := memoCard("Strømbrudd")
	rep, _, ok := m.get(again)
	if !ok || !bytes.Equal(rep.raw, raw) || rep.Text != r.Text || len(rep.Blocks) != len(msgs[0].Blocks) {
		t.Fatalf("memo answered %v: %+v", ok, rep)
	}
}

// TestAckMemoComparesContent: any difference in what is acknowledged is
// a different answer.
func TestAckMemoComparesContent(t *testing.T) {
	base := memoCard("Strømbrudd")
	changes := map[string]func(r *ui.Response){
		"text":         func(r *ui.Response) { r.Text += "!" },
		"visibility":   func(r *ui.Response) { r.Visibility = ui.InChannel },
		"block text":   func(r *ui.Response) { r.Blocks[1].Text = "1. Varsle <@U2> & nettselskapet" },
		"block kind":   func(r *ui.Response) { r.Blocks[1].Kind = ui.BlockContext },
		"fewer blocks": func(r *ui.Response) { r.Blocks = r.Blocks[:2] },
		"button value": func(r *ui.Response) { r.Blocks[2].Buttons[0].Value = "2:strom:1" },
		"button style": func(r *ui.Response) { r.Blocks[2].Buttons[0].Style = "danger" },
		"more buttons": func(r *ui.Response) {
			r.Blocks[2].Buttons = append(r.Blocks[2].Buttons, ui.Button{ActionID: "step_done", Text: "Utført (2)", Value: "1:strom:2"})
		},
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			m := newAckMemo()
			_, h, _ := m.get(base)
			msgs := replies(base)
			msgs[0].raw = []byte("{}")
			m.put(h, base, msgs[0])
			other := memoCard("Strømbrudd")
			change(&other)
			if !sameAnswer(base, memoCard("Strømbrudd")) {
				t.Fatal("equal responses compare unequal")
			}
			if sameAnswer(base, other) {
				t.Error("a changed response compares equal")
			}
			if _, _, ok := m.get(other); ok {
				t.Error("the memo answered a changed response")
			}
		})
	}
}
