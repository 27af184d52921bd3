package plan

import (
	"regexp"
	"strings"

	"github.com/agnivade/levenshtein"
)

// maxSuggestLen bounds the names compared for suggestions; a longer one
// is no typo of an id or key, and comparing it would be slow.
const maxSuggestLen = 64

// suggestName returns the known name closest to name when it is close
// enough to be a likely typo ("titel" → "tittel"), else "".
func suggestName(name string, known []string) string {
	folded := make([]string, len(known))
	for i, k := range known {
		folded[i] = Fold(k)
	}
	return suggestFolded(name, known, folded)
}

// suggestFolded is suggestName with the known names already folded
// (folded[i] is Fold(known[i])), for callers that ask many times.
func suggestFolded(name string, known, folded []string) string {
	f := Fold(name)
	if f == "" || len(f) > maxSuggestLen {
		return ""
	}
	best, bestDist := "", 1<<30
	for i, fk := range folded {
		if len(fk) > maxSuggestLen {
			continue
		}
		d := levenshtein.ComputeDistance(f, fk)
		near := d <= 2 && d < len(f) && d < len(fk)
		if !near && len(f) >= 4 && len(fk) >= 4 && (strings.HasPrefix(f, fk) || strings.HasPrefix(fk, f)) {
			near = true
		}
		if near && d < bestDist {
			best, bestDist = known[i], d
		}
	}
	return best
}

var idRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// validID reports whether id is lowercase a–z, digits and single inner
// hyphens, as ids are typed in commands ("/beredskap tiltak strom").
func validID(id string) bool { return idRE.MatchString(id) }

// phaseNames maps a phase name, folded and with everything but letters and
// digits removed, to its Phase.
var phaseNames = map[string]Phase{
	"forforstemote":        PhaseBeforeFirstMeeting,
	"forstemote":           PhaseFirstMeeting,
	"forstestatusmote":     PhaseFirstMeeting,
	"forstemotestatusmote": PhaseFirstMeeting,
	"statusmote":           PhaseFirstMeeting,
	"handtering":           PhaseHandling,
	"avslutning":           PhaseClosing,
	"normalisering":        PhaseNormalisation,
}

// resolvePhase resolves a phase as the coordinator writes it ("før
// førstemøte", "Første-/statusmøte", "for-forstemote") to a Phase.
func resolvePhase(name string) (Phase, bool) {
	f := Fold(name)
	var b strings.Builder
	for _, r := range f {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	p, ok := phaseNames[b.String()]
	return p, ok
}

// phaseList is the bokmål list of valid phases for error messages.
func phaseList() string {
	names := make([]string, len(Phases))
	for i, p := range Phases {
		names[i] = strings.ToLower(PhaseTitle(p))
	}
	return strings.Join(names, ", ")
}

// enumValue resolves v against the allowed values by folding ("Høy",
// "hoy" → "høy") and returns the canonical value.
func enumValue[T ~string](v T, allowed ...T) (T, bool) {
	f := Fold(string(v))
	for _, a := range allowed {
		if f == Fold(string(a)) {
			return a, true
		}
	}
	return v, false
}

// enumList joins allowed values for error messages: "lav, middels eller høy".
func enumList[T ~string](allowed ...T) string {
	s := make([]string, len(allowed))
	for i, a := range allowed {
		s[i] = string(a)
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " eller " + s[len(s)-1]
}
