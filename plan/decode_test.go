package plan

import (
	"reflect"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// decodeString decodes src into v (a pointer) as file f.yaml.
func decodeString(src string, v any) Diagnostics {
	var c collector
	if root := parseYAML("f.yaml", []byte(src), &c); root != nil {
		d := &decoder{file: "f.yaml", c: &c}
		d.value(root, reflect.ValueOf(v).Elem(), "")
	}
	c.render(i18n.Bokmal)
	return c.ds
}

func TestDecodeValues(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		into  any
		want  any
		diags Diagnostics
	}{
		{"scalar for a list", "kontakter: kari\n", &NotifyGroup{}, NotifyGroup{Contacts: []string{"kari"}}, nil},
		{"empty list items are dropped", "kontakter:\n  - kari\n  -\n  - ola\n", &NotifyGroup{}, NotifyGroup{Contacts: []string{"kari", "ola"}}, nil},
		{"numbers as text", "id: 112\nnavn: 2025\n", &Contact{}, Contact{ID: "112", Name: "2025"}, nil},
		{"YAML integers", "intervall_mnd: 0x0C\nvarsler: [1_000, '7', 0]\n", &Exercise{}, Exercise{IntervalMonths: 12, Stages: []int{1000, 7, 0}}, nil},
		{"ja and nei", "standard: ja\n", &NotificationList{}, NotificationList{Default: true}, nil},
		{"null leaves zero", "navn: ~\nstandard:\ngrupper: null\n", &NotificationList{}, NotificationList{}, nil},
		{"both date forms", "sist_gjennomfort: 01.02.2025\n", &Exercise{}, Exercise{LastDone: Date{2025, 2, 1}}, nil},
		{"number too large", "prioritet: 99999999999999999999\n", &CriticalFunction{}, CriticalFunction{},
			Diagnostics{e("f.yaml", 1, "prioritet", "forventet et heltall, men fant «99999999999999999999»")}},
		{"float for int", "prioritet: 1.5\n", &CriticalFunction{}, CriticalFunction{},
			Diagnostics{e("f.yaml", 1, "prioritet", "forventet et heltall, men fant «1.5»")}},
		{"list for text", "navn: [a, b]\n", &Contact{}, Contact{},
			Diagnostics{e("f.yaml", 1, "navn", "forventet tekst, men fant en liste")}},
		{"mapping for date", "sist_gjennomfort: {dag: 1}\n", &Exercise{}, Exercise{},
			Diagnostics{e("f.yaml", 1, "sist_gjennomfort", "forventet en dato (ÅÅÅÅ-MM-DD), men fant en samling felt (nøkkel: verdi)")}},
		{"long value is shortened", "intervall_mnd: " + "abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij\n", &Exercise{}, Exercise{},
			Diagnostics{e("f.yaml", 1, "intervall_mnd", "forventet et heltall, men fant «abcdefghij abcdefghij abcdefghij abcdefg…»")}},
		// The step with a bad field is kept, so later steps keep their numbers.
		{"nested path", "steg:\n  - tekst: a\n  - tekst: [b]\n", &ActionCard{}, ActionCard{Steps: []Step{{Text: "a"}, {}}},
			Diagnostics{e("f.yaml", 3, "steg[2].tekst", "forventet tekst, men fant en liste")}},
		// Fields tagged yaml:"-" and the embedded Pos cannot be set from a file.
		{"yaml:\"-\" fields are not decoded", "fase: håndtering\nPhase: x\nphase: x\n\"-\": x\nFile: x\nLine: 3\n", &RolePhase{}, RolePhase{Name: "håndtering"},
			Diagnostics{
				e("f.yaml", 2, "", "ukjent felt «Phase» – mente du «fase»?"),
				e("f.yaml", 3, "", "ukjent felt «phase» – mente du «fase»?"),
				e("f.yaml", 4, "", "ukjent felt «-»"),
				e("f.yaml", 5, "", "ukjent felt «File» – mente du «fase»?"),
				e("f.yaml", 6, "", "ukjent felt «Line»"),
			}},
		{"complex key", "? [a]\n: b\n", &Contact{}, Contact{},
			Diagnostics{e("f.yaml", 1, "", "en nøkkel må være et enkelt ord, ikke en liste eller samling")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := decodeString(tt.src, tt.into)
			if !reflect.DeepEqual(plain(ds), plain(tt.diags)) {
				t.Errorf("diagnostics:\n%swant:\n%s", ds, tt.diags)
			}
			got := reflect.ValueOf(tt.into).Elem()
			// Compare without positions, which have their own test.
			got.FieldByName("Pos").Set(reflect.Zero(posType))
			if s := got.FieldByName("Steps"); s.IsValid() {
				for i := 0; i < s.Len(); i++ {
					s.Index(i).FieldByName("Pos").Set(reflect.Zero(posType))
				}
			}
			if !reflect.DeepEqual(got.Interface(), tt.want) {
				t.Errorf("got  %+v\nwant %+v", got.Interface(), tt.want)
			}
		})
	}
}

func TestDecodeRecordsItemLines(t *testing.T) {
	var g NotifyGroup
	decodeString("navn: Drift\nkontakter:\n  - kari\n  -\n  - ola\n", &g)
	want := map[string]int{"navn": 1, "kontakter": 2, "kontakter[1]": 3, "kontakter[2]": 5}
	if !reflect.DeepEqual(g.Fields, want) || g.File != "f.yaml" || g.Line != 1 {
		t.Errorf("pos = %s:%d %v, want fields %v", g.File, g.Line, g.Fields, want)
	}
}
