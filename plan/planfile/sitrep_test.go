package planfile

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

// sitRepPlan is the valid test plan with moter.yaml replaced.
func sitRepPlan(t *testing.T, moter string) (*plan.Plan, Diagnostics) {
	t.Helper()
	fsys := planFS(t, "testdata/valid")
	fsys["moter.yaml"] = &fstest.MapFile{Data: []byte(moter)}
	return Load(fsys)
}

func TestSitRepTemplate(t *testing.T) {
	p, ds := sitRepPlan(t, "situasjonsrapport:\n  hyppighet: 4 timer\n  mottakerkanal: \"#kriseledelse\"\n")
	if ds.HasErrors() {
		t.Fatalf("diagnostics: %v", ds)
	}
	s := p.SitRepTemplate()
	if !s.Configured() || s.Every != 4*time.Hour || s.Channel != "#kriseledelse" {
		t.Errorf("template = %+v", s)
	}
	var titles []string
	fills := map[string]int{}
	for _, sec := range s.Sections {
		titles = append(titles, sec.Title)
		fills[plan.SitRepFill(sec)]++
	}
	if len(titles) != 7 || titles[0] != "Situasjon" || titles[2] != "Iverksatte og planlagte tiltak" {
		t.Errorf("default sections = %q", titles)
	}
	if fills[plan.FillActions] != 1 || fills[plan.FillNext] != 1 || fills[plan.FillConsequences] != 1 {
		t.Errorf("fills = %v", fills)
	}

	// Without the section: default headings, no cadence.
	p, _ = sitRepPlan(t, "evaluering:\n  - Hva fungerte?\n")
	if s := p.SitRepTemplate(); s.Configured() || s.Every != 0 || len(s.Sections) != 7 {
		t.Errorf("unconfigured template = %+v", s)
	}
}

func TestSitRepDiagnostics(t *testing.T) {
	_, ds := sitRepPlan(t, `situasjonsrapport:
  hyppighet: fire timer
  ansvarlig: kriseledr
  mottakerkanal: Kriseledelse
  seksjoner:
    - hint: uten tittel
    - tittel: Tiltak
      innhold: alt
`)
	var mine Diagnostics
	for _, d := range ds {
		if d.File == "moter.yaml" {
			mine = append(mine, d)
		}
	}
	assertDiagnostics(t, mine, Diagnostics{
		e("moter.yaml", 2, "situasjonsrapport.hyppighet", "«fire timer» er ikke en varighet; skriv f.eks. «4 timer», «90 min» eller «1 døgn»"),
		e("moter.yaml", 3, "situasjonsrapport.ansvarlig", "ukjent rolle «kriseledr» – mente du «kriseleder»?"),
		e("moter.yaml", 4, "situasjonsrapport.mottakerkanal", "«Kriseledelse» er ikke en Slack-kanal; skriv #kanalnavn (små bokstaver) eller kanal-ID-en (C…)"),
		e("moter.yaml", 6, "situasjonsrapport.seksjoner[1].tittel", "mangler (påkrevd felt)"),
		e("moter.yaml", 8, "situasjonsrapport.seksjoner[2].innhold", "«alt» er ikke kjent; bruk tiltak, konsekvenser, neste, eller la feltet stå tomt for fritekst"),
	})
	_, ds = sitRepPlan(t, "situasjonsrapport:\n  hyppighet: 5 min\n")
	if !ds.HasErrors() || ds.Errors()[0].Line != 2 {
		t.Errorf("5 min accepted: %v", ds)
	}
}
