package sitrep_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/sitrep"
)

func names(s string) string { return s }

// A Swedish plan gets a lägesrapport with Swedish headings; decisions
// since the previous report go under the actions heading, meetings under
// the next one.
func TestMakeSwedishSinceLastReport(t *testing.T) {
	p := testkit.ExamplePlan(t)
	p.Lang = i18n.Swedish
	loc := time.UTC
	t0 := time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)
	inc := incident.Incident{ID: 1, Title: "Elavbrott", OpenedAt: t0}
	entries := []incident.Entry{
		{Seq: 1, Kind: incident.EntryOpened, Text: "Elavbrott", CreatedAt: t0},
		{Seq: 2, Kind: incident.EntryDecision, Text: "Gammalt beslut", CreatedAt: t0.Add(time.Minute)},
		{Seq: 3, Kind: incident.EntryReport, Text: "Lägesrapport 1", CreatedAt: t0.Add(time.Hour)},
		{Seq: 4, Kind: incident.EntryDecision, Text: "Skolorna stänger", CreatedAt: t0.Add(2 * time.Hour)},
		{Seq: 5, Kind: incident.EntryStep, Text: "Reservkraft startad", CreatedAt: t0.Add(2 * time.Hour)},
		{Seq: 6, Kind: incident.EntryMeeting, Text: "Nästa lägesmöte kl. 12:00", CreatedAt: t0.Add(2 * time.Hour)},
	}
	reports := []incident.Report{{IncidentID: 1, Number: 1, EntrySeq: 3, SentAt: t0.Add(time.Hour)}}
	d := sitrep.Make(p, sitrep.Facts{Incident: inc, Entries: entries, Reports: reports, Now: t0.Add(3 * time.Hour),
		AffectedFunctions: []string{"Vattenförsörjning: tryckfall"}}, loc, names)
	text := d.Text()
	for _, want := range []string{"Lägesrapport 2 – Elavbrott", "Period: sedan lägesrapport 1", "3. Vidtagna och planerade åtgärder",
		"kl. 10.00 Beslut: Skolorna stänger", "kl. 10.00 Åtgärd: Reservkraft startad", "Nästa lägesmöte kl. 12:00",
		"Nästa lägesrapport: kl. 15.00", "– Vattenförsörjning: tryckfall"} {
		if !strings.Contains(text, want) {
			t.Errorf("draft lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Gammalt beslut") {
		t.Errorf("draft repeats what report 1 covered:\n%s", text)
	}
	if got := d.WithBody("Eget innehåll").Text(); !strings.Contains(got, "Eget innehåll") || strings.Contains(got, "Skolorna") {
		t.Errorf("with body:\n%s", got)
	}
}

func TestClipKeepsSlackLimitWithNote(t *testing.T) {
	p := testkit.ExamplePlan(t)
	long := strings.Repeat("– kl. 10:00 Beslutning: noe som ble bestemt\n", 200)
	got := sitrep.Clip(p, long, 3000)
	if n := utf8.RuneCountInString(got); n > 3000 {
		t.Errorf("clipped to %d characters", n)
	}
	if !strings.Contains(got, "forkortet:") || !strings.HasPrefix(long, strings.Split(got, "\n…")[0]) {
		t.Errorf("clip = …%s", got[len(got)-120:])
	}
	if sitrep.Clip(p, "kort", 3000) != "kort" {
		t.Error("a short text was changed")
	}
}

func TestHTMLAndResponse(t *testing.T) {
	text := "Situasjonsrapport 1 – Brann\nFra: Eksempel kommune\n\n1. Situasjon\nBrann <i> rådhuset & omegn\n\n2. Tiltak\n–\n"
	html := string(sitrep.HTML(text, i18n.Bokmal))
	for _, want := range []string{`<html lang="nb">`, "<h1>Situasjonsrapport 1 – Brann</h1>", `<p class="meta">Fra: Eksempel kommune</p>`,
		"<h2>1. Situasjon</h2>", "Brann &lt;i&gt; rådhuset &amp; omegn", "<h2>2. Tiltak</h2>"} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q:\n%s", want, html)
		}
	}
	long := "Tittel\n" + strings.Repeat(strings.Repeat("x", 1000)+"\n\n", 8)
	r := sitrep.Response(long)
	if r.Text != "Tittel" || len(r.Blocks) < 4 {
		t.Fatalf("response = %d blocks", len(r.Blocks))
	}
	for _, b := range r.Blocks {
		if utf8.RuneCountInString(b.Text) > 3000 {
			t.Errorf("block of %d characters", utf8.RuneCountInString(b.Text))
		}
	}
}
