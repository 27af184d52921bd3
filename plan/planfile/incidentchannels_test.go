package planfile

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// withOrgLine returns the kommune example with line added to organisasjon.yaml.
func withOrgLine(t *testing.T, line string) fs.FS {
	t.Helper()
	src, err := ExampleFS("kommune")
	if err != nil {
		t.Fatal(err)
	}
	out := fstest.MapFS{}
	err = fs.WalkDir(src, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, path)
		if path == "organisasjon.yaml" {
			b = append(b, []byte("\n"+line+"\n")...)
		}
		out[path] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestIncidentChannels(t *testing.T) {
	for _, tt := range []struct{ line, want, diag string }{
		{"", "privat", ""},
		{"hendelseskanaler: privat", "privat", ""},
		{"hendelseskanaler: åpen", "åpen", ""},
		{"hendelseskanaler: Apen", "åpen", ""},
		{"hendelseskanaler: hemmelig", "", "ukjent verdi «hemmelig»"},
	} {
		p, ds := Load(withOrgLine(t, tt.line))
		if tt.diag != "" {
			if !strings.Contains(ds.String(), tt.diag) || !strings.Contains(ds.String(), "hendelseskanaler") {
				t.Errorf("%q: diagnostics = %s, want %q", tt.line, ds, tt.diag)
			}
			continue
		}
		if ds.HasErrors() || p.Org.IncidentChannels != tt.want {
			t.Errorf("%q: IncidentChannels = %q (%s), want %q", tt.line, p.Org.IncidentChannels, ds, tt.want)
		}
	}
}
