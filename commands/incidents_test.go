package commands_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

func TestStartLogStatusGolden(t *testing.T) {
	e := newEnv(t)
	r := e.do("C0BEREDSKAP", "U0KRISE001", "/beredskap start strom Strømbrudd i sentrum")
	if r.Opened == nil || r.Opened.ChannelName != "beredskap-20261122-strombrudd-i-sentrum" {
		t.Fatalf("opened = %+v", r.Opened)
	}
	golden(t, "start_strom", e.text(r))
	if err := e.db.SetChannel(context.Background(), r.Opened.IncidentID, "C0INC", r.Opened.ChannelName); err != nil {
		t.Fatal(err)
	}
	e.now = e.now.Add(2 * time.Minute)
	out := e.text(e.do("C0INC", "U0KRISE001", "/beredskap logg Kari leder krisestaben"))
	mustContain(t, out, "Beslutning #", "loggført 14:32", "Kari leder krisestaben")
	e.now = e.now.Add(3 * time.Minute)
	status := e.do("C0INC", "U0KRISE001", "/beredskap status")
	golden(t, "status_strom", e.text(status))
	mustContain(t, e.text(status), "Kari leder krisestaben", "Strømbrudd i sentrum", "0/")
}

func TestStartSameTitleTwiceGivesOneIncident(t *testing.T) {
	e := newEnv(t)
	id := e.open("U0KRISE001", "Brann i rådhuset", "C0INC")
	e.now = e.now.Add(90 * time.Second)
	r := e.do("C0BEREDSKAP", "U0KRISE004", "/beredskap start  brann i RÅDHUSET")
	if r.Opened == nil || !r.Opened.Existing || r.Opened.IncidentID != id {
		t.Fatalf("second start within two minutes should point to #%d: %+v", id, r.Opened)
	}
	mustContain(t, e.text(r), "samme hendelse", "#beredskap-20261122-brann-i-radhuset")
	e.now = e.now.Add(3 * time.Minute)
	r = e.do("C0BEREDSKAP", "U0KRISE004", "/beredskap start Brann i rådhuset")
	if r.Opened == nil || r.Opened.Existing {
		t.Fatalf("a start after two minutes is a new incident: %+v", r.Opened)
	}
}

func TestCommandsOutsideIncidentChannel(t *testing.T) {
	e := newEnv(t)
	mustContain(t, e.text(e.do("C0RANDOM", "U0KRISE003", "/beredskap logg noe")), "Ingen åpne hendelser")
	e.open("U0KRISE001", "Vannlekkasje", "C0INC")
	out := e.text(e.do("C0RANDOM", "U0KRISE003", "/beredskap status"))
	mustContain(t, out, "hører ikke til", "Vannlekkasje", "#beredskap-20261122-vannlekkasje")
}

func TestLogRefusals(t *testing.T) {
	e := newEnv(t)
	e.open("U0KRISE001", "Ekom nede", "C0INC")
	// Without text in the incident's channel: the last entries, numbered (issue 16).
	mustContain(t, e.text(e.do("C0INC", "U0KRISE003", "/beredskap logg")), "*Siste linjer i loggen til «Ekom nede»*", "*#1* 14:30", "_(åpnet)_", "`/beredskap korriger <nr> <tekst>`")
	long := strings.Repeat("å", 10000)
	mustContain(t, e.text(e.do("C0INC", "U0KRISE003", "/beredskap logg "+long)), "Ikke loggført", "10000 tegn")
	entries, _ := e.db.Entries(context.Background(), 1)
	for _, en := range entries {
		if en.Kind == incident.EntryDecision {
			t.Fatalf("a refused decision was stored: %+v", en)
		}
	}
}

func TestMassMentionIsStoredAsWrittenAndNotBroadcast(t *testing.T) {
	e := newEnv(t)
	id := e.open("U0KRISE001", "Trussel", "C0INC")
	r := e.do("C0INC", "U0KRISE001", "/beredskap logg <!channel> evakuer <@U0KRISE004|per> nå")
	if strings.Contains(r.Text, "<!channel>") {
		t.Fatalf("echo re-broadcasts a mass mention: %s", r.Text)
	}
	mustContain(t, r.Text, "&lt;!channel&gt;", "<@U0KRISE004|per>")
	entries, err := e.db.Entries(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if got := entries[len(entries)-1].Text; got != "<!channel> evakuer <@U0KRISE004|per> nå" {
		t.Fatalf("stored %q, want the text as written", got)
	}
}

func TestCorrectionRefersToEntry(t *testing.T) {
	e := newEnv(t)
	id := e.open("U0KRISE001", "Flom", "C0INC")
	first := e.do("C0INC", "U0KRISE001", "/beredskap logg Evakuering kl. 14")
	mustContain(t, first.Text, "Beslutning #")
	entries, _ := e.db.Entries(context.Background(), id)
	seq := entries[len(entries)-1].Seq
	out := e.text(e.do("C0INC", "U0KRISE001", fmt.Sprintf("/beredskap korriger %d Evakuering kl. 15", seq)))
	mustContain(t, out, "Korreksjon #", fmt.Sprintf("(retter #%d)", seq))
	mustContain(t, e.text(e.do("C0INC", "U0KRISE001", "/beredskap korriger 999 x")), "ingen linje #999")
	after, _ := e.db.Entries(context.Background(), id)
	if after[seq-1].Text != "Evakuering kl. 14" {
		t.Fatal("the corrected entry itself changed")
	}
}

func TestStepsProgressAndDuplicates(t *testing.T) {
	e := newEnv(t)
	e.open("U0KRISE001", "strom Strøm borte", "C0INC")
	card := e.h.Plan().Card("strom")
	out := e.text(e.do("C0INC", "U0KRISE004", "/tiltak strøm ferdig 3"))
	mustContain(t, out, fmt.Sprintf("steg 3/%d utført", len(card.Steps)), fmt.Sprintf("1/%d steg utført", len(card.Steps)), "✅ 3.")
	mustContain(t, e.text(e.do("C0INC", "U0KRISE004", "/tiltak strom ferdig 3")), "allerede krysset av")
	mustContain(t, e.text(e.do("C0INC", "U0KRISE004", "/tiltak strom ferdig 99")), "Skriv nummeret")
	mustContain(t, e.text(e.do("C0INC", "U0KRISE004", "/beredskap status")), fmt.Sprintf("1/%d steg utført", len(card.Steps)))
	// The button does the same as the command.
	r := e.h.Act(context.Background(), ui.Request{UserID: "U0KRISE004", ChannelID: "C0INC"}, ui.ActionStepDone, "1:strom:4")
	mustContain(t, e.text(r), "2/")
	if !r.ReplaceOriginal {
		t.Error("a button press should update the card in place")
	}
}

func TestRoleAssignment(t *testing.T) {
	e := newEnv(t)
	id := e.open("U0KRISE001", "Smitteutbrudd", "C0INC")
	out := e.text(e.do("C0INC", "U0KRISE001", "/beredskap rolle loggfører <@U0NYLOGG|nina>"))
	mustContain(t, out, "Rolle #", "Loggfører", "Rollekort: Loggfører")
	as, err := e.db.Assignments(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var current []string
	for _, a := range as {
		if a.RoleID == "loggforer" && a.EndedAt.IsZero() {
			current = append(current, a.UserID)
		}
	}
	if len(current) != 1 || current[0] != "U0NYLOGG" {
		t.Fatalf("loggforer holders = %v", current)
	}
	mustContain(t, e.text(e.do("C0INC", "U0KRISE001", "/beredskap rolle kriseledr @x")), "Mente du")
	// Someone outside the plan cannot take the held role; an administrator can (a handover).
	r := e.h.Act(context.Background(), ui.Request{UserID: "U0TAR", ChannelID: "C0INC"}, ui.ActionTakeRole, fmt.Sprintf("%d:kriseleder", id))
	mustContain(t, e.text(r), "kan overta rollen")
	r = e.h.Act(context.Background(), ui.Request{UserID: "U0KRISE003", ChannelID: "C0INC"}, ui.ActionTakeRole, fmt.Sprintf("%d:kriseleder", id))
	mustContain(t, e.text(r), "Rolle Kriseleder overført fra @Kari Nordmann til @Ingrid Eksempel")
}

func TestMeetingAcrossSummerTime(t *testing.T) {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	tests := []struct {
		name    string
		now     time.Time
		clock   string
		wantUTC time.Time
	}{
		{"winter", time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC), "14:00", time.Date(2026, 11, 22, 13, 0, 0, 0, time.UTC)},
		{"day summer time starts", time.Date(2027, 3, 28, 0, 30, 0, 0, time.UTC), "14:00", time.Date(2027, 3, 28, 12, 0, 0, 0, time.UTC)},
		{"day summer time ends", time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), "14:00", time.Date(2026, 10, 25, 13, 0, 0, 0, time.UTC)},
		{"tomorrow when long past", time.Date(2026, 11, 22, 21, 0, 0, 0, time.UTC), "08:15", time.Date(2026, 11, 23, 7, 15, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.now = tt.now
			id := e.open("U0KRISE001", "Øvelse "+tt.name, "C0INC")
			out := e.text(e.do("C0INC", "U0KRISE001", "/beredskap møte "+tt.clock))
			mustContain(t, out, "Agenda for statusmøtet", "Situasjon")
			inc, err := e.db.Incident(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			if !inc.NextMeeting.Equal(tt.wantUTC) {
				t.Fatalf("meeting at %v (%v local), want %v", inc.NextMeeting, inc.NextMeeting.In(oslo), tt.wantUTC)
			}
		})
	}
	e := newEnv(t)
	e.open("U0KRISE001", "Klokke", "C0INC")
	mustContain(t, e.text(e.do("C0INC", "U0KRISE001", "/beredskap møte 25:00")), "ikke et klokkeslett")
}

func TestCloseRefusesFurtherLogging(t *testing.T) {
	e := newEnv(t)
	e.open("U0KRISE001", "IT-feil i ordresystem", "C0INC")
	out := e.text(e.do("C0INC", "U0KRISE001", "/beredskap avslutt bekreft Normal drift gjenopprettet"))
	mustContain(t, out, "avsluttet", "Normalisering", "Hva fungerte?")
	mustContain(t, e.text(e.do("C0INC", "U0KRISE001", "/beredskap logg for sent")), "Hendelsen er avsluttet")
	mustContain(t, e.text(e.do("C0INC", "U0KRISE001", "/beredskap avslutt")), "ble avsluttet")
	mustContain(t, e.text(e.do("C0X", "U0KRISE001", "/beredskap liste")), "Ingen åpne hendelser")
}

// Fifty people logging at once lose nothing, and the log stays gapless
// and verifiable.
func TestConcurrentLogging(t *testing.T) {
	e := newEnv(t)
	id := e.open("U0KRISE001", "Storm", "C0INC")
	before, _ := e.db.Entries(context.Background(), id)
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := e.h.Handle(context.Background(), ui.Request{Command: "/beredskap", Text: fmt.Sprintf("logg beslutning %d", i), UserID: fmt.Sprintf("U%04d", i), ChannelID: "C0INC"})
			if !strings.Contains(r.Text, "loggført") {
				t.Errorf("decision %d: %s", i, r.Text)
			}
		}(i)
	}
	wg.Wait()
	entries, err := e.db.Entries(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(before)+50 {
		t.Fatalf("%d entries, want %d", len(entries), len(before)+50)
	}
	seen := map[string]bool{}
	for i, en := range entries {
		if en.Seq != i+1 {
			t.Fatalf("entry %d has seq %d", i, en.Seq)
		}
		seen[en.Text] = true
	}
	for i := 0; i < 50; i++ {
		if !seen[fmt.Sprintf("beslutning %d", i)] {
			t.Errorf("beslutning %d lost", i)
		}
	}
	if err := e.db.VerifyLog(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	var ce *incident.ChainError
	if errors.As(e.db.VerifyLog(context.Background(), id), &ce) {
		t.Fatal(ce)
	}
}
