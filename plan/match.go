package plan

import (
	"sort"
	"strings"
	"unicode"

	"github.com/agnivade/levenshtein"
)

// Fold returns s in the form used for forgiving comparison: lower case,
// trimmed, inner white space collapsed, and the Nordic and accented
// letters written the way people type them on a foreign keyboard
// (ø→o, æ→ae, å→a, ä→a, ö→o, é→e …), so "Strømbrudd", "strombrudd" and
// "STRØMBRUDD" are one word.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.TrimSpace(s) {
		r = unicode.ToLower(r)
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if rep, ok := foldMap[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var foldMap = map[rune]string{
	'æ': "ae", 'ø': "o", 'å': "a", 'ä': "a", 'ö': "o", 'ü': "u",
	'é': "e", 'è': "e", 'ê': "e", 'á': "a", 'à': "a", 'ó': "o", 'ò': "o", 'ô': "o",
	'í': "i", 'ì': "i", 'ú': "u", 'ç': "c", 'ñ': "n", 'ß': "ss",
}

// Candidate is something a user can name: an ID and the other names it
// answers to (aliases, title).
type Candidate struct {
	ID    string
	Names []string
}

// Match is the outcome of matching a user's words against candidates.
// Exactly one of ID, Ambiguous or Suggestions (possibly empty) says what
// happened.
type Match struct {
	ID          string   // the one candidate meant
	Ambiguous   []string // several candidates fit equally well (a shared prefix)
	Suggestions []string // nothing fits; these are the nearest ("Mente du …?")
}

// Found reports whether the query named exactly one candidate.
func (m Match) Found() bool { return m.ID != "" }

// MatchName finds which candidate a query names, comparing folded forms
// without hyphens and spaces (matchKey). It tries, in order: an
// exact folded match of an ID or name; a prefix of IDs or names that
// belongs to a single candidate; and otherwise returns the nearest
// candidates by edit distance as suggestions. It never fails: an empty
// Match means nothing was close.
func MatchName(query string, cands []Candidate) Match {
	q := matchKey(query)
	if q == "" {
		return Match{}
	}
	for _, c := range cands {
		if matchKey(c.ID) == q {
			return Match{ID: c.ID}
		}
	}
	for _, c := range cands {
		for _, n := range c.Names {
			if matchKey(n) == q {
				return Match{ID: c.ID}
			}
		}
	}
	var prefixed []string
	for _, c := range cands {
		if hasPrefix(c, q) {
			prefixed = append(prefixed, c.ID)
		}
	}
	switch len(prefixed) {
	case 1:
		return Match{ID: prefixed[0]}
	case 0:
	default:
		return Match{Ambiguous: prefixed}
	}
	return Match{Suggestions: nearest(q, cands, 3)}
}

// matchKey is Fold without hyphens, underscores and spaces, so that
// "it-bortfall", "IT bortfall" and "itbortfall" name the same thing, as
// "strøm" and "strom" do. MatchName compares keys.
func matchKey(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r == ' ' {
			return -1
		}
		return r
	}, Fold(s))
}

func hasPrefix(c Candidate, q string) bool {
	if strings.HasPrefix(matchKey(c.ID), q) {
		return true
	}
	for _, n := range c.Names {
		if strings.HasPrefix(matchKey(n), q) {
			return true
		}
	}
	return false
}

// nearest returns up to n candidate IDs whose ID or a name is within a
// small edit distance of q, nearest first.
func nearest(q string, cands []Candidate, n int) []string {
	type scored struct {
		id   string
		dist int
	}
	limit := len([]rune(q))/3 + 1
	if limit < 2 {
		limit = 2
	}
	var found []scored
	for _, c := range cands {
		best := -1
		for _, name := range append([]string{c.ID}, c.Names...) {
			f := matchKey(name)
			d := levenshtein.ComputeDistance(q, f)
			// A query that is a word of a longer title ("sykehjem" in
			// "Evakuering av sykehjem") is close, whatever the length.
			if strings.Contains(f, q) && len(q) >= 3 {
				d = 1
			}
			// A typo early in a long title ("itbortfxll" for «IT-bortfall
			// (fagsystemer nede)»): compare with its start.
			if len(q) >= 5 && len(f) > len(q) {
				if dp := levenshtein.ComputeDistance(q, f[:len(q)]) + 1; dp < d {
					d = dp
				}
			}
			if best < 0 || d < best {
				best = d
			}
		}
		if best >= 0 && best <= limit {
			found = append(found, scored{c.ID, best})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].dist < found[j].dist })
	var out []string
	for _, s := range found {
		if len(out) == n {
			break
		}
		out = append(out, s.id)
	}
	return out
}

// CardCandidates returns every action card as a match candidate (ID,
// aliases and title).
func (p *Plan) CardCandidates() []Candidate {
	out := make([]Candidate, 0, len(p.Cards))
	for _, c := range p.Cards {
		out = append(out, Candidate{ID: c.ID, Names: append(append([]string(nil), c.Aliases...), c.Title)})
	}
	return out
}

// RoleCandidates returns every role card as a match candidate.
func (p *Plan) RoleCandidates() []Candidate {
	out := make([]Candidate, 0, len(p.Roles))
	for _, r := range p.Roles {
		out = append(out, Candidate{ID: r.ID, Names: append(append([]string(nil), r.Aliases...), r.Title)})
	}
	return out
}

// TemplateCandidates returns every message template as a match candidate.
func (p *Plan) TemplateCandidates() []Candidate {
	out := make([]Candidate, 0, len(p.Templates))
	for _, t := range p.Templates {
		out = append(out, Candidate{ID: t.ID, Names: append(append([]string(nil), t.Aliases...), t.Name)})
	}
	return out
}

// ListCandidates returns every notification list as a match candidate.
func (p *Plan) ListCandidates() []Candidate {
	out := make([]Candidate, 0, len(p.Lists))
	for _, l := range p.Lists {
		out = append(out, Candidate{ID: l.ID, Names: []string{l.Name}})
	}
	return out
}

// SearchContacts returns the contacts whose name, title, company, ID or
// held role matches every word of the query (folded, substring), in plan
// order. An empty query matches nothing.
func (p *Plan) SearchContacts(query string) []*Contact {
	words := strings.Fields(Fold(query))
	if len(words) == 0 {
		return nil
	}
	var out []*Contact
	for _, c := range p.Contacts {
		hay := []string{Fold(c.ID), Fold(c.Name), Fold(c.Title), Fold(c.Company)}
		for _, r := range p.RolesOf(c.ID) {
			hay = append(hay, Fold(r.Title), Fold(r.ID))
		}
		all := strings.Join(hay, " ")
		ok := true
		for _, w := range words {
			if !strings.Contains(all, w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, c)
		}
	}
	return out
}
