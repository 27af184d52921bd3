package binder_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"html/template"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/beredskapsbot/beredskapsbot/binder"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/localtime"
	"github.com/beredskapsbot/beredskapsbot/internal/pdf"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
)

var _ = flag.Bool("update", false, "rewrite the golden files in testdata") // read by testkit.Golden

// printed is the fixed print time of the golden files: 1 December 2026,
// 23:15 in Oslo.
var printed = time.Date(2026, 12, 1, 22, 15, 0, 0, time.UTC)

func loadExample(t *testing.T, name string) *plan.Plan {
	t.Helper()
	p, ds := planfile.LoadExample(name)
	if ds.HasErrors() {
		t.Fatalf("example %s:\n%s", name, ds)
	}
	return p
}

func render(t *testing.T, p *plan.Plan) string {
	t.Helper()
	doc, err := binder.HTML(p, printed)
	if err != nil {
		t.Fatal(err)
	}
	return string(doc)
}

var textTmpl = template.Must(template.New("").Parse("{{.}}"))

// esc is how html/template writes plan text into the page («+» → «&#43;»).
func esc(s string) string {
	var b strings.Builder
	if err := textTmpl.Execute(&b, s); err != nil {
		panic(err)
	}
	return b.String()
}

// The binder of each example holds every card, role, function, hazard,
// template, list and contact number of the plan, read from the plan model.
func TestHTMLHoldsThePlan(t *testing.T) {
	for _, name := range planfile.ExampleNames() {
		t.Run(name, func(t *testing.T) {
			p := loadExample(t, name)
			doc := render(t, p)
			var want []string
			add := func(what string, s ...string) {
				for _, x := range s {
					if x != "" {
						want = append(want, what+"\x00"+esc(x))
					}
				}
			}
			l := i18n.For(p.Lang)
			add("organisasjon", p.Org.Name, p.Org.PlanVersion, p.Org.Approved.Show(p.Lang), localtime.Stamp(p.Lang, printed.In(p.Location)))
			for _, c := range p.Cards {
				add("tiltakskort", c.Title, c.WhenToUse)
				for _, s := range c.Steps {
					add("steg", s.Text)
				}
				if strings.Count(doc, `id="tiltakskort-`+c.ID+`"`) != 1 {
					t.Errorf("card %s is not in the binder once", c.ID)
				}
			}
			for _, r := range p.Roles {
				add("rollekort", r.Title, r.Responsibility)
				for _, ph := range r.Phases {
					add("fase", plan.PhaseTitleIn(p.Lang, ph.Phase))
					for _, it := range ph.Items {
						add("punkt", it.Heading, it.Text)
						add("underpunkt", it.Sub...)
					}
				}
			}
			for _, f := range p.Functions {
				add("funksjon", f.Name, f.DowntimeTolerance, f.ReserveRoutine, f.System)
				for _, pr := range f.Processes {
					add("prosess", pr.Name, pr.Reserve.Action, pr.Reserve.How)
				}
				for _, s := range f.Consequences.Steps() {
					add("konsekvens", s.Step.Comment)
				}
				add("topptid", f.PeakTimes...)
				add("backup", f.Backup.Frequency, f.Backup.RestoreTime, f.Backup.ReserveSystem)
				for _, d := range f.Dependencies {
					add("avhengighet", d.Name, d.Requirement, d.Status, d.Gap)
				}
				add("valgt bort", f.LeftOut...)
			}
			for _, r := range p.ROS {
				add("ros", r.Hazard)
				for _, m := range r.Measures {
					add("tiltak", m.Text, m.Deadline.Show(p.Lang))
				}
			}
			for _, m := range p.Templates {
				add("mal", m.Name)
			}
			for _, l := range p.Lists {
				add("varslingsliste", l.Name)
				for _, g := range l.Groups {
					add("gruppe", g.Name)
				}
			}
			for _, c := range p.Contacts {
				add("kontakt", c.Name)
				add("telefon", c.PhoneDisplay...)
			}
			for _, id := range []string{"binder.log", "binder.sitrep", "binder.sitrep.consequences", "binder.sitrep.measures",
				"binder.sitrep.cooperation", "binder.sitrep.message", "binder.sitrep.help_needed", "binder.sitrep.next"} {
				add("blankett", l.T(id))
			}
			for _, w := range want {
				what, s, _ := strings.Cut(w, "\x00")
				if !strings.Contains(doc, s) {
					t.Errorf("%s: %q is not in the binder", what, s)
				}
			}
			if got := strings.Count(doc, `class="kort tiltakskort"`); got != len(p.Cards) {
				t.Errorf("%d action cards, want %d", got, len(p.Cards))
			}
			if got := strings.Count(doc, `class="kort rollekort"`); got != len(p.Roles) {
				t.Errorf("%d role cards, want %d", got, len(p.Roles))
			}
		})
	}
}

// Every contact number of every notification list is printed in the list.
func TestHTMLListsHaveEveryNumber(t *testing.T) {
	p := loadExample(t, "kommune")
	doc := render(t, p)
	for _, l := range p.Lists {
		start := strings.Index(doc, `id="liste-`+l.ID+`"`)
		if start < 0 {
			t.Fatalf("list %s missing", l.ID)
		}
		section := doc[start:]
		if end := strings.Index(section, "</table>"); end > 0 {
			section = section[:end]
		}
		for _, g := range l.Groups {
			for _, id := range g.Contacts {
				for _, n := range p.Contact(id).PhoneDisplay {
					if !strings.Contains(section, esc(n)) {
						t.Errorf("list %s: number %s of %s missing", l.ID, n, id)
					}
				}
			}
		}
	}
}

// Plan text is text: markup in it is escaped, in the page and in the
// running footer's CSS.
func TestHTMLEscapesPlanText(t *testing.T) {
	p := loadExample(t, "flowstop")
	p.Org.Name = `<script>alert("x")</script> AS`
	p.Org.PlanVersion = `1"; } body { display: none } x { content: "`
	p.Cards[0].Title = "<b>Fet</b> & feil"
	doc := render(t, p)
	for _, bad := range []string{"<script>", "<b>Fet</b>"} {
		if strings.Contains(doc, bad) {
			t.Errorf("binder contains %q unescaped", bad)
		}
	}
	_, style, _ := strings.Cut(doc, "<style>")
	style, _, _ = strings.Cut(style, "</style>")
	if strings.Contains(style, "body { display") || !strings.Contains(style, `content: "Planversjon 1\22 \3b  \7d  body`) {
		t.Errorf("the running footer let plan text out of its CSS string:\n%s", style)
	}
	if !strings.Contains(doc, "&lt;b&gt;Fet&lt;/b&gt; &amp; feil") {
		t.Error("escaped card title missing")
	}
}

// The binder of the example plan is as in the golden file.
func TestHTMLGolden(t *testing.T) {
	for _, name := range planfile.ExampleNames() {
		t.Run(name, func(t *testing.T) {
			doc := render(t, loadExample(t, name))
			testkit.Golden(t, filepath.Join("testdata", name+".html"), doc)
		})
	}
}

// A plan written per system in Swedish style prints, with its processes,
// reserve routines and five-level ROS scale.
func TestHTMLSwedishContinuityPlan(t *testing.T) {
	p, ds := planfile.LoadDir("../plan/planfile/testdata/kontinuitet-sv")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	doc := render(t, p)
	for _, s := range []string{"Länsstyrelsen", "Verksamhetssystemet Omsorg", "Läkemedelsgivning", "Signera på papperslistor",
		"Risk för utebliven dos", "Over 1 uke", "svært høy", "Morgonpasset kl. 07–10", "Statistik och uppföljning"} {
		if !strings.Contains(doc, esc(s)) {
			t.Errorf("%q missing", s)
		}
	}
	if !strings.Contains(doc, "<th>svært lav</th>") {
		t.Error("the ROS matrix is not on the five-level scale")
	}
}

func TestWriteFormats(t *testing.T) {
	p := loadExample(t, "flowstop")
	var b bytes.Buffer
	if err := binder.Write(context.Background(), &b, p, binder.FormatHTML, printed); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "<!DOCTYPE html>") {
		t.Errorf("not HTML: %.40q", b.String())
	}
	if err := binder.Write(context.Background(), &b, p, "docx", printed); err == nil {
		t.Error("unknown format accepted")
	}
	for _, tt := range []struct {
		in   string
		want binder.Format
		ok   bool
	}{{"html", binder.FormatHTML, true}, {" PDF ", binder.FormatPDF, true}, {"docx", "", false}} {
		got, err := binder.ParseFormat(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseFormat(%q) = %q, %v", tt.in, got, err)
		}
	}
}

// Without Chromium, a PDF binder is refused with the message that says
// so, and nothing is written.
func TestPDFWithoutChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	var out bytes.Buffer
	err := binder.Write(context.Background(), &out, loadExample(t, "kommune"), binder.FormatPDF, time.Now())
	if !errors.Is(err, pdf.ErrUnavailable) || !strings.Contains(apperr.UserMessage(err), "Chromium") || out.Len() != 0 {
		t.Errorf("err = %v, wrote %d bytes", err, out.Len())
	}
}

func TestFileName(t *testing.T) {
	p := loadExample(t, "kommune")
	tests := []struct {
		version string
		format  binder.Format
		want    string
	}{
		{"4.1", binder.FormatPDF, "beredskapsplan-4.1-2026-12-01.pdf"},
		{"Utkast 2 / høst", binder.FormatHTML, "beredskapsplan-utkast-2-host-2026-12-01.html"},
		{"", binder.FormatPDF, "beredskapsplan-2026-12-01.pdf"},
		{"../..", binder.FormatPDF, "beredskapsplan-2026-12-01.pdf"},
	}
	for _, tt := range tests {
		p.Org.PlanVersion = tt.version
		if got := binder.FileName(p, tt.format, printed); got != tt.want {
			t.Errorf("FileName(%q) = %q, want %q", tt.version, got, tt.want)
		}
	}
}
