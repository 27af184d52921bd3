package commands_test

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/sirupsen/logrus"
	logtest "github.com/sirupsen/logrus/hooks/test"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/storage"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Two processes (two *storage.DB handles on one file) log the same Slack
// message at the same moment, as the shortcut and a 📌, or a user
// clicking twice on two replicas: the message is stored once, and both
// answers say which entry it is.
func TestLogMessageOnceAcrossHandles(t *testing.T) {
	p := testkit.ExamplePlan(t)
	path := filepath.Join(t.TempDir(), "beredskap.db")
	open := func() *storage.DB {
		db, err := storage.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	db1 := open()
	h1 := commands.New(p, db1, nil, nil)
	r := h1.Handle(context.Background(), ui.Request{Command: "/beredskap", Text: "start Flom i Elvegata", UserID: "U0KRISE001", ChannelID: "C0BEREDSKAP"})
	if r.Opened == nil {
		t.Fatalf("start opened nothing: %+v", r)
	}
	if err := db1.SetChannel(context.Background(), r.Opened.IncidentID, "C0FLOM", r.Opened.ChannelName); err != nil {
		t.Fatal(err)
	}
	db2 := open()
	h2 := commands.New(p, db2, nil, nil)
	handlers := []*commands.Handler{h1, h2}

	const rounds = 10
	for round := range rounds {
		msg := ui.MessageRef{Channel: "C0FLOM", TS: fmt.Sprintf("1700000000.%06d", round)}
		kinds := []incident.EntryKind{incident.EntryDecision, incident.EntryEvent}
		answers := make([]string, 2)
		errs := make([]error, 2)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, h := range handlers {
			wg.Go(func() {
				<-start
				req := ui.Request{UserID: fmt.Sprintf("U0KRISE00%d", i+1), ChannelID: msg.Channel}
				resp, err := h.LogMessage(context.Background(), req, msg, kinds[i], "Vannet står 40 cm over kaikanten")
				answers[i], errs[i] = resp.Text, err
			})
		}
		close(start)
		wg.Wait()

		entries, err := db1.Entries(context.Background(), r.Opened.IncidentID)
		if err != nil {
			t.Fatal(err)
		}
		var stored []incident.Entry
		for _, e := range entries {
			if e.Source == "slack:"+msg.Key() {
				stored = append(stored, e)
			}
		}
		if len(stored) != 1 {
			t.Fatalf("round %d: the message is stored %d times, want once: %+v", round, len(stored), stored)
		}
		e := stored[0]
		word := map[incident.EntryKind]string{incident.EntryDecision: "beslutning", incident.EntryEvent: "observasjon"}[e.Kind]
		won := 0
		for i := range handlers {
			switch apperr.CodeOf(errs[i]) {
			case "":
				won++
				if want := fmt.Sprintf("Loggført som %s #%d i «Flom i Elvegata».", word, e.Seq); answers[i] != want {
					t.Errorf("round %d, handle %d: answer %q, want %q", round, i+1, answers[i], want)
				}
			case apperr.Conflict:
				want := fmt.Sprintf("Denne meldingen er allerede loggført som %s #%d.", word, e.Seq)
				if answers[i] != want || apperr.UserMessage(errs[i]) != want {
					t.Errorf("round %d, handle %d: answer %q (message %q), want %q", round, i+1, answers[i], apperr.UserMessage(errs[i]), want)
				}
			default:
				t.Errorf("round %d, handle %d: %v", round, i+1, errs[i])
			}
		}
		if won != 1 {
			t.Errorf("round %d: %d handles logged the message, want 1 (answers %q)", round, won, answers)
		}
	}
	if err := db2.VerifyLog(context.Background(), r.Opened.IncidentID); err != nil {
		t.Errorf("hash chain: %v", err)
	}
}

// Every outcome of LogMessage: the answer for the user, the error's code
// and its user message (the same text).
func TestLogMessageOutcomes(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.open("U0KRISE001", "Stengt vei", "C0INC")
	closed := e.open("U0KRISE001", "Ferdig hendelse", "C0FERDIG")
	if _, _, err := e.db.CloseIncident(ctx, closed, "U0KRISE001", ""); err != nil {
		t.Fatal(err)
	}
	req := ui.Request{UserID: "U0KRISE001", ChannelID: "C0INC"}
	msg := func(ch, ts string) ui.MessageRef { return ui.MessageRef{Channel: ch, TS: ts} }

	tests := []struct {
		name string
		msg  ui.MessageRef
		kind incident.EntryKind
		text string
		code apperr.Code
		want string
	}{
		{"logged", msg("C0INC", "1.1"), incident.EntryDecision, "Vi stenger <!channel> Storgata", "", "Loggført som beslutning #2 i «Stengt vei»."},
		{"again, as an event", msg("C0INC", "1.1"), incident.EntryEvent, "Vi stenger <!channel> Storgata", apperr.Conflict, "Denne meldingen er allerede loggført som beslutning #2."},
		{"a pin", msg("C0INC", "1.2"), incident.EntryEvent, "Vannet stiger", "", "Loggført som observasjon #3 i «Stengt vei»."},
		{"not an incident channel", msg("C0GENERAL", "1.3"), incident.EntryDecision, "Noe", apperr.NotFound, "Denne kanalen hører ikke til noen hendelse. Meldinger loggføres i kanalen til en hendelse."},
		{"empty message", msg("C0INC", "1.4"), incident.EntryDecision, "  ", apperr.Invalid, "Ikke loggført: skriv meldingen etter kommandoen."},
		{"too long", msg("C0INC", "1.5"), incident.EntryDecision, strings.Repeat("x", 4001), apperr.Invalid, "Ikke loggført: teksten er 4001 tegn; høyst 4000 tegn kan loggføres i én linje. Del den opp, eller legg lengre dokumenter i kanalen og loggfør en kort beslutning."},
		{"closed incident", msg("C0FERDIG", "1.6"), incident.EntryDecision, "For sent", apperr.Conflict, "Hendelsen er avsluttet. Nye beslutninger kan ikke loggføres; bruk `/beredskap evaluer &lt;tekst&gt;` for evalueringen."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := e.h.LogMessage(ctx, req, tt.msg, tt.kind, tt.text)
			if got := apperr.CodeOf(err); got != tt.code {
				t.Errorf("code %q (%v), want %q", got, err, tt.code)
			}
			if r.Text != tt.want {
				t.Errorf("answer %q\nwant   %q", r.Text, tt.want)
			}
			if err != nil && apperr.UserMessage(err) != tt.want {
				t.Errorf("message %q, want the answer", apperr.UserMessage(err))
			}
			if r.Visibility != ui.OnlyMe {
				t.Error("the answer is for the user who asked")
			}
		})
	}
	// The entry keeps the message's link, or the slack: reference.
	e1, err := e.db.EntryByMessage(ctx, "C0INC/1.1")
	if err != nil || e1.Source != "slack:C0INC/1.1" || e1.Author != "U0KRISE001" || e1.Text != "Vi stenger <!channel> Storgata" {
		t.Errorf("entry = %+v, %v", e1, err)
	}
	if _, err := e.h.LogMessage(ctx, req, ui.MessageRef{Channel: "C0INC", TS: "1.7", Permalink: "https://x.slack.com/archives/C0INC/p17"}, incident.EntryDecision, "Med lenke"); err != nil {
		t.Fatal(err)
	}
	if e2, _ := e.db.EntryByMessage(ctx, "C0INC/1.7"); e2.Source != "https://x.slack.com/archives/C0INC/p17" {
		t.Errorf("source = %q, want the permalink", e2.Source)
	}
}

// An internal error is logged in full under a reference, without the
// user; the user gets a short apology quoting the reference. A known
// code shows its message and logs nothing.
func TestErrorsTranslatedAtTheEdge(t *testing.T) {
	log, hook := logtest.NewNullLogger()
	log.SetOutput(io.Discard)
	p := testkit.ExamplePlan(t)
	db := testkit.OpenDB(t, nil)
	h := commands.New(p, db, nil, log)
	ctx := context.Background()

	r := h.Handle(ctx, ui.Request{Command: "/beredskap", Text: "logg", UserID: "U0KRISE001", ChannelID: "C0INC"})
	if r.Text != "Ikke loggført: skriv beslutningen etter kommandoen." || len(hook.AllEntries()) != 0 {
		t.Errorf("refusal: %q, %d log lines", r.Text, len(hook.AllEntries()))
	}

	db.Close() // every query now fails with a driver error: internal
	r = h.Handle(ctx, ui.Request{Command: "/beredskap", Text: "liste", UserID: "U0KRISE001", ChannelID: "C0INC"})
	m := regexp.MustCompile(`^Beklager, noe gikk galt \(referanse ([0-9a-f]{8})\)\. Feilen er logget; prøv igjen om litt\. Ingenting er loggført fra denne kommandoen\.$`).FindStringSubmatch(r.Text)
	if m == nil {
		t.Fatalf("answer = %q", r.Text)
	}
	entries := hook.AllEntries()
	if len(entries) != 1 {
		t.Fatalf("%d log lines, want 1", len(entries))
	}
	l := entries[0]
	if l.Level != logrus.ErrorLevel || l.Data["ref"] != m[1] || l.Data["code"] != apperr.Internal || l.Data["command"] != "/beredskap" {
		t.Errorf("log line = %v %+v", l.Level, l.Data)
	}
	if err, _ := l.Data[logrus.ErrorKey].(error); err == nil || !strings.Contains(err.Error(), "database is closed") {
		t.Errorf("the error is not logged in full: %v", l.Data[logrus.ErrorKey])
	}
	if _, ok := l.Data["user"]; ok {
		t.Error("the log line names the user")
	}
	for _, v := range l.Data {
		if s, ok := v.(string); ok && strings.Contains(s, "U0KRISE001") {
			t.Errorf("the log line holds the user ID: %+v", l.Data)
		}
	}
}
