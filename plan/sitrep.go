package plan

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// SitRep is the optional situasjonsrapport: section of moter.yaml (sv.
// lägesrapport): the structure of the regular report upward during a
// crisis, how often it is due, which role writes it and the channel of
// leadership or politicians it is posted to besides the incident's own.
//
//	situasjonsrapport:
//	  hyppighet: 4 timer
//	  ansvarlig: strategisk-koordinator
//	  mottakerkanal: "#kriseledelse"
//	  seksjoner:
//	    - tittel: Situasjon
//	      hint: Hva har skjedd siden forrige rapport?
//	    - tittel: Iverksatte og planlagte tiltak
//	      innhold: tiltak
//
// Without seksjoner the default sections are used (DefaultSitRepSections);
// without hyppighet there is no cadence and no reminder.
type SitRep struct {
	Pos         `yaml:"-"`
	Interval    string          `yaml:"hyppighet" sv:"intervall"`
	Responsible string          `yaml:"ansvarlig" sv:"ansvarig"` // role ID
	Channel     string          `yaml:"mottakerkanal" sv:"mottagarkanal"`
	Sections    []SitRepSection `yaml:"seksjoner" sv:"avsnitt"`
	// Every is Interval parsed (0 when unset or invalid): the cadence.
	Every time.Duration `yaml:"-"`
}

// SitRepSection is one heading of the report, with a hint to the writer.
type SitRepSection struct {
	Pos   `yaml:"-"`
	Title string `yaml:"tittel" sv:"titel"`
	Hint  string `yaml:"hint" sv:"ledtext"`
	// Fill names what the bot fills in under this heading from the log
	// (FillActions, FillConsequences, FillNext); "" for free text. When
	// unset it is guessed from the title (see SitRepFill).
	Fill string `yaml:"innhold" sv:"innehåll"`
}

// What the bot fills in under a heading of the report.
const (
	FillNone         = ""
	FillActions      = "tiltak"       // decisions and ticked action-card steps, role changes
	FillConsequences = "konsekvenser" // affected critical functions
	FillNext         = "neste"        // status meetings set: the next report and plan
)

// fillWords are the words accepted for innhold, folded, in every language.
var fillWords = map[string]string{
	"tiltak": FillActions, "atgarder": FillActions, "actions": FillActions,
	"konsekvenser": FillConsequences, "consequences": FillConsequences,
	"neste": FillNext, "nasta": FillNext, "next": FillNext,
	"": FillNone, "fritekst": FillNone, "fritext": FillNone, "text": FillNone,
}

// Configured reports whether moter.yaml has a situasjonsrapport section.
func (s SitRep) Configured() bool { return s.Line > 0 }

// SitRepFill returns what the bot fills in under sec: its innhold, or a
// guess from the title ("tiltak" → actions, "konsekvens" → consequences,
// "neste" → next).
func SitRepFill(sec SitRepSection) string {
	if f, ok := fillWords[Fold(strings.TrimSpace(sec.Fill))]; ok && f != FillNone {
		return f
	}
	t := Fold(sec.Title)
	switch {
	case strings.Contains(t, "tiltak") || strings.Contains(t, "atgard") || strings.Contains(t, "action"):
		return FillActions
	case strings.Contains(t, "konsekv") || strings.Contains(t, "consequen"):
		return FillConsequences
	case strings.Contains(t, "neste") || strings.Contains(t, "nasta") || strings.Contains(t, "next"):
		return FillNext
	}
	return FillNone
}

// defaultSections are the message ids of the default headings and hints
// with what the bot fills in (from seed 004: situasjon, potensial, plan,
// samarbeid, budskap, fokus).
var defaultSections = []struct{ id, fill string }{
	{"situation", FillNone},
	{"consequences", FillConsequences},
	{"actions", FillActions},
	{"cooperation", FillNone},
	{"message", FillNone},
	{"assistance", FillNone},
	{"next", FillNext},
}

// DefaultSitRepSections returns the default headings of a situation
// report in lang.
func DefaultSitRepSections(lang i18n.Lang) []SitRepSection {
	l := i18n.For(lang)
	out := make([]SitRepSection, len(defaultSections))
	for i, d := range defaultSections {
		out[i] = SitRepSection{Title: l.T("sitrep.section." + d.id), Hint: l.T("sitrep.hint." + d.id), Fill: d.fill}
	}
	return out
}

// SitRepTemplate returns the plan's situation report with the default
// sections filled in when it names none.
func (p *Plan) SitRepTemplate() SitRep {
	s := p.Meetings.SitRep
	if len(s.Sections) == 0 {
		s.Sections = DefaultSitRepSections(p.Lang)
	}
	return s
}

// durationUnits maps folded unit words to their length.
var durationUnits = map[string]time.Duration{
	"m": time.Minute, "min": time.Minute, "minutt": time.Minute, "minutter": time.Minute,
	"minut": time.Minute, "minuter": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"t": time.Hour, "time": time.Hour, "timer": time.Hour, "timme": time.Hour, "timmar": time.Hour,
	"h": time.Hour, "hour": time.Hour, "hours": time.Hour, "tim": time.Hour,
	"d": 24 * time.Hour, "dogn": 24 * time.Hour, "dygn": 24 * time.Hour, "dag": 24 * time.Hour,
	"dager": 24 * time.Hour, "dagar": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
}

// ParseInterval reads a duration as people write it in a plan: "4 timer",
// "90 min", "1 t 30 min", "4h", "1 døgn", "4 timmar", "2 hours". Returns
// an error for anything else, or a total of zero.
func ParseInterval(s string) (time.Duration, error) {
	f := Fold(strings.TrimSpace(s))
	var total time.Duration
	i, n := 0, len(f)
	parts := 0
	for i < n {
		for i < n && (f[i] == ' ' || f[i] == ',') {
			i++
		}
		if i == n {
			break
		}
		j := i
		for j < n && f[j] >= '0' && f[j] <= '9' {
			j++
		}
		if j == i {
			return 0, fmt.Errorf("%q: expected a number at %q", s, f[i:])
		}
		num, err := strconv.Atoi(f[i:j])
		if err != nil || num > 10000 {
			return 0, fmt.Errorf("%q: number out of range", s)
		}
		for j < n && f[j] == ' ' {
			j++
		}
		k := j
		for k < n && unicode.IsLetter(rune(f[k])) {
			k++
		}
		unit, ok := durationUnits[strings.TrimSuffix(f[j:k], ".")]
		if !ok {
			return 0, fmt.Errorf("%q: unknown unit %q", s, f[j:k])
		}
		total += time.Duration(num) * unit
		parts++
		i = k
		if i < n && f[i] == '.' {
			i++
		}
	}
	if parts == 0 || total <= 0 {
		return 0, fmt.Errorf("%q: no duration", s)
	}
	return total, nil
}

// IsSitRepFill reports whether word is a known innhold of a report
// section (tiltak, konsekvenser, neste, fritekst, in any of the plan
// languages, or empty).
func IsSitRepFill(word string) bool {
	_, ok := fillWords[Fold(strings.TrimSpace(word))]
	return ok
}
