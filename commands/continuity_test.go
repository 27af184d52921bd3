package commands_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

func TestAffectedCommand(t *testing.T) {
	e := newEnv(t)
	e.open("U0KRISE001", "Strømbrudd i sentrum", "C0INC")
	tests := []struct {
		line string
		want []string
	}{
		{"/beredskap berørt", []string{"Skriv `/beredskap berørt <funksjon> [siden TT:MM]`", "`legevakt`"}},
		{"/beredskap berørt vannforsyning", []string{"Fant ingen kritisk funksjon «vannforsyning».", "Mente du"}},
		{"/beredskap berørt drikkevann siden 25:00", []string{"«25:00» er ikke et klokkeslett"}},
		// 14:30 Oslo is ahead of 14:30 UTC+1 now (14:30 local): 15:00 is yesterday.
		{"/beredskap berørt Drikkevann siden 15:00", []string{"Drikkevannsforsyning er registrert som ute av drift siden 21.11. 15:00"}},
		{"/beredskap berørt drikkevann", []string{"Drikkevannsforsyning er allerede registrert som ute av drift"}},
		{"/beredskap berørt legevakt gjenopprettet", []string{"Legevakt og akuttmedisinsk beredskap er ikke registrert som ute av drift"}},
		{"/beredskap berørt drikkevann gjenopprettet", []string{"Drikkevannsforsyning er gjenopprettet etter 23 t 30 min"}},
		{"/beredskap berørt legevakt", []string{"Legevakt og akuttmedisinsk beredskap er registrert som ute av drift siden 14:30", "Toleranse: Ingen (døgnkontinuerlig)"}},
		{"/beredskap status", []string{"Kritiske funksjoner ute av drift", "Legevakt og akuttmedisinsk beredskap: 0 min av 0 min toleranse – konsekvens nå: alvorlig ⚠️ toleransen er overskredet",
			"Drikkevannsforsyning: gjenopprettet etter 23 t 30 min"}},
	}
	for _, tt := range tests {
		got := e.text(e.do("C0INC", "U0KRISE001", tt.line))
		mustContain(t, got, tt.want...)
	}
	// Outside an incident channel it says so.
	mustContain(t, e.text(e.do("C0OTHER", "U0KRISE001", "/beredskap berørt legevakt")), "hører ikke til noen")
	// A tolerance of «Ingen» warns once, at once; nothing at 75 %.
	items, err := e.db.NextOutbox(context.Background(), e.now.Add(400*24*time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, it := range items {
		if it.Kind == incident.OutboxFunctionWarning && strings.Contains(string(it.Payload), `"function_id":"legevakt"`) {
			kinds = append(kinds, string(it.Payload))
		}
	}
	if len(kinds) != 1 || !strings.Contains(kinds[0], `"kind":"tolerance100"`) {
		t.Errorf("legevakt warnings: %v", kinds)
	}
}

func TestFunctionsAndROSViews(t *testing.T) {
	e := newEnv(t)
	got := e.text(e.do("C0X", "U0KRISE001", "/beredskap funksjoner"))
	mustContain(t, got, "Kritiske funksjoner", "*1. Legevakt og akuttmedisinsk beredskap* (`legevakt`) – toleranse: Ingen (døgnkontinuerlig)",
		"• Under 6 timer: alvorlig", "*Reserverutine:* Nødstrøm")
	if strings.Index(got, "Legevakt") > strings.Index(got, "Drikkevannsforsyning") {
		t.Error("functions are not in priority order")
	}
	got = e.text(e.do("C0X", "U0KRISE001", "/beredskap funksjoner pasient"))
	mustContain(t, got, "Elektronisk pasientjournal og legemiddellister", "*System:* Elektronisk pasientjournal (EPJ)")
	got = e.text(e.do("C0X", "U0KRISE001", "/beredskap ros"))
	mustContain(t, got, "ROS-analyse", "Langvarig strømbrudd", "sannsynlighet: middels, konsekvens: høy",
		"Avtale om levering av diesel – eier: Fagleder teknisk drift, frist: 01.03.2027, status: pågår", "Tiltakskort: `/tiltak strom`")
}

func TestBinderDM(t *testing.T) {
	e := newEnv(t)
	e.h.PDFAvailable = func() bool { return true }
	mustContain(t, e.text(e.do("C0X", "U0KRISE001", "/beredskap perm")), "Permen (PDF) sendes til deg i en direktemelding.")
	items, err := e.db.NextOutbox(context.Background(), e.now, 10)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range items {
		found = found || (it.Kind == incident.OutboxBinder && string(it.Payload) == `{"user_id":"U0KRISE001"}`)
	}
	if !found {
		t.Errorf("no binder item queued: %+v", items)
	}
	mustContain(t, e.text(e.do("C0X", "U0STRANGER", "/beredskap perm")), "Bare de som står i beredskapsplanen kan se telefonnumrene.")

	e.h.PDFAvailable = func() bool { return false }
	mustContain(t, e.text(e.do("C0X", "U0KRISE001", "/beredskap perm")), "Kunne ikke lage PDF av permen: PDF lages med nettleseren Chromium",
		"beredskapsbot plan print --format html")
}

// The årshjul asks for a reprint when the plan changed since the binder
// was printed, and not before.
func TestArshjulReprint(t *testing.T) {
	e := newEnv(t)
	if got := e.text(e.do("C0X", "U0KRISE001", "/beredskap årshjul")); strings.Contains(got, "Skriv ut permen") {
		t.Errorf("reprint asked for a binder never printed:\n%s", got)
	}
	if err := e.db.RecordBinderPrint(context.Background(), "en-annen-plan", "U0KRISE001"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, e.text(e.do("C0X", "U0KRISE001", "/beredskap årshjul")), "Skriv ut permen på nytt: planen er endret siden 22.11.2026")
}
