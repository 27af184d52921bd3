package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// obReport is a stub report: a Markdown and an HTML file.
func obReport(calls *atomic.Int32) func(context.Context, int64) ([]ReportFile, error) {
	return func(_ context.Context, id int64) ([]ReportFile, error) {
		if calls != nil {
			calls.Add(1)
		}
		return []ReportFile{
			{Name: "rapport.md", Title: "Rapport (Markdown)", Content: []byte("# Rapport\n")},
			{Name: "rapport.html", Title: "Rapport (HTML)", Content: []byte("<h1>Rapport</h1>")},
		}, nil
	}
}

func TestDeliverClosed(t *testing.T) {
	var reports atomic.Int32
	h := newOBHarness(t, func(c *DelivererConfig) { c.Report = obReport(&reports) })
	inc := h.open("Strømbrudd i sentrum", "", false)
	h.deliver()
	if _, _, err := h.db.CloseIncident(h.ctx, inc.ID, obOpener, "Strømmen er tilbake"); err != nil {
		t.Fatal(err)
	}
	h.deliver()
	if n := h.pending(); n != 0 {
		t.Fatalf("%d elementer igjen", n)
	}
	ch := h.channel(inc.ID)
	if ch.Topic != "AVSLUTTET – Strømbrudd i sentrum" {
		t.Errorf("emne %q", ch.Topic)
	}
	for _, want := range []string{"Sjekkliste for normalisering", "☐ Debrief er gjennomført med dem som deltok.",
		"Evaluering", "Hva må forbedres?", "/beredskap evaluer &lt;tekst&gt;", "Svar på evalueringen", "Avsluttet 22.11.2026"} {
		if n := len(messagesWith(ch, want)); n != 1 {
			t.Errorf("%q i %d meldinger, vil ha 1", want, n)
		}
	}
	files := h.fake.Files()
	if len(files) != 2 {
		t.Fatalf("%d filer lastet opp, vil ha 2", len(files))
	}
	for i, want := range []struct{ name, title, content string }{
		{"rapport.md", "Rapport (Markdown)", "# Rapport\n"},
		{"rapport.html", "Rapport (HTML)", "<h1>Rapport</h1>"},
	} {
		f := files[i]
		if f.Name != want.name || f.Title != want.title || string(f.Content) != want.content ||
			!f.Completed || !slices.Equal(f.Channels, []string{ch.ID}) {
			t.Errorf("fil %d: %+v", i, f)
		}
	}
	if reports.Load() != 1 {
		t.Errorf("rapporten laget %d ganger", reports.Load())
	}
	assertNoDuplicates(t, ch)
}

func TestDeliverClosedReportFailsThenRetries(t *testing.T) {
	fail := atomic.Bool{}
	fail.Store(true)
	h := newOBHarness(t, func(c *DelivererConfig) {
		c.Report = func(ctx context.Context, id int64) ([]ReportFile, error) {
			if fail.Load() {
				return nil, errors.New("rapporten kunne ikke lages")
			}
			return obReport(nil)(ctx, id)
		}
	})
	inc := h.open("Strømbrudd", "", false)
	h.deliver()
	if _, _, err := h.db.CloseIncident(h.ctx, inc.ID, obOpener, ""); err != nil {
		t.Fatal(err)
	}
	h.deliver()
	item := h.outboxItem(t, incident.OutboxIncidentClosed, inc.ID)
	if item.DeliveredAt.IsZero() == false || item.Attempts != 1 {
		t.Fatalf("avslutning: levert %v, forsøk %d", item.DeliveredAt, item.Attempts)
	}
	fail.Store(false)
	h.clock.Set(item.NotBefore)
	h.deliver()
	ch := h.channel(inc.ID)
	if n := len(messagesWith(ch, "Sjekkliste for normalisering")); n != 1 {
		t.Errorf("sjekklisten postet %d ganger", n)
	}
	if n := len(h.fake.Files()); n != 2 {
		t.Errorf("%d filer", n)
	}
	if n := len(h.fake.Calls("conversations.setTopic")); n != 2 { // opened + closed, not repeated
		t.Errorf("setTopic kalt %d ganger", n)
	}
}

func TestDeliverPost(t *testing.T) {
	h := newOBHarness(t, func(c *DelivererConfig) { c.Workers = 1 })
	h.fake.AddChannel("C0OVELSER", "ovelser")
	long := strings.Repeat("Punkt på agendaen. ", 400) // over 3000 characters: two sections
	posts := []ui.Post{
		{Channel: "C0OVELSER", Response: ui.Response{Text: "Påminnelse: øvelse om 14 dager"}},
		{Channel: "#ovelser", Response: ui.Response{Text: "Lang melding", Blocks: []ui.Block{{Kind: ui.BlockSection, Text: long}}}},
	}
	for _, p := range posts {
		h.enqueuePost(incident.OutboxReminder, p)
	}
	// not_in_channel: the bot joins the public channel and posts again.
	h.fake.FailNext("chat.postMessage", 1, fakeslack.Failure{SlackError: "not_in_channel"})
	h.deliver()
	if n := h.pending(); n != 0 {
		t.Fatalf("%d elementer igjen", n)
	}
	ch, _ := h.fake.Channel("C0OVELSER")
	if n := len(messagesWith(ch, "Påminnelse: øvelse om 14 dager")); n != 1 {
		t.Errorf("påminnelsen postet %d ganger", n)
	}
	if n := len(messagesWith(ch, "Punkt på agendaen.")); n != 1 {
		t.Errorf("den lange meldingen postet i %d meldinger, vil ha 1 (to seksjoner)", n)
	}
	if !slices.Contains(ch.Members, fakeslack.BotUserID) || len(h.fake.Calls("conversations.join")) != 1 {
		t.Errorf("boten ble ikke med i kanalen: medlemmer %v", ch.Members)
	}
}

// enqueuePost puts a reminder or message into the outbox.
func (h *obHarness) enqueuePost(kind incident.OutboxKind, p ui.Post) int64 {
	h.t.Helper()
	payload, err := json.Marshal(p)
	if err != nil {
		h.t.Fatal(err)
	}
	id, err := h.db.Enqueue(h.ctx, incident.OutboxItem{Kind: kind, Payload: payload})
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}
