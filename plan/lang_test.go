package plan

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

func TestLoadSwedishPlan(t *testing.T) {
	p, ds := LoadDir("testdata/sv-valid")
	assertDiagnostics(t, ds, nil)
	if p.Lang != i18n.Swedish || p.Org.Language != "sv" {
		t.Errorf("Lang = %q, Org.Language = %q", p.Lang, p.Org.Language)
	}
	if p.Org.Name != "Lillsjö kommun" || p.Org.Kind != OrgMunicipality || p.Location.String() != "Europe/Stockholm" {
		t.Errorf("org = %q %q %v", p.Org.Name, p.Org.Kind, p.Location)
	}
	if p.Org.Approved != (Date{2025, 2, 1}) || p.Org.Revisions[0].Change != "Första versionen" {
		t.Errorf("godkänd_datum = %v, revisioner = %+v", p.Org.Approved, p.Org.Revisions)
	}
	if a := p.Org.Access; len(a.Close) != 1 || a.Close[0] != "krisledare" || len(a.SeePhones) != 1 || !p.IsAdmin("U01ANNA1") {
		t.Errorf("behörighet = %+v", a)
	}
	anna := p.Contact("anna")
	if anna == nil || anna.Title != "Kommundirektör" || anna.Email != "anna.andersson@lillsjo.se" || anna.Phones[0] != "+46701234567" {
		t.Fatalf("anna = %+v", anna)
	}
	if p.Contact("leverantor").Org != ContactExternal || p.Contact("erik").Org != ContactInternal {
		t.Errorf("organisation not made canonical")
	}
	f := p.Functions[0]
	if f.DowntimeTolerance != "6 timmar" || f.Downtime != 6*time.Hour || f.Consequences.Under6h.Level != ConsequenceModerate ||
		f.Consequences.Under24h.Level != ConsequenceSignificant || f.Consequences.DaysToWeek.Level != ConsequenceSevere {
		t.Errorf("function = %+v", f)
	}
	if r := p.ROS[0]; r.Likelihood != LevelMedium || r.Consequence != LevelHigh || r.Card != "elavbrott" || len(r.Measures) != 2 {
		t.Errorf("rsa = %+v", r)
	}
	if p.LeaderRole() == nil || p.LeaderRole().ID != "krisledare" || p.ScribeRole() == nil || p.ScribeRole().ID != "loggforare" {
		t.Errorf("role kinds not resolved")
	}
	var phases []Phase
	for _, ph := range p.Role("krisledare").Phases {
		phases = append(phases, ph.Phase)
	}
	if len(phases) != len(Phases) {
		t.Errorf("phases = %v", phases)
	}
	for i := range phases {
		if phases[i] != Phases[i] {
			t.Errorf("phases = %v, want %v", phases, Phases)
		}
	}
	card := p.Card("elavbrott")
	if card.WhenToUse == "" || card.List != "krisledning" || card.Template != "forsta-besked" || card.Steps[2].Role != "loggforare" {
		t.Errorf("card = %+v", card)
	}
	kinds := map[string]ReviewKind{}
	for _, r := range p.Reviews {
		kinds[r.ID] = r.Kind
	}
	if kinds["rsa-revision"] != ReviewROS || kinds["kontaktlista"] != ReviewContacts || kinds["planrevision"] != ReviewPlan {
		t.Errorf("review kinds = %v", kinds)
	}
	if len(p.Meetings.First) != 1 || len(p.Meetings.Status) != 1 || len(p.Meetings.Evaluation) != 1 {
		t.Errorf("meetings = %+v", p.Meetings)
	}
	if e := p.Exercise("stabsovning"); e.IntervalMonths != 24 || len(e.Stages) != 3 || e.LastDone != (Date{2025, 3, 10}) {
		t.Errorf("exercise = %+v", e)
	}
}

func TestLoadSwedishPlanReportsInSwedish(t *testing.T) {
	_, ds := Load(planFS(t, "testdata/sv-valid", "testdata/sv-broken"))
	assertDiagnostics(t, ds, Diagnostics{
		e("arshjul.yaml", 5, "kanal", "”krisberedskap” är inte en Slack-kanal; skriv #kanalnamn (små bokstäver) eller kanal-ID:t (C…)"),
		e("arshjul.yaml", 6, "intervall_mån", "förväntade ett heltal, men hittade ”tolv”"),
		e("arshjul.yaml", 10, "typ", "okänd typ ”planen”; använd plan, rsa, kontaktlista eller annat"),
		e("arshjul.yaml", 11, "ägare", "okänd kontakt ”ana” – menade du ”anna”?"),
		e("kontakter.yaml", 4, "", "okänt fält ”titl” – menade du ”titel”?"),
		e("kontakter.yaml", 5, "e-post", "ogiltig e-postadress; skriv bara adressen, t.ex. anna.andersson@kommun.se"),
		w("kontakter.yaml", 10, "", "kontakten ”leverantor” kan inte nås: saknar telefon, e-post och slack"),
		e("kontakter.yaml", 12, "organisation", "okänt värde ”utomstående”; använd intern eller extern"),
		e("organisasjon.yaml", 2, "typ", "okänd typ ”kommunn”; använd kommun eller företag"),
		e("organisasjon.yaml", 4, "tidszon", "okänd tidszon ”Stockholm”; skriv t.ex. Europe/Stockholm eller Europe/Oslo"),
		w("organisasjon.yaml", 6, "behörighet.avsluta", "”eier” gäller bara för registrera_genomförd och skjuta_upp; här ger det ingen behörighet"),
		e("rollekort/krisledare.yaml", 1, "titel", "saknas (obligatoriskt fält)"),
		e("rollekort/krisledare.yaml", 3, "ersättare", "okänd kontakt ”eirk” – menade du ”erik”?"),
		e("rollekort/krisledare.yaml", 6, "faser[1].fas", "okänd fas ”Före mötet”; använd en av: före första mötet, första mötet/statusmöte, hantering, avslutning, normalisering"),
		e("ros.yaml", 4, "sannolikhet", "okänd nivå ”ganska hög”; använd låg, medel, hög eller kritisk, eller siffrorna 1–4"),
		e("ros.yaml", 5, "åtgärdskort", "okänt åtgärdskort ”elavbrot” – menade du ”elavbrott”?"),
		e("tiltakskort/elavbrott.yaml", 1, "steg", "saknas (minst ett steg)"),
		e("tiltakskort/elavbrott.yaml", 4, "larmlista", "okänd larmlista ”alla”"),
	})
	for _, d := range ds {
		if d.Lang != i18n.Swedish || d.ID == "" {
			t.Errorf("%s: Lang %q, ID %q", d, d.Lang, d.ID)
		}
	}
	if got := ds[6].String(); got != "kontakter.yaml:10: varning: kontakten ”leverantor” kan inte nås: saknar telefon, e-post och slack" {
		t.Errorf("String() = %q", got)
	}
}

// withOrg is testdata/valid with organisasjon.yaml replaced by src.
func withOrg(t *testing.T, src string) fstest.MapFS {
	fsys := planFS(t, "testdata/valid")
	fsys["organisasjon.yaml"] = &fstest.MapFile{Data: []byte(src)}
	return fsys
}

const orgHead = "navn: Fjordtest AS\ntype: bedrift\ntidssone: Europe/Oslo\n"

func TestLoadLanguage(t *testing.T) {
	tests := []struct {
		name string
		org  string
		lang i18n.Lang
		want Diagnostics
	}{
		{"default is bokmål", orgHead, i18n.Bokmal, nil},
		{"sprak without å", orgHead + "sprak: english\n", i18n.English, nil},
		{"nb-NO", orgHead + "språk: nb-NO\n", i18n.Bokmal, nil},
		{"unknown with suggestion", orgHead + "språk: svenka\n", i18n.Bokmal, Diagnostics{
			e("organisasjon.yaml", 4, "språk", "ukjent språk «svenka» – mente du «svenska»?"),
		}},
		{"unknown without suggestion", orgHead + "språk: tysk\n", i18n.Bokmal, Diagnostics{
			e("organisasjon.yaml", 4, "språk", "ukjent språk «tysk»; bruk nb (bokmål), sv (svenska) eller en (English)"),
		}},
		{"English messages", "navn: Fjordtest AS\ntype: firma\nspråk: en\ntidssone: Oslo\ntitel: x\n", i18n.English, Diagnostics{
			e("organisasjon.yaml", 2, "type", "unknown type “firma”; use municipality or company"),
			e("organisasjon.yaml", 4, "tidssone", "unknown time zone “Oslo”; write e.g. Europe/Oslo or Europe/Stockholm"),
			e("organisasjon.yaml", 5, "", "unknown field “titel”"),
		}},
		{"Swedish keys only with språk: sv", orgHead + "namn: Fjordtest\n", i18n.Bokmal, Diagnostics{
			e("organisasjon.yaml", 4, "", "ukjent felt «namn» – mente du «navn»?"),
		}},
		{"Swedish and bokmål keys mixed, one field", "språk: sv\nnavn: A\nnamn: B\ntyp: företag\ntidszon: Europe/Oslo\n", i18n.Swedish, Diagnostics{
			e("organisasjon.yaml", 3, "namn", "fältet står två gånger (första gången på rad 2)"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ds := Load(withOrg(t, tt.org))
			assertDiagnostics(t, ds, tt.want)
			if p.Lang != tt.lang {
				t.Errorf("Lang = %q, want %q", p.Lang, tt.lang)
			}
		})
	}
}

func TestScheduleWarningsInPlanLanguage(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	p, _ := LoadDir("testdata/sv-valid")
	assertDiagnostics(t, p.ScheduleWarnings(now), Diagnostics{
		w("arshjul.yaml", 18, "senast_genomförd", "revisionen ”planrevision” är försenad: skulle ha genomförts senast 2026-02-01 (förra gången 2025-02-01, med 12 månaders mellanrum)"),
		w("arshjul.yaml", 32, "senast_genomförd", "revisionen ”kontaktlista” är försenad: skulle ha genomförts senast 2025-07-10 (förra gången 2025-01-10, med 6 månaders mellanrum)"),
	})
	p.Lang = i18n.English
	p.Reviews[2].IntervalMonths = 1
	p.Reviews[2].LastDone = Date{}
	ds := p.ScheduleWarnings(now)
	if got := ds[len(ds)-1].Message; got != "the review “kontaktlista” has never been done (every month)" {
		t.Errorf("English: %q", got)
	}
}

// TestSwedishNames: a Swedish name never hides another field's bokmål
// key, and a bokmål key has one Swedish name across the plan's types, so
// a field path can be named in Swedish.
func TestSwedishNames(t *testing.T) {
	seen := map[reflect.Type]bool{}
	sv := map[string]string{}
	var walk func(rt reflect.Type)
	walk = func(rt reflect.Type) {
		for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice {
			rt = rt.Elem()
		}
		if rt.Kind() != reflect.Struct || seen[rt] || rt == dateType {
			return
		}
		seen[rt] = true
		info := infoOf(rt)
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name := f.Tag.Get("sv"); name != "" {
				if _, clash := info.fields[name]; clash {
					t.Errorf("%s.%s: Swedish name %q is another field's key", rt.Name(), f.Name, name)
				}
				if got, ok := info.lookup(name, i18n.Swedish); !ok || got != key {
					t.Errorf("%s.%s: %q resolves to %q", rt.Name(), f.Name, name, got)
				}
				if _, ok := info.lookup(name, i18n.Bokmal); ok {
					t.Errorf("%s.%s: %q accepted in a bokmål plan", rt.Name(), f.Name, name)
				}
				if prev, ok := sv[key]; ok && prev != name {
					t.Errorf("%s.%s: %q is %q here and %q elsewhere", rt.Name(), f.Name, key, name, prev)
				}
				sv[key] = name
			}
			walk(f.Type)
		}
	}
	walk(reflect.TypeFor[Plan]())
	if len(sv) < 40 {
		t.Errorf("only %d Swedish names", len(sv))
	}
	for path, want := range map[string]string{
		"faser[2].punkter[1].tekst": "faser[2].punkter[1].text",
		"konsekvens.under_6t":       "konsekvens.under_6h",
		"steg[3].rolle":             "steg[3].roll",
		"id":                        "id",
	} {
		if got := fieldPathIn(i18n.Swedish, path); got != want {
			t.Errorf("fieldPathIn(sv, %q) = %q, want %q", path, got, want)
		}
		if got := fieldPathIn(i18n.Bokmal, path); got != path {
			t.Errorf("fieldPathIn(nb, %q) = %q", path, got)
		}
	}
}

func TestPhaseTitleIn(t *testing.T) {
	for _, tt := range []struct {
		lang i18n.Lang
		want string
	}{{i18n.Bokmal, "Før førstemøte"}, {i18n.Swedish, "Före första mötet"}, {i18n.English, "Before the first meeting"}} {
		if got := PhaseTitleIn(tt.lang, PhaseBeforeFirstMeeting); got != tt.want {
			t.Errorf("%s: %q", tt.lang, got)
		}
		if p, ok := resolvePhase(tt.want); !ok || p != PhaseBeforeFirstMeeting {
			t.Errorf("resolvePhase(%q) = %q, %v", tt.want, p, ok)
		}
	}
	if got := PhaseTitleIn(i18n.Swedish, "ukjent"); got != "ukjent" {
		t.Errorf("unknown phase: %q", got)
	}
}
