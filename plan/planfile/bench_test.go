package planfile

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

func BenchmarkLoad(b *testing.B) {
	fsys := planFS(b, "testdata/valid")
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := Load(fsys); len(ds) != 0 {
			b.Fatalf("valid plan has diagnostics:\n%s", ds)
		}
	}
}

// BenchmarkLoadManyBadReferences: a large municipality's 2,000 contacts
// and a list naming 2,000 unknown ones. Suggestions ("mente du …?") are
// bounded, so this stays far from quadratic.
func BenchmarkLoadManyBadReferences(b *testing.B) {
	const n = 2000
	fsys := planFS(b, "testdata/valid")
	var contacts, list strings.Builder
	contacts.WriteString("kontakter:\n")
	list.WriteString("varslingslister:\n  - id: stor\n    navn: Stor\n    grupper:\n      - kontakter:\n")
	for i := range n {
		fmt.Fprintf(&contacts, "  - id: person-%d\n    navn: Person %d\n    telefon: 9%07d\n", i, i, i)
		fmt.Fprintf(&list, "          - ukjent-%d\n", i)
	}
	fsys["kontakter.yaml"] = &fstest.MapFile{Data: []byte(contacts.String())}
	fsys["varslingslister.yaml"] = &fstest.MapFile{Data: []byte(list.String())}
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := Load(fsys); len(ds) < n {
			b.Fatalf("want at least %d diagnostics, got %d", n, len(ds))
		}
	}
}
