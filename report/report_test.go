package report_test

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/report"
)

func TestGoldenReports(t *testing.T) {
	f := newFixture(t)
	r := f.build(f.powerCut(), report.Options{})
	testkit.Golden(t, "testdata/stromstans.md.golden", r.Markdown())
	testkit.Golden(t, "testdata/stromstans.html.golden", r.HTML())
}

// The report has every part the issue asks for, resolved against the
// plan, whatever the golden files say.
func TestReportContent(t *testing.T) {
	f := newFixture(t)
	id := f.powerCut()
	r := f.build(id, report.Options{})
	entries, err := f.db.Entries(f.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	last := entries[len(entries)-1]
	md := string(r.Markdown())
	mustContain(t, md,
		"# Hendelsesrapport: Strømbrudd i sentrum",
		"| Start | 22.11.2026 kl. 14:30 |", // local time, UTC+1
		"| Slutt | 22.11.2026 kl. 17:45 |",
		"| Åpnet av | Kari Nordmann |",
		"| Kriseleder | Kari Nordmann | 22.11.2026 kl. 14:30 | 22.11.2026 kl. 15:20 | fra rollekortet |", // ended when Ola took over
		"| Kriseleder | Ola Nordmann | 22.11.2026 kl. 15:20 | slutt | Kari Nordmann |",
		"| Loggfører | Per Prøvesen | 22.11.2026 kl. 14:30 | slutt | fra rollekortet |", // a holder by contact reference
		"kaller inn",       // the decision text …
		"@Ingrid Eksempel", // … with its mention resolved
		"Kilde: <https://eksempel.slack.com/archives/C0INC/p1795354800000100>",
		"· retter #5",               // the correction …
		"_rettet i #7_",             // … and the line it corrects points to it
		"↳ **rettet i #7**",         // … shown right under it
		"1. ✅ Ring driftssentralen", // card steps with completion
		"utført 22.11.2026 kl. 14:45 av Per Prøvesen",
		"2. ✅ Kontroller at nødstrøm",
		"3. ⬜ Ta ut liste",
		"2 av 9 steg utført",
		"| 22.11.2026 kl. 16:00 | flyttet |", // meetings
		"| 22.11.2026 kl. 16:30 | avholdt |",
		"| 22.11.2026 kl. 18:00 | ikke avholdt |",
		"### Hva fungerte?", "Varslingen gikk raskt",
		"### Hva må forbedres?\n\n_Ikke besvart._",
		"**Forslag til planendring:** Tiltakskortet for strøm",
		"### Andre innspill", "Aggregatet på skolen",
		"Siste hash (SHA-256): `"+last.Hash+"`",
		"✅ hash-kjeden er hel",
	)
	// User text cannot add Markdown structure.
	mustContain(t, md, `\*utkast\*`, `\[delt mappe\]`, `\# Ikke en overskrift`, `\- ikke en liste`, "&lt;b&gt;")
	mustNotContain(t, md, "[delt mappe](", "\n# Ikke", "Skjermet", "SKJERMET")
	// The document is for the reader outside: no operator's commands.
	mustNotContain(t, md, "--with-contacts", "beredskapsbot verify", "beredskapsbot ")

	page := string(r.HTML())
	mustContain(t, page, "<title>Hendelsesrapport: Strømbrudd i sentrum</title>", last.Hash,
		"&lt;b&gt;ikke&lt;/b&gt;", `<tr id="linje-5" class="rettet">`, "@media print", "Content-Security-Policy")
	mustNotContain(t, page, "<b>ikke</b>", "<script", "src=", "@import", "url(", "--with-contacts", "beredskapsbot verify")
	mustContain(t, page, "<td>fra rollekortet</td>")
	// The correction row follows the row it corrects.
	if i, j := strings.Index(page, `id="linje-5"`), strings.Index(page, `<td class="nr">↳ #7</td>`); i < 0 || j < i || j > strings.Index(page, `id="linje-6"`) {
		t.Errorf("correction #7 is not shown right under #5 (at %d, %d)", i, j)
	}
}

func TestCSVParsesBack(t *testing.T) {
	f := newFixture(t)
	id := f.powerCut()
	entries, err := f.db.Entries(f.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	out := f.build(id, report.Options{}).CSV()
	if !bytes.HasPrefix(out, []byte("\uFEFF")) {
		t.Fatal("CSV lacks the UTF-8 byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "nr,tid,type,forfatter,tekst,retter,kilde,hash" {
		t.Fatalf("header %v", rows[0])
	}
	if len(rows) != len(entries)+1 {
		t.Fatalf("%d rows, want %d", len(rows)-1, len(entries))
	}
	for i, e := range entries {
		row := rows[i+1]
		at, err := time.Parse(time.RFC3339, row[1])
		if err != nil || !at.Equal(e.CreatedAt) {
			t.Errorf("#%d: time %q (%v), want %v", e.Seq, row[1], err, e.CreatedAt)
		}
		if !strings.HasSuffix(row[1], "+01:00") {
			t.Errorf("#%d: time %q is not local winter time", e.Seq, row[1])
		}
		corrects := ""
		if e.Corrects != 0 {
			corrects = strconv.Itoa(e.Corrects)
		}
		// The text is for the reader outside: names, not Slack user IDs.
		if row[0] != strconv.Itoa(e.Seq) || row[5] != corrects || row[6] != e.Source || row[7] != e.Hash || strings.Contains(row[4], "<@") {
			t.Errorf("#%d: row %q does not match the entry %+v", e.Seq, row, e)
		}
		if !strings.Contains(e.Text, "<@") && row[4] != e.Text {
			t.Errorf("#%d: text %q, want %q", e.Seq, row[4], e.Text)
		}
	}
	if got := rows[2][4]; got != "Kriseledelsen mobiliseres. Møte på rådhuset kl. 15:00 – @Ingrid Eksempel kaller inn." {
		t.Errorf("#2 text in the CSV: %q", got)
	}
	if got := rows[9][4]; got != "Rolle Kriseleder: @Ola Nordmann (tildelt av @Kari Nordmann)" {
		t.Errorf("#9 text in the CSV: %q", got)
	}
	if rows[1][3] != "Kari Nordmann" || rows[1][2] != "Åpnet" {
		t.Errorf("first row %q: want author Kari Nordmann, type Åpnet", rows[1])
	}
}

func TestCSVDefusesFormulas(t *testing.T) {
	f := newFixture(t)
	f.at(day, 9, 0)
	inc, _, err := f.db.CreateIncident(f.ctx, incident.NewIncident{Title: "Formel", Kind: incident.KindExercise, OpenedBy: "U0KRISE001"})
	f.must(err)
	f.log(inc.ID, incident.EntryDecision, "U0KRISE001", `=HYPERLINK("http://x","klikk")`, 0, "")
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(f.build(inc.ID, report.Options{}).CSV(), []byte("\uFEFF")))).ReadAll()
	f.must(err)
	if got := rows[2][4]; got != `'=HYPERLINK("http://x","klikk")` {
		t.Errorf("formula cell %q not defused", got)
	}
}

func TestJSONParsesBack(t *testing.T) {
	f := newFixture(t)
	id := f.powerCut()
	entries, err := f.db.Entries(f.ctx, id)
	f.must(err)
	var got struct {
		Format   string
		Incident struct {
			ID       int64
			Title    string
			Kind     string
			Private  bool
			ClosedAt *time.Time `json:"closed_at"`
		}
		Roles       []map[string]any
		Steps       []map[string]any
		Meetings    []map[string]any
		Evaluations []struct {
			Question   string
			Answer     string
			PlanChange bool `json:"proposed_plan_change"`
		}
		Log []struct {
			Seq         int
			At          time.Time
			Kind        string
			Author      struct{ ID, Name string }
			Text        string
			Corrects    int
			CorrectedBy []int `json:"corrected_by"`
			Source      string
			Hash        string
		}
		Chain struct {
			Entries   int
			FinalHash string `json:"final_hash"`
			Verified  bool
		}
		Contacts []any `json:"notification_list"`
	}
	if err := json.Unmarshal(f.build(id, report.Options{}).JSON(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Format != "beredskapsbot-rapport-v1" || got.Incident.ID != id || got.Incident.Title != "Strømbrudd i sentrum" || got.Incident.Kind != "hendelse" || got.Incident.ClosedAt == nil {
		t.Errorf("metadata %+v", got.Incident)
	}
	if len(got.Log) != len(entries) {
		t.Fatalf("%d log entries, want %d", len(got.Log), len(entries))
	}
	for i, e := range entries {
		l := got.Log[i]
		if l.Seq != e.Seq || !l.At.Equal(e.CreatedAt) || l.Kind != string(e.Kind) || l.Author.ID != e.Author || l.Text != e.Text || l.Corrects != e.Corrects || l.Source != e.Source || l.Hash != e.Hash {
			t.Errorf("#%d: %+v does not match %+v", e.Seq, l, e)
		}
		// Recomputing the chain from the export gives the same hashes.
		// The export does not carry the hash rule's digest yet (issue 15),
		// so it is taken from the store.
		back := incident.Entry{IncidentID: id, Seq: l.Seq, Kind: incident.EntryKind(l.Kind), Author: l.Author.ID, Text: l.Text, Corrects: l.Corrects, Source: l.Source, CreatedAt: l.At,
			Version: e.Version, Digest: incident.TextDigest(e.Salt, l.Text)}
		if back.ComputeHash(e.PrevHash) != l.Hash {
			t.Errorf("#%d: hash cannot be recomputed from the export", e.Seq)
		}
	}
	if c := got.Log[4]; c.Seq != 5 || len(c.CorrectedBy) != 1 || c.CorrectedBy[0] != 7 {
		t.Errorf("entry #5 corrected_by %v, want [7]", c.CorrectedBy)
	}
	if got.Chain.Entries != len(entries) || got.Chain.FinalHash != entries[len(entries)-1].Hash || !got.Chain.Verified {
		t.Errorf("chain %+v", got.Chain)
	}
	if len(got.Roles) != 3 || len(got.Steps) != 2 || len(got.Meetings) != 3 || len(got.Evaluations) != 3 {
		t.Errorf("roles %d, steps %d, meetings %d, evaluations %d; want 3, 2, 3, 3", len(got.Roles), len(got.Steps), len(got.Meetings), len(got.Evaluations))
	}
	if got.Contacts != nil {
		t.Error("JSON without contacts has the notification list")
	}
}

// Phone numbers appear only when asked for, in every format.
func TestContactsOnlyWhenAsked(t *testing.T) {
	f := newFixture(t)
	id := f.powerCut()
	// Kari (first in the list): "+47 900 00 101" in the plan, shown as
	// "+47 90 00 01 01", stored as +4790000101.
	phones := []string{"90 00 01 01", "900 00 101", "90000101", "kari.nordmann@eksempel.kommune.no"}
	without := f.build(id, report.Options{})
	for name, out := range map[string][]byte{"md": without.Markdown(), "html": without.HTML(), "csv": without.CSV(), "json": without.JSON()} {
		mustNotContain(t, string(out), phones...)
		if name == "md" || name == "html" {
			mustContain(t, string(out), "Kari Nordmann", "Telefonnumre og e-postadresser er utelatt")
		}
	}
	with := f.build(id, report.Options{WithContacts: true})
	for name, out := range map[string][]byte{"md": with.Markdown(), "html": with.HTML(), "json": with.JSON()} {
		if !strings.Contains(string(out), "90 00 01 01") || !strings.Contains(string(out), "kari.nordmann@eksempel.kommune.no") {
			t.Errorf("%s with contacts lacks Kari's phone and e-mail", name)
		}
	}
}

func TestPrivateExerciseMarkedSkjermet(t *testing.T) {
	f := newFixture(t)
	f.at(day, 9, 0)
	inc, _, err := f.db.CreateIncident(f.ctx, incident.NewIncident{Title: "Trusselvurdering", Kind: incident.KindExercise, Private: true, OpenedBy: "U0KRISE001"})
	f.must(err)
	r := f.build(inc.ID, report.Options{})
	md, page := string(r.Markdown()), string(r.HTML())
	mustContain(t, md, "# Øvelsesrapport: Trusselvurdering", "**SKJERMET", "| Skjermet | Ja (privat kanal) |", "Pågår (foreløpig rapport)")
	mustContain(t, page, `class="skjermet"`, "SKJERMET")
	var j struct{ Incident struct{ Private bool } }
	f.must(json.Unmarshal(r.JSON(), &j))
	if !j.Incident.Private {
		t.Error("JSON does not mark the incident private")
	}
}

// Local times survive the end of summer time: the hour between 02:00 and
// 03:00 happens twice, and the CSV tells the two apart.
func TestSummerTimeEnds(t *testing.T) {
	f := newFixture(t)
	f.now = time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC) // 02:30 CEST
	inc, _, err := f.db.CreateIncident(f.ctx, incident.NewIncident{Title: "Natt", Kind: incident.KindIncident, OpenedBy: "U0KRISE001"})
	f.must(err)
	f.now = time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC) // 02:30 CET
	f.log(inc.ID, incident.EntryDecision, "U0KRISE001", "En time senere", 0, "")
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(f.build(inc.ID, report.Options{}).CSV(), []byte("\uFEFF")))).ReadAll()
	f.must(err)
	if rows[1][1] != "2026-10-25T02:30:00+02:00" || rows[2][1] != "2026-10-25T02:30:00+01:00" {
		t.Errorf("times %q and %q, want 02:30 summer time and 02:30 winter time", rows[1][1], rows[2][1])
	}
}

func TestBuildErrors(t *testing.T) {
	f := newFixture(t)
	_, err := report.Build(f.ctx, f.db, f.p, 99, report.Options{})
	if !errors.Is(err, incident.ErrNotFound) || !strings.Contains(err.Error(), "hendelse 99") {
		t.Fatalf("err = %v, want ErrNotFound naming hendelse 99", err)
	}
	if _, err := report.Latest(f.ctx, f.db); !errors.Is(err, incident.ErrNotFound) {
		t.Fatalf("Latest on an empty database: %v, want ErrNotFound", err)
	}
	if _, err := f.build(f.powerCut(), report.Options{}).Render("pdf"); !errors.Is(err, incident.ErrInvalid) {
		t.Fatalf("Render(pdf): %v, want ErrInvalid", err)
	}
}

func TestLatest(t *testing.T) {
	f := newFixture(t)
	first := f.powerCut()
	f.at(day, 20, 0)
	second, _, err := f.db.CreateIncident(f.ctx, incident.NewIncident{Title: "Vannlekkasje", Kind: incident.KindIncident, OpenedBy: "U0KRISE002"})
	f.must(err)
	got, err := report.Latest(f.ctx, f.db)
	f.must(err)
	if got.ID != second.ID || got.ID == first {
		t.Fatalf("Latest = %d, want %d", got.ID, second.ID)
	}
}

// A log edited behind the bot's back is reported in the report itself.
func TestReportShowsBrokenChain(t *testing.T) {
	f := newFixture(t)
	id := f.powerCut()
	raw, err := sql.Open("sqlite3", f.db.Path())
	f.must(err)
	defer raw.Close()
	_, err = raw.Exec(`DROP TRIGGER IF EXISTS log_entries_no_update`)
	f.must(err)
	_, err = raw.Exec(`UPDATE log_entries SET text = 'Varmestue åpnes ikke' WHERE incident_id = ? AND seq = 6`, id)
	f.must(err)
	r := f.build(id, report.Options{})
	if r.Chain.Verified || !strings.Contains(r.Chain.Problem, "logglinje #6") {
		t.Fatalf("chain %+v, want a problem at #6", r.Chain)
	}
	mustContain(t, string(r.Markdown()), "❌ logglinje #6 innholdet er endret")
	mustContain(t, string(r.HTML()), "✖ logglinje #6")
}

func TestFiles(t *testing.T) {
	f := newFixture(t)
	id := f.powerCut()
	files, err := report.Files(f.ctx, f.db, f.p, id, nil)
	f.must(err)
	if len(files) != 2 {
		t.Fatalf("%d files, want Markdown and HTML", len(files))
	}
	want := []struct{ name, title, start string }{
		{"rapport-1-strombrudd-i-sentrum.md", "Hendelsesrapport: Strømbrudd i sentrum (Markdown)", "# Hendelsesrapport"},
		{"rapport-1-strombrudd-i-sentrum.html", "Hendelsesrapport: Strømbrudd i sentrum (utskriftsvennlig HTML)", "<!DOCTYPE html>"},
	}
	for i, w := range want {
		if files[i].Name != w.name || files[i].Title != w.title || !bytes.HasPrefix(files[i].Content, []byte(w.start)) {
			t.Errorf("file %d: %q %q %.20q, want %q %q %q", i, files[i].Name, files[i].Title, files[i].Content, w.name, w.title, w.start)
		}
		mustNotContain(t, string(files[i].Content), "90 00 01 01")
	}
	if _, err := report.Files(f.ctx, f.db, f.p, 42, nil); !errors.Is(err, incident.ErrNotFound) {
		t.Errorf("Files(42): %v, want ErrNotFound", err)
	}
}

func BenchmarkBuildAndRender(b *testing.B) {
	f := newFixture(b)
	id := f.powerCut()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := report.Build(f.ctx, f.db, f.p, id, report.Options{Now: reportTime})
		if err != nil {
			b.Fatal(err)
		}
		_ = r.Markdown()
		_ = r.HTML()
	}
}

// In the CSV a mention of someone the plan does not know stays their ID,
// without Slack's angle brackets; known ones are names.
func TestCSVUnknownMention(t *testing.T) {
	f := newFixture(t)
	inc, _, err := f.db.CreateIncident(f.ctx, incident.NewIncident{Title: "Vannlekkasje", Kind: incident.KindIncident, OpenedBy: "U0KRISE001"})
	f.must(err)
	f.log(inc.ID, incident.EntryDecision, "U0UKJENT1", "Ringte <@U0UKJENT1> og <@U0KRISE002>", 0, "")
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(f.build(inc.ID, report.Options{}).CSV(), []byte("\uFEFF")))).ReadAll()
	f.must(err)
	last := rows[len(rows)-1]
	if last[3] != "U0UKJENT1" || last[4] != "Ringte @U0UKJENT1 og @Ola Nordmann" {
		t.Errorf("row %q", last)
	}
}
