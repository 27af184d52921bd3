package commands_test

import (
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// TestStaticCardFollowsThePlan: the card shown outside an incident is
// rendered once per plan; a new plan shows the new card at once.
func TestStaticCardFollowsThePlan(t *testing.T) {
	e := newEnv(t)
	first := e.text(e.do("C0GENERAL", "U0KRISE003", "/tiltak strom"))
	if again := e.text(e.do("C0GENERAL", "U0KRISE003", "/tiltak strom")); again != first {
		t.Fatalf("second answer differs:\n%s\n---\n%s", again, first)
	}

	if got := e.text(e.do("C0GENERAL", "U0KRISE003", "/tiltak lysløs")); !strings.Contains(got, "Fant ikke") {
		t.Fatalf("an unknown word found a card:\n%s", got)
	}

	p := testkit.ExamplePlan(t)
	card := p.Card("strom")
	card.Title = "Strømbrudd (revidert)"
	card.Aliases = append(card.Aliases, "lysløs")
	e.h.SetPlan(p)
	got := e.text(e.do("C0GENERAL", "U0KRISE003", "/tiltak strom"))
	if !strings.Contains(got, "Tiltakskort: Strømbrudd (revidert)") {
		t.Errorf("after SetPlan the old card is shown:\n%s", got)
	}
	// The word that named nothing in the old plan names the card now.
	if got := e.text(e.do("C0GENERAL", "U0KRISE003", "/tiltak lysløs")); !strings.Contains(got, "Tiltakskort: Strømbrudd (revidert)") {
		t.Errorf("the new alias is not known after SetPlan:\n%s", got)
	}
}

// TestStaticCardNotChangedByCaller: a caller appending to one answer's
// blocks does not change the next answer.
func TestStaticCardNotChangedByCaller(t *testing.T) {
	e := newEnv(t)
	r := e.do("C0GENERAL", "U0KRISE003", "/tiltak strom")
	n := len(r.Blocks)
	r.Blocks = append(r.Blocks, ui.Block{Kind: ui.BlockSection, Text: "lagt til av kalleren"})
	if next := e.do("C0GENERAL", "U0KRISE003", "/tiltak strom"); len(next.Blocks) != n {
		t.Errorf("next answer has %d blocks, want %d", len(next.Blocks), n)
	}
	// Inside an incident the card shows progress and buttons, not the
	// cached card.
	e.open("U0KRISE003", "strom Strømbrudd", "C0INC")
	in := e.do("C0INC", "U0KRISE003", "/tiltak strom")
	if in.Visibility != ui.InChannel || !strings.Contains(e.text(in), "0/") {
		t.Errorf("card in the incident channel:\n%s", e.text(in))
	}
}
