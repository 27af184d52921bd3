package plan_test

import (
	"testing"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

func TestContentHash(t *testing.T) {
	p := mustLoadExample(t, "kommune")
	h := plan.ContentHash(p)
	if len(h) != 64 {
		t.Fatalf("hash %q", h)
	}
	q := mustLoadExample(t, "kommune")
	if plan.ContentHash(q) != h {
		t.Error("the same plan hashes differently")
	}
	q.Functions[0].ReserveRoutine += " Ny linje."
	if plan.ContentHash(q) == h {
		t.Error("a changed plan hashes the same")
	}
}
