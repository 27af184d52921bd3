package plan

import "testing"

func TestContentHash(t *testing.T) {
	p, diags := LoadExample("kommune")
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	h := ContentHash(p)
	if len(h) != 64 {
		t.Fatalf("hash %q", h)
	}
	q, _ := LoadExample("kommune")
	if ContentHash(q) != h {
		t.Error("the same plan hashes differently")
	}
	q.Functions[0].ReserveRoutine += " Ny linje."
	if ContentHash(q) == h {
		t.Error("a changed plan hashes the same")
	}
}
