package plan

import (
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

func TestResolvePhase(t *testing.T) {
	tests := []struct {
		in   string
		want Phase
		ok   bool
	}{
		{"før førstemøte", PhaseBeforeFirstMeeting, true},
		{"Før førstemøte", PhaseBeforeFirstMeeting, true},
		{"for-forstemote", PhaseBeforeFirstMeeting, true},
		{"førstemøte", PhaseFirstMeeting, true},
		{"Første-/statusmøte", PhaseFirstMeeting, true},
		{"statusmøte", PhaseFirstMeeting, true},
		{"forstemote", PhaseFirstMeeting, true},
		{"håndtering", PhaseHandling, true},
		{"HÅNDTERING", PhaseHandling, true},
		{"handtering", PhaseHandling, true},
		{"avslutning", PhaseClosing, true},
		{"Normalisering", PhaseNormalisation, true},
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
		in    Level
		want  Level
		ok    bool
	}{
		{4, "høy", LevelHigh, true}, {4, "hoy", LevelHigh, true}, {4, "Høy", LevelHigh, true}, {4, " LAV ", LevelLow, true},
		{4, "hög", LevelHigh, true}, {4, "Låg", LevelLow, true}, {4, "medel", LevelMedium, true}, {4, "critical", LevelCritical, true},
		{4, "svært høy", "svært høy", false}, {4, "", "", false},
		// The scale of five levels, in every language.
		{5, "svært høy", LevelVeryHigh, true}, {5, "Mycket låg", LevelVeryLow, true}, {5, "mycket hog", LevelVeryHigh, true},
		{5, "very low", LevelVeryLow, true}, {5, "medel", LevelMedium, true}, {5, "kritisk", "kritisk", false},
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
	if got := ScaleLevels(5); len(got) != 5 || got[0] != LevelVeryLow || got[4] != LevelVeryHigh {
		t.Errorf("ScaleLevels(5) = %q", got)
	}
	if got := ScaleLevels(4); len(got) != 4 || got[0] != LevelLow || got[3] != LevelCritical {
		t.Errorf("ScaleLevels(4) = %q", got)
	}
}

func TestMeasureStatuses(t *testing.T) {
	for in, want := range map[MeasureStatus]MeasureStatus{
		"planlagt": MeasurePlanned, "Pågår": MeasureInProgress, "gjennomfort": MeasureDone,
		"planerad": MeasurePlanned, "genomförd": MeasureDone, "in progress": MeasureInProgress, "done": MeasureDone,
	} {
		if got, ok := measureStatuses.resolve(in); !ok || got != want {
			t.Errorf("resolve(%q) = %q, %v", in, got, ok)
		}
	}
	if got := measureStatuses.list(i18n.Swedish); got != "planerad, pågår eller genomförd" {
		t.Errorf("list(sv) = %q", got)
	}
}
