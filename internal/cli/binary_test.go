package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
)

// The tests in this file run the built binary, as a user would.

// runBinary runs the binary with a clean environment (no Slack settings)
// in dir, feeding stdin.
func runBinary(t *testing.T, bin, dir, stdin string, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "USER=kari"}, env...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

// The console script, run twice on the same database.
func TestConsoleScriptOnBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	bin := testkit.Binary(t)
	dir := t.TempDir()
	script := "/tiltak strom\n/beredskap start Strømbrudd i sentrum\n/beredskap logg Kari leder krisestaben\n/beredskap status\n"
	out, errOut, code := runBinary(t, bin, dir, script, nil, "console")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"Tiltakskort: Strømbrudd",              // the card
		"Hendelse åpnet: Strømbrudd i sentrum", // the incident
		"#beredskap-",                          // its channel
		"Beslutning #",                         // the decision, numbered
		"Status: Strømbrudd i sentrum",         // the status …
		"Kari leder krisestaben",               // … shows the decision
	} {
		if !strings.Contains(out, want) {
			t.Errorf("first run lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "beredskap.db")); err != nil {
		t.Fatalf("default database ./beredskap.db not created: %v", err)
	}

	out, errOut, code = runBinary(t, bin, dir, "/beredskap status\n/beredskap liste\n", nil, "console")
	if code != 0 {
		t.Fatalf("second run exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "Status: Strømbrudd i sentrum") || !strings.Contains(out, "Kari leder krisestaben") {
		t.Errorf("second run on the same database does not show the open incident:\n%s", out)
	}

	// Plain `beredskapsbot` without Slack settings says so in one line and runs the console.
	out, errOut, code = runBinary(t, bin, dir, "/beredskap liste\n", nil)
	if code != 0 || !strings.Contains(errOut, "starter lokal konsoll") || !strings.Contains(out, "Strømbrudd i sentrum") {
		t.Errorf("fallback to console: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

func TestPlanCheckOnBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	bin := testkit.Binary(t)
	dir := t.TempDir()
	out, errOut, code := runBinary(t, bin, dir, "", nil, "plan", "check")
	if code != 0 || !strings.Contains(out, "Planen er gyldig") || !strings.Contains(out, "Eksempel kommune") {
		t.Fatalf("plan check of the example: exit %d\n%s\n%s", code, out, errOut)
	}
	planDir := filepath.Join(dir, "minplan")
	if _, errOut, code = runBinary(t, bin, dir, "", nil, "plan", "init", planDir); code != 0 {
		t.Fatalf("plan init: exit %d: %s", code, errOut)
	}
	if _, errOut, code = runBinary(t, bin, dir, "", nil, "plan", "init", planDir); code == 0 || !strings.Contains(errOut, "organisasjon.yaml") && !strings.Contains(errOut, "allerede") {
		t.Fatalf("plan init over an existing plan must refuse: exit %d: %s", code, errOut)
	}
	// Break the written plan: a typo'd field and a bad phone number.
	orgFile := filepath.Join(planDir, "organisasjon.yaml")
	b, _ := os.ReadFile(orgFile)
	os.WriteFile(orgFile, append(b, []byte("titel: feil\n")...), 0o644)
	_, errOut, code = runBinary(t, bin, dir, "", nil, "plan", "check", "--plan", planDir)
	if code == 0 || !strings.Contains(errOut, "organisasjon.yaml:") || !strings.Contains(errOut, "titel") {
		t.Fatalf("broken plan: exit %d\n%s", code, errOut)
	}
	// BEREDSKAP_PLAN names the plan too.
	_, errOut, code = runBinary(t, bin, dir, "", []string{"BEREDSKAP_PLAN=" + planDir}, "plan", "check")
	if code == 0 || !strings.Contains(errOut, "titel") {
		t.Fatalf("BEREDSKAP_PLAN not used: exit %d\n%s", code, errOut)
	}
}

// The console as a full transport, on the built binary: @names are the
// plan's contacts, step buttons become a hint, the reminders due are
// printed, and after a restart the incident just closed can be evaluated.
func TestConsoleTransportOnBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	bin := testkit.Binary(t)
	dir := t.TempDir()
	// Every minute: the catch-up pass counts as of now, as the dry run does.
	env := []string{"BEREDSKAP_REMINDER_SCHEDULE=* * * * *"}
	dry, errOut, code := runBinary(t, bin, dir, "", env, "reminders", "run", "--dry-run")
	if code != 0 {
		t.Fatalf("reminders run --dry-run: exit %d: %s", code, errOut)
	}
	due := strings.Count(dry, "\n• ")

	script := "/beredskap start Strømbrudd i sentrum\n/beredskap rolle kriseleder @ola\n/tiltak strom\n/beredskap avslutt bekreft\n"
	out, errOut, code := runBinary(t, bin, dir, script, env, "console", "--user", "kari")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if n := strings.Count(out, "Påminnelse (til #beredskap):\n== Påminnelse: "); n != due {
		t.Errorf("%d reminders printed, the dry run lists %d:\n%s\n%s", n, due, dry, out)
	}
	for _, want := range []string{
		"Rolle Kriseleder: @Ola Nordmann (tildelt av kari)\n",
		"\nKryss av et steg: /tiltak strom ferdig <nr>\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("first session lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "[Utført") {
		t.Errorf("step buttons in the console:\n%s", out)
	}

	out, errOut, code = runBinary(t, bin, dir, "/beredskap evaluer 1 Varslingen gikk raskt\n", env, "console", "--user", "kari")
	if code != 0 {
		t.Fatalf("second session: exit %d: %s", code, errOut)
	}
	first, rest, _ := strings.Cut(out, "\n")
	if !strings.HasPrefix(first, "Sist avsluttet: «Strømbrudd i sentrum» (") || !strings.HasSuffix(first, "-strombrudd-i-sentrum; evaluer med /beredskap evaluer.") {
		t.Errorf("second session does not start in the closed incident:\n%s", out)
	}
	if !strings.HasPrefix(rest, "Evaluering av «Strømbrudd i sentrum» lagret fra kari – «Hva fungerte?»:\n> Varslingen gikk raskt\n") {
		t.Errorf("the evaluation was not taken:\n%s", out)
	}

	// The report says which roles came from the role cards at opening
	// (in real time, not a test clock), and its CSV has names.
	out, errOut, code = runBinary(t, bin, dir, "", nil, "export")
	if code != 0 || !strings.Contains(out, " | fra rollekortet |\n| Strategisk koordinator | Ingrid Eksempel |") || !strings.Contains(out, " | slutt | kari |\n") {
		t.Errorf("export: exit %d, %s\n%s", code, errOut, out)
	}
	out, _, _ = runBinary(t, bin, dir, "", nil, "export", "--format", "csv")
	if !strings.Contains(out, "Rolle Kriseleder: @Ola Nordmann (tildelt av kari)") || strings.Contains(out, "<@") {
		t.Errorf("CSV:\n%s", out)
	}
}
