package planfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	_ "time/tzdata" // as the binary does; tests must not depend on the host's zone files

	"github.com/beredskapsbot/beredskapsbot/plan"
)

// planFS reads the real files under each testdata directory into one
// MapFS, later directories replacing files of earlier ones. A bad-plan case
// is testdata/valid with the case's files laid over it.
func planFS(tb testing.TB, dirs ...string) fstest.MapFS {
	tb.Helper()
	m := fstest.MapFS{}
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(dir, p)
			m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			tb.Fatalf("reading %s: %v", dir, err)
		}
	}
	return m
}

func e(file string, line int, field, msg string) Diagnostic {
	return Diagnostic{File: file, Line: line, Field: field, Message: msg, Severity: SeverityError}
}

func w(file string, line int, field, msg string) Diagnostic {
	return Diagnostic{File: file, Line: line, Field: field, Message: msg, Severity: SeverityWarning}
}

// plain keeps what a diagnostic shows (file, line, field, message,
// severity), so tests compare the text and not the catalog id behind it.
func plain(ds Diagnostics) Diagnostics {
	out := make(Diagnostics, len(ds))
	for i, d := range ds {
		out[i] = Diagnostic{File: d.File, Line: d.Line, Field: d.Field, Message: d.Message, Severity: d.Severity}
	}
	return out
}

// assertDiagnostics compares the full list, showing both on failure.
func assertDiagnostics(t *testing.T, got, want Diagnostics) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(plain(got), plain(want)) {
		t.Errorf("diagnostics differ\ngot:\n%swant:\n%s", got, want)
	}
}

func TestLoadValidPlan(t *testing.T) {
	p, ds := LoadDir("testdata/valid")
	assertDiagnostics(t, ds, nil)

	if p.Org.Name != "Fjordtest AS" || p.Org.Kind != plan.OrgCompany || p.Location.String() != "Europe/Oslo" {
		t.Errorf("org = %q %q %v", p.Org.Name, p.Org.Kind, p.Location)
	}
	if got := p.Org.Approved; got != (plan.Date{Year: 2025, Month: 1, Day: 15}) {
		t.Errorf("godkjent_dato = %v", got)
	}
	if got := p.Org.Revisions[0].Date; got != (plan.Date{Year: 2025, Month: 1, Day: 15}) {
		t.Errorf("revisjoner[1].dato = %v", got)
	}
	counts := map[string][2]int{
		"roles": {len(p.Roles), 2}, "contacts": {len(p.Contacts), 4}, "lists": {len(p.Lists), 2},
		"cards": {len(p.Cards), 2}, "functions": {len(p.Functions), 1}, "ros": {len(p.ROS), 1},
		"templates": {len(p.Templates), 1}, "exercises": {len(p.Exercises), 1}, "reviews": {len(p.Reviews), 2},
		"first meeting": {len(p.Meetings.First), 1}, "status meeting": {len(p.Meetings.Status), 1},
	}
	for what, c := range counts {
		if c[0] != c[1] {
			t.Errorf("%s: got %d, want %d", what, c[0], c[1])
		}
	}
	// Cards come in file order, so the order is stable between loads.
	if p.Cards[0].ID != "it-feil" || p.Cards[1].ID != "strom" {
		t.Errorf("card order = %s, %s", p.Cards[0].ID, p.Cards[1].ID)
	}

	ola := p.Contact("ola")
	if want := []string{"+4792233444", "+4722334455"}; !reflect.DeepEqual(ola.Phones, want) {
		t.Errorf("ola.Phones = %q, want %q", ola.Phones, want)
	}
	if len(ola.PhoneDisplay) != 2 || !strings.HasPrefix(ola.PhoneDisplay[0], "+47 ") {
		t.Errorf("ola.PhoneDisplay = %q", ola.PhoneDisplay)
	}
	if got := p.Contact("it-leverandor").Phones; !reflect.DeepEqual(got, []string{"+46812345678"}) {
		t.Errorf("Swedish number = %q", got)
	}
	if got := p.Contact("kari").Phones; !reflect.DeepEqual(got, []string{"+4791234567"}) {
		t.Errorf("single scalar phone = %q", got)
	}
	// Enum values are made canonical: "Intern" → intern, "Høy" → høy.
	if got := p.Contact("lise").Org; got != plan.ContactInternal {
		t.Errorf("lise.Org = %q", got)
	}
	if got := p.ROS[0].Consequence; got != plan.LevelHigh {
		t.Errorf("ROS konsekvens = %q", got)
	}
	var phases []plan.Phase
	for _, ph := range p.Role("kriseleder").Phases {
		phases = append(phases, ph.Phase)
	}
	if !reflect.DeepEqual(phases, plan.Phases) {
		t.Errorf("phases = %v, want %v", phases, plan.Phases)
	}
	if got := p.List("alle").Groups[1].Contacts; !reflect.DeepEqual(got, []string{"lise"}) {
		t.Errorf("single scalar group = %q", got)
	}
	if got := p.Exercise("it-ovelse").Stages; !reflect.DeepEqual(got, []int{30, 7, 0}) {
		t.Errorf("varsler = %v", got)
	}
	if got := p.Template("holding-statement").Text; !strings.HasSuffix(got, "{klokkeslett}.\n") {
		t.Errorf("block text = %q", got)
	}
}

func TestLoadRecordsPositions(t *testing.T) {
	p, _ := LoadDir("testdata/valid")
	strom := p.Card("strom")
	if strom.File != "tiltakskort/strom.yaml" || strom.Line != 1 {
		t.Errorf("card pos = %s:%d", strom.File, strom.Line)
	}
	if got := strom.FieldLine("steg"); got != 6 {
		t.Errorf("steg line = %d, want 6", got)
	}
	step := strom.Steps[2]
	if step.File != "tiltakskort/strom.yaml" || step.Line != 10 || step.FieldLine("rolle") != 11 {
		t.Errorf("step pos = %s:%d rolle:%d", step.File, step.Line, step.FieldLine("rolle"))
	}
	if got := p.Contact("ola").FieldLine("telefon[2]"); got != 15 {
		t.Errorf("telefon[2] line = %d, want 15", got)
	}
	if got := p.Role("kriseleder").Phases[0].Items[0].FieldLine("underpunkter"); got != 13 {
		t.Errorf("underpunkter line = %d, want 13", got)
	}
}

// TestLoadReportsEachKindOfProblem loads testdata/valid with one bad case
// laid over it and expects exactly the listed diagnostics.
func TestLoadReportsEachKindOfProblem(t *testing.T) {
	tests := []struct {
		name string
		want []Diagnostic
	}{
		{"alias-collision", []Diagnostic{
			e("tiltakskort/vann.yaml", 4, "alias", "alias «Strøm» er id-en til tiltakskort «strom» (tiltakskort/strom.yaml:1)"),
			e("tiltakskort/vann.yaml", 5, "alias", "alias «ordresystem nede» er også alias for tiltakskort «it-feil» (tiltakskort/it-feil.yaml:2)"),
			e("tiltakskort/vannskade.yaml", 3, "alias", "alias «Vannlekkasje» er også alias for tiltakskort «vann» (tiltakskort/vann.yaml:6)"),
		}},
		{"anchors", []Diagnostic{
			e("tiltakskort/vann.yaml", 10, "steg[3]", "«<<» (sammenslåing med alias) støttes ikke; skriv feltene ut"),
			e("tiltakskort/vann.yaml", 14, "alias[1]", "forventet tekst, men fant en liste"),
		}},
		{"duplicate-id", []Diagnostic{
			e("arshjul.yaml", 8, "id", "«arlig» er allerede brukt (arshjul.yaml:2)"),
			e("maler.yaml", 5, "id", "«holding-statement» er allerede brukt (maler.yaml:2)"),
			e("rollekort/sjef.yaml", 1, "id", "«kriseleder» er allerede brukt (rollekort/kriseleder.yaml:1)"),
		}},
		{"email", []Diagnostic{
			e("kontakter.yaml", 4, "epost", "ugyldig e-postadresse; skriv bare adressen, f.eks. ola.nordmann@kommune.no"),
			e("kontakter.yaml", 7, "epost", "ugyldig e-postadresse; skriv bare adressen, f.eks. ola.nordmann@kommune.no"),
			e("kontakter.yaml", 8, "slack_epost", "ugyldig e-postadresse; skriv bare adressen, f.eks. ola.nordmann@kommune.no"),
		}},
		{"enum", []Diagnostic{
			e("arshjul.yaml", 4, "type", "ukjent type «budsjett»; bruk plan, ros, kontaktliste eller annet"),
			e("kontakter.yaml", 4, "organisasjon", "ukjent verdi «innleid»; bruk intern eller ekstern"),
			e("kritiske-funksjoner.yaml", 6, "konsekvens.under_24t", "ukjent konsekvensgrad «katastrofal»; bruk moderat, betydelig eller alvorlig"),
			e("organisasjon.yaml", 2, "type", "ukjent type «stiftelse»; bruk kommune eller bedrift"),
			e("ros.yaml", 4, "sannsynlighet", "«svært høy» hører til skalaen med 5 nivåer, men ros.yaml bruker 4; skriv «skala: 5» øverst i ros.yaml, eller bruk lav, middels, høy eller kritisk"),
		}},
		{"id-format", []Diagnostic{
			e("maler.yaml", 5, "id", "«strøm_melding» er ikke en gyldig id; bruk bare små bokstaver a–z, sifre og bindestrek, f.eks. «strom-melding»"),
			e("rollekort/vakt.yaml", 1, "id", "«Vakt Sjef» er ikke en gyldig id; bruk bare små bokstaver a–z, sifre og bindestrek, f.eks. «vakt-sjef»"),
			e("tiltakskort/vann.yaml", 1, "id", "«vann-» er ikke en gyldig id; bruk bare små bokstaver a–z, sifre og bindestrek, f.eks. «vann»"),
		}},
		{"interval", []Diagnostic{
			e("arshjul.yaml", 6, "intervall_mnd", "må være et positivt antall måneder, f.eks. 12"),
			e("arshjul.yaml", 7, "varsler", "-1 er ikke gyldig; varsler er antall dager før fristen (0 eller mer)"),
			e("arshjul.yaml", 13, "kanal", "«beredskap» er ikke en Slack-kanal; skriv #kanalnavn (små bokstaver) eller kanal-ID-en (C…)"),
			e("arshjul.yaml", 14, "intervall_mnd", "må være et positivt antall måneder, f.eks. 12"),
		}},
		{"lists", []Diagnostic{
			e("varslingslister.yaml", 10, "standard", "bare én varslingsliste kan være standard; «alle» er allerede standard (varslingslister.yaml:4)"),
			e("varslingslister.yaml", 12, "grupper[1].kontakter", "mangler (minst én kontakt)"),
			e("varslingslister.yaml", 13, "grupper", "mangler (minst én gruppe med kontakter)"),
		}},
		{"phase", []Diagnostic{
			e("rollekort/loggforer.yaml", 6, "faser[1].fase", "ukjent fase «oppstart»; bruk en av: før førstemøte, første-/statusmøte, håndtering, avslutning, normalisering"),
			e("rollekort/loggforer.yaml", 9, "faser[4].fase", "fasen «HÅNDTERING» står to ganger på kortet (første gang på linje 7)"),
			e("rollekort/loggforer.yaml", 10, "faser[5].fase", "fasen «første-/statusmøte» står to ganger på kortet (første gang på linje 8)"),
		}},
		{"phone", []Diagnostic{
			e("kontakter.yaml", 7, "telefon", "ugyldig telefonnummer «12 34» (nr. 2); skriv det med landkode, f.eks. +46 70 123 45 67, eller som nummer i region SE"),
			e("kontakter.yaml", 11, "telefon", "ugyldig telefonnummer «+47 123» (nr. 1); skriv det med landkode, f.eks. +46 70 123 45 67, eller som nummer i region SE"),
			w("kontakter.yaml", 12, "telefon", "«112» er et nødnummer, ikke nummeret til kontakten «lise»; skriv kontaktens eget nummer"),
			e("kontakter.yaml", 15, "telefon", "ugyldig telefonnummer «ring sentralbordet»; skriv det med landkode, f.eks. +46 70 123 45 67, eller som nummer i region SE"),
		}},
		{"required", []Diagnostic{
			e("arshjul.yaml", 2, "eier", "mangler (påkrevd felt)"),
			e("arshjul.yaml", 2, "kanal", "mangler (påkrevd felt)"),
			e("arshjul.yaml", 2, "intervall_mnd", "mangler (påkrevd felt)"),
			e("arshjul.yaml", 5, "id", "mangler (påkrevd felt)"),
			e("arshjul.yaml", 5, "type", "mangler (påkrevd felt)"),
			e("maler.yaml", 5, "navn", "mangler (påkrevd felt)"),
			e("maler.yaml", 5, "tekst", "mangler (påkrevd felt)"),
			e("organisasjon.yaml", 1, "navn", "mangler (påkrevd felt)"),
			e("organisasjon.yaml", 1, "type", "mangler (påkrevd felt)"),
			e("organisasjon.yaml", 1, "tidssone", "mangler (påkrevd felt)"),
			e("organisasjon.yaml", 3, "revisjoner[1].dato", "mangler (påkrevd felt)"),
			e("organisasjon.yaml", 4, "revisjoner[2].endring", "mangler (påkrevd felt)"),
			e("rollekort/loggforer.yaml", 1, "tittel", "mangler (påkrevd felt)"),
			e("rollekort/loggforer.yaml", 5, "faser[1].fase", "mangler (påkrevd felt)"),
			e("rollekort/loggforer.yaml", 6, "faser[1].punkter[1].tekst", "mangler (påkrevd felt)"),
			e("tiltakskort/ny.yaml", 4, "steg[1].tekst", "mangler (påkrevd felt)"),
			e("tiltakskort/ny.yaml", 5, "steg[2].tekst", "mangler (påkrevd felt)"),
		}},
		{"slack-id", []Diagnostic{
			e("kontakter.yaml", 4, "slack", "ugyldig Slack-bruker-ID; den ser ut som U01AB2CD3E (velg «Kopier medlems-ID» i profilen)"),
			e("kontakter.yaml", 7, "slack", "ugyldig Slack-bruker-ID; den ser ut som U01AB2CD3E (velg «Kopier medlems-ID» i profilen)"),
		}},
		{"structure", []Diagnostic{
			e("kritiske-funksjoner.yaml", 1, "", "forventet «funksjoner:» øverst i filen, men fant en liste"),
			e("moter.yaml", 3, "", "filen har mer enn ett YAML-dokument (skilt med «---»); bare det første leses"),
			e("rollekort/tom.yaml", 0, "", "filen er tom; forventet et rollekort"),
			e("ros.yaml", 4, "ros", "feltet står to ganger; legg alt i én liste"),
			e("ros.yaml", 7, "", "ukjent felt «risiko»"),
			e("tiltakskort/liste.yaml", 1, "", "forventet en samling felt (nøkkel: verdi), men fant en liste"),
		}},
		{"syntax", []Diagnostic{
			e("moter.yaml", 3, "", "ugyldig YAML: kolon («:») på et sted der det ikke er tillatt; sett teksten i anførselstegn eller sjekk innrykket"),
			e("tiltakskort/vann.yaml", 2, "", "ugyldig YAML: filen slutter midt i en verdi; mangler et avsluttende anførselstegn?"),
		}},
		{"timezone", []Diagnostic{
			e("organisasjon.yaml", 3, "tidssone", "ukjent tidssone «Europe/Olso»; skriv f.eks. Europe/Oslo eller Europe/Stockholm"),
			e("organisasjon.yaml", 4, "region", "ukjent region «XX»; bruk en landkode som NO eller SE"),
		}},
		{"unknown-field", []Diagnostic{
			e("rollekort/kriseleder.yaml", 1, "tittel", "mangler (påkrevd felt)"),
			e("rollekort/kriseleder.yaml", 2, "", "ukjent felt «titel» – mente du «tittel»?"),
			e("rollekort/kriseleder.yaml", 4, "ansvar", "feltet står to ganger (første gang på linje 3)"),
			e("rollekort/kriseleder.yaml", 5, "", "ukjent felt «farge»"),
			e("rollekort/kriseleder.yaml", 11, "faser[1].punkter[1]", "ukjent felt «tekts» – mente du «tekst»?"),
			e("rollekort/kriseleder.yaml", 11, "faser[1].punkter[1].tekst", "mangler (påkrevd felt)"),
		}},
		{"unknown-file", []Diagnostic{
			w("ekstra.yml", 0, "", "ukjent fil, ignoreres"),
			w("gammelt/rollekort.yaml", 0, "", "ukjent fil, ignoreres (rollekort og tiltakskort ligger i mappene rollekort/ og tiltakskort/, alt annet øverst i planen)"),
			w("kontakt.yaml", 0, "", "ukjent fil, ignoreres – mente du «kontakter.yaml»?"),
			w("kritiska-funktioner.yaml", 0, "", "ukjent fil, ignoreres – mente du «kritiske-funksjoner.yaml»?"),
			w("larmlistor.yaml", 0, "", "ukjent fil, ignoreres – mente du «varslingslister.yaml»?"),
		}},
		{"unknown-ref", []Diagnostic{
			e("arshjul.yaml", 4, "eier", "ukjent kontakt «karin» – mente du «kari»?"),
			e("arshjul.yaml", 11, "eier", "ukjent kontakt «ukjent»"),
			e("kritiske-funksjoner.yaml", 4, "ansvarlig", "ukjent rolle «daglig-leder»"),
			e("rollekort/vakt.yaml", 3, "innehavere", "ukjent kontakt «per»"),
			e("rollekort/vakt.yaml", 4, "stedfortreder", "ukjent kontakt «Ola» – mente du «ola»?"),
			e("ros.yaml", 4, "tiltakskort", "ukjent tiltakskort «vannn» – mente du «vann»?"),
			e("tiltakskort/vann.yaml", 3, "ansvarlig", "ukjent rolle «kriseledr» – mente du «kriseleder»?"),
			e("tiltakskort/vann.yaml", 6, "steg[1].rolle", "ukjent rolle «rorlegger»"),
			e("tiltakskort/vann.yaml", 9, "kontakter", "ukjent kontakt «per»"),
			e("tiltakskort/vann.yaml", 10, "varslingsliste", "ukjent varslingsliste «vann»"),
			e("tiltakskort/vann.yaml", 11, "mal", "ukjent mal «vannmelding»"),
			e("varslingslister.yaml", 7, "grupper[1].kontakter", "ukjent kontakt «karl» – mente du «kari»?"),
		}},
		{"warnings", []Diagnostic{
			w("kontakter.yaml", 8, "", "kontakten «lise» kan ikke nås: mangler telefon, epost og slack"),
			w("rollekort/vakt.yaml", 1, "innehavere", "rollen har ingen innehavere; hvem har rollen?"),
			w("rollekort/vakt.yaml", 1, "stedfortreder", "rollen har ingen stedfortreder"),
		}},
		{"wrong-type", []Diagnostic{
			e("arshjul.yaml", 6, "intervall_mnd", "forventet et heltall, men fant «tolv»"),
			e("arshjul.yaml", 7, "sist_gjennomfort", "\"31.02.2025\" er ikke en gyldig dato (skriv ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)"),
			e("arshjul.yaml", 8, "varsler[2]", "forventet et heltall, men fant «en uke»"),
			e("arshjul.yaml", 17, "", "forventet en samling felt (nøkkel: verdi), men fant «Revisjon av ROS»"),
			e("kritiske-funksjoner.yaml", 4, "prioritet", "forventet et heltall, men fant «høy»"),
			e("kritiske-funksjoner.yaml", 5, "konsekvens", "forventet en samling felt (nøkkel: verdi), men fant en liste"),
			e("kritiske-funksjoner.yaml", 7, "ansvarlig", "forventet tekst, men fant en samling felt (nøkkel: verdi)"),
			// A type error is not followed by "mangler" for that field, but
			// the next template's missing navn is still reported.
			e("maler.yaml", 4, "navn", "forventet tekst, men fant en liste"),
			e("maler.yaml", 6, "navn", "mangler (påkrevd felt)"),
			e("varslingslister.yaml", 4, "standard", "forventet ja eller nei (true/false), men fant «kanskje»"),
			e("varslingslister.yaml", 11, "grupper", "forventet en liste, men fant en samling felt (nøkkel: verdi)"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Load(planFS(t, "testdata/valid", "testdata/"+tt.name))
			assertDiagnostics(t, ds, tt.want)
		})
	}
}

// TestLoadReportsAllProblemsAtOnce: problems in five files, one run.
func TestLoadReportsAllProblemsAtOnce(t *testing.T) {
	p, ds := Load(planFS(t, "testdata/valid", "testdata/multi"))
	assertDiagnostics(t, ds, Diagnostics{
		e("arshjul.yaml", 6, "intervall_mnd", "må være et positivt antall måneder, f.eks. 12"),
		e("kontakter.yaml", 7, "telefon", "ugyldig telefonnummer «123»; skriv det med landkode, f.eks. +47 912 34 567, eller som nummer i region NO"),
		w("kontakter.yaml", 8, "", "kontakten «lise» kan ikke nås: mangler telefon, epost og slack"),
		e("kontakter.yaml", 13, "id", "«kari» er allerede brukt (kontakter.yaml:2)"),
		e("organisasjon.yaml", 3, "tidssone", "ukjent tidssone «Oslo»; skriv f.eks. Europe/Oslo eller Europe/Stockholm"),
		e("rollekort/kriseleder.yaml", 1, "tittel", "mangler (påkrevd felt)"),
		e("rollekort/kriseleder.yaml", 2, "", "ukjent felt «titel» – mente du «tittel»?"),
		e("rollekort/kriseleder.yaml", 3, "innehavere", "ukjent kontakt «per»"),
		e("tiltakskort/strom.yaml", 2, "alias", "alias «ordresystem nede» er også alias for tiltakskort «it-feil» (tiltakskort/it-feil.yaml:2)"),
		e("tiltakskort/strom.yaml", 7, "steg[2].tekst", "mangler (påkrevd felt)"),
		e("tiltakskort/strom.yaml", 8, "varslingsliste", "ukjent varslingsliste «strom»"),
	})
	if !ds.HasErrors() || len(ds.Warnings()) != 1 {
		t.Errorf("HasErrors=%v warnings=%d", ds.HasErrors(), len(ds.Warnings()))
	}
	// The plan stays usable: the valid parts are loaded and indexed.
	if p.Card("strom") == nil || p.Contact("kari").Name != "Kari Nordmann" || p.Location.String() != "Europe/Oslo" {
		t.Errorf("partial plan not usable: card=%v kari=%q loc=%v", p.Card("strom"), p.Contact("kari").Name, p.Location)
	}
}

func TestLoadDirWithoutOrganisation(t *testing.T) {
	p, ds := LoadDir("testdata/no-org")
	assertDiagnostics(t, ds, Diagnostics{
		e("organisasjon.yaml", 0, "", "filen mangler; planen må ha en organisasjon.yaml med navn, type og tidssone"),
	})
	if p.Contact("kari") == nil || p.Location.String() != "Europe/Oslo" {
		t.Errorf("contacts not loaded or no default zone: %v", p.Location)
	}
}

func TestLoadResolvesAliases(t *testing.T) {
	p, _ := Load(planFS(t, "testdata/valid", "testdata/anchors"))
	vann := p.Card("vann")
	if vann.WhenToUse != "Vannbrudd" {
		t.Errorf("bruk_nar = %q", vann.WhenToUse)
	}
	if !reflect.DeepEqual(vann.Resources, []string{"kari", "ola"}) {
		t.Errorf("ressurser = %q", vann.Resources)
	}
	if len(vann.Steps) != 3 || vann.Steps[1].Text != "Steng hovedkranen." || vann.Steps[1].Role != "kriseleder" {
		t.Errorf("steg = %+v", vann.Steps)
	}
}

// TestLoadStopsExpandingAliases: a "billion laughs" role card (10^9 values
// through nested aliases) is cut off with one error, not expanded.
func TestLoadStopsExpandingAliases(t *testing.T) {
	const n = 1000
	var b strings.Builder
	b.WriteString("id: latter\ntittel: Latter\nalias: &s [" + strings.Repeat("ha, ", n-1) + "ha]\nfaser:\n  - &p\n    fase: håndtering\n    punkter:\n      - &i {tekst: t, underpunkter: *s}\n")
	b.WriteString(strings.Repeat("      - *i\n", n-1))
	b.WriteString(strings.Repeat("  - *p\n", n-1))
	fsys := planFS(t, "testdata/valid")
	fsys["rollekort/latter.yaml"] = &fstest.MapFile{Data: []byte(b.String())}
	_, ds := Load(fsys)
	found := false
	for _, d := range ds {
		if d.File == "rollekort/latter.yaml" && strings.HasPrefix(d.Message, "filen er for stor, eller bruker alias") {
			found = true
		}
	}
	if !found {
		t.Errorf("no alias budget error in:\n%s", ds)
	}
}
