// Package i18n holds the words the bot shows its users, in the three
// languages a plan can be written in: bokmål (nb), Swedish (sv) and
// English (en). The catalogs are YAML files under catalog/ (one file per area and language, <area>.<lang>.yaml), embedded in
// the binary; a message is looked up by a stable id and filled in with
// named arguments:
//
//	l := i18n.For(p.Lang)
//	l.T("count.warnings", i18n.Args{"Count": n}) // "2 advarsler", "2 varningar", "2 warnings"
//
// Plural forms follow the CLDR rules of the language (go-i18n), chosen by
// the argument "Count". A message id missing from a catalog, or an
// argument a template needs but was not given, panics inside a test
// binary, so it fails the test that reached it; in production the bokmål
// text is used, then the id itself, and the gap is logged.
//
// Logs stay English and do not go through this package. The package
// imports nothing of the bot, so every other package may import it.
package i18n

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// Args are the named arguments of a message ("Count", "Name" …). A value
// that is a Message is rendered first, in the same language, so a message
// can take another as an argument ("forventet {{.Want}}").
type Args map[string]any

// Message is a message id with its arguments, not yet rendered: what a
// function returns when the language is decided later (a plan diagnostic).
type Message struct {
	ID   string
	Args Args
}

// M builds a Message.
func M(id string, args Args) Message { return Message{ID: id, Args: args} }

//go:embed catalog/*.yaml
var catalogFS embed.FS

var (
	loadOnce sync.Once
	bundle   *goi18n.Bundle
	// ids holds every message id of the default (bokmål) catalog.
	ids map[string]bool
)

// parser fails on a missing argument instead of printing "<no value>".
var parser = &template.TextParser{Option: "missingkey=error"}

func load() {
	bundle = goi18n.NewBundle(language.Make(string(Default)))
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	ids = map[string]bool{}
	for _, lang := range Langs() {
		for _, name := range catalogFiles(lang) {
			data, err := catalogFS.ReadFile(name)
			if err != nil {
				panic("i18n: " + err.Error()) // embedded: cannot happen in a built binary
			}
			f, err := bundle.ParseMessageFileBytes(data, path.Base(name))
			if err != nil {
				panic("i18n: " + name + ": " + err.Error())
			}
			if lang == Default {
				for _, m := range f.Messages {
					ids[m.ID] = true
				}
			}
		}
	}
}

// catalogFiles returns the embedded catalog files of lang: one per area of
// the bot (catalog/<area>.<lang>.yaml), so features keep their words
// together and can be added without touching each other's files.
func catalogFiles(lang Lang) []string {
	names, err := fs.Glob(catalogFS, "catalog/*."+string(lang)+".yaml")
	if err != nil {
		panic("i18n: " + err.Error()) // a malformed pattern: cannot happen
	}
	return names
}

// Localizer renders messages in one language. The zero value is not
// usable; get one from For.
type Localizer struct {
	lang Lang
	loc  *goi18n.Localizer
	nb   *goi18n.Localizer
}

var (
	locMu      sync.Mutex
	localizers = map[Lang]*Localizer{}
)

// For returns the localizer of lang; an unknown or empty lang gets bokmål.
func For(lang Lang) *Localizer {
	loadOnce.Do(load)
	if !lang.Valid() {
		lang = Default
	}
	locMu.Lock()
	defer locMu.Unlock()
	if l, ok := localizers[lang]; ok {
		return l
	}
	l := &Localizer{
		lang: lang,
		loc:  goi18n.NewLocalizer(bundle, string(lang)),
		nb:   goi18n.NewLocalizer(bundle, string(Default)),
	}
	localizers[lang] = l
	return l
}

// Lang returns the language the localizer renders in.
func (l *Localizer) Lang() Lang { return l.lang }

// T renders the message id with args. "Count" in args picks the plural
// form. A missing message or argument panics in tests (see the package
// doc); in production T falls back to bokmål, then to the id.
func (l *Localizer) T(id string, args ...Args) string {
	var a Args
	if len(args) > 0 {
		a = args[0]
	}
	text, err := l.render(l.loc, id, a)
	if err == nil {
		return text
	}
	if testing.Testing() {
		panic(fmt.Sprintf("i18n: message %q in %s: %v", id, l.lang, err))
	}
	slog.Warn("i18n: message missing or incomplete", "id", id, "lang", string(l.lang), "err", err)
	if l.lang != Default {
		if text, err := l.render(l.nb, id, a); err == nil {
			return text
		}
	}
	return id
}

// M renders a Message; see T.
func (l *Localizer) M(m Message) string { return l.T(m.ID, m.Args) }

// Has reports whether the catalog of l's language holds id itself,
// without falling back to another language.
func (l *Localizer) Has(id string) bool {
	_, tag, err := l.loc.LocalizeWithTag(&goi18n.LocalizeConfig{MessageID: id, TemplateParser: &template.IdentityParser{}})
	return err == nil && tag == language.Make(string(l.lang))
}

// errNested wraps the error of a Message argument.
var errNested = errors.New("argument")

func (l *Localizer) render(loc *goi18n.Localizer, id string, args Args) (string, error) {
	data := make(map[string]any, len(args))
	for k, v := range args {
		if m, ok := v.(Message); ok {
			s, err := l.render(loc, m.ID, m.Args)
			if err != nil {
				return "", fmt.Errorf("%w %s: %w", errNested, k, err)
			}
			v = s
		}
		data[k] = v
	}
	cfg := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data, TemplateParser: parser}
	if n, ok := args["Count"]; ok {
		cfg.PluralCount = n
	}
	text, tag, err := loc.LocalizeWithTag(cfg)
	if err == nil && loc == l.loc && tag != language.Make(string(l.lang)) {
		err = fmt.Errorf("not in the %s catalog", l.lang)
	}
	return text, err
}

// IDs returns every message id of the bokmål catalog, which is the
// reference the other catalogs must match, sorted.
func IDs() []string {
	loadOnce.Do(load)
	out := make([]string, 0, len(ids))
	for id := range ids {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// Join joins words as a list in l's language: "a, b eller c" (or "and",
// with and true).
func (l *Localizer) Join(words []string, and bool) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	conj := "word.or"
	if and {
		conj = "word.and"
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + l.T(conj) + " " + words[len(words)-1]
}

// TemplateT is T for html/template and text/template: {{t "id"}} or
// {{t "id" "Key" value …}}, the arguments given as key–value pairs (a key
// that is not a string is skipped).
func (l *Localizer) TemplateT(id string, kv ...any) string {
	args := Args{}
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			args[k] = kv[i+1]
		}
	}
	return l.T(id, args)
}
