package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
)

const testSecret = "load-test-secret"

// TestMain lets the test binary serve as the floor process: startFloor
// runs os.Executable, which under go test is this binary.
func TestMain(m *testing.M) {
	if code, ok := runFloorMode(os.Args[1:]); ok {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

var testCard = []byte(`{"response_type":"ephemeral","text":"Tiltakskort: Strømbrudd","blocks":[]}`)

// floorServer serves the floor handler in the test's process.
func floorServer(t *testing.T) (*httptest.Server, []byte) {
	t.Helper()
	srv := httptest.NewServer(newFloor([]byte(testSecret), testCard))
	t.Cleanup(srv.Close)
	return srv, testCard
}

func tiltakTarget(url string) target {
	return target{name: "/tiltak strom", url: url + "/slack/events", secret: testSecret, command: "/tiltak", text: "strom",
		channel: "C0GENERAL", user: "U0USER", respondURL: "http://127.0.0.1:1/respond", expect: "Tiltakskort"}
}

// TestFloorVerifiesLikeSlack: the floor answers only correctly signed,
// fresh requests with a command, as the bot does.
func TestFloorVerifiesLikeSlack(t *testing.T) {
	srv, card := floorServer(t)
	form := []byte(tiltakTarget(srv.URL).form() + "&trigger_id=1")
	post := func(body []byte, secret string, ts time.Time) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/slack/events", bytes.NewReader(body))
		bot.SignRequest(req, secret, body, ts)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	now := time.Now()
	tests := []struct {
		name   string
		resp   *http.Response
		status int
	}{
		{"signed", post(form, testSecret, now), http.StatusOK},
		{"other secret", post(form, "another", now), http.StatusUnauthorized},
		{"stale", post(form, testSecret, now.Add(-6*time.Minute)), http.StatusUnauthorized},
		{"future", post(form, testSecret, now.Add(6*time.Minute)), http.StatusUnauthorized},
		{"no command", post([]byte("text=strom"), testSecret, now), http.StatusBadRequest},
		{"bad form", post([]byte("a=%zz"), testSecret, now), http.StatusBadRequest},
	}
	for _, tt := range tests {
		if tt.resp.StatusCode != tt.status {
			t.Errorf("%s: HTTP %d, want %d", tt.name, tt.resp.StatusCode, tt.status)
		}
	}
	ok := tests[0].resp
	body, _ := io.ReadAll(ok.Body)
	if !bytes.Equal(body, card) || ok.Header.Get("Content-Length") != strconv.Itoa(len(card)) {
		t.Errorf("answer %q (Content-Length %s), want the fixed card", body, ok.Header.Get("Content-Length"))
	}
	// Changing one byte of the body breaks the signature.
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/slack/events", bytes.NewReader(append([]byte("x"), form...)))
	bot.SignRequest(req, testSecret, form, now)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("tampered body: %v %v, want 401", resp.StatusCode, err)
	}
}

// TestFireCounts: every request of the window is counted, with sorted
// latencies; failures are counted apart with the first one kept.
func TestFireCounts(t *testing.T) {
	srv, _ := floorServer(t)
	calls := 0
	server := func() (time.Duration, error) { calls++; return time.Duration(calls) * time.Second, nil }
	r := fire(context.Background(), tiltakTarget(srv.URL), 4, 50*time.Millisecond, 200*time.Millisecond, server)
	if r.requests == 0 || r.errors != 0 || len(r.lat) != r.requests || r.window != 200*time.Millisecond {
		t.Fatalf("floor: %d requests, %d errors (%s), %d latencies", r.requests, r.errors, r.firstErr, len(r.lat))
	}
	// The server's clock is read once before and once after the window.
	if calls != 2 || r.cpu != time.Second || r.cpuPerRequest() != time.Second/time.Duration(r.requests) || r.clientCPU < 0 {
		t.Errorf("server CPU read %d times: %v (%v per request); load tool %v", calls, r.cpu, r.cpuPerRequest(), r.clientCPU)
	}
	for i := 1; i < len(r.lat); i++ {
		if r.lat[i] < r.lat[i-1] {
			t.Fatal("latencies not sorted")
		}
	}
	if p50, p99 := r.percentile(0.5), r.percentile(0.99); p50 <= 0 || p99 < p50 {
		t.Errorf("p50 %v, p99 %v", p50, p99)
	}

	// An answer without the expected text is a failure.
	wrong := tiltakTarget(srv.URL)
	wrong.expect = "Beslutning #"
	r = fire(context.Background(), wrong, 2, 0, 100*time.Millisecond, nil)
	if r.requests != 0 || r.errors == 0 || !strings.Contains(r.firstErr, "Beslutning #") {
		t.Errorf("wrong answers: %d requests, %d errors, first %q", r.requests, r.errors, r.firstErr)
	}
}

func TestPercentileNearestRank(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	var lat []time.Duration
	for i := 1; i <= 1000; i++ {
		lat = append(lat, ms(i))
	}
	r := result{lat: lat}
	tests := []struct {
		p    float64
		want time.Duration
	}{{0.5, ms(500)}, {0.99, ms(990)}, {0.999, ms(999)}, {1, ms(1000)}, {0, ms(1)}}
	for _, tt := range tests {
		if got := r.percentile(tt.p); got != tt.want {
			t.Errorf("p%v = %v, want %v", tt.p, got, tt.want)
		}
	}
	if got := (result{}).percentile(0.99); got != 0 {
		t.Errorf("no requests: %v", got)
	}
	if got := median([]float64{0.9, 0.5, 0.7}); got != 0.7 {
		t.Errorf("median = %v", got)
	}
	f := result{requests: 100, cpu: 4 * ms(1)}
	b := result{requests: 100, cpu: 5 * ms(1)}
	if got := efficiency(f, b); got != 0.8 {
		t.Errorf("efficiency = %v, want 0.8", got)
	}
	if got := efficiency(f, result{requests: 100}); got != 0 {
		t.Errorf("efficiency without the bot's CPU = %v, want 0", got)
	}
}

// TestStubServesTheBotsCalls: the Slack client the bot uses gets
// plausible answers, and created channels are handed to the load tool.
func TestStubServesTheBotsCalls(t *testing.T) {
	st := newStub()
	srv := httptest.NewServer(st)
	defer srv.Close()
	api := slack.New("xoxb-load", slack.OptionAPIURL(srv.URL+"/api/"))
	ctx := context.Background()
	who, err := api.AuthTestContext(ctx)
	if err != nil || who.UserID != stubBotUser || who.TeamID != stubTeamID {
		t.Fatalf("auth.test: %+v, %v", who, err)
	}
	ch, err := api.CreateConversationContext(ctx, slack.CreateConversationParams{ChannelName: "hendelse-strom"})
	if err != nil || ch.ID == "" || ch.Name != "hendelse-strom" {
		t.Fatalf("conversations.create: %+v, %v", ch, err)
	}
	if got, err := st.waitChannel(1, time.Second); err != nil || got != ch.ID {
		t.Errorf("waitChannel = %q, %v; want %q", got, err, ch.ID)
	}
	if _, err := st.waitChannel(2, 10*time.Millisecond); err == nil {
		t.Error("waitChannel found a second channel")
	}
	if _, ts, err := api.PostMessageContext(ctx, ch.ID, slack.MsgOptionText("hei", false)); err != nil || ts == "" {
		t.Errorf("chat.postMessage: %q, %v", ts, err)
	}
	if u, err := api.GetUserByEmailContext(ctx, "kari@eksempel.no"); err != nil || u.ID == "" {
		t.Errorf("users.lookupByEmail: %+v, %v", u, err)
	}
	if _, err := api.InviteUsersToConversationContext(ctx, ch.ID, "U1"); err != nil {
		t.Errorf("conversations.invite: %v", err)
	}
	if err := api.AddPinContext(ctx, ch.ID, slack.ItemRef{Channel: ch.ID, Timestamp: "1.2"}); err != nil {
		t.Errorf("pins.add: %v", err)
	}
	if st.Calls("chat.postMessage") != 1 || st.Calls("auth.test") != 1 {
		t.Errorf("calls: %v", st.calls)
	}
}

func TestProcReadings(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	rss, peak, err := procMemory(os.Getpid())
	if err != nil || rss <= 0 || peak < rss {
		t.Errorf("procMemory = %d, %d, %v", rss, peak, err)
	}
	// Use some CPU so there is something to read back.
	sum := 0
	for busy := time.Now().Add(50 * time.Millisecond); time.Now().Before(busy); sum++ {
	}
	if sum == 0 {
		t.Fatal("no loop")
	}
	if cpu, err := procCPU(os.Getpid()); err != nil || cpu <= 0 {
		t.Errorf("procCPU = %v, %v", cpu, err)
	}
}

// TestParseStat: utime+stime in clock ticks from /proc/<pid>/stat, whose
// command name may hold spaces and parentheses.
func TestParseStat(t *testing.T) {
	const tail = " S 1 4242 4242 0 -1 4194560 8123 0 12 0 %s 0 0 20 0 9 0 123456 1300000000 9000 18446744073709551615"
	tests := []struct {
		stat  string
		ticks int64
		ok    bool
	}{
		{"4242 (beredskapsbot)" + fmt.Sprintf(tail, "1534 389"), 1923, true},
		{"4242 (loadtest -floor) (x))" + fmt.Sprintf(tail, "7 0"), 7, true},
		{"1 (init)" + fmt.Sprintf(tail, "0 0"), 0, true},
		{"4242 beredskapsbot S 1 4242", 0, false},             // no parentheses
		{"4242 (beredskapsbot) S 1 4242 4242 0 -1", 0, false}, // cut short
		{"4242 (beredskapsbot)" + fmt.Sprintf(tail, "x 389"), 0, false},
		{"4242 (beredskapsbot)" + fmt.Sprintf(tail, "-5 389"), 0, false},
	}
	for _, tt := range tests {
		got, err := parseStatTicks(tt.stat)
		if (err == nil) != tt.ok || got != tt.ticks {
			t.Errorf("parseStatTicks(%.40q…) = %d, %v; want %d, ok=%v", tt.stat, got, err, tt.ticks, tt.ok)
		}
	}
}

// TestFloorProcess: the floor runs as a process of its own (this test
// binary in its floor mode), answers with the card byte for byte, its CPU
// time can be read, and it stops when the load tool closes its stdin.
func TestFloorProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
	card := append([]byte(nil), testCard...)
	fl, err := startFloor(t.TempDir(), testSecret, card)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fl.stop() })
	if fl.cmd.Process.Pid == os.Getpid() {
		t.Fatal("the floor runs in the test's process")
	}
	ft := tiltakTarget(fl.url)
	got, err := ft.once(context.Background(), http.DefaultClient, ft.form())
	if err != nil || !bytes.Equal(got, card) {
		t.Fatalf("floor answered %q, %v; want the card", got, err)
	}
	ft.secret = "another"
	if _, err := ft.once(context.Background(), http.DefaultClient, ft.form()); err == nil || !strings.Contains(err.Error(), "HTTP 401") {
		t.Errorf("wrongly signed: %v, want HTTP 401", err)
	}
	if _, err := fl.cpuTime(); err != nil {
		t.Errorf("floor CPU: %v", err)
	}
	if rss, _, err := fl.memory(); err != nil || rss <= 0 {
		t.Errorf("floor RSS: %d, %v", rss, err)
	}
	// Closing stdin alone stops it, as the load tool's death would.
	_ = fl.stdin.Close()
	testkit.WaitFor(t, 10*time.Second, "the floor exits after its stdin closed", func() bool {
		select {
		case <-fl.exited:
			return true
		default:
			return false
		}
	})
	if fl.waitErr != nil {
		t.Errorf("floor exit: %v\n%s", fl.waitErr, fl.logTail(10))
	}
}

// TestFloorModeNeedsItsInputs: the floor refuses to start without a card
// or a secret.
func TestFloorModeNeedsItsInputs(t *testing.T) {
	var stderr bytes.Buffer
	t.Setenv(floorSecretEnv, "")
	if code := runFloor(context.Background(), []string{"-card", "x"}, strings.NewReader(""), &stderr); code != 1 ||
		!strings.Contains(stderr.String(), floorSecretEnv) {
		t.Errorf("no secret: exit %d, %q", code, stderr.String())
	}
	t.Setenv(floorSecretEnv, testSecret)
	stderr.Reset()
	if code := runFloor(context.Background(), []string{"-card", filepath.Join(t.TempDir(), "none.json")}, strings.NewReader(""), &stderr); code != 1 {
		t.Errorf("no card file: exit %d, %q", code, stderr.String())
	}
	if _, ok := runFloorMode([]string{"-c", "4"}); ok {
		t.Error("the load tool's own flags started the floor mode")
	}
}

// TestReportTargets: each target is judged and printed; failed requests
// are what make the exit code.
func TestReportTargets(t *testing.T) {
	ms := time.Millisecond
	r := &report{conns: 32, duration: time.Second, spawned: true, ready: 80 * ms, idleRSS: 30 << 20, peakRSS: 50 << 20,
		floor:  result{name: "floor", requests: 1000, window: time.Second, lat: []time.Duration{ms}, cpu: 40 * ms, clientCPU: 30 * ms},
		tiltak: result{name: "/tiltak strom", requests: 800, window: time.Second, lat: []time.Duration{12 * ms}, cpu: 48 * ms},
		logg:   &result{name: "/beredskap logg", requests: 400, errors: 3, firstErr: "HTTP 500", window: time.Second, lat: []time.Duration{20 * ms}},
		ratios: []float64{0.8}, effs: []float64{0.66}}
	var out bytes.Buffer
	if failed := r.print(&out); failed != 3 {
		t.Errorf("print returned %d failed requests, want 3", failed)
	}
	for _, want := range []string{
		"PASS  /tiltak strom ≥ 70 % of the floor: 80 %", "MISS  /tiltak strom p99 < 10ms: 12.00ms",
		"MISS  /beredskap logg ≥ 500/s: 400/s", "PASS  /beredskap logg p99 < 50ms: 20.00ms",
		"PASS  idle RSS < 40 MB: 30.0 MB", "PASS  start to ready < 300ms: 80 ms",
		"bot/floor = 0.80", "/beredskap logg: 3 failed requests, the first: HTTP 500",
		"MISS  /tiltak strom CPU/req ≤ floor's ÷ 0.7 (efficiency ≥ 0.70, aim 0.80): 0.67",
		"efficiency = 0.67 (floor CPU/req 40.0µs ÷ /tiltak strom CPU/req 60.0µs, over all rounds; each round: 0.66)",
		"server CPU/req", "loadtest CPU/req", "40.0µs", "30.0µs", "60.0µs",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestReportWithoutBotCPU: against a running bot without --pid the
// efficiency is not measured and not judged.
func TestReportWithoutBotCPU(t *testing.T) {
	r := &report{conns: 32, duration: time.Second,
		floor:  result{name: "floor", requests: 1000, window: time.Second, cpu: 40 * time.Millisecond},
		tiltak: result{name: "/tiltak strom", requests: 800, window: time.Second},
		ratios: []float64{0.8}}
	var out bytes.Buffer
	r.print(&out)
	if !strings.Contains(out.String(), "efficiency: not measured") || strings.Contains(out.String(), "CPU/req ≤") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestFlags(t *testing.T) {
	tests := []struct {
		args []string
		ok   bool
	}{
		{nil, true}, {[]string{"-c", "8", "-d", "2s"}, true}, {[]string{"--url", "http://127.0.0.1:3000/slack/events", "--secret", "s"}, true},
		{[]string{"--url", "http://127.0.0.1:3000"}, false}, {[]string{"-c", "0"}, false}, {[]string{"-d", "0s"}, false},
		{[]string{"--rounds", "0"}, false}, {[]string{"extra"}, false},
		{[]string{"--url", "http://127.0.0.1:3000", "--secret", "s", "--pid", "42"}, true}, {[]string{"--pid", "42"}, false},
		{[]string{"-floor"}, false}, // the floor mode is main's, not a flag
	}
	for _, tt := range tests {
		o, err := parseFlags(tt.args, io.Discard)
		if (err == nil) != tt.ok {
			t.Errorf("%q: %v, want ok=%v", tt.args, err, tt.ok)
		}
		if err == nil && strings.HasSuffix(o.url, "/slack/events") {
			t.Errorf("%q: url %q keeps the path", tt.args, o.url)
		}
	}
}

// TestLoadToolAgainstTheBot builds the bot, runs it against the stub and
// fires both commands for a moment: every request must succeed and every
// target must be judged. (How fast is not asserted here.)
func TestLoadToolAgainstTheBot(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the bot")
	}
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-c", "4", "-d", "300ms", "--warmup", "0s", "--rounds", "1", "--settle", "0s"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errOut.String())
	}
	for _, want := range []string{"floor", "/tiltak strom", "/beredskap logg", "bot/floor = ", "start to ready: ", "idle RSS: ", "restart to ready with ",
		"efficiency", "the floor's RSS"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if n := strings.Count(out.String(), "PASS") + strings.Count(out.String(), "MISS"); n != 7 {
		t.Errorf("%d targets judged, want 7:\n%s", n, out.String())
	}
}

// BenchmarkFloor is the floor handler measured as bot's
// BenchmarkSignedTiltakStrom measures the bot's (a signed /tiltak strom
// through the handler, no network), so that the two can be set side by
// side: go test -bench 'Floor|SignedTiltakStrom$' ./cmd/loadtest ./bot.
func BenchmarkFloor(b *testing.B) {
	fl := newFloor([]byte(testSecret), testCard)
	t := tiltakTarget("")
	now := time.Now()
	bodies := make([][]byte, b.N)
	sigs := make([]string, b.N)
	for i := range bodies {
		bodies[i] = []byte(t.form() + "&trigger_id=" + strconv.Itoa(i) + ".bench")
		sigs[i] = bot.Signature(testSecret, now, bodies[i])
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewReader(bodies[i]))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(bot.HeaderTimestamp, ts)
		req.Header.Set(bot.HeaderSignature, sigs[i])
		w := httptest.NewRecorder()
		fl.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("HTTP %d: %s", w.Code, w.Body)
		}
	}
}
