// Package e2e_test runs the built beredskapsbot binary as a child process
// against the fake Slack (internal/fakeslack) in the test process, over
// signed HTTP as Slack would call it: crash safety under SIGKILL, a Slack
// outage, and hostile or broken input.
package e2e_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// Users and channels of the fake workspace.
const (
	userOpener   = "U0KRISE004"  // Per Prøvesen, a plan member (start needs one)
	userOther    = "U0KRISE005"  // Siri Testesen, a plan member
	chanStart    = "C0START"     // where incidents are started from
	chanAnnounce = "C0BEREDSKAP" // BEREDSKAP_CHANNEL
	secret       = "e2e-hemmelig"
	// never is a reminder schedule that does not fire (30 February).
	never = "0 0 30 2 *"
)

// world is a fake Slack workspace and the database file of the bot
// processes that serve it, one after the other.
type world struct {
	t      testing.TB
	fake   *fakeslack.Server
	plan   *plan.Plan
	dir    string
	dbPath string

	mu  sync.Mutex
	seq int // source of unique trigger and response IDs
	db  *storage.DB
}

// newWorld starts the fake Slack with the users of the example plan
// "kommune" (which serve uses without BEREDSKAP_PLAN) and the team
// channel.
func newWorld(t testing.TB) *world {
	t.Helper()
	p := testkit.ExamplePlan(t)
	fake := fakeslack.New(t)
	fake.AddUser(userOpener, "opener", "opener@eksempel.kommune.no")
	fake.AddUser(userOther, "other", "other@eksempel.kommune.no")
	for _, c := range p.Contacts {
		if c.SlackID != "" {
			fake.AddUser(c.SlackID, c.ID, c.Email)
		}
	}
	fake.AddChannel(chanAnnounce, "beredskap")
	fake.AddChannel(chanStart, "generelt")
	dir := t.TempDir()
	return &world{t: t, fake: fake, plan: p, dir: dir, dbPath: filepath.Join(dir, "beredskap.db")}
}

// store returns the test's own connection to the bot's database file
// (SQLite in WAL mode: it reads what the child committed).
func (w *world) store() *storage.DB {
	w.t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.db == nil {
		db, err := storage.Open(w.dbPath)
		if err != nil {
			w.t.Fatalf("åpne databasen: %v", err)
		}
		w.db = db
		w.t.Cleanup(func() { db.Close() })
	}
	return w.db
}

// nextID returns a new unique suffix for trigger and response IDs (the
// replay guard refuses an identical signed request twice).
func (w *world) nextID() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seq++
	return fmt.Sprintf("%d", w.seq)
}

// env is the child's environment: only what serve needs, so nothing of
// the developer's own settings leaks in.
func (w *world) env(addr string, extra ...string) []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + w.dir,
		"TMPDIR=" + os.TempDir(),
		"SLACK_BOT_TOKEN=" + w.fake.Token(),
		"SLACK_SIGNING_SECRET=" + secret,
		"SLACK_API_URL=" + w.fake.URL(),
		"BEREDSKAP_LISTEN=" + addr,
		"BEREDSKAP_DB=" + w.dbPath,
		"BEREDSKAP_CHANNEL=" + chanAnnounce,
		"BEREDSKAP_REMINDER_SCHEDULE=" + never,
		"LOG_LEVEL=warn",
		"LOG_FORMAT=text",
		"GORACE=halt_on_error=1",
	}
	return append(env, extra...)
}

// botProc is one running bot process.
type botProc struct {
	w      *world
	cmd    *exec.Cmd
	addr   string
	stderr *testkit.SyncBuffer
	done   chan struct{} // closed when the process has exited
	state  *os.ProcessState
}

// start runs `beredskapsbot serve` on the world's database and waits until
// /healthz answers 200. The process is killed when the test ends.
func (w *world) start(extraEnv ...string) *botProc {
	w.t.Helper()
	p := w.launch(extraEnv...)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + p.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case <-p.done:
			w.t.Fatalf("serve avsluttet med %v før den var klar: %s", p.state, p.stderr)
		default:
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("serve ble ikke klar: %v; stderr: %s", err, p.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// launch starts the process without waiting for it to be ready.
func (w *world) launch(extraEnv ...string) *botProc {
	w.t.Helper()
	addr := testkit.FreeAddr(w.t)
	p := &botProc{w: w, addr: addr, stderr: &testkit.SyncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(testkit.Binary(w.t), "serve")
	p.cmd.Dir = w.dir // no .env of the developer's
	p.cmd.Env = w.env(addr, extraEnv...)
	p.cmd.Stdout = p.stderr
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	go func() {
		_ = p.cmd.Wait()
		p.state = p.cmd.ProcessState
		close(p.done)
	}()
	w.t.Cleanup(func() {
		p.kill()
		p.checkClean(w.t)
	})
	return p
}

// kill ends the process with SIGKILL (a crash: nothing is cleaned up) and
// waits for it.
func (p *botProc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop ends the process with SIGTERM and returns its exit code.
func (p *botProc) stop(t testing.TB) int {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(45 * time.Second):
		p.kill()
		t.Fatalf("serve stoppet ikke på SIGTERM: %s", p.stderr)
	}
	return p.state.ExitCode()
}

// wait waits for the process to exit by itself and returns its exit code.
func (p *botProc) wait(t testing.TB, timeout time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
		return p.state.ExitCode()
	case <-time.After(timeout):
		p.kill()
		t.Fatalf("serve avsluttet ikke: %s", p.stderr)
		return -1
	}
}

// checkClean fails the test if the process reported a data race or a
// panic.
func (p *botProc) checkClean(t testing.TB) {
	out := p.stderr.String()
	for _, bad := range []string{"WARNING: DATA RACE", "panic:", "fatal error:"} {
		if strings.Contains(out, bad) {
			t.Errorf("serve skrev %q:\n%s", bad, out)
			return
		}
	}
}

// httpClient bounds every request to the bot.
var httpClient = &http.Client{Timeout: 20 * time.Second}

// postSigned POSTs body to /slack/events signed at ts.
func (p *botProc) postSigned(ctx context.Context, contentType string, body []byte, ts time.Time, sign func(*http.Request, []byte, time.Time)) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+p.addr+"/slack/events", bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", contentType)
	if sign != nil {
		sign(req, body, ts)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, err = buf.ReadFrom(resp.Body)
	if err != nil && !errors.Is(err, context.Canceled) {
		return resp, buf.Bytes(), err
	}
	return resp, buf.Bytes(), nil
}
