package commands

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// MaxTextLen is the longest text a decision or title may have, in
// characters (ui.MaxTextLen). Longer text is refused with a clear
// message, never cut.
const MaxTextLen = ui.MaxTextLen

func firstOnly(s string) string { w, _ := cmdkit.FirstWord(s); return w }

// startArgs are the parsed arguments of /beredskap start.
type startArgs struct {
	card     *plan.ActionCard
	private  bool
	exercise bool
	title    string
}

// parseStart reads "[<kort>] [--privat] [--øvelse] <tittel>"; flags may
// stand anywhere. When the first word names an action card exactly (ID or
// alias, folded) the incident uses that card. A lower-case first word is
// a keyword and is not part of the title ("strom Strømbrudd i sentrum");
// a capitalised one is the title's first word ("Strømbrudd i sentrum"
// uses the card and keeps its whole title).
func parseStart(p *plan.Plan, s string) (startArgs, error) {
	var a startArgs
	var words []string
	l := i18n.For(p.Lang)
	for _, w := range strings.Fields(s) {
		if flag := strings.TrimLeft(w, "-–—"); flag != w {
			switch {
			case cmdkit.Keyword(flag, "kw.private"):
				a.private = true
				continue
			case cmdkit.Keyword(flag, "kw.exercise"):
				a.exercise = true
				continue
			}
		}
		if strings.HasPrefix(w, "--") {
			return a, apperr.New(apperr.Invalid, l.T("cmd.start.bad_flag", i18n.Args{"Flag": ui.Escape(w)}))
		}
		words = append(words, w)
	}
	if len(words) > 0 {
		f := plan.Fold(words[0])
		for _, c := range p.Cards {
			if plan.Fold(c.ID) == f || containsFolded(c.Aliases, f) {
				a.card = c
				if first, _ := utf8.DecodeRuneInString(words[0]); !unicode.IsUpper(first) {
					words = words[1:]
				}
				break
			}
		}
	}
	a.title = strings.Join(words, " ")
	if a.title == "" && a.card != nil {
		a.title = a.card.Title
	}
	if a.title == "" {
		return a, apperr.New(apperr.Invalid, l.T("cmd.start.no_title", i18n.Args{"Example": startExample(p)}))
	}
	if utf8.RuneCountInString(a.title) > 150 {
		return a, apperr.New(apperr.Invalid, l.T("cmd.start.too_long", i18n.Args{"N": utf8.RuneCountInString(a.title)}))
	}
	return a, nil
}

// startExample is the arguments of an example start from the loaded
// plan: its first action card's ID and title ("strom Strømbrudd"), or a
// title in the plan's language when the plan has no cards.
func startExample(p *plan.Plan) string {
	for _, c := range p.Cards {
		if c.ID != "" && c.Title != "" {
			return c.ID + " " + c.Title
		}
	}
	return i18n.For(p.Lang).T("cmd.start.no_title_example")
}

func containsFolded(ss []string, f string) bool {
	for _, s := range ss {
		if plan.Fold(s) == f {
			return true
		}
	}
	return false
}

var mentionRE = regexp.MustCompile(`^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$`)

// parseUser reads a user reference: a Slack mention <@U123|kari>, a bare
// Slack ID, or (in the console) a plain name, optionally with @.
func parseUser(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if m := mentionRE.FindStringSubmatch(s); m != nil {
		return m[1], true
	}
	s = strings.TrimPrefix(s, "@")
	if s == "" || strings.ContainsAny(s, "<> \t") {
		return "", false
	}
	return s, true
}

// parseClock reads "14:00", "14.00" or "1400" as the next such time of
// day in loc at or after now; a time earlier today means tomorrow only if
// it is more than 12 hours gone (a meeting "at 09:00" typed at 09:05 is
// today, and refused as past).
func parseClock(lang i18n.Lang, s string, now time.Time, loc *time.Location) (time.Time, error) {
	l := i18n.For(lang)
	s = strings.TrimSpace(strings.ReplaceAll(s, ".", ":"))
	if len(s) == 4 && !strings.Contains(s, ":") {
		s = s[:2] + ":" + s[2:]
	}
	parts := strings.Split(s, ":")
	if len(parts) != 2 {
		return time.Time{}, apperr.New(apperr.Invalid, l.T("cmd.clock.invalid", i18n.Args{"Text": ui.Escape(s)}))
	}
	hh, err1 := strconv.Atoi(parts[0])
	mm, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(parts[1]) != 2 {
		return time.Time{}, apperr.New(apperr.Invalid, l.T("cmd.clock.invalid", i18n.Args{"Text": ui.Escape(s)}))
	}
	local := now.In(loc)
	at := time.Date(local.Year(), local.Month(), local.Day(), hh, mm, 0, 0, loc)
	if at.Before(local) {
		if local.Sub(at) > 12*time.Hour {
			at = time.Date(local.Year(), local.Month(), local.Day()+1, hh, mm, 0, 0, loc)
		} else {
			return time.Time{}, apperr.New(apperr.Invalid, l.T("cmd.clock.past", i18n.Args{"Time": ui.TimeIn(lang, at, loc)}))
		}
	}
	return at, nil
}
