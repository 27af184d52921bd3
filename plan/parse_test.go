package plan

import (
	"reflect"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

func TestParseYAMLReportsSyntaxErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      Diagnostics
	}{
		{"colon in text", "navn: Kari\ntittel: Leder: IT\n",
			Diagnostics{e("f.yaml", 2, "", "ugyldig YAML: kolon («:») på et sted der det ikke er tillatt; sett teksten i anførselstegn eller sjekk innrykket")}},
		{"tab indent", "a:\tb\n\tc: d\n",
			Diagnostics{e("f.yaml", 2, "", "ugyldig YAML: tabulator i innrykk; bruk mellomrom")}},
		{"unclosed flow list", "a: [1, 2\nb: 3\n",
			Diagnostics{e("f.yaml", 1, "", "ugyldig YAML: listen i klammer («[ ]») er ikke avsluttet med «]»")}},
		{"unknown anchor", "a: *x\n",
			Diagnostics{e("f.yaml", 0, "", "ugyldig YAML: alias «*x» viser til et anker «&x» som ikke finnes")}},
		{"control character", "\x01a: b",
			Diagnostics{e("f.yaml", 0, "", "ugyldig YAML: filen inneholder kontrolltegn som ikke er tillatt")}},
		{"not UTF-8", "a: \xff\xfe\n",
			Diagnostics{e("f.yaml", 0, "", "ugyldig YAML: filen er ikke gyldig UTF-8; lagre den som UTF-8")}},
		{"second document", "a: 1\n---\nb: 2\n",
			Diagnostics{e("f.yaml", 2, "", "filen har mer enn ett YAML-dokument (skilt med «---»); bare det første leses")}},
		{"leading and trailing document markers are fine", "---\na: 1\n---\n", nil},
		{"comments only", "# bare en kommentar\n", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c collector
			parseYAML("f.yaml", []byte(tt.src), &c)
			c.render(i18n.Bokmal)
			if !reflect.DeepEqual(plain(c.ds), plain(tt.want)) {
				t.Errorf("got:\n%swant:\n%s", c.ds, tt.want)
			}
		})
	}
}
