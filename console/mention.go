package console

import (
	"strings"
	"unicode"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// trailing is the punctuation that may follow a name: "@Kari, ring …".
const trailing = ".,:;!?)»”'\""

// maxNameWords is how many words after an @ are tried as a full name.
const maxNameWords = 4

// broadcast are the @-words Slack itself understands; they are left as
// typed.
var broadcast = map[string]bool{"here": true, "channel": true, "everyone": true, "kanal": true, "alle": true, "alla": true}

// mentions rewrites the @names typed in the console into what Slack puts
// in a command's text, matched against the plan's contacts by full name,
// or by a unique first name, last name or prefix (folded: case and æøå do
// not matter): a contact with a Slack ID becomes <@U…>; one without
// becomes "kontakt:<id>" where a user is the argument (userArg), else
// "@Full Name". An @ inside a word (an e-mail address) is left alone.
// problem is a message for the user, in the plan's language, when a name is unknown or
// fits several contacts; then the line is not run.
func mentions(p *plan.Plan, text string, userArg bool) (out, problem string) {
	var b strings.Builder
	for i := 0; i < len(text); {
		at := strings.IndexByte(text[i:], '@')
		if at < 0 {
			b.WriteString(text[i:])
			break
		}
		at += i
		b.WriteString(text[i:at])
		if at > 0 && !unicode.IsSpace(rune(text[at-1])) {
			b.WriteByte('@')
			i = at + 1
			continue
		}
		c, n, problem := contactAt(p, text[at+1:])
		if problem != "" {
			return "", problem
		}
		if c == nil {
			b.WriteByte('@')
			i = at + 1
			continue
		}
		switch {
		case c.SlackID != "":
			b.WriteString("<@" + c.SlackID + ">")
		case userArg:
			b.WriteString(ui.ContactPrefix + c.ID)
		default:
			b.WriteString("@" + c.Name)
		}
		i = at + 1 + n
	}
	return b.String(), ""
}

// contactAt matches the name at the start of s (just after an @) and
// returns the contact and how many bytes of s its name took. It returns
// no contact and no problem when s does not start with a name (a digit, a
// space, @here).
func contactAt(p *plan.Plan, s string) (*plan.Contact, int, string) {
	words := wordSpans(s, maxNameWords)
	if len(words) == 0 || !unicode.IsLetter([]rune(s)[0]) {
		return nil, 0, ""
	}
	// The longest run of words that is someone's full name.
	for k := len(words); k >= 2; k-- {
		phrase := strings.TrimRight(s[:words[k-1]], trailing)
		for _, c := range p.Contacts {
			if plan.Fold(c.Name) == plan.Fold(phrase) {
				return c, len(phrase), ""
			}
		}
	}
	word := strings.TrimRight(s[:words[0]], trailing)
	if broadcast[plan.Fold(word)] {
		return nil, 0, ""
	}
	found, suggested := matchContact(p, word)
	l := i18n.For(p.Lang)
	switch {
	case len(found) == 1:
		return found[0], len(word), ""
	case len(found) > 1:
		names := contactNames(found)
		return nil, 0, l.T("console.mention.ambiguous", i18n.Args{"Word": word, "Names": strings.Join(names, ", "), "First": names[0]})
	case len(suggested) > 0:
		return nil, 0, l.T("console.mention.suggest", i18n.Args{"Word": word,
			"Names": strings.Join(contactNames(suggested), " "+l.T("word.or")+" ")})
	}
	return nil, 0, l.T("console.mention.unknown", i18n.Args{"Word": word})
}

// matchContact finds the contacts a single word names, folded: the one
// whose ID or name it is; else every contact with a name word equal to
// it ("Bengt", "Nordmann"); else every contact whose name or a name word
// starts with it. Several contacts mean the word is ambiguous. With none,
// suggestions are the nearest (plan.MatchName).
func matchContact(p *plan.Plan, word string) (found, suggestions []*plan.Contact) {
	q := plan.Fold(word)
	for _, c := range p.Contacts {
		if plan.Fold(c.ID) == q || plan.Fold(c.Name) == q {
			return []*plan.Contact{c}, nil
		}
	}
	var prefixed []*plan.Contact
	for _, c := range p.Contacts {
		whole, prefix := false, strings.HasPrefix(plan.Fold(c.Name), q)
		for _, w := range strings.Fields(c.Name) {
			whole = whole || plan.Fold(w) == q
			prefix = prefix || strings.HasPrefix(plan.Fold(w), q)
		}
		if whole {
			found = append(found, c)
		}
		if prefix {
			prefixed = append(prefixed, c)
		}
	}
	if len(found) > 0 {
		return found, nil
	}
	if len(prefixed) > 0 {
		return prefixed, nil
	}
	cands := make([]plan.Candidate, 0, len(p.Contacts))
	for _, c := range p.Contacts {
		cands = append(cands, plan.Candidate{ID: c.ID, Names: append([]string{c.Name}, strings.Fields(c.Name)...)})
	}
	for _, id := range plan.MatchName(word, cands).Suggestions {
		for _, c := range p.Contacts {
			if c.ID == id {
				suggestions = append(suggestions, c)
			}
		}
	}
	return nil, suggestions
}

// wordSpans returns the end offsets in s of its first n words (up to the
// end of the line's words, separated by white space).
func wordSpans(s string, n int) []int {
	var ends []int
	in := false
	for i, r := range s {
		switch {
		case unicode.IsSpace(r) && in:
			ends = append(ends, i)
			in = false
			if len(ends) == n {
				return ends
			}
		case unicode.IsSpace(r) && !in && len(ends) == 0:
			return nil // "@ " is not a mention
		case !unicode.IsSpace(r):
			in = true
		}
	}
	if in {
		ends = append(ends, len(s))
	}
	return ends
}

func contactNames(cs []*plan.Contact) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

// takesUser reports whether a command line's argument ends in a user:
// "/beredskap rolle <rolle> @navn".
func takesUser(cmd, text string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	return strings.EqualFold(cmd, "/beredskap") && plan.Fold(first) == "rolle"
}
