package planfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

// A plan directory whose files link outside it: LoadDir (through os.Root)
// and Load on os.DirFS refuse them, name the file, and never quote what
// the outside file holds.
func TestLoadRefusesLinksOutsidePlanDir(t *testing.T) {
	const secret = "HEMMELIG-passord-4711"
	base := t.TempDir()
	outside := filepath.Join(base, "utenfor")
	dir := filepath.Join(base, "plan")
	for _, d := range []string{outside, filepath.Join(dir, "tiltakskort"), filepath.Join(dir, "delt")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, content string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("symlinks not supported: %v", err)
		}
	}
	// YAML that would quote the secret in a diagnostic if it were parsed.
	write(filepath.Join(outside, "hemmelig.yaml"), "kontakter:\n  - "+secret+": [\n")
	write(filepath.Join(outside, "kort.yaml"), "tittel: "+secret+"\nukjent: "+secret+"\n")
	write(filepath.Join(dir, "delt", "maler.txt"), "maler: []\n")

	link(filepath.Join(outside, "hemmelig.yaml"), "kontakter.yaml")             // absolute
	link("../../utenfor/kort.yaml", filepath.Join("tiltakskort", "strom.yaml")) // through ..
	link("../utenfor", "ute")                                                   // a directory outside
	link("ute/hemmelig.yaml", "ros.yaml")                                       // inside, then outside
	link("delt/maler.txt", "maler.yaml")                                        // stays inside: allowed

	loaders := map[string]func() (*plan.Plan, Diagnostics){
		"LoadDir":        func() (*plan.Plan, Diagnostics) { return LoadDir(dir) },
		"Load(os.DirFS)": func() (*plan.Plan, Diagnostics) { return Load(os.DirFS(dir)) },
	}
	for name, load := range loaders {
		t.Run(name, func(t *testing.T) {
			p, diags := load()
			all := diags.String() + fmt.Sprintf("%+v", *p)
			if strings.Contains(all, secret) {
				t.Fatalf("the outside file's content leaked:\n%s", diags)
			}
			for _, file := range []string{"kontakter.yaml", "tiltakskort/strom.yaml", "ros.yaml"} {
				found := false
				for _, d := range diags.Errors() {
					if d.File == file && strings.Contains(d.Message, "utenfor plankatalogen") {
						found = true
					}
				}
				if !found {
					t.Errorf("no error for %s:\n%s", file, diags)
				}
			}
			for _, d := range diags {
				if d.File == "maler.yaml" {
					t.Errorf("a link inside the plan directory is refused: %s", d)
				}
			}
		})
	}
}
