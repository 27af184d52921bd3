package plan

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestParseRetention(t *testing.T) {
	tests := []struct {
		in   string
		want RetentionPeriod
		err  string
	}{
		{"5 år", RetentionPeriod{Years: 5}, ""},
		{"6 måneder", RetentionPeriod{Months: 6}, ""},
		{"1 måned", RetentionPeriod{Months: 1}, ""},
		{"2 uker", RetentionPeriod{Days: 14}, ""},
		{"30 dager", RetentionPeriod{Days: 30}, ""},
		{" 0  dager ", RetentionPeriod{}, ""},
		{"en måned", RetentionPeriod{}, "helt tall"},
		{"5", RetentionPeriod{}, "ikke en varighet"},
		{"5 timer", RetentionPeriod{}, "ukjent enhet"},
		{"-1 dager", RetentionPeriod{}, "helt tall"},
	}
	for _, tt := range tests {
		got, err := ParseRetention(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseRetention(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseRetention(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	if got := (RetentionPeriod{Years: 5}).Before(now); !got.Equal(time.Date(2021, 12, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("5 år before %v = %v", now, got)
	}
	if s := (RetentionPeriod{Days: 1}).String(); s != "1 dag" {
		t.Errorf("String = %q", s)
	}
}

// The example has no personvern: the defaults apply. A plan sets its own,
// and a bad period is reported with file:line and the field.
func TestRetentionsInPlan(t *testing.T) {
	p, diags := LoadExample("kommune")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if got := p.Retentions(); got != DefaultRetention {
		t.Errorf("example: %+v, want the defaults %+v", got, DefaultRetention)
	}
	fsys := planFS(t, "testdata/valid")
	org := string(fsys["organisasjon.yaml"].Data)
	fsys["organisasjon.yaml"] = &fstest.MapFile{Data: []byte(org + "personvern:\n  fritekst_lukkede_hendelser: 10 år\n  slack_brukerbuffer: 1 uke\n")}
	p, diags = Load(fsys)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want := Retentions{ClosedIncidentTexts: RetentionPeriod{Years: 10}, DeliveredOutbox: RetentionPeriod{Days: 30}, SlackUserCache: RetentionPeriod{Days: 7}}
	if got := p.Retentions(); got != want {
		t.Errorf("set: %+v, want %+v", got, want)
	}
	lines := strings.Count(org, "\n")
	fsys["organisasjon.yaml"] = &fstest.MapFile{Data: []byte(org + "personvern:\n  leverte_utboksmeldinger: snart\n")}
	_, diags = Load(fsys)
	errs := diags.Errors()
	if len(errs) != 1 || errs[0].File != "organisasjon.yaml" || errs[0].Line != lines+2 || errs[0].Field != "personvern.leverte_utboksmeldinger" {
		t.Fatalf("bad period: %v, want organisasjon.yaml:%d: personvern.leverte_utboksmeldinger", errs, lines+2)
	}
}
