package plan

import (
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// Bad values in the continuity fields are reported with file, line and field.
func TestLoadReportsContinuityProblems(t *testing.T) {
	tests := []struct {
		name string
		want []Diagnostic
	}{
		{"continuity", []Diagnostic{
			e("kritiske-funksjoner.yaml", 4, "nedetidstoleranse", "forstår ikke «snart» som en varighet; skriv f.eks. «4 timer», «2–4 timer», «1 arbeidsdag», «1 døgn», «1 uke» eller «Ingen (døgnkontinuerlig)»"),
			e("kritiske-funksjoner.yaml", 7, "konsekvens.over_1uke.niva", "ukjent konsekvensgrad «katastrofal»; bruk moderat, betydelig eller alvorlig"),
			e("kritiske-funksjoner.yaml", 13, "prosesser[1].reserverutine.ansvarlig", "ukjent rolle «ordresjef»"),
			e("kritiske-funksjoner.yaml", 14, "prosesser[2].navn", "mangler (påkrevd felt)"),
			w("kritiske-funksjoner.yaml", 14, "prosesser[2].prioritet", "prioritet 1 er også gitt prosessen på linje 9; gi hver prosess sin egen prioritet"),
			e("kritiske-funksjoner.yaml", 17, "prosesser[2].reserverutine.tiltak", "mangler (påkrevd felt)"),
			e("kritiske-funksjoner.yaml", 19, "backup.gjenopprettingstid", "«4–2 timer»: øvre grense er kortere enn nedre; skriv det korteste først, f.eks. «2–4 timer»"),
			e("kritiske-funksjoner.yaml", 22, "avhengigheter[1].kontakt", "ukjent kontakt «nettfix»"),
			w("kritiske-funksjoner.yaml", 28, "backup.gjenopprettingstid", "gjenoppretting (1 dygn) tar lengre tid enn nedetidstoleransen (4 timer), og funksjonen har verken reserverutine eller reservesystem"),
			e("ros.yaml", 13, "tiltak[3].eier", "ukjent rolle eller kontakt «dieselsjef»"),
			e("ros.yaml", 14, "tiltak[3].status", "ukjent status «halvferdig»; bruk planlagt, pågår eller gjennomført"),
			w("ros.yaml", 16, "tiltak[4].frist", "tiltaket er ikke gjennomført og har ingen frist"),
			e("ros.yaml", 17, "tiltak[5].tekst", "mangler (påkrevd felt)"),
		}},
		{"ros-scale-5", []Diagnostic{
			e("ros.yaml", 5, "sannsynlighet", "«kritisk» hører til skalaen med 4 nivåer, men ros.yaml bruker 5; skriv «skala: 4» øverst i ros.yaml, eller bruk svært lav, lav, middels, høy eller svært høy"),
			e("ros.yaml", 10, "konsekvens", "ukjent nivå «6»; bruk svært lav, lav, middels, høy eller svært høy, eller tallene 1–5"),
		}},
		{"ros-scale", []Diagnostic{
			e("ros.yaml", 1, "skala", "må være 4 eller 5 (antall nivåer for sannsynlighet og konsekvens)"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Load(planFS(t, "testdata/valid", "testdata/"+tt.name))
			assertDiagnostics(t, ds, tt.want)
		})
	}
}

// A plan written per system, as the Swedish continuity template is,
// loads without problems and keeps what it says.
func TestLoadSwedishContinuityPlan(t *testing.T) {
	p, ds := LoadDir("testdata/kontinuitet-sv")
	assertDiagnostics(t, ds, nil)
	if p.ROSScale != 5 {
		t.Errorf("ROSScale = %d, want 5", p.ROSScale)
	}
	if len(p.Functions) == 0 {
		t.Fatal("no functions")
	}
	f := p.Functions[0]
	if f.System == "" || len(f.Processes) < 3 || len(f.PeakTimes) == 0 || f.Backup.IsZero() || len(f.Dependencies) == 0 || len(f.LeftOut) == 0 {
		t.Errorf("function %q lacks plan-B content: %+v", f.ID, f)
	}
	for i, pr := range f.Processes {
		if pr.Priority != i+1 || pr.Reserve.Action == "" || pr.Reserve.Responsible == "" || pr.Reserve.How == "" {
			t.Errorf("process %d = %+v", i+1, pr)
		}
	}
	if f.Downtime != 4*time.Hour || f.Backup.Restore != Day {
		t.Errorf("Downtime = %v, Restore = %v", f.Downtime, f.Backup.Restore)
	}
	if c := f.Consequences; c.OverWeek.Level != ConsequenceSevere || c.Under6h.Comment == "" {
		t.Errorf("consequences = %+v", c)
	}
	if m := p.ROS[len(p.ROS)-1].Measures; len(m) != 1 || m[0].Text != "Brandlarm kopplat till räddningstjänsten" {
		t.Errorf("a single measure written as text: %+v", m)
	}
	for _, r := range p.ROS {
		if r.Likelihood.Rank(5) == 0 || r.Consequence.Rank(5) == 0 {
			t.Errorf("%s: levels %q/%q not on the 5-level scale", r.ID, r.Likelihood, r.Consequence)
		}
	}
}

// The ROS values of the valid plan stay as they were: plain measures.
func TestPlainMeasuresStayValid(t *testing.T) {
	p, ds := LoadDir("testdata/valid")
	assertDiagnostics(t, ds, nil)
	m := p.ROS[0].Measures
	if len(m) != 2 || m[0].Text != "Aggregat" || m[1].Text != "Nødlys" || m[0].Line == 0 {
		t.Errorf("measures = %+v", m)
	}
	if p.ROSScale != 4 || p.ROS[0].Consequence != LevelHigh {
		t.Errorf("scale %d, consequence %q", p.ROSScale, p.ROS[0].Consequence)
	}
}

// A Swedish plan may name the continuity fields in Swedish and write the
// levels and statuses in Swedish; its diagnostics are in Swedish and name
// the fields by their Swedish names.
func TestSwedishContinuityNamesAndMessages(t *testing.T) {
	p, ds := Load(planFS(t, "testdata/valid", "testdata/sv-continuity"))
	assertDiagnostics(t, ds, []Diagnostic{
		e("kritiske-funksjoner.yaml", 16, "processer[1].konsekvens.över_1vecka", "okänd konsekvensnivå ”mycket allvarlig”; använd måttlig, betydande eller allvarlig"),
		e("kritiske-funksjoner.yaml", 21, "backup.återläsningstid", "förstår inte ”snart” som en tidslängd; skriv t.ex. ”4 timmar”, ”2–4 timmar”, ”1 arbetsdag”, ”1 dygn”, ”1 vecka” eller ”Ingen (dygnet runt)”"),
		e("ros.yaml", 6, "konsekvens", "”kritisk” hör till skalan med 4 nivåer, men ros.yaml använder 5; skriv ”skala: 4” överst i ros.yaml, eller använd mycket låg, låg, medel, hög eller mycket hög"),
		w("ros.yaml", 10, "åtgärder[1].tidsfrist", "åtgärden är inte genomförd och har ingen tidsfrist"),
		e("ros.yaml", 14, "åtgärder[2].status", "okänd status ”halvklar”; använd planerad, pågår eller genomförd"),
	})
	f := p.Functions[0]
	if f.Name != "Kassa" || f.Downtime != 2*time.Hour || len(f.PeakTimes) != 1 || len(f.LeftOut) != 1 {
		t.Errorf("function = %+v", f)
	}
	if pr := f.Processes[0]; pr.Description == "" || pr.Reserve.Action == "" || pr.Reserve.Responsible != "kriseleder" || pr.Reserve.How == "" ||
		pr.Consequences.Under6h.Level != ConsequenceSignificant || pr.Consequences.Under6h.Comment == "" {
		t.Errorf("process = %+v", pr)
	}
	if b := f.Backup; b.Frequency == "" || b.RestoreTime != "snart" || b.ReserveSystem != "Nej" {
		t.Errorf("backup = %+v", b)
	}
	if d := f.Dependencies[0]; d.Name != "Kortinlösare" || d.Kind != "leverantör" || d.Contact != "it-leverandor" || d.Requirement == "" {
		t.Errorf("dependency = %+v", d)
	}
	r := p.ROS[0]
	if r.Hazard == "" || r.Likelihood != LevelVeryHigh || r.Measures[0].Owner != "kari" || r.Measures[0].Status != MeasureInProgress ||
		r.Measures[1].Deadline.IsZero() {
		t.Errorf("rsa = %+v", r)
	}
}

// The consequence table is labelled in the plan's language.
func TestConsequenceStepsIn(t *testing.T) {
	c := Consequence{OverWeek: ConsequenceStep{Level: ConsequenceSevere}}
	for lang, want := range map[i18n.Lang][2]string{
		i18n.Bokmal:  {"Under 6 timer", "Over 1 uke"},
		i18n.Swedish: {"Mindre än 6 tim", "Mer än 1 vecka"},
		i18n.English: {"Under 6 hours", "Over 1 week"},
	} {
		steps := c.StepsIn(lang)
		if len(steps) != 5 || steps[0].Label != want[0] || steps[4].Label != want[1] || steps[4].Step.Level != ConsequenceSevere || steps[4].Key != "over_1uke" {
			t.Errorf("%s: %+v", lang, steps)
		}
	}
	if c.IsZero() || !(&Consequence{}).IsZero() {
		t.Errorf("IsZero wrong")
	}
}
