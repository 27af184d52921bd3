package planfile

import (
	"strings"
	"testing"
	"testing/fstest"
)

// An unquoted text with « #word» is cut by YAML at the #: warned at its
// line, with the field; a real comment (« # note») is left alone.
func TestTextCutByComment(t *testing.T) {
	fsys := planFS(t, "testdata/valid")
	org := strings.Replace(string(fsys["organisasjon.yaml"].Data), "kommunikasjon:\n",
		"kommunikasjon:\n  - Internt brukes kanalen #beredskap; ved bortfall Nødnett.\n  - Kun kriseleder uttaler seg # avtalt i ledermøtet\n", 1)
	lines := strings.Count(org[:strings.Index(org, "Internt")], "\n") + 1
	fsys["organisasjon.yaml"] = &fstest.MapFile{Data: []byte(org)}
	p, ds := Load(fsys)
	var cut Diagnostics
	for _, d := range ds {
		if strings.Contains(d.Message, "kuttet") {
			cut = append(cut, d)
		}
	}
	assertDiagnostics(t, cut, Diagnostics{
		w("organisasjon.yaml", lines, "kommunikasjon[1]", "teksten er kuttet før «#beredskap;»: YAML leser « #» som starten på en kommentar; sett hele teksten i anførselstegn"),
	})
	if p.Org.Communication[0] != "Internt brukes kanalen" {
		t.Errorf("YAML no longer cuts at the comment (%q): the warning can go", p.Org.Communication[0])
	}
}
