package arshjul

import (
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// joinOr joins "a", "b" and "c" as "a, b eller c" in lang (the word is
// cards.or, shared with the cards' answers).
func joinOr(lang i18n.Lang, ss []string) string {
	if len(ss) < 2 {
		return strings.Join(ss, "")
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " " + i18n.For(lang).T("cards.or") + " " + ss[len(ss)-1]
}

// quote puts a title in the quotation marks of lang: «…» in bokmål,
// ”…” in Swedish, “…” in English.
func quote(lang i18n.Lang, s string) string {
	switch lang {
	case i18n.Swedish:
		return "”" + s + "”"
	case i18n.English:
		return "“" + s + "”"
	}
	return "«" + s + "»"
}
