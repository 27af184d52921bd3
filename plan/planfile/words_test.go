package planfile

import (
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

func TestResolvePhase(t *testing.T) {
	tests := []struct {
		in   string
		want plan.Phase
		ok   bool
	}{
		{"før førstemøte", plan.PhaseBeforeFirstMeeting, true},
		{"Før førstemøte", plan.PhaseBeforeFirstMeeting, true},
		{"for-forstemote", plan.PhaseBeforeFirstMeeting, true},
		{"førstemøte", plan.PhaseFirstMeeting, true},
		{"Første-/statusmøte", plan.PhaseFirstMeeting, true},
		{"statusmøte", plan.PhaseFirstMeeting, true},
		{"forstemote", plan.PhaseFirstMeeting, true},
		{"håndtering", plan.PhaseHandling, true},
		{"HÅNDTERING", plan.PhaseHandling, true},
		{"handtering", plan.PhaseHandling, true},
		{"avslutning", plan.PhaseClosing, true},
		{"Normalisering", plan.PhaseNormalisation, true},
		{"oppstart", "", false},
		{"", "", false},
		{"før", "", false},
	}
	for _, tt := range tests {
		got, ok := resolvePhase(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("resolvePhase(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSuggestName(t *testing.T) {
	known := []string{"id", "tittel", "telefon", "epost", "forstemote", "kontakter.yaml"}
	tests := []struct{ in, want string }{
		{"titel", "tittel"},
		{"Tittel", "tittel"},
		{"telefonnummer", "telefon"},
		{"førstemøte", "forstemote"},
		{"kontakt.yaml", "kontakter.yaml"},
		{"ib", "id"},
		{"x", ""},
		{"farge", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := suggestName(tt.in, known); got != tt.want {
			t.Errorf("suggestName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidIDAndSuggestID(t *testing.T) {
	for id, want := range map[string]bool{
		"strom": true, "it-feil": true, "ros-2025": true, "a": true,
		"Strom": false, "strøm": false, "it_feil": false, "-a": false, "a-": false, "a--b": false, "a b": false, "": false,
	} {
		if got := validID(id); got != want {
			t.Errorf("validID(%q) = %v", id, got)
		}
	}
	for in, want := range map[string]string{"Strøm ute": "strom-ute", "IT_feil": "it-feil", "vann-": "vann", "---": "strom"} {
		if got := suggestID(in); got != want {
			t.Errorf("suggestID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEnumValue(t *testing.T) {
	tests := []struct {
		scale int
		in    plan.Level
		want  plan.Level
		ok    bool
	}{
		{4, "høy", plan.LevelHigh, true}, {4, "hoy", plan.LevelHigh, true}, {4, "Høy", plan.LevelHigh, true}, {4, " LAV ", plan.LevelLow, true},
		{4, "hög", plan.LevelHigh, true}, {4, "Låg", plan.LevelLow, true}, {4, "medel", plan.LevelMedium, true}, {4, "critical", plan.LevelCritical, true},
		{4, "svært høy", "svært høy", false}, {4, "", "", false},
		// The scale of five levels, in every language.
		{5, "svært høy", plan.LevelVeryHigh, true}, {5, "Mycket låg", plan.LevelVeryLow, true}, {5, "mycket hog", plan.LevelVeryHigh, true},
		{5, "very low", plan.LevelVeryLow, true}, {5, "medel", plan.LevelMedium, true}, {5, "kritisk", "kritisk", false},
	}
	for _, tt := range tests {
		got, ok := rosLevels(tt.scale).resolve(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("scale %d: resolve(%q) = %q, %v", tt.scale, tt.in, got, ok)
		}
	}
	for _, tt := range []struct {
		scale int
		lang  i18n.Lang
		want  string
	}{
		{4, i18n.Bokmal, "lav, middels, høy eller kritisk"},
		{4, i18n.Swedish, "låg, medel, hög eller kritisk"},
		{4, i18n.English, "low, medium, high or critical"},
		{5, i18n.Bokmal, "svært lav, lav, middels, høy eller svært høy"},
		{5, i18n.Swedish, "mycket låg, låg, medel, hög eller mycket hög"},
		{5, i18n.English, "very low, low, medium, high or very high"},
	} {
		if got := rosLevels(tt.scale).list(tt.lang); got != tt.want {
			t.Errorf("scale %d: list(%s) = %q, want %q", tt.scale, tt.lang, got, tt.want)
		}
	}
	if got := plan.ScaleLevels(5); len(got) != 5 || got[0] != plan.LevelVeryLow || got[4] != plan.LevelVeryHigh {
		t.Errorf("ScaleLevels(5) = %q", got)
	}
	if got := plan.ScaleLevels(4); len(got) != 4 || got[0] != plan.LevelLow || got[3] != plan.LevelCritical {
		t.Errorf("ScaleLevels(4) = %q", got)
	}
}

func TestMeasureStatuses(t *testing.T) {
	for in, want := range map[plan.MeasureStatus]plan.MeasureStatus{
		"planlagt": plan.MeasurePlanned, "Pågår": plan.MeasureInProgress, "gjennomfort": plan.MeasureDone,
		"planerad": plan.MeasurePlanned, "genomförd": plan.MeasureDone, "in progress": plan.MeasureInProgress, "done": plan.MeasureDone,
	} {
		if got, ok := measureStatuses.resolve(in); !ok || got != want {
			t.Errorf("resolve(%q) = %q, %v", in, got, ok)
		}
	}
	if got := measureStatuses.list(i18n.Swedish); got != "planerad, pågår eller genomförd" {
		t.Errorf("list(sv) = %q", got)
	}
}

func TestPhaseTitleIn(t *testing.T) {
	for _, tt := range []struct {
		lang i18n.Lang
		want string
	}{{i18n.Bokmal, "Før førstemøte"}, {i18n.Swedish, "Före första mötet"}, {i18n.English, "Before the first meeting"}} {
		if got := plan.PhaseTitleIn(tt.lang, plan.PhaseBeforeFirstMeeting); got != tt.want {
			t.Errorf("%s: %q", tt.lang, got)
		}
		if p, ok := resolvePhase(tt.want); !ok || p != plan.PhaseBeforeFirstMeeting {
			t.Errorf("resolvePhase(%q) = %q, %v", tt.want, p, ok)
		}
	}
	if got := plan.PhaseTitleIn(i18n.Swedish, "ukjent"); got != "ukjent" {
		t.Errorf("unknown phase: %q", got)
	}
}

// The ROS scales read here list the model's levels, in its order.
func TestROSLevelsFollowTheModel(t *testing.T) {
	for _, scale := range []int{4, 5} {
		want := plan.ScaleLevels(scale)
		got := rosLevels(scale)
		if len(got) != len(want) {
			t.Fatalf("scale %d: %d words, model has %d levels", scale, len(got), len(want))
		}
		for i, w := range got {
			if w.value != want[i] || w.value.Rank(scale) != i+1 {
				t.Errorf("scale %d, level %d: %q, model has %q", scale, i+1, w.value, want[i])
			}
		}
	}
}
