package planfile

import (
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"go.yaml.in/yaml/v3"
)

// maxDecodeSteps bounds the values decoded from one file. Aliases (*a) can
// make a small file expand into a huge tree ("billion laughs"); past this
// bound the decoder reports the file and stops instead of hanging.
const maxDecodeSteps = 200_000

// decoder walks yaml.v3 nodes into the plan structs by their yaml tags,
// filling Pos and reporting every problem instead of stopping at the first.
type decoder struct {
	file    string
	lang    i18n.Lang // which alternative keys are accepted (names.go)
	c       *collector
	steps   int
	aborted bool
}

var (
	posType  = reflect.TypeFor[plan.Pos]()
	dateType = reflect.TypeFor[plan.Date]()
)

// shorthands are the few objects that may also be written as a single
// value: a ROS measure as its text, a consequence step as its level. The
// decoder sets the field named here instead of reporting a type error.
var shorthands = map[reflect.Type]string{
	reflect.TypeFor[plan.Measure]():         "Text",
	reflect.TypeFor[plan.ConsequenceStep](): "Level",
}

// structInfo is the decodable shape of a struct type.
type structInfo struct {
	fields map[string]int    // YAML key → field index
	keys   []string          // sorted, for suggestions
	alt    map[string]altKey // folded Swedish or extra name → key (names.go)
	svKeys []string          // keys and Swedish names, sorted, for suggestions
	pos    int               // index of the embedded Pos, or -1
}

var structInfos sync.Map // reflect.Type → *structInfo

func infoOf(t reflect.Type) *structInfo {
	if v, ok := structInfos.Load(t); ok {
		return v.(*structInfo)
	}
	info := &structInfo{fields: map[string]int{}, alt: map[string]altKey{}, pos: -1}
	sv := map[string]string{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type == posType {
			info.pos = i
			continue
		}
		tag := f.Tag.Get("yaml")
		key, _, _ := strings.Cut(tag, ",")
		if key == "-" || !f.IsExported() {
			continue
		}
		if key == "" {
			key = strings.ToLower(f.Name)
		}
		info.fields[key] = i
		info.keys = append(info.keys, key)
		alternatives(f, key, func(name string, alt altKey) {
			info.alt[plan.Fold(name)] = alt
			if alt.lang == i18n.Swedish {
				sv[key] = name
			}
		})
	}
	sort.Strings(info.keys)
	info.svKeys = keysWithSwedish(info.keys, sv)
	v, _ := structInfos.LoadOrStore(t, info)
	return v.(*structInfo)
}

// cutByComment warns when YAML has cut an unquoted text at " #": what
// follows is a comment to YAML, but «kanalen #beredskap» or «rom #3» is
// text to the coordinator. A comment that starts with a space after the #
// is taken as meant.
func (d *decoder) cutByComment(n *yaml.Node, path string) {
	c := n.LineComment
	if n.Style != 0 || len(c) < 2 || c[0] != '#' || c[1] == ' ' || c[1] == '#' {
		return
	}
	word, _, _ := strings.Cut(c, " ")
	d.c.warnf(d.file, n.Line, path, "plan.text.cut_by_comment", i18n.Args{"Word": word})
}

func (d *decoder) errorf(line int, field, id string, args i18n.Args) {
	d.c.errorf(d.file, line, field, id, args)
}

// resolve follows an alias to the node it names. It returns nil for a
// broken alias chain (yaml.v3 never produces one, but the input is untrusted).
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode; i++ {
		if i > 16 {
			return nil
		}
		n = n.Alias
	}
	return n
}

// tick counts one decoded value and reports false once the budget is spent.
func (d *decoder) tick(line int) bool {
	if d.aborted {
		return false
	}
	d.steps++
	if d.steps > maxDecodeSteps {
		d.aborted = true
		d.errorf(line, "", "plan.decode.too_big", nil)
		return false
	}
	return true
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") ||
		(n.Kind == yaml.DocumentNode && len(n.Content) == 0)
}

// value decodes n into v (settable) and reports whether it could. path
// names the value for diagnostics ("steg[2].tekst"). A null value leaves v
// as it is, which is not an error here: validation reports missing fields.
func (d *decoder) value(n *yaml.Node, v reflect.Value, path string) bool {
	n = d.resolve(n)
	if n == nil {
		d.errorf(0, path, "plan.decode.bad_alias", nil)
		return false
	}
	if !d.tick(n.Line) {
		return false
	}
	if isNull(n) {
		if v.Kind() == reflect.Struct {
			if info := infoOf(v.Type()); info.pos >= 0 && v.Type() != dateType {
				p := v.Field(info.pos).Addr().Interface().(*plan.Pos)
				p.File, p.Line = d.file, n.Line
			}
		}
		return true
	}
	if v.Type() == dateType {
		if n.Kind != yaml.ScalarNode {
			return d.typeErr(n, path, "plan.kind.date")
		}
		s := strings.TrimSpace(n.Value)
		date, err := plan.ParseDate(s)
		if err != nil {
			d.errorf(n.Line, path, "plan.decode.bad_date", i18n.Args{"Value": strconv.Quote(s)})
			return false
		}
		v.Set(reflect.ValueOf(date))
		return true
	}
	if n.Kind == yaml.ScalarNode && v.Kind() == reflect.Struct && v.CanAddr() {
		if field, ok := shorthands[v.Type()]; ok {
			if info := infoOf(v.Type()); info.pos >= 0 {
				p := v.Field(info.pos).Addr().Interface().(*plan.Pos)
				p.File, p.Line = d.file, n.Line
			}
			v.FieldByName(field).SetString(n.Value)
			return true
		}
	}
	switch v.Kind() {
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			return d.typeErr(n, path, "plan.kind.text")
		}
		v.SetString(n.Value)
		d.cutByComment(n, path)
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n.Kind != yaml.ScalarNode {
			return d.typeErr(n, path, "plan.kind.int")
		}
		i, ok := parseInt(n)
		if !ok || v.OverflowInt(i) {
			return d.typeErr(n, path, "plan.kind.int")
		}
		v.SetInt(i)
	case reflect.Bool:
		b, ok := parseBool(n)
		if !ok {
			return d.typeErr(n, path, "plan.kind.bool")
		}
		v.SetBool(b)
	case reflect.Slice:
		return d.slice(n, v, path)
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return d.typeErr(n, path, "plan.kind.mapping")
		}
		d.mapping(n, v, path)
	default:
		d.errorf(n.Line, path, "plan.decode.internal", i18n.Args{"Type": v.Type().String()})
		return false
	}
	return true
}

// slice decodes a sequence, or a single scalar into a list of scalars
// ("telefon: 912 34 567" means one number).
func (d *decoder) slice(n *yaml.Node, v reflect.Value, path string) bool {
	elemType := v.Type().Elem()
	scalarElem := elemType.Kind() != reflect.Struct && elemType.Kind() != reflect.Pointer && elemType.Kind() != reflect.Slice
	items := n.Content
	switch {
	case n.Kind == yaml.SequenceNode:
	case n.Kind == yaml.ScalarNode && (scalarElem || shorthands[elemType] != ""):
		items = []*yaml.Node{n}
	default:
		return d.typeErr(n, path, "plan.kind.list")
	}
	out := reflect.MakeSlice(v.Type(), 0, len(items))
	for i, item := range items {
		elem := reflect.New(elemType).Elem()
		target := elem
		if elemType.Kind() == reflect.Pointer {
			elem = reflect.New(elemType.Elem())
			target = elem.Elem()
		}
		itemPath := path + "[" + strconv.Itoa(i+1) + "]"
		if isNull(d.resolve(item)) && scalarElem {
			continue // "- " with nothing after it
		}
		if d.value(item, target, itemPath) {
			out = reflect.Append(out, elem)
		}
		if d.aborted {
			break
		}
	}
	v.Set(out)
	return true
}

// mapping decodes a mapping into a struct by its yaml tags and records
// where each key stood in the struct's Pos.
func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	info := infoOf(v.Type())
	var pos *plan.Pos
	if info.pos >= 0 {
		pos = v.Field(info.pos).Addr().Interface().(*plan.Pos)
		pos.File, pos.Line = d.file, n.Line
		pos.Fields = make(map[string]int, len(n.Content)/2)
	}
	prefix := ""
	if path != "" {
		prefix = path + "."
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := d.resolve(n.Content[i]), n.Content[i+1]
		if kn == nil || kn.Kind != yaml.ScalarNode {
			d.errorf(n.Content[i].Line, path, "plan.decode.key_not_scalar", nil)
			continue
		}
		if kn.Tag == "!!merge" {
			d.errorf(kn.Line, path, "plan.decode.merge", nil)
			continue
		}
		// The canonical key: "namn" and "navn" are the same field.
		key, known := info.lookup(kn.Value, d.lang)
		if !known {
			key = kn.Value
		}
		if first, dup := seen[key]; dup {
			d.errorf(kn.Line, prefix+key, "plan.decode.duplicate_key", i18n.Args{"Line": first})
			continue
		}
		seen[key] = kn.Line
		if !known {
			d.errorf(kn.Line, path, "plan.decode.unknown_field", unknownArgs(kn.Value, info.known(d.lang)))
			continue
		}
		idx := info.fields[key]
		field := v.Field(idx)
		before := len(d.c.ds)
		d.value(vn, field, prefix+key)
		if len(d.c.ds) > before {
			d.c.markBad(d.file, prefix+key, kn.Line)
		}
		if pos != nil {
			pos.Fields[key] = kn.Line
			if field.Kind() == reflect.Slice {
				recordItemLines(pos, key, d.resolve(vn))
			}
		}
		if d.aborted {
			return
		}
	}
}

// recordItemLines stores the line of each item of a list of scalars as
// Fields["key[i]"] (1-based), so a bad reference can be pointed at exactly.
// Items that are not plain scalars are not recorded; FieldLine then falls
// back to the object's line.
func recordItemLines(pos *plan.Pos, key string, vn *yaml.Node) {
	switch {
	case vn == nil:
	case vn.Kind == yaml.ScalarNode && !isNull(vn):
		pos.Fields[key+"[1]"] = vn.Line
	case vn.Kind == yaml.SequenceNode:
		// Count as slice() appends: null items are dropped.
		n := 0
		for _, item := range vn.Content {
			r := item
			if r.Kind == yaml.AliasNode && r.Alias != nil {
				r = r.Alias
			}
			if r.Kind == yaml.ScalarNode && !isNull(r) {
				pos.Fields[itemKey(key, n)] = item.Line
				n++
			}
		}
	}
}

// itemKey names item i (0-based) of a list field in Pos.Fields.
func itemKey(key string, i int) string { return key + "[" + strconv.Itoa(i+1) + "]" }

// typeErr reports that n is not what the field wants (a plan.kind.* id).
func (d *decoder) typeErr(n *yaml.Node, path, want string) bool {
	d.errorf(n.Line, path, "plan.decode.type", i18n.Args{"Want": i18n.M(want, nil), "Found": describe(n)})
	return false
}

// describe names what a node is, for type errors.
func describe(n *yaml.Node) i18n.Message {
	switch n.Kind {
	case yaml.SequenceNode:
		return i18n.M("plan.kind.list", nil)
	case yaml.MappingNode:
		return i18n.M("plan.kind.mapping", nil)
	case yaml.ScalarNode:
		s := n.Value
		if r := []rune(s); len(r) > 40 {
			s = string(r[:40]) + "…"
		}
		return i18n.M("plan.kind.scalar", i18n.Args{"Value": s})
	}
	return i18n.M("plan.kind.other", nil)
}

func parseInt(n *yaml.Node) (int64, bool) {
	s := strings.TrimSpace(n.Value)
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i, true
	}
	if n.Tag == "!!int" { // YAML also allows 0x1F, 0o17, 1_000
		if i, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 0, 64); err == nil {
			return i, true
		}
	}
	return 0, false
}

func parseBool(n *yaml.Node) (bool, bool) {
	if n.Kind != yaml.ScalarNode {
		return false, false
	}
	switch strings.ToLower(strings.TrimSpace(n.Value)) {
	case "true", "ja", "yes", "on":
		return true, true
	case "false", "nei", "no", "off":
		return false, true
	}
	return false, false
}

// unknownArgs are the arguments of "ukjent felt «titel» – mente du
// «tittel»?": the name, and the closest known name when one is close
// (else "", which leaves the suggestion out).
func unknownArgs(name string, known []string) i18n.Args {
	return i18n.Args{"Name": name, "Suggest": suggestName(name, known)}
}
