package cmdkit

import (
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// Keyword reports whether word, as a user typed it, is the keyword with
// catalog id in any of the bot's languages. A keyword's catalog message
// lists its spellings separated by "|" (kw.confirm: 'bekreft' in nb,
// 'bekräfta' in sv, 'confirm' in en), and every language's spellings are
// accepted whatever the plan's language, so a Swedish coordinator typing
// a Norwegian word from the README is understood. Matching folds case,
// æøåäö and accents (plan.Fold).
func Keyword(word, id string) bool {
	f := plan.Fold(strings.TrimSpace(word))
	if f == "" {
		return false
	}
	for _, lang := range i18n.Langs() {
		for _, s := range strings.Split(i18n.For(lang).T(id), "|") {
			if plan.Fold(strings.TrimSpace(s)) == f {
				return true
			}
		}
	}
	return false
}

// KeywordIn is the keyword with catalog id as the plan's language writes
// it: its first spelling, for help texts and examples.
func KeywordIn(lang i18n.Lang, id string) string {
	s, _, _ := strings.Cut(i18n.For(lang).T(id), "|")
	return strings.TrimSpace(s)
}
