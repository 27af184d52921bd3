package binder_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/binder"
	"github.com/beredskapsbot/beredskapsbot/internal/pdf"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// needChromium skips the test on a developer machine without Chromium,
// but fails it under CI, which installs it.
func needChromium(t *testing.T) {
	t.Helper()
	if pdf.Available() {
		return
	}
	if os.Getenv("CI") != "" && os.Getenv("CI") != "false" {
		t.Fatal("chromium is not installed (CI installs it: apt-get install chromium)")
	}
	t.Skip("chromium is not installed; apt-get install chromium to run this test")
}

var pageObject = regexp.MustCompile(`/Type\s*/Page[^s]`)

// pdfPages counts the page objects of a PDF.
func pdfPages(pdf []byte) int { return len(pageObject.FindAll(pdf, -1)) }

// The binder prints to PDF in Chromium with at least one page per action
// card and per role card; where pdftotext is installed, every page also
// carries the plan version and the print date in its running footer.
func TestPDFInChromium(t *testing.T) {
	needChromium(t)
	plans := map[string]func(t *testing.T) *plan.Plan{
		"kommune":  func(t *testing.T) *plan.Plan { return loadExample(t, "kommune") },
		"flowstop": func(t *testing.T) *plan.Plan { return loadExample(t, "flowstop") },
		"kontinuitet-sv": func(t *testing.T) *plan.Plan {
			p, ds := plan.LoadDir("../plan/testdata/kontinuitet-sv")
			if ds.HasErrors() {
				t.Fatal(ds)
			}
			return p
		},
	}
	for name, load := range plans {
		t.Run(name, func(t *testing.T) {
			p := load(t)
			var b bytes.Buffer
			if err := binder.Write(context.Background(), &b, p, binder.FormatPDF, printed); err != nil {
				t.Fatal(err)
			}
			pdf := b.Bytes()
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Fatalf("not a PDF: %.20q", pdf)
			}
			// Front page, contents, lists, contacts, one page or more per
			// card, functions, ROS, templates, log pages, situation report.
			min := len(p.Cards) + len(p.Roles) + 4 + 1
			pages := pdfPages(pdf)
			if pages < min {
				t.Errorf("%d pages, want at least %d (%d action cards, %d role cards)", pages, min, len(p.Cards), len(p.Roles))
			}
			texts := pageTexts(t, pdf)
			if texts == nil {
				return
			}
			if len(texts) != pages {
				t.Errorf("pdftotext found %d pages, the PDF has %d page objects", len(texts), pages)
			}
			for i, text := range texts {
				for _, w := range []string{"Planversjon " + p.Org.PlanVersion, "skrevet ut 01.12.2026"} {
					if !strings.Contains(text, w) {
						t.Errorf("page %d lacks %q in its footer", i+1, w)
					}
				}
			}
			// Each card begins a page: its heading is the first line under
			// the running header.
			var headings []string
			for _, c := range p.Cards {
				headings = append(headings, "Tiltakskort: "+c.Title)
			}
			for _, r := range p.Roles {
				headings = append(headings, "Rollekort: "+r.Title)
			}
			for _, h := range headings {
				found := false
				for _, text := range texts {
					if strings.HasPrefix(text, p.Org.Name+" · Beredskapsplan "+h) {
						found = true
					}
				}
				if !found {
					t.Errorf("no page begins with %q", h)
				}
			}
		})
	}
}

// pageTexts returns the text of each page, whitespace collapsed, using
// pdftotext when it is installed (poppler-utils); without it the checks
// of the text are left out: Chromium is what the test needs, this is a
// bonus.
func pageTexts(t *testing.T, pdf []byte) []string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext is not installed; the text of the pages is not checked")
		return nil
	}
	cmd := exec.Command(bin, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f"), "\f")
	for i, text := range pages {
		pages[i] = strings.Join(strings.Fields(text), " ")
	}
	return pages
}
