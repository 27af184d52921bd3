package i18n

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"text/template/parse"

	"go.yaml.in/yaml/v3"
)

// rawCatalog reads an embedded catalog as id → plural form → template
// ("" for a message without plural forms).
func rawCatalog(t *testing.T, lang Lang) map[string]map[string]string {
	t.Helper()
	raw := map[string]any{}
	for _, name := range catalogFiles(lang) {
		data, err := catalogFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var part map[string]any
		if err := yaml.Unmarshal(data, &part); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for id, v := range part {
			if _, dup := raw[id]; dup {
				t.Errorf("%s: %q is also in another %s catalog file", name, id, lang)
			}
			raw[id] = v
		}
	}
	out := map[string]map[string]string{}
	for id, v := range raw {
		switch v := v.(type) {
		case string:
			out[id] = map[string]string{"": v}
		case map[string]any:
			forms := map[string]string{}
			for form, s := range v {
				str, ok := s.(string)
				if !ok {
					t.Fatalf("%s: %s.%s is not text", lang, id, form)
				}
				forms[form] = str
			}
			out[id] = forms
		default:
			t.Fatalf("%s: %s has an unexpected shape %T", lang, id, v)
		}
	}
	return out
}

// placeholders returns the sorted field names ({{.Name}}) a template uses.
func placeholders(t *testing.T, where, src string) []string {
	t.Helper()
	trees, err := parse.Parse("m", src, "{{", "}}")
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	set := map[string]bool{}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					walk(c)
				}
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			set[strings.Join(n.Ident, ".")] = true
		case *parse.TextNode, nil:
		default:
			t.Errorf("%s: unexpected template node %T; keep messages to fields and if", where, n)
		}
	}
	for _, tree := range trees {
		walk(tree.Root)
	}
	return slices.Sorted(maps.Keys(set))
}

func TestCatalogsMatch(t *testing.T) {
	ref := rawCatalog(t, Default)
	if len(ref) < 50 {
		t.Fatalf("nb catalog has only %d messages", len(ref))
	}
	for _, lang := range Langs() {
		cat := rawCatalog(t, lang)
		for id, forms := range ref {
			got, ok := cat[id]
			if !ok {
				t.Errorf("%s: message %q missing", lang, id)
				continue
			}
			_, refPlural := forms["other"]
			_, plural := got["other"]
			if refPlural != plural {
				t.Errorf("%s: %q: plural forms in one catalog only", lang, id)
			}
			want := placeholders(t, "nb:"+id, strings.Join(slices.Collect(maps.Values(forms)), " "))
			for form, src := range got {
				where := string(lang) + ":" + id + "." + form
				have := placeholders(t, where, src)
				// A plural "one" may leave the count out ("hver måned").
				if form == "one" {
					have = appendIfMissing(have, "Count", want)
				}
				if !slices.Equal(have, want) {
					t.Errorf("%s: placeholders %v, nb has %v", where, have, want)
				}
			}
		}
		for id := range cat {
			if _, ok := ref[id]; !ok {
				t.Errorf("%s: message %q is not in nb.yaml", lang, id)
			}
		}
	}
}

func appendIfMissing(have []string, name string, want []string) []string {
	if slices.Contains(want, name) && !slices.Contains(have, name) {
		have = append(have, name)
		slices.Sort(have)
	}
	return have
}

func TestPlurals(t *testing.T) {
	tests := []struct {
		lang  Lang
		id    string
		count int
		want  string
	}{
		{Bokmal, "count.warnings", 1, "1 advarsel"},
		{Bokmal, "count.warnings", 2, "2 advarsler"},
		{Bokmal, "count.warnings", 0, "0 advarsler"},
		{Bokmal, "count.lines", 1, "1 linje"},
		{Bokmal, "count.lines", 2, "2 linjer"},
		{Bokmal, "count.days", 1, "1 dag"},
		{Bokmal, "count.days", 2, "2 dager"},
		{Bokmal, "count.every_months", 1, "hver måned"},
		{Bokmal, "count.every_months", 12, "hver 12. måned"},
		{Swedish, "count.warnings", 1, "1 varning"},
		{Swedish, "count.warnings", 2, "2 varningar"},
		{Swedish, "count.lines", 1, "1 rad"},
		{Swedish, "count.lines", 2, "2 rader"},
		{Swedish, "count.days", 1, "1 dag"},
		{Swedish, "count.days", 2, "2 dagar"},
		{Swedish, "count.errors", 2, "2 fel"},
		{English, "count.warnings", 1, "1 warning"},
		{English, "count.warnings", 2, "2 warnings"},
		{English, "count.lines", 1, "1 line"},
		{English, "count.lines", 2, "2 lines"},
		{English, "count.days", 1, "1 day"},
		{English, "count.days", 2, "2 days"},
		{English, "count.errors", 1, "1 error"},
		{English, "count.every_months", 6, "every 6 months"},
	}
	for _, tt := range tests {
		if got := For(tt.lang).T(tt.id, Args{"Count": tt.count}); got != tt.want {
			t.Errorf("%s %s(%d) = %q, want %q", tt.lang, tt.id, tt.count, got, tt.want)
		}
	}
}

func TestNestedMessageAndJoin(t *testing.T) {
	l := For(Swedish)
	args := Args{
		"Source":   "plan/",
		"Errors":   M("count.errors", Args{"Count": 1}),
		"Warnings": M("count.warnings", Args{"Count": 3}),
	}
	if got, want := l.T("plan.check.summary", args), "Planen i plan/ har 1 fel och 3 varningar."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := For(Bokmal).Join([]string{"lav", "middels", "høy"}, false), "lav, middels eller høy"; got != want {
		t.Errorf("Join = %q, want %q", got, want)
	}
	if got, want := For(English).Join([]string{"a", "b"}, true), "a and b"; got != want {
		t.Errorf("Join = %q, want %q", got, want)
	}
}

func TestUnknownLanguageFallsBackToBokmal(t *testing.T) {
	for _, lang := range []Lang{"", "de", "nn", "SV"} {
		l := For(lang)
		if l.Lang() != Bokmal {
			t.Errorf("For(%q).Lang() = %q, want nb", lang, l.Lang())
		}
		if got := l.T("count.warnings", Args{"Count": 2}); got != "2 advarsler" {
			t.Errorf("For(%q): %q", lang, got)
		}
	}
}

func TestMissingMessageFailsTests(t *testing.T) {
	for _, tc := range []struct {
		name string
		call func()
	}{
		{"unknown id", func() { For(Swedish).T("no.such.message") }},
		{"unknown id in en", func() { For(English).T("plan.required.nope") }},
		{"argument not given", func() { For(Bokmal).T("plan.ref.contact", Args{"ID": "x"}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic: a missing message would pass unnoticed")
				}
			}()
			tc.call()
		})
	}
}

func TestHas(t *testing.T) {
	if !For(Swedish).Has("plan.required") {
		t.Error("sv should have plan.required")
	}
	if For(Swedish).Has("no.such.message") {
		t.Error("sv should not have no.such.message")
	}
	if len(IDs()) != len(rawCatalog(t, Default)) {
		t.Errorf("IDs() has %d ids", len(IDs()))
	}
}

func TestParseLang(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"nb", Bokmal, true}, {"sv", Swedish, true}, {"en", English, true},
		{"svenska", Swedish, true}, {"Svenska", Swedish, true}, {"sv-SE", Swedish, true},
		{"sv_SE", Swedish, true}, {"norsk", Bokmal, true}, {"bokmål", Bokmal, true},
		{"Bokmål", Bokmal, true}, {"nb-NO", Bokmal, true}, {"english", English, true},
		{"en-GB", English, true}, {" sv ", Swedish, true},
		{"de", "", false}, {"nn", "", false}, {"", "", false}, {"se", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseLang(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseLang(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestConcurrentUse: localizers are shared between goroutines (one per
// Slack request).
func TestConcurrentUse(t *testing.T) {
	done := make(chan string)
	for i := 0; i < 8; i++ {
		go func() {
			lang := Langs()[i%3]
			done <- For(lang).T("count.days", Args{"Count": i})
		}()
	}
	for i := 0; i < 8; i++ {
		if s := <-done; s == "" {
			t.Error("empty")
		}
	}
}

// TemplateT takes its arguments as key–value pairs, as templates pass them.
func TestTemplateT(t *testing.T) {
	l := For(Bokmal)
	if got, want := l.TemplateT("count.days", "Count", 2), l.T("count.days", Args{"Count": 2}); got != want || got != "2 dager" {
		t.Errorf("TemplateT = %q, want %q", got, want)
	}
}
