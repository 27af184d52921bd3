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
		in   Level
		want Level
		ok   bool
	}{
		{"høy", LevelHigh, true}, {"hoy", LevelHigh, true}, {"Høy", LevelHigh, true}, {" LAV ", LevelLow, true},
		{"hög", LevelHigh, true}, {"Låg", LevelLow, true}, {"medel", LevelMedium, true}, {"critical", LevelCritical, true},
		{"svært høy", "svært høy", false}, {"", "", false},
	}
	for _, tt := range tests {
		got, ok := rosLevels.resolve(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("resolve(%q) = %q, %v", tt.in, got, ok)
		}
	}
	for lang, want := range map[i18n.Lang]string{
		i18n.Bokmal:  "lav, middels, høy eller kritisk",
		i18n.Swedish: "låg, medel, hög eller kritisk",
		i18n.English: "low, medium, high or critical",
	} {
		if got := rosLevels.list(lang); got != want {
			t.Errorf("list(%s) = %q, want %q", lang, got, want)
		}
	}
}
