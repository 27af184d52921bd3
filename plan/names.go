package plan

import (
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// The plan files are written with bokmål keys (the yaml tag). A plan with
// språk: sv may use Swedish keys as well; they are read from a second
// struct tag on the same field:
//
//	Name string `yaml:"navn" sv:"namn"`
//
// To give a new field its Swedish name, add the sv tag: the decoder
// accepts it, «mente du» suggests it, and diagnostics of a Swedish plan
// name the field by it. Swedish names are matched forgivingly (folded, so
// "godkänd_datum" and "godkand_datum" are one key); bokmål keys exactly.
// The tag also:"a,b" adds spellings accepted in every language (språk is
// also read as sprak). Everything inside the bot keeps using the bokmål
// key: Pos.Fields and validation see only that.

// altKey is a key accepted besides the yaml tag: in one language, or in
// all when lang is "".
type altKey struct {
	key  string // the canonical (yaml tag) key
	lang i18n.Lang
}

// alternatives reads the sv and also tags of field f with canonical key.
func alternatives(f reflect.StructField, key string, add func(name string, alt altKey)) {
	if sv := f.Tag.Get("sv"); sv != "" {
		add(sv, altKey{key, i18n.Swedish})
	}
	if also := f.Tag.Get("also"); also != "" {
		for _, a := range strings.Split(also, ",") {
			add(a, altKey{key, ""})
		}
	}
}

// lookup returns the canonical key for key as written in a plan of lang.
func (info *structInfo) lookup(key string, lang i18n.Lang) (string, bool) {
	if _, ok := info.fields[key]; ok {
		return key, true
	}
	if alt, ok := info.alt[Fold(key)]; ok && (alt.lang == "" || alt.lang == lang) {
		return alt.key, true
	}
	return "", false
}

// known returns the keys to suggest from in a plan of lang, sorted.
func (info *structInfo) known(lang i18n.Lang) []string {
	if lang != i18n.Swedish {
		return info.keys
	}
	return info.svKeys
}

var (
	svNamesOnce sync.Once
	svNames     map[string]string // bokmål key → Swedish key, across all plan types
)

// listKeysSV are the Swedish names of the top-level list keys of the
// files that hold lists (kontakter.yaml, arshjul.yaml …).
var listKeysSV = map[string]string{
	"varslingslister": "larmlistor",
	"funksjoner":      "funktioner",
	"ros":             "rsa",
	"maler":           "mallar",
	"ovelser":         "övningar",
	"revisjoner":      "revisioner",
}

// swedishKey returns the Swedish name of the bokmål key, or key itself.
func swedishKey(key string) string {
	svNamesOnce.Do(func() {
		svNames = map[string]string{}
		for k, v := range listKeysSV {
			svNames[k] = v
		}
		collectSwedish(reflect.TypeFor[Plan](), map[reflect.Type]bool{})
	})
	if sv, ok := svNames[key]; ok {
		return sv
	}
	return key
}

// collectSwedish walks t and the types it holds, recording the sv tags.
func collectSwedish(t reflect.Type, seen map[reflect.Type]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if sv := f.Tag.Get("sv"); sv != "" && key != "" && key != "-" {
			svNames[key] = sv
		}
		collectSwedish(f.Type, seen)
	}
}

// fieldPathIn names the keys of a field path ("faser[2].tekst") in lang:
// Swedish keys for sv, the bokmål keys otherwise.
func fieldPathIn(lang i18n.Lang, path string) string {
	if lang != i18n.Swedish || path == "" {
		return path
	}
	parts := strings.Split(path, ".")
	for i, p := range parts {
		key, index, _ := strings.Cut(p, "[")
		if index != "" {
			index = "[" + index
		}
		parts[i] = swedishKey(key) + index
	}
	return strings.Join(parts, ".")
}

// keysWithSwedish returns keys and their Swedish names, sorted, for
// suggestions in a Swedish plan.
func keysWithSwedish(keys []string, sv map[string]string) []string {
	out := append([]string(nil), keys...)
	for _, k := range keys {
		if s, ok := sv[k]; ok && s != k {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
