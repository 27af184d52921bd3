package delivery

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// openChannels makes the plan create incident channels open to everyone.
func openChannels(h *obHarness) { h.plan.Org.IncidentChannels = "åpen" }

func TestListInOpenChannelHasNoPhones(t *testing.T) {
	h := newOBHarness(t)
	openChannels(h)
	inc := h.open("Strømbrudd i sentrum", "strom", false)
	h.deliver()
	ch := h.channel(inc.ID)
	if ch.Private {
		t.Fatal("kanalen er privat; planen sier åpen")
	}
	lists := messagesWith(ch, "Varslingsliste: Kriseledelsen")
	if len(lists) != 1 {
		t.Fatalf("%d varslingslister", len(lists))
	}
	text := msgText(lists[0])
	if strings.Contains(text, "tel:") || !strings.Contains(text, "Kari Nordmann") || !strings.Contains(text, "<@U0KRISE001>") {
		t.Errorf("varslingslista i en åpen kanal:\n%s", text)
	}
	if !strings.Contains(string(lists[0].Blocks), `"action_id":"`+ui.ActionShowPhones) || !strings.Contains(string(lists[0].Blocks), `"value":"kriseledelse"`) {
		t.Errorf("knappen «Vis telefonnumre» mangler: %s", lists[0].Blocks)
	}
}

func TestListInPrivateChannelHasPhones(t *testing.T) {
	h := newOBHarness(t)
	inc := h.open("Strømbrudd i sentrum", "", false)
	h.deliver()
	ch := h.channel(inc.ID)
	lists := messagesWith(ch, "Varslingsliste: Kriseledelsen")
	if !ch.Private || len(lists) != 1 || !strings.Contains(msgText(lists[0]), "tel:"+h.plan.Contact("kari-nordmann").Phones[0]) {
		t.Errorf("privat kanal (%v): lista skal vise numrene", ch.Private)
	}
}

// A whole incident in an open channel: no call to that channel or to the
// announcement channel carries a phone number of the plan.
func TestNoPhonesInOpenChannels(t *testing.T) {
	h := newOBHarness(t, func(c *DelivererConfig) { c.Report = obReport(nil) })
	openChannels(h)
	inc := h.open("Strømbrudd i sentrum", "strom", false)
	h.deliver()
	h.logDecision(inc.ID, "Kari leder krisestaben")
	if _, err := h.db.CompleteStep(h.ctx, inc.ID, "strom", 1, "U0KRISE001", "Tiltak strom 1 utført"); err != nil {
		t.Fatal(err)
	}
	at := h.clock.Now().Add(30 * time.Minute)
	if _, err := h.db.SetMeeting(h.ctx, inc.ID, at, obOpener, "Statusmøte kl. 14:30"); err != nil {
		t.Fatal(err)
	}
	h.deliver()
	h.clock.Set(at)
	h.deliver()
	if _, _, err := h.db.CloseIncident(h.ctx, inc.ID, obOpener, "Strømmen er tilbake"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.AddEvaluation(h.ctx, incident.Evaluation{IncidentID: inc.ID, Question: "Hva gikk bra?", Answer: "Varslingen", Author: obOpener, CreatedAt: h.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	h.deliver()
	if n := h.pending(); n != 0 {
		t.Fatalf("%d elementer igjen", n)
	}
	ch := h.channel(inc.ID)
	if ch.Private {
		t.Fatal("kanalen er privat; testen gjelder en åpen kanal")
	}
	for _, want := range []string{"Varslingsliste", "Kari leder krisestaben", "Statusmøtet starter nå", "Sjekkliste for normalisering", "Evaluering"} {
		if len(messagesWith(ch, want)) == 0 {
			t.Errorf("%q ble aldri postet; testen ser ikke det den skal", want)
		}
	}

	var numbers []string
	for _, c := range h.plan.Contacts {
		for i, ph := range c.Phones {
			numbers = append(numbers, ph, strings.TrimPrefix(ph, "+47"), strings.TrimPrefix(ph, "+46"))
			if i < len(c.PhoneDisplay) {
				numbers = append(numbers, c.PhoneDisplay[i])
			}
		}
	}
	if len(numbers) == 0 {
		t.Fatal("planen har ingen telefonnumre")
	}
	public := map[string]bool{ch.ID: true, ch.Name: true, "#" + ch.Name: true, obAnnounce: true, "#beredskap": true, "beredskap": true}
	scanned := 0
	for _, call := range h.fake.Calls() {
		target := call.Params.Get("channel")
		if target == "" {
			target = call.Params.Get("channel_id")
		}
		if !public[target] {
			continue
		}
		scanned++
		raw, _ := json.Marshal(call.Params)
		body := string(raw)
		if call.JSON != nil {
			j, _ := json.Marshal(call.JSON)
			body += string(j)
		}
		for _, n := range numbers {
			if strings.Contains(body, n) {
				t.Errorf("%s til %s inneholder telefonnummeret %s", call.Method, target, n)
			}
		}
	}
	if scanned < 10 {
		t.Errorf("bare %d kall til åpne kanaler ble sjekket", scanned)
	}
}
