package commands_test

import (
	"context"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// everything returns every text of a response a user could read or a
// transport could carry: the fallback text, blocks, buttons, a modal.
func everything(r ui.Response) string {
	parts := []string{r.Text}
	for _, b := range r.Blocks {
		parts = append(parts, b.Text)
		for _, btn := range b.Buttons {
			parts = append(parts, btn.Text, btn.Value, btn.ActionID)
		}
	}
	if r.Modal != nil {
		parts = append(parts, r.Modal.Title, r.Modal.Metadata, r.Modal.Fallback)
		for _, in := range r.Modal.Inputs {
			parts = append(parts, in.Label, in.Initial, in.Placeholder)
		}
	}
	if r.Opened != nil {
		parts = append(parts, r.Opened.ChannelName)
	}
	return strings.Join(parts, "\n")
}

// TestPrivateIncidentHiddenFromNonMembers: a private incident's title,
// channel name and opener appear in no answer to a user outside its
// channel (plan member or not), wherever they ask.
func TestPrivateIncidentHiddenFromNonMembers(t *testing.T) {
	e, dir := newAccessEnv(t)
	ctx := context.Background()
	dir.members["C0PRIV"] = []string{per, kari}
	dir.members["C0PRIV2"] = []string{per, kari}
	r := e.do("C0BEREDSKAP", per, "/beredskap start --privat Personalsak Ole Hansen")
	if r.Opened == nil || !r.Opened.Private {
		t.Fatalf("not opened as private: %s", e.text(r))
	}
	name := r.Opened.ChannelName
	if !strings.HasPrefix(name, "beredskap-20261122-skjermet-") || strings.Contains(name, "ole") || strings.Contains(name, "personal") {
		t.Fatalf("private channel name %q", name)
	}
	if err := e.db.SetChannel(ctx, r.Opened.IncidentID, "C0PRIV", name); err != nil {
		t.Fatal(err)
	}
	e.do("C0PRIV", per, "/beredskap logg Ole Hansen er informert")
	// A second private incident, closed, with a proposed plan change.
	closedID := e.open(per, "--privat Varsling om Ole Hansen", "C0PRIV2")
	e.do("C0PRIV2", per, "/beredskap avslutt bekreft Ferdig")
	e.do("C0PRIV2", per, "/beredskap evaluer plan: Egen rutine for saker som Ole Hansen sin")
	channels := []string{name, e.incident(closedID).ChannelName}

	// A member sees it.
	mustContain(t, e.text(e.do("C0RANDOM", kari, "/beredskap liste")), "Personalsak Ole Hansen")
	mustContain(t, e.text(e.do("C0RANDOM", kari, "/beredskap årshjul")), "Egen rutine")

	// Commands typed in the private channels themselves are left out: only
	// members can write there. Non-members reach the incident from other
	// channels, and by buttons on messages shown to them.
	asks := []struct{ channel, line string }{
		{"C0RANDOM", "/beredskap liste"},
		{"C0RANDOM", "/beredskap status"},
		{"C0RANDOM", "/beredskap årshjul"},
		{"C0RANDOM", "/beredskap logg Hva skjer?"},
		{"C0BEREDSKAP", "/beredskap start Personalsak Ole Hansen"},
		{"C0PRIV", "button " + ui.ActionTakeRole + " 1:kriseleder"},
		{"C0PRIV", "button " + ui.ActionConfirmClose + " 1"},
		{"C0RANDOM", "button " + ui.ActionOpenEvaluation + " 2"},
		{"", "button " + ui.ActionOpenEvaluation + " 2"},
		{"", "button " + commands.ActionCancelClose + " 1"},
	}
	for _, who := range []string{siri, outsider} {
		for _, a := range asks {
			var r ui.Response
			if rest, ok := strings.CutPrefix(a.line, "button "); ok {
				action, value, _ := strings.Cut(rest, " ")
				r = e.act(a.channel, who, action, value)
			} else {
				r = e.do(a.channel, who, a.line)
			}
			all := everything(r)
			secrets := append([]string{"Ole Hansen", "Personalsak"}, channels...)
			// The årshjul and the varslingsliste name Per as a plan contact;
			// elsewhere his name would tell who opened the incident.
			if !strings.Contains(a.line, "årshjul") && !strings.Contains(a.line, "/varsling") {
				secrets = append(secrets, "Per Prøvesen", per)
			}
			for _, secret := range secrets {
				if strings.Contains(all, secret) {
					t.Errorf("%s in %s: %q shows %q:\n%s", who, a.channel, a.line, secret, all)
				}
			}
		}
	}
	if inc := e.incident(1); !inc.Open() {
		t.Error("a non-member closed the private incident")
	}
}
