package bot_test

import (
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/ui"
)

// The button «Vis telefonnumre» under a varslingsliste in an open
// channel answers a plan member, and only them, with the numbers.
func TestButtonShowPhones(t *testing.T) {
	h := newHarness(t, nil)
	h.incidentChannel("Strømbrudd i sentrum", "strom", "C0INC9")
	kari := h.plan.Contact("kari-nordmann")
	number := kari.Phones[0]

	h.interact(blockActions(h, "C0INC9", "U0KRISE001", "member", ui.ActionShowPhones, "kriseledelse"))
	got := h.responses("member", 1)[0]
	if got["response_type"] == "in_channel" || !strings.Contains(blocksText(got), "tel:"+number) {
		t.Errorf("plan member's answer = %v, want the numbers, ephemeral", got)
	}

	h.interact(blockActions(h, "C0INC9", "U0USER", "stranger", ui.ActionShowPhones, "kriseledelse"))
	got = h.responses("stranger", 1)[0]
	text := blocksText(got) + " " + strings.TrimSpace(toString(got["text"]))
	if strings.Contains(text, "tel:") || strings.Contains(text, number) || !strings.Contains(text, "Bare ") {
		t.Errorf("non-member's answer = %v, want the refusal without numbers", got)
	}

	h.interact(blockActions(h, "C0INC9", "U0KRISE001", "gone", ui.ActionShowPhones, "finnes-ikke"))
	if got := h.responses("gone", 1)[0]; !strings.Contains(toString(got["text"])+blocksText(got), "finnes ikke lenger") {
		t.Errorf("unknown list = %v", got)
	}
}

func toString(v any) string {
	s, _ := v.(string)
	return s
}
