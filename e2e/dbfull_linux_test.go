//go:build linux

package e2e_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
)

// setFileSizeLimit sets the file size limit (RLIMIT_FSIZE) of the running
// process pid with prlimit(2). Past it every write to a regular file fails
// with EFBIG, as on a full disk (Go programs ignore the SIGXFSZ that
// comes with it). rlimInfinity lifts the limit.
func setFileSizeLimit(pid int, limit uint64) error {
	lim := syscall.Rlimit{Cur: limit, Max: rlimInfinity}
	_, _, errno := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), uintptr(syscall.RLIMIT_FSIZE),
		uintptr(unsafe.Pointer(&lim)), 0, 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

const rlimInfinity = ^uint64(0)

// refRe finds the reference in an apology.
var refRe = regexp.MustCompile(`referanse ([0-9a-f]+)\)`)

// TestDatabaseFull: while the running bot cannot write its database file
// (every write past the first byte fails, as on a full disk), a decision
// and a new incident get the apology with a reference and no "loggført"
// with a number; nothing of them is stored; the bot keeps running, and
// once the disk has room again the next decision gets the next number and
// every stored decision is echoed once.
func TestDatabaseFull(t *testing.T) {
	t.Parallel()
	w, p, inc := openedIncident(t, "Strømbrudd")
	if a := p.mustSlash(t, userOpener, inc.ChannelID, "logg Før disken ble full"); !loggedRe.MatchString(a.Ack) {
		t.Fatalf("før: %q", a.Ack)
	}
	w.waitDelivered(t, 15*time.Second)
	before := w.entries(t, inc.ID)
	incidents := len(w.incidents(t))

	if err := setFileSizeLimit(p.cmd.Process.Pid, 1); err != nil {
		t.Fatalf("prlimit: %v", err)
	}
	a := p.mustSlash(t, userOpener, inc.ChannelID, "logg Skal ikke lagres")
	if !strings.Contains(a.All(), "Beklager, noe gikk galt (referanse ") || !strings.Contains(a.All(), "Ingenting er loggført") {
		t.Errorf("full disk: svaret er %q, vil ha unnskyldningen med referanse", a.All())
	}
	if loggedRe.MatchString(a.All()) {
		t.Errorf("full disk: svaret sier loggført: %q", a.All())
	}
	// The apology's reference finds the full error in the log.
	if m := refRe.FindStringSubmatch(a.All()); m != nil {
		testkit.WaitFor(t, 5*time.Second, "feilen med referansen ble logget", func() bool {
			return strings.Contains(p.stderr.String(), "ref="+m[1])
		})
	}
	start := p.mustSlash(t, userOpener, chanStart, "start Flom")
	testkit.WaitFor(t, 10*time.Second, "svar på start", func() bool { return start.Later() != "" })
	if !strings.Contains(start.Later(), "Beklager, noe gikk galt (referanse ") || strings.Contains(start.Later(), "åpnet") {
		t.Errorf("full disk: start svarte %q", start.Later())
	}
	select {
	case <-p.done:
		t.Fatalf("serve døde da disken var full: %s", p.stderr)
	default:
	}

	if err := setFileSizeLimit(p.cmd.Process.Pid, rlimInfinity); err != nil {
		t.Fatalf("prlimit: %v", err)
	}
	after := p.mustSlash(t, userOpener, inc.ChannelID, "logg Etter at disken fikk plass")
	seq, ok := after.loggedSeq()
	if want := before[len(before)-1].Seq + 1; !ok || seq != want {
		t.Errorf("etterpå: %q, vil ha #%d loggført", after.All(), want)
	}
	w.waitDelivered(t, 20*time.Second)
	for _, e := range w.entries(t, inc.ID) {
		if e.Text == "Skal ikke lagres" {
			t.Errorf("#%d ble lagret selv om brukeren fikk en unnskyldning", e.Seq)
		}
	}
	if n := len(w.incidents(t)); n != incidents {
		t.Errorf("%d hendelser, vil ha %d", n, incidents)
	}
	w.assertIncidentDelivered(t, "Strømbrudd")
}

// incidents returns every incident in the database.
func (w *world) incidents(t testing.TB) []incident.Incident {
	t.Helper()
	all, err := w.store().Incidents(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// TestDatabaseCannotBeOpened: serve refuses to start, with a clear
// message naming the file, when the database cannot be opened or
// created.
func TestDatabaseCannotBeOpened(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	notDir := filepath.Join(w.dir, "ikke-en-mappe")
	if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path func(t *testing.T) string
	}{
		{"mappen er en fil", func(*testing.T) string { return filepath.Join(notDir, "beredskap.db") }},
		{"skrivebeskyttet mappe", func(t *testing.T) string {
			if os.Geteuid() == 0 {
				t.Skip("root kan skrive i skrivebeskyttede mapper")
			}
			dir := filepath.Join(w.dir, "skrivebeskyttet")
			if err := os.Mkdir(dir, 0o555); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(dir, "beredskap.db")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path(t)
			p := w.launch("BEREDSKAP_DB=" + path)
			if code := p.wait(t, 30*time.Second); code != 1 {
				t.Errorf("avsluttet med %d, vil ha 1", code)
			}
			if out := p.stderr.String(); !strings.Contains(out, "kunne ikke åpne databasen "+path) {
				t.Errorf("stderr %q, vil ha «kunne ikke åpne databasen %s»", out, path)
			}
			if calls := w.fake.Calls("chat.postMessage"); len(calls) != 0 {
				t.Errorf("%d meldinger til Slack uten database", len(calls))
			}
		})
	}
}
