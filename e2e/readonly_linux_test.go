//go:build linux

package e2e_test

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestDatabaseReadOnly: the database turns read-only under the running
// bot (chattr +i, which binds root too, so it also works where CI runs as
// root). A decision gets the apology with a reference, never "loggført";
// nothing is stored; the bot keeps running, and once the file is writable
// again the next decision gets the next number.
func TestDatabaseReadOnly(t *testing.T) {
	t.Parallel()
	w, p, inc := openedIncident(t, "Vannlekkasje")
	if a := p.mustSlash(t, userOpener, inc.ChannelID, "logg Før filen ble skrivebeskyttet"); !loggedRe.MatchString(a.Ack) {
		t.Fatalf("før: %q", a.Ack)
	}
	w.waitDelivered(t, 15*time.Second)
	before := w.entries(t, inc.ID)

	files := []string{w.dbPath, w.dbPath + "-wal"}
	if out, err := exec.Command("chattr", "+i", files[0], files[1]).CombinedOutput(); err != nil {
		t.Skipf("chattr +i is not possible here (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	writable := func() {
		if out, err := exec.Command("chattr", "-i", files[0], files[1]).CombinedOutput(); err != nil {
			t.Errorf("chattr -i: %v: %s", err, out)
		}
	}
	t.Cleanup(writable)

	a := p.mustSlash(t, userOpener, inc.ChannelID, "logg Skal ikke lagres")
	if !strings.Contains(a.All(), "Beklager, noe gikk galt (referanse ") || loggedRe.MatchString(a.All()) {
		t.Errorf("skrivebeskyttet: svaret er %q, vil ha unnskyldningen med referanse og ikke loggført", a.All())
	}
	select {
	case <-p.done:
		t.Fatalf("serve døde da databasen var skrivebeskyttet: %s", p.stderr)
	default:
	}

	writable()
	after := p.mustSlash(t, userOpener, inc.ChannelID, "logg Etter at filen ble skrivbar")
	if seq, ok := after.loggedSeq(); !ok || seq != before[len(before)-1].Seq+1 {
		t.Errorf("etterpå: %q, vil ha #%d loggført", after.All(), before[len(before)-1].Seq+1)
	}
	for _, e := range w.entries(t, inc.ID) {
		if e.Text == "Skal ikke lagres" {
			t.Errorf("#%d ble lagret selv om brukeren fikk en unnskyldning", e.Seq)
		}
	}
}
