package plan

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// WorkingDay is the length of «1 arbeidsdag» (sv. arbetsdag) as a
// duration: the hours of one working day, not the clock time until the
// next one. The lower reading is the safe one for a tolerance.
const WorkingDay = 8 * time.Hour

// Day and Week are «1 døgn» and «1 uke».
const (
	Day  = 24 * time.Hour
	Week = 7 * Day
)

// maxTolerance bounds what ParseTolerance accepts: a function that may be
// down for more than a year is no critical function.
const maxTolerance = 366 * Day

// ErrDuration is wrapped by ParseTolerance's errors.
var ErrDuration = errors.New("ukjent varighet")

// DurationError is ParseTolerance's error: what is wrong with the text,
// as a catalog message (plan.duration.*) to render in the plan's
// language. It wraps ErrDuration.
type DurationError struct {
	Msg i18n.Message
}

// Error returns the message in bokmål, after ErrDuration's text.
func (e *DurationError) Error() string {
	return ErrDuration.Error() + ": " + i18n.For(i18n.Bokmal).M(e.Msg)
}

// Unwrap returns ErrDuration.
func (e *DurationError) Unwrap() error { return ErrDuration }

func durationErr(id string, args i18n.Args) error {
	return &DurationError{Msg: i18n.M(id, args)}
}

// toleranceUnits maps a unit as written, folded (ø→o, å→a, ä→a), to its
// length. Norwegian and Swedish forms, full and abbreviated.
var toleranceUnits = map[string]time.Duration{
	"min": time.Minute, "minutt": time.Minute, "minutter": time.Minute, "minuttet": time.Minute,
	"minut": time.Minute, "minuter": time.Minute, "minuten": time.Minute,
	"t": time.Hour, "h": time.Hour, "tim": time.Hour, "time": time.Hour, "timer": time.Hour, "timen": time.Hour,
	"timme": time.Hour, "timmar": time.Hour, "timmen": time.Hour, "timar": time.Hour,
	"d": Day, "dogn": Day, "dognet": Day, "dygn": Day, "dygnet": Day, "dag": Day, "dager": Day,
	"dagen": Day, "dagar": Day, "dgr": Day, "dg": Day,
	"arbeidsdag": WorkingDay, "arbeidsdager": WorkingDay, "arbetsdag": WorkingDay, "arbetsdagar": WorkingDay,
	"virkedag": WorkingDay, "virkedager": WorkingDay,
	"uke": Week, "uker": Week, "uka": Week, "vecka": Week, "veckor": Week, "veckan": Week, "u": Week, "v": Week,
}

// numberWords are the numbers people write as words in a tolerance.
var numberWords = map[string]float64{
	"en": 1, "ett": 1, "ei": 1, "et": 1, "to": 2, "tva": 2, "tre": 3, "fire": 4, "fyra": 4,
	"fem": 5, "seks": 6, "sex": 6, "halv": 0.5, "halvt": 0.5, "halvannen": 1.5,
}

// zeroWords mean that no downtime is tolerated.
var zeroWords = map[string]bool{
	"ingen": true, "inga": true, "ingenting": true, "null": true, "noll": true,
	"dognkontinuerlig": true, "dygnetruntdrift": true, "kontinuerlig": true, "umiddelbart": true, "omedelbart": true,
}

// fillerWords are skipped: «under 6 timer», «mindre enn 1 døgn», «maks 4 t»,
// «2 dgr upp till 1 vecka».
var fillerWords = map[string]bool{
	"under": true, "mindre": true, "enn": true, "an": true, "inntil": true, "maks": true, "max": true,
	"maksimalt": true, "hogst": true, "hoyst": true, "ca": true, "cirka": true, "omkring": true, "om": true,
	"til": true, "till": true, "upp": true, "opp": true, "eller": true, "mer": true, "mera": true, "<": true, "-": true, "–": true, "—": true, "ned": true, "nedetid": true,
}

// ParseTolerance reads a downtime tolerance or restore time as the
// coordinator writes it, in bokmål or Swedish, into a duration:
//
//	«24 timer», «1 time», «30 minutter», «4 timmar», «6 tim», «4t», «1,5 timer»
//	«2–4 timer», «2-4 t», «2 til 4 timer», «2 dgr upp till 1 vecka» → the lower bound
//	«1 døgn», «1 dygn», «2 dager», «1 uke», «1 vecka», «to uker»
//	«1 arbeidsdag», «1 arbetsdag» → WorkingDay each
//	«Ingen (døgnkontinuerlig)», «Ingen», «0», «Inga» → 0
//
// Words in parentheses are comments and ignored unless nothing else is
// written. It returns a *DurationError (wrapping ErrDuration) for
// anything else, and for a range whose upper bound is below its lower.
func ParseTolerance(s string) (time.Duration, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return 0, durationErr("plan.duration.empty", nil)
	}
	main, paren := stripParens(text)
	if strings.TrimSpace(main) == "" {
		main = paren
	}
	toks := toleranceTokens(Fold(main))
	if len(toks) == 0 {
		return 0, toleranceErr(text)
	}
	if zeroWords[toks[0]] || (len(toks) == 1 && toks[0] == "0") || hasAny(toks, "rundt", "runt") {
		return 0, nil
	}
	// Collect the amounts; a number without its own unit takes the next
	// unit («2–4 timer»), and «og»/«och» adds to the amount before it
	// («1 time og 30 minutter»).
	var amounts []time.Duration
	pending := []float64{}
	join := false
	for _, tok := range toks {
		if n, ok := parseNumber(tok); ok {
			pending = append(pending, n)
			continue
		}
		if u, ok := toleranceUnits[tok]; ok {
			if len(pending) == 0 {
				return 0, toleranceErr(text) // «timer» without a number
			}
			for _, n := range pending {
				if n*float64(u) > float64(maxTolerance) {
					return 0, durationErr("plan.duration.too_long", i18n.Args{"Text": text})
				}
				d := time.Duration(n * float64(u))
				if join && len(amounts) > 0 {
					amounts[len(amounts)-1] += d
				} else {
					amounts = append(amounts, d)
				}
				join = false
			}
			pending = pending[:0]
			continue
		}
		if tok == "og" || tok == "och" {
			join = len(pending) == 0 // «2 og 3 timer» is a range
			continue
		}
		if fillerWords[tok] || zeroWords[tok] {
			continue
		}
		return 0, toleranceErr(text)
	}
	if len(pending) > 0 {
		return 0, durationErr("plan.duration.no_unit", i18n.Args{"Text": text, "Number": formatNumber(pending[0])})
	}
	if len(amounts) == 0 {
		return 0, toleranceErr(text)
	}
	lower := amounts[0]
	if len(amounts) > 1 && amounts[1] < lower {
		return 0, durationErr("plan.duration.reversed", i18n.Args{"Text": text})
	}
	return lower, nil
}

func toleranceErr(text string) error {
	return durationErr("plan.duration.unknown", i18n.Args{"Text": text})
}

// stripParens returns s without parenthesised parts, and those parts.
func stripParens(s string) (outside, inside string) {
	var o, in strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
			in.WriteByte(' ')
		case r == ')' && depth > 0:
			depth--
		case depth > 0:
			in.WriteRune(r)
		default:
			o.WriteRune(r)
		}
	}
	return o.String(), in.String()
}

// toleranceTokens splits folded text into numbers, words and the range
// signs, so «2–4t», «24h» and «4 timer.» all split cleanly.
func toleranceTokens(s string) []string {
	var toks []string
	var cur strings.Builder
	kind := 0 // 1 digit, 2 letter
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
		kind = 0
	}
	for _, r := range s {
		var k int
		switch {
		case unicode.IsDigit(r) || ((r == ',' || r == '.') && kind == 1):
			k = 1
		case unicode.IsLetter(r):
			k = 2
		case r == '-' || r == '–' || r == '—' || r == '<':
			flush()
			toks = append(toks, string(r))
			continue
		default:
			flush()
			continue
		}
		if k != kind {
			flush()
		}
		kind = k
		cur.WriteRune(r)
	}
	flush()
	// A trailing "." or "," belongs to the sentence, not the number.
	for i, t := range toks {
		toks[i] = strings.TrimRight(t, ".,")
	}
	return toks
}

func parseNumber(tok string) (float64, bool) {
	if n, ok := numberWords[tok]; ok {
		return n, true
	}
	if tok == "" || !unicode.IsDigit(rune(tok[0])) {
		return 0, false
	}
	n, err := strconv.ParseFloat(strings.ReplaceAll(tok, ",", "."), 64)
	if err != nil || n < 0 || n > 1e6 {
		return 0, false
	}
	return n, true
}

func formatNumber(n float64) string {
	return strings.ReplaceAll(strconv.FormatFloat(n, 'f', -1, 64), ".", ",")
}

// FormatDuration writes a duration the way a bokmål plan does: «0»,
// «30 minutter», «1 time», «8 timer», «1 døgn», «2 døgn», «1 uke».
func FormatDuration(d time.Duration) string { return FormatDurationIn(i18n.Bokmal, d) }

// FormatDurationIn writes a duration in lang: «8 timer», «8 timmar»,
// «8 hours»; «1,5 timer» but «1.5 hours».
func FormatDurationIn(lang i18n.Lang, d time.Duration) string {
	l := i18n.For(lang)
	count := func(id string, n time.Duration) string { return l.T(id, i18n.Args{"Count": int(n)}) }
	switch {
	case d <= 0:
		return "0"
	case d%Week == 0:
		return count("count.weeks", d/Week)
	case d%Day == 0:
		return count("count.nights", d/Day)
	case d%time.Hour == 0:
		return count("count.hours", d/time.Hour)
	case d%time.Minute == 0 && d < time.Hour:
		return count("count.minutes", d/time.Minute)
	}
	hours := strconv.FormatFloat(float64(d)/float64(time.Hour), 'f', -1, 64)
	if l.Lang() != i18n.English {
		hours = strings.ReplaceAll(hours, ".", ",")
	}
	return l.T("plan.duration.hours", i18n.Args{"Value": hours})
}

func hasAny(toks []string, words ...string) bool {
	for _, t := range toks {
		for _, w := range words {
			if t == w {
				return true
			}
		}
	}
	return false
}
