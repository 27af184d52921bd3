package planfile

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// fuzzFiles are the file kinds FuzzLoad replaces, one per run.
var fuzzFiles = []string{
	fileOrganisation, fileContacts, fileLists, "rollekort/kriseleder.yaml", "tiltakskort/strom.yaml",
	fileFunctions, fileROS, fileTemplates, fileMeetings, fileSchedule,
}

// fuzzKind maps a plan file path to its index in fuzzFiles, or -1.
func fuzzKind(name string) int {
	dir, _ := path.Split(name)
	for i, f := range fuzzFiles {
		if f == name || (dir != "" && strings.HasPrefix(f, dir)) {
			return i
		}
	}
	return -1
}

// FuzzLoad loads testdata/valid with one file replaced by arbitrary bytes:
// Load must not panic, and what it returns must hold together.
func FuzzLoad(f *testing.F) {
	dirs, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, d := range dirs {
		for name, file := range planFS(f, filepath.Join("testdata", d.Name())) {
			if k := fuzzKind(name); k >= 0 {
				f.Add(uint8(k), file.Data)
			}
		}
	}
	base := planFS(f, "testdata/valid")
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys[fuzzFiles[int(kind)%len(fuzzFiles)]] = &fstest.MapFile{Data: data}
		p, ds := Load(fsys)
		if p == nil || p.Location == nil {
			t.Fatal("Load returned no plan or no location")
		}
		for i, d := range ds {
			if d.File == "" || d.Message == "" || d.Line < 0 {
				t.Fatalf("incomplete diagnostic %#v", d)
			}
			if i > 0 && (ds[i-1].File > d.File || (ds[i-1].File == d.File && ds[i-1].Line > d.Line)) {
				t.Fatalf("not sorted at %d:\n%s", i, ds)
			}
			_ = d.String()
		}
		for _, c := range p.Contacts {
			if len(c.Phones) != len(c.PhoneDisplay) {
				t.Fatalf("contact %q: %d phones, %d display forms", c.ID, len(c.Phones), len(c.PhoneDisplay))
			}
			_ = p.RolesOf(c.ID)
		}
		for _, a := range p.Cards {
			if a.ID != "" && p.Card(a.ID) == nil {
				t.Fatalf("card %q not indexed", a.ID)
			}
			_ = p.ListFor(a)
		}
		_ = ScheduleWarnings(p, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	})
}
