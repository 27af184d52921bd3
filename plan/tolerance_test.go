package plan

import (
	"errors"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

func TestParseTolerance(t *testing.T) {
	h := time.Hour
	tests := []struct {
		in   string
		want time.Duration
	}{
		// The seeds' own words.
		{"24 timer", 24 * h},
		{"2–4 timer", 2 * h},
		{"1 arbeidsdag", WorkingDay},
		{"Ingen (døgnkontinuerlig)", 0},
		{"2 timer", 2 * h},
		{"6 timer", 6 * h},
		{"4 timer", 4 * h},
		{"1 time", h},
		{"Mindre än 6 tim", 6 * h},
		{"Mindre än 24 tim", 24 * h},
		{"24 tim", 24 * h},
		{"2 dgr upp till 1 vecka eller mer", 2 * Day},
		// Other bokmål forms.
		{"2-4 timer", 2 * h},
		{"2 - 4 t", 2 * h},
		{"2 til 4 timer", 2 * h},
		{"4t", 4 * h},
		{"24h", 24 * h},
		{"1,5 timer", 90 * time.Minute},
		{"30 minutter", 30 * time.Minute},
		{"1 time og 30 minutter", 90 * time.Minute},
		{"1 timme och 30 minuter", 90 * time.Minute},
		{"under 1 time", h},
		{"maks 4 timer.", 4 * h},
		{"1 døgn", Day},
		{"et døgn", Day},
		{"2 dager", 2 * Day},
		{"1 uke", Week},
		{"to uker", 2 * Week},
		{"Ingen", 0},
		{"0", 0},
		{"døgnkontinuerlig", 0},
		{"Ingen nedetid (døgnet rundt)", 0},
		{"(døgnkontinuerlig)", 0},
		// Swedish forms.
		{"4 timmar", 4 * h},
		{"1 timme", h},
		{"1 dygn", Day},
		{"2 dygn", 2 * Day},
		{"1 vecka", Week},
		{"2 veckor", 2 * Week},
		{"1 arbetsdag", WorkingDay},
		{"2 till 4 timmar", 2 * h},
		{"Inga", 0},
		{"30 minuter", 30 * time.Minute},
	}
	for _, tt := range tests {
		got, err := ParseTolerance(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseTolerance(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseToleranceRejects(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"", "ukjent varighet: teksten er tom"},
		{"snart", "ukjent varighet: forstår ikke «snart» som en varighet; skriv f.eks. «4 timer», «2–4 timer», «1 arbeidsdag», «1 døgn», «1 uke» eller «Ingen (døgnkontinuerlig)»"},
		{"4", "ukjent varighet: «4» mangler enhet; skriv f.eks. «4 timer» eller «4 døgn»"},
		{"4 måneder", "ukjent varighet: forstår ikke «4 måneder» som en varighet; skriv f.eks. «4 timer», «2–4 timer», «1 arbeidsdag», «1 døgn», «1 uke» eller «Ingen (døgnkontinuerlig)»"},
		{"4–2 timer", "ukjent varighet: «4–2 timer»: øvre grense er kortere enn nedre; skriv det korteste først, f.eks. «2–4 timer»"},
		{"17000 uker", "ukjent varighet: «17000 uker» er lengre enn et år; skriv en kortere varighet"},
		{"timer", "ukjent varighet: forstår ikke «timer» som en varighet; skriv f.eks. «4 timer», «2–4 timer», «1 arbeidsdag», «1 døgn», «1 uke» eller «Ingen (døgnkontinuerlig)»"},
	}
	for _, tt := range tests {
		_, err := ParseTolerance(tt.in)
		if !errors.Is(err, ErrDuration) || err.Error() != tt.msg {
			t.Errorf("ParseTolerance(%q) error = %v\nwant %s", tt.in, err, tt.msg)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0"}, {30 * time.Minute, "30 minutter"}, {time.Hour, "1 time"}, {8 * time.Hour, "8 timer"},
		{Day, "1 døgn"}, {2 * Day, "2 døgn"}, {Week, "1 uke"}, {90 * time.Minute, "1,5 timer"},
	}
	for _, tt := range tests {
		if got := FormatDuration(tt.in); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every tolerance written in the example plans is read.
func TestExampleTolerancesAreRead(t *testing.T) {
	for _, name := range ExampleNames() {
		p := mustLoadExample(t, name)
		for _, f := range p.Functions {
			if f.DowntimeTolerance == "" {
				t.Errorf("%s: %s has no nedetidstoleranse", name, f.ID)
			}
			if want, err := ParseTolerance(f.DowntimeTolerance); err != nil || f.Downtime != want {
				t.Errorf("%s: %s: Downtime = %v for %q (%v)", name, f.ID, f.Downtime, f.DowntimeTolerance, err)
			}
		}
	}
}

// ParseTolerance never panics, and never returns a negative duration.
func FuzzParseTolerance(f *testing.F) {
	for _, s := range []string{"24 timer", "2–4 timer", "1 arbeidsdag", "Ingen (døgnkontinuerlig)", "4 timmar", "1 dygn",
		"1 vecka", "1 time og 30 minutter", "((", "1e308 timer", "9999999 uker", "–", "0,5 t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseTolerance(s); err == nil && d < 0 {
			t.Errorf("ParseTolerance(%q) = %v", s, d)
		}
	})
}

// ParseTolerance's error carries its catalog message, so a Swedish or
// English plan reads it in its own language.
func TestParseToleranceErrorInOtherLanguages(t *testing.T) {
	_, err := ParseTolerance("4")
	var de *DurationError
	if !errors.As(err, &de) || de.Msg.ID != "plan.duration.no_unit" {
		t.Fatalf("error = %#v", err)
	}
	for lang, want := range map[i18n.Lang]string{
		i18n.Swedish: "”4” saknar enhet; skriv t.ex. ”4 timmar” eller ”4 dygn”",
		i18n.English: "“4” has no unit; write e.g. “4 hours” or “4 days”",
	} {
		if got := i18n.For(lang).M(de.Msg); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

func TestFormatDurationIn(t *testing.T) {
	tests := []struct {
		lang i18n.Lang
		in   time.Duration
		want string
	}{
		{i18n.Swedish, 30 * time.Minute, "30 minuter"}, {i18n.Swedish, time.Hour, "1 timme"}, {i18n.Swedish, 2 * Day, "2 dygn"},
		{i18n.Swedish, 2 * Week, "2 veckor"}, {i18n.Swedish, 90 * time.Minute, "1,5 timmar"},
		{i18n.English, 8 * time.Hour, "8 hours"}, {i18n.English, Day, "1 day"}, {i18n.English, 90 * time.Minute, "1.5 hours"},
	}
	for _, tt := range tests {
		if got := FormatDurationIn(tt.lang, tt.in); got != tt.want {
			t.Errorf("FormatDurationIn(%s, %v) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}
