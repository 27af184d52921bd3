package plan

import (
	"regexp"
	"strings"

	"github.com/agnivade/levenshtein"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
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
// digits removed, to its Phase: bokmål, Swedish and English.
var phaseNames = map[string]Phase{
	"forforstemote":        PhaseBeforeFirstMeeting,
	"forstemote":           PhaseFirstMeeting,
	"forstestatusmote":     PhaseFirstMeeting,
	"forstemotestatusmote": PhaseFirstMeeting,
	"statusmote":           PhaseFirstMeeting,
	"handtering":           PhaseHandling,
	"avslutning":           PhaseClosing,
	"normalisering":        PhaseNormalisation,
	// Swedish
	"foreforstamotet":       PhaseBeforeFirstMeeting,
	"foreforstamote":        PhaseBeforeFirstMeeting,
	"forstamotet":           PhaseFirstMeeting,
	"forstamote":            PhaseFirstMeeting,
	"forstamotetstatusmote": PhaseFirstMeeting,
	"statusmotet":           PhaseFirstMeeting,
	"hantering":             PhaseHandling,
	// English
	"beforethefirstmeeting": PhaseBeforeFirstMeeting,
	"beforefirstmeeting":    PhaseBeforeFirstMeeting,
	"firstmeeting":          PhaseFirstMeeting,
	"firststatusmeeting":    PhaseFirstMeeting,
	"statusmeeting":         PhaseFirstMeeting,
	"handling":              PhaseHandling,
	"closing":               PhaseClosing,
	"normalisation":         PhaseNormalisation,
	"normalization":         PhaseNormalisation,
}

// resolvePhase resolves a phase as the coordinator writes it ("før
// førstemøte", "Första mötet", "for-forstemote") to a Phase.
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

// phaseList is the list of valid phases in lang, for error messages.
func phaseList(lang i18n.Lang) string {
	names := make([]string, len(Phases))
	for i, p := range Phases {
		names[i] = strings.ToLower(PhaseTitleIn(lang, p))
	}
	return strings.Join(names, ", ")
}

// enumWord is one value of an enumerated field: the canonical (bokmål)
// value and how Swedish and English plans write it.
type enumWord[T ~string] struct {
	value  T
	sv, en string
	also   []string // further spellings, accepted in every language
}

// enum is the allowed values of an enumerated field. A plan in any
// language may write any of the spellings; messages list those of the
// plan's language.
type enum[T ~string] []enumWord[T]

// resolve resolves v by folding ("Høy", "hoy", "hög", "high" → "høy") and
// returns the canonical value.
func (e enum[T]) resolve(v T) (T, bool) {
	f := Fold(string(v))
	for _, w := range e {
		for _, s := range w.spellings() {
			if f == Fold(s) {
				return w.value, true
			}
		}
	}
	return v, false
}

func (w enumWord[T]) spellings() []string {
	return append([]string{string(w.value), w.sv, w.en}, w.also...)
}

// list joins the values as lang writes them: "lav, middels, høy eller kritisk".
func (e enum[T]) list(lang i18n.Lang) string {
	s := make([]string, len(e))
	for i, w := range e {
		s[i] = w.in(lang)
	}
	return i18n.For(lang).Join(s, false)
}

// word returns the canonical value v as lang writes it.
func (e enum[T]) word(v T, lang i18n.Lang) string {
	for _, w := range e {
		if w.value == v {
			return w.in(lang)
		}
	}
	return string(v)
}

// in returns the value as lang writes it.
func (w enumWord[T]) in(lang i18n.Lang) string {
	switch lang {
	case i18n.Swedish:
		return w.sv
	case i18n.English:
		return w.en
	}
	return string(w.value)
}

// The enumerated values of the plan files.
var (
	orgKinds = enum[OrgKind]{
		{OrgMunicipality, "kommun", "municipality", nil},
		{OrgCompany, "företag", "company", []string{"foretak", "virksomhet"}},
	}
	contactOrgs = enum[ContactOrg]{
		{ContactInternal, "intern", "internal", nil},
		{ContactExternal, "extern", "external", nil},
	}
	roleKinds = enum[RoleKind]{
		{RoleLeader, "krisledare", "crisis-leader", []string{"krisleder"}},
		{RoleScribe, "loggförare", "scribe", nil},
	}
	consequenceLevels = enum[ConsequenceLevel]{
		{ConsequenceModerate, "måttlig", "moderate", nil},
		{ConsequenceSignificant, "betydande", "significant", nil},
		{ConsequenceSevere, "allvarlig", "severe", nil},
	}
	// rosLevels4 and rosLevels5 are the ROS scales of four and five
	// levels, lowest first (rosLevels picks one).
	rosLevels4 = enum[Level]{
		{LevelLow, "låg", "low", nil},
		{LevelMedium, "medel", "medium", []string{"middel"}},
		{LevelHigh, "hög", "high", nil},
		{LevelCritical, "kritisk", "critical", nil},
	}
	rosLevels5 = enum[Level]{
		{LevelVeryLow, "mycket låg", "very low", nil},
		{LevelLow, "låg", "low", nil},
		{LevelMedium, "medel", "medium", []string{"middel"}},
		{LevelHigh, "hög", "high", nil},
		{LevelVeryHigh, "mycket hög", "very high", nil},
	}
	measureStatuses = enum[MeasureStatus]{
		{MeasurePlanned, "planerad", "planned", nil},
		{MeasureInProgress, "pågår", "in progress", []string{"ongoing"}},
		{MeasureDone, "genomförd", "done", []string{"completed"}},
	}
	reviewKinds = enum[ReviewKind]{
		{ReviewPlan, "plan", "plan", nil},
		{ReviewROS, "rsa", "ros", []string{"risk"}},
		{ReviewContacts, "kontaktlista", "contacts", []string{"contact-list"}},
		{ReviewOther, "annat", "other", nil},
	}
)

// rosLevels returns the ROS scale of 5 levels for scale 5, else the one
// of 4.
func rosLevels(scale int) enum[Level] {
	if scale == 5 {
		return rosLevels5
	}
	return rosLevels4
}
