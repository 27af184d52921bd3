package i18n

import (
	"strings"
	"unicode"
)

// Lang is the language of a plan and of everything the bot shows its
// users about it: "nb", "sv" or "en".
type Lang string

// The languages the catalogs cover.
const (
	Bokmal  Lang = "nb"
	Swedish Lang = "sv"
	English Lang = "en"
)

// Default is the language of a plan that names none.
const Default = Bokmal

// Langs returns every supported language, the default first.
func Langs() []Lang { return []Lang{Bokmal, Swedish, English} }

// Valid reports whether lang is one of Langs.
func (lang Lang) Valid() bool {
	switch lang {
	case Bokmal, Swedish, English:
		return true
	}
	return false
}

// langNames maps a language as people write it, folded (lower case,
// letters only), to its Lang.
var langNames = map[string]Lang{
	"nb": Bokmal, "no": Bokmal, "nob": Bokmal, "nbno": Bokmal, "nono": Bokmal,
	"norsk": Bokmal, "bokmal": Bokmal, "norskbokmal": Bokmal, "norwegian": Bokmal,
	"sv": Swedish, "swe": Swedish, "svse": Swedish, "svfi": Swedish,
	"svenska": Swedish, "svensk": Swedish, "swedish": Swedish,
	"en": English, "eng": English, "engb": English, "enus": English,
	"english": English, "engelsk": English, "engelska": English,
}

// ParseLang reads a language the way a coordinator may write it: "sv",
// "sv-SE", "svenska", "nb_NO", "Bokmål", "English". It reports false for
// anything else.
func ParseLang(s string) (Lang, bool) {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case r == 'å' || r == 'ä':
			b.WriteRune('a')
		case r == 'ø' || r == 'ö':
			b.WriteRune('o')
		case unicode.IsLetter(r):
			b.WriteRune(r)
		}
	}
	lang, ok := langNames[b.String()]
	return lang, ok
}

// LangNames returns the spellings ParseLang accepts, for suggestions.
func LangNames() []string {
	return []string{"nb", "sv", "en", "norsk", "bokmål", "svenska", "english"}
}
