package cli

import (
	"bytes"
	"context"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// htmlText is plan text as html/template writes it into the binder.
func htmlText(s string) string {
	var b bytes.Buffer
	template.Must(template.New("").Parse("{{.}}")).Execute(&b, s)
	return b.String()
}

// `plan print --format html` on the built binary writes a binder that
// holds every card, role, function, hazard and contact number of the
// example, and records the print in an existing database.
func TestPlanPrintOnBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	bin := testkit.Binary(t)
	dir := t.TempDir()
	planDir := filepath.Join(dir, "plan")
	if out, errOut, code := runBinary(t, bin, dir, "", nil, "plan", "init", planDir); code != 0 {
		t.Fatalf("plan init: %d\n%s%s", code, out, errOut)
	}
	db, err := storage.Open(filepath.Join(dir, "beredskap.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, errOut, code := runBinary(t, bin, dir, "", nil, "plan", "print", "--plan", planDir, "--format", "html")
	if code != 0 {
		t.Fatalf("plan print: exit %d\n%s", code, errOut)
	}
	p, diags := planfile.LoadDir(planDir)
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	var want []string
	for _, c := range p.Cards {
		want = append(want, c.Title)
	}
	for _, r := range p.Roles {
		want = append(want, r.Title)
	}
	for _, f := range p.Functions {
		want = append(want, f.Name)
	}
	for _, r := range p.ROS {
		want = append(want, r.Hazard)
	}
	for _, c := range p.Contacts {
		want = append(want, c.PhoneDisplay...)
	}
	for _, w := range want {
		if !strings.Contains(out, htmlText(w)) {
			t.Errorf("the printed binder lacks %q", w)
		}
	}
	if got := strings.Count(out, `class="kort tiltakskort"`); got != len(p.Cards) {
		t.Errorf("%d action cards, want %d", got, len(p.Cards))
	}
	db, err = storage.Open(filepath.Join(dir, "beredskap.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hash, _, ok, err := db.LastBinderPrint(context.Background())
	if err != nil || !ok || hash != plan.ContentHash(p) {
		t.Errorf("print not recorded: %q %v %v (want %q)", hash, ok, err, plan.ContentHash(p))
	}

	// Without --format, or with an unknown one: usage, exit 2.
	if _, errOut, code := runBinary(t, bin, dir, "", nil, "plan", "print"); code != 2 || !strings.Contains(errOut, "--format") {
		t.Errorf("plan print without --format: exit %d, %q", code, errOut)
	}
	if _, errOut, code := runBinary(t, bin, dir, "", nil, "plan", "print", "--format", "docx"); code != 2 || !strings.Contains(errOut, "ukjent format") {
		t.Errorf("plan print --format docx: exit %d, %q", code, errOut)
	}
	if out, _, code := runBinary(t, bin, dir, "", nil, "plan", "print", "--help"); code != 0 || !strings.Contains(out, "--format") {
		t.Errorf("plan print --help: exit %d\n%s", code, out)
	}
}

// Without Chromium, `plan print --format pdf` says so and offers HTML.
func TestPlanPrintPDFWithoutChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	bin := testkit.Binary(t)
	dir := t.TempDir()
	empty := filepath.Join(dir, "bin")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := []string{"plan", "print", "--format", "pdf"}
	out, errOut, code := runBinary(t, bin, dir, "", []string{"PATH=" + empty}, cmd...) // the later PATH wins
	if code != 1 || out != "" || !strings.Contains(errOut, "Chromium") || !strings.Contains(errOut, "--format html") {
		t.Errorf("exit %d, stdout %d bytes, stderr %q", code, len(out), errOut)
	}
}
