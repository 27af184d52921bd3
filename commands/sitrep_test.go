package commands_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/commands/sitreps"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// A report drafted after two decisions holds both under the actions
// heading; sending it chains it in the log and queues it for the
// incident channel and the reporting channel; the next draft covers only
// what came after it.
func TestSitRepDraftSendAndNext(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.open("U0KRISE001", "Strømbrudd i sentrum", "C0INC")
	e.now = e.now.Add(10 * time.Minute)
	e.do("C0INC", "U0KRISE001", "/beredskap logg Sykehjemmene får aggregat først")
	e.do("C0INC", "U0KRISE001", "/beredskap logg Innbyggerne varsles på SMS")
	e.do("C0INC", "U0KRISE001", "/beredskap møte 16:00")

	draft := e.do("C0INC", "U0KRISE001", "/beredskap rapport")
	text := e.text(draft)
	mustContain(t, text, "Situasjonsrapport 1 – Strømbrudd i sentrum", "Sykehjemmene får aggregat først",
		"Innbyggerne varsles på SMS", "Iverksatte og planlagte tiltak", "Neste statusmøte kl. 16:00", "/beredskap rapport send")
	if draft.Modal == nil || draft.Modal.CallbackID != sitreps.ViewForm || len(draft.Modal.Inputs) != 7 {
		t.Fatalf("modal = %+v", draft.Modal)
	}
	actions := draft.Modal.Inputs[2]
	if !strings.Contains(actions.Initial, "Sykehjemmene får aggregat først") || !strings.Contains(actions.Initial, "Innbyggerne varsles på SMS") {
		t.Errorf("actions input = %+v", actions)
	}
	if strings.Contains(draft.Modal.Inputs[0].Initial, "Sykehjemmene") {
		t.Errorf("decisions also under Situasjon: %q", draft.Modal.Inputs[0].Initial)
	}

	sent := e.text(e.do("C0INC", "U0KRISE001", "/beredskap rapport send"))
	mustContain(t, sent, "Situasjonsrapport 1 er sendt", "#kriseledelse", "--report 1")
	reports, err := e.db.Reports(ctx, id)
	if err != nil || len(reports) != 1 || reports[0].Number != 1 {
		t.Fatalf("reports = %+v, %v", reports, err)
	}
	mustContain(t, reports[0].Text, "Situasjonsrapport 1", "Sykehjemmene får aggregat først", "Innbyggerne varsles på SMS")
	entries, _ := e.db.Entries(ctx, id)
	last := entries[len(entries)-1]
	if last.Kind != incident.EntryReport || last.Seq != reports[0].EntrySeq || last.Text != reports[0].Text {
		t.Errorf("last entry = %+v", last)
	}
	// The report is posted in the incident channel and #kriseledelse.
	channels := pendingPosts(t, e.db)
	if channels["C0INC"] == "" || channels["#kriseledelse"] == "" || !strings.Contains(channels["#kriseledelse"], "Sykehjemmene") {
		t.Errorf("posts = %v", channels)
	}

	// The second report covers only what came after the first.
	e.now = e.now.Add(time.Hour)
	e.do("C0INC", "U0KRISE001", "/beredskap logg Skolene holdes stengt i morgen")
	second := e.do("C0INC", "U0KRISE001", "/beredskap rapport")
	text = e.text(second)
	mustContain(t, text, "Situasjonsrapport 2", "Skolene holdes stengt i morgen", "siden situasjonsrapport 1")
	for _, old := range []string{"Sykehjemmene", "Innbyggerne varsles"} {
		if strings.Contains(text, old) {
			t.Errorf("second draft repeats %q:\n%s", old, text)
		}
	}
	// Sent with the writer's own text in place of the draft.
	e.do("C0INC", "U0KRISE001", "/beredskap rapport send Situasjonen er stabil. Ingen nye tiltak.")
	reports, _ = e.db.Reports(ctx, id)
	if len(reports) != 2 || !strings.Contains(reports[1].Text, "Situasjonen er stabil. Ingen nye tiltak.") || strings.Contains(reports[1].Text, "Skolene") {
		t.Errorf("second report = %+v", reports)
	}
	if err := e.db.VerifyLog(ctx, id); err != nil {
		t.Errorf("chain: %v", err)
	}
}

// pendingPosts marks every pending outbox item delivered, as the
// deliverer would, and returns the text of the message items by channel.
func pendingPosts(t *testing.T, db *storage.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	for {
		items, err := db.NextOutbox(ctx, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) == 0 {
			return out
		}
		for _, it := range items {
			if it.Kind == incident.OutboxMessage {
				var p ui.Post
				if err := json.Unmarshal(it.Payload, &p); err != nil {
					t.Fatal(err)
				}
				out[p.Channel] += ui.PlainText(p.Response, func(s string) string { return s })
			}
			if err := db.MarkDelivered(ctx, it.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// The form submits the sections as edited; a report sent meanwhile
// makes the stale form's number a conflict.
func TestSitRepFormSubmit(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id := e.open("U0KRISE001", "Vannlekkasje", "C0INC")
	e.do("C0INC", "U0KRISE001", "/beredskap logg Vannet stenges i Storgata")
	draft := e.do("C0INC", "U0KRISE001", "/beredskap rapport")
	values := map[string]string{}
	for _, in := range draft.Modal.Inputs {
		values[in.ID] = in.Initial
	}
	values["s1"] = "Lekkasje i hovedledning, 200 husstander uten vann."
	req := ui.Request{UserID: "U0KRISE001", ChannelID: "C0INC"}
	out := e.text(e.h.Submit(ctx, req, sitreps.ViewForm, draft.Modal.Metadata, values))
	mustContain(t, out, "Situasjonsrapport 1 er sendt")
	reports, _ := e.db.Reports(ctx, id)
	if len(reports) != 1 {
		t.Fatalf("reports = %+v", reports)
	}
	mustContain(t, reports[0].Text, "1. Situasjon\nLekkasje i hovedledning, 200 husstander uten vann.", "Vannet stenges i Storgata")

	out = e.text(e.h.Submit(ctx, req, sitreps.ViewForm, draft.Modal.Metadata, values))
	mustContain(t, out, "ble sendt av noen andre")
	out = e.text(e.h.Submit(ctx, req, sitreps.ViewForm, draft.Modal.Metadata, map[string]string{}))
	mustContain(t, out, "tomt")
}

// Status marks an overdue report; outside the incident channel a user of
// the workspace may not send one.
func TestSitRepStatusAndAccess(t *testing.T) {
	e := newEnv(t)
	e.h.Directory = &staticDirectory{members: map[string][]string{"C0INC": {"U0KRISE001"}}}
	e.open("U0KRISE001", "Brann i rådhuset", "C0INC")
	mustContain(t, e.text(e.do("C0INC", "U0KRISE001", "/beredskap status")), "Neste situasjonsrapport:* nr. 1 kl. 18:30")
	e.now = e.now.Add(4*time.Hour + 25*time.Minute)
	mustContain(t, e.text(e.do("C0INC", "U0KRISE001", "/beredskap status")), "Situasjonsrapport 1 forfalt for 25 min siden")
	e.do("C0INC", "U0KRISE001", "/beredskap rapport send Kontroll over brannen.")
	status := e.text(e.do("C0INC", "U0KRISE001", "/beredskap status"))
	mustContain(t, status, "nr. 2 kl. 22:55", "Siste situasjonsrapport:* nr. 1")

	// A command from another channel is not from a channel member.
	inc, _ := e.db.IncidentByChannel(context.Background(), "C0INC")
	r := e.h.Submit(context.Background(), ui.Request{UserID: "U0NOBODY", ChannelID: "C0OTHER"}, sitreps.ViewForm,
		strconv.FormatInt(inc.ID, 10)+":2", map[string]string{"s1": "x"})
	mustContain(t, e.text(r), "Bare de som er med i hendelseskanalen eller beredskapskoordinator kan loggføre.")
	if n, _ := e.db.Reports(context.Background(), inc.ID); len(n) != 1 {
		t.Errorf("a refused report was stored: %d reports", len(n))
	}
}
