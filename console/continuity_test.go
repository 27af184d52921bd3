package console_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/console"
	"github.com/beredskapsbot/beredskapsbot/internal/testclock"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// clockConsole is a console over the example plan on the database file
// at path, with the test clock for the handlers and the database.
func clockConsole(t *testing.T, path string, clk *testclock.Clock) (*console.Console, *storage.DB) {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = clk.Now
	t.Cleanup(func() { db.Close() })
	h := commands.New(testkit.ExamplePlan(t), db, nil, nil)
	h.Now = clk.Now
	return &console.Console{Handler: h, Store: db, User: "kari"}, db
}

// Every critical function and every hazard of the example plan is shown.
func TestConsoleFunctionsAndROS(t *testing.T) {
	clk := testclock.New(time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC))
	c, _ := clockConsole(t, filepath.Join(t.TempDir(), "b.db"), clk)
	p := c.Handler.Plan()
	out := run(t, c, "/beredskap funksjoner\n")
	for _, f := range p.Functions {
		for _, want := range []string{f.Name, "`" + f.ID + "`"} {
			if !strings.Contains(out, want) {
				t.Errorf("/beredskap funksjoner lacks %q", want)
			}
		}
	}
	if !strings.Contains(out, "Reserverutine:") || !strings.Contains(out, "Under 6 timer: ") {
		t.Errorf("no reserve routine or consequence table:\n%s", out)
	}
	out = run(t, c, "/beredskap ros\n")
	for _, r := range p.ROS {
		if !strings.Contains(out, r.Hazard) {
			t.Errorf("/beredskap ros lacks %q", r.Hazard)
		}
		if r.Card != "" && !strings.Contains(out, "/tiltak "+r.Card) {
			t.Errorf("/beredskap ros lacks the link to /tiltak %s", r.Card)
		}
	}
	if !strings.Contains(out, "eier: ") || !strings.Contains(out, "status: pågår") {
		t.Errorf("ROS measures without owner, deadline or status:\n%s", out)
	}
	// One in full, named forgivingly, with its processes and reserve routines.
	out = run(t, c, "/beredskap funksjoner Pasientjournal\n")
	for _, want := range []string{"Elektronisk pasientjournal", "Prosesser i prioritert rekkefølge", "Legemiddelhåndtering",
		"reserverutine: Del ut og signer etter utskrevne legemiddellister", "Backup:", "Avhengigheter"} {
		if !strings.Contains(out, want) {
			t.Errorf("/beredskap funksjoner pasientjournal lacks %q:\n%s", want, out)
		}
	}
	out = run(t, c, "/beredskap funksjoner hjemmetjenste\n")
	if !strings.Contains(out, "Mente du `hjemmetjenester`?") {
		t.Errorf("a misspelt function gets no «mente du»:\n%s", out)
	}
}

// An affected function's clock shows in status; the 75 %, 100 % and
// consequence-step warnings are printed once each when due, also after a
// restart, and those after a restore are dropped.
func TestConsoleToleranceClock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	clk := testclock.New(time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)) // 09:00 in Oslo
	c, db := clockConsole(t, path, clk)
	var all strings.Builder
	step := func(c *console.Console, script string) string {
		out := run(t, c, script)
		all.WriteString(out)
		return out
	}
	out := step(c, "/beredskap start Strømbrudd\n")
	if !strings.Contains(out, "Berørte funksjoner? `/beredskap berørt <id>`: `legevakt`") {
		t.Errorf("the start answer does not offer /beredskap berørt:\n%s", out)
	}
	// Hjemmetjenester: tolerance 2 timer; betydelig under 6 t, alvorlig under 24 t.
	out = step(c, "/beredskap berørt hjemmetjenester siden 08:30\n/beredskap berørt pasientjournal\n/beredskap status\n")
	for _, want := range []string{
		"Hjemmesykepleie og trygghetsalarmer er registrert som ute av drift siden 08:30",
		"Hjemmesykepleie og trygghetsalarmer: 30 min av 2 t toleranse – konsekvens nå: betydelig",
		"Elektronisk pasientjournal og legemiddellister: 0 min av 4 t toleranse – konsekvens nå: moderat",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "75 % av toleransen") {
		t.Errorf("a warning before it is due:\n%s", out)
	}
	clk.Add(61 * time.Minute) // 10:01: hjemmetjenester out 1 t 31 min (75 % is 1 t 30 min)
	out = step(c, "/beredskap status\n/beredskap status\n")
	if !strings.Contains(out, "⚠️ Hjemmesykepleie og trygghetsalarmer har vært ute av drift i 1 t 30 min: 75 % av toleransen på 2 t. Konsekvens nå: betydelig.") {
		t.Errorf("no 75 %% warning:\n%s", out)
	}
	if !strings.Contains(out, "*Reserverutine:* Utskrevne bruker- og kjørelister") {
		t.Errorf("the warning lacks the reserve routine:\n%s", out)
	}

	// A restart: a new console on the same database.
	db.Close()
	c, db = clockConsole(t, path, clk)
	clk.Add(30 * time.Minute) // 10:31: 2 t 1 min
	out = step(c, "/beredskap status\n")
	if !strings.Contains(out, "toleransen på 2 t er brukt opp") || !strings.Contains(out, "⚠️ toleransen er overskredet") {
		t.Errorf("no 100 %% warning or mark in status:\n%s", out)
	}
	// Pasientjournal restored before its tolerance: its warnings are dropped.
	out = step(c, "/beredskap berørt pasientjournal gjenopprettet\n")
	if !strings.Contains(out, "Elektronisk pasientjournal og legemiddellister er gjenopprettet etter 1 t 31 min") {
		t.Errorf("restore answer:\n%s", out)
	}
	clk.Add(6 * time.Hour) // 16:31: hjemmetjenester out 8 t 1 min: alvorlig since 6 t
	step(c, "/beredskap status\n")
	db.Close()
	c, db = clockConsole(t, path, clk)
	clk.Add(3 * 24 * time.Hour)
	out = step(c, "/beredskap status\n")
	if !strings.Contains(out, "Elektronisk pasientjournal og legemiddellister: gjenopprettet etter 1 t 31 min") {
		t.Errorf("status lacks the restored function:\n%s", out)
	}
	got := all.String()
	for _, want := range []string{
		"] ⚠️ Hjemmesykepleie og trygghetsalarmer har vært ute av drift i 1 t 30 min: 75 % av toleransen på 2 t",
		"] 🚨 Hjemmesykepleie og trygghetsalarmer har vært ute av drift i 2 t: toleransen på 2 t er brukt opp",
		"] ⚠️ Hjemmesykepleie og trygghetsalarmer har vært ute av drift i 6 t: konsekvensen øker til alvorlig (Under 24 timer)",
	} {
		// Printed as a post ("[#kanal] …"); the log lines in status are not posts.
		if n := strings.Count(got, want); n != 1 {
			t.Errorf("%q printed %d times, want once:\n%s", want, n, got)
		}
	}
	if strings.Contains(got, "Elektronisk pasientjournal og legemiddellister har vært ute av drift") || strings.Count(got, "] ⚠️") != 2 {
		t.Errorf("a warning of a restored function was printed:\n%s", got)
	}
	// Each warning is in the log, chained.
	inc, err := db.OpenIncidents(context.Background())
	if err != nil || len(inc) != 1 {
		t.Fatalf("open incidents: %v, %v", inc, err)
	}
	entries, err := db.Entries(context.Background(), inc[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	warned := 0
	for _, e := range entries {
		if strings.Contains(e.Text, "Hjemmesykepleie og trygghetsalarmer har vært ute av drift") {
			warned++
		}
	}
	if warned != 3 {
		t.Errorf("%d warnings in the log, want 3", warned)
	}
	if err := db.VerifyLog(context.Background(), inc[0].ID); err != nil {
		t.Errorf("chain: %v", err)
	}
}
