// Command loadtest fires correctly signed slash commands at Beredskapsbot
// over HTTP and prints throughput, latency and CPU time per answered
// request, next to a floor: the smallest honest Slack handler (verify,
// parse, the bot's own card byte for byte), which this binary serves in a
// child process of its own (its hidden -floor mode), so that its CPU time
// is read from /proc as the bot's is.
//
// On a shared 2-core machine the load tool competes with the server it
// measures, and throughput drifts by ±10 % and more between runs; the CPU
// time a server spends per answered request (utime+stime from
// /proc/<pid>/stat, read before and after each measured window) drifts
// far less. The floor and the bot are therefore compared twice: bot/floor
// throughput, and efficiency, the floor's CPU time per request divided by
// the bot's.
//
// By default it builds the bot, runs it as a child process in HTTP mode
// against a minimal Slack stub (a temp database, the embedded example
// plan), and measures start-to-ready and idle memory too:
//
//	go run ./cmd/loadtest                      # 32 connections, 10 s per command
//	go run ./cmd/loadtest -c 32 -d 10s
//	go run ./cmd/loadtest --url http://127.0.0.1:3000 --secret S --channel C0INCIDENT
//
// With --url it targets a bot that is already running (only 127.0.0.1 is
// meant); /beredskap logg then needs --channel, an open incident's
// channel, and its CPU time is read only with --pid. It exits 1 if any
// request failed or the bot could not be run, 2 for bad flags; missed
// targets are printed as MISS, not failed.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// options are the command-line flags.
type options struct {
	url      string
	secret   string
	bin      string
	plan     string
	channel  string
	logLevel string
	pid      int
	conns    int
	rounds   int
	duration time.Duration
	warmup   time.Duration
	settle   time.Duration
}

func main() {
	if code, ok := runFloorMode(os.Args[1:]); ok {
		os.Exit(code)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.url, "url", "", "a running bot (http://127.0.0.1:PORT); empty: build and run one")
	fs.StringVar(&o.secret, "secret", "", "its SLACK_SIGNING_SECRET (required with --url)")
	fs.StringVar(&o.channel, "channel", "", "with --url: an open incident's channel for /beredskap logg (skipped without)")
	fs.IntVar(&o.pid, "pid", 0, "with --url: the bot's process ID, to read its CPU time from /proc")
	fs.StringVar(&o.bin, "bin", "", "a built beredskapsbot binary to run (default: go build the module)")
	fs.StringVar(&o.plan, "plan", "", "BEREDSKAP_PLAN for the bot (default: the embedded example plan)")
	fs.StringVar(&o.logLevel, "log-level", "info", "LOG_LEVEL for the bot")
	fs.IntVar(&o.conns, "c", 32, "concurrent connections")
	fs.IntVar(&o.rounds, "rounds", 3, "rounds of floor then /tiltak strom; the throughput ratio is their median")
	fs.DurationVar(&o.duration, "d", 10*time.Second, "measured duration per command")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured warm-up per command")
	fs.DurationVar(&o.settle, "settle", time.Second, "wait after ready before the idle memory is read")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.conns < 1 || o.conns > 1024:
		return o, errors.New("-c must be between 1 and 1024")
	case o.rounds < 1 || o.rounds > 100:
		return o, errors.New("--rounds must be between 1 and 100")
	case o.duration <= 0 || o.duration > time.Hour || o.warmup < 0:
		return o, errors.New("-d must be positive and at most 1h, --warmup not negative")
	case o.url != "" && o.secret == "":
		return o, errors.New("--url needs --secret")
	case o.pid != 0 && (o.url == "" || o.pid < 0):
		return o, errors.New("--pid goes with --url and is a process ID")
	}
	o.url = strings.TrimSuffix(strings.TrimSuffix(o.url, "/"), "/slack/events")
	return o, nil
}

// report is everything one invocation measured.
type report struct {
	conns    int
	duration time.Duration
	floor    result
	tiltak   result
	ratios   []float64 // bot/floor throughput per round
	effs     []float64 // efficiency (floor CPU/req ÷ bot CPU/req) per round with both known
	logg     *result   // nil when not run
	loadavg  string    // /proc/loadavg before the run: other work on the machine
	spawned  bool
	ready    time.Duration
	idleRSS  int64
	peakRSS  int64
	floorRSS int64         // the floor's idle RSS, for scale; 0 if not read
	restart  time.Duration // start-to-ready on the filled database; 0 if not measured
	entries  int           // decisions in the database at restart
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "loadtest:", err)
		}
		return 2
	}
	rep, err := measure(ctx, o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "loadtest:", err)
		return 1
	}
	if rep.print(stdout) > 0 {
		return 1
	}
	return 0
}

// measure runs every phase and returns what it measured; an error if the
// bot could not be started or answered the first request wrongly.
func measure(ctx context.Context, o options, stderr io.Writer) (*report, error) {
	rep := &report{conns: o.conns, duration: o.duration}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		rep.loadavg = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	st := newStub()
	stubURL, stopStub, err := serve(st)
	if err != nil {
		return nil, err
	}
	defer stopStub()

	dir, err := os.MkdirTemp("", "beredskap-load-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	base, secret := o.url, o.secret
	var bot *child
	var bin string
	var env []string
	var botCPU cpuClock
	if o.pid != 0 {
		pid := o.pid
		botCPU = func() (time.Duration, error) { return procCPU(pid) }
		if _, err := botCPU(); err != nil {
			return nil, fmt.Errorf("--pid %d: %w", pid, err)
		}
	}
	if base == "" {
		rep.spawned = true
		if secret == "" {
			secret = randomSecret()
		}
		if bin = o.bin; bin == "" {
			fmt.Fprintln(stderr, "building the bot …")
			if bin, err = buildBot(ctx, dir); err != nil {
				return nil, err
			}
		}
		env = []string{"BEREDSKAP_DB=" + filepath.Join(dir, "beredskap.db"), "SLACK_SIGNING_SECRET=" + secret,
			"SLACK_BOT_TOKEN=xoxb-load", "SLACK_API_URL=" + stubURL + "/api/", "LOG_LEVEL=" + o.logLevel}
		if o.plan != "" {
			env = append(env, "BEREDSKAP_PLAN="+o.plan)
		}
		if bot, err = startBot(bin, dir, env); err != nil {
			return nil, err
		}
		defer func() { _ = bot.stop() }()
		rep.ready = bot.ready
		sleep(ctx, o.settle)
		if rep.idleRSS, _, err = bot.memory(); err != nil {
			return nil, fmt.Errorf("read the bot's memory: %w", err)
		}
		base = bot.url
		botCPU = bot.cpuTime
	}

	// U0KRISE001 is Kari Nordmann in the example plan: opening an incident needs a plan member.
	tiltak := target{name: "/tiltak strom", url: base + "/slack/events", secret: secret, command: "/tiltak", text: "strom",
		channel: "C0LOADGENERAL", user: "U0KRISE001", respondURL: stubURL + "/respond/tiltak", expect: `"blocks"`}
	hc := newClient(1)
	card, err := tiltak.once(ctx, hc, tiltak.form())
	if err != nil {
		return nil, fmt.Errorf("first /tiltak strom: %w", err)
	}
	fl, err := startFloor(dir, secret, card)
	if err != nil {
		return nil, err
	}
	defer func() { _ = fl.stop() }()
	ft := tiltak
	ft.name, ft.url = "floor", fl.url+"/slack/events"
	if got, err := ft.once(ctx, hc, ft.form()); err != nil || !bytes.Equal(got, card) {
		return nil, fmt.Errorf("the floor does not answer with the bot's card: %v %.200s", err, got)
	}
	rep.floorRSS, _, _ = fl.memory()

	// Floor and bot take turns, so a change in what else the machine is
	// doing affects both alike.
	for i := range o.rounds {
		fmt.Fprintf(stderr, "round %d/%d: floor, then /tiltak strom, %v each …\n", i+1, o.rounds, o.warmup+o.duration)
		f := fire(ctx, ft, o.conns, o.warmup, o.duration, fl.cpuTime)
		b := fire(ctx, tiltak, o.conns, o.warmup, o.duration, botCPU)
		if f.perSecond() > 0 {
			rep.ratios = append(rep.ratios, b.perSecond()/f.perSecond())
		}
		if e := efficiency(f, b); e > 0 {
			rep.effs = append(rep.effs, e)
		}
		rep.floor, rep.tiltak = rep.floor.merge(f), rep.tiltak.merge(b)
	}
	if err := fl.stop(); err != nil {
		fmt.Fprintf(stderr, "the floor did not stop cleanly: %v\n%s\n", err, fl.logTail(10))
	}

	ch := o.channel
	if rep.spawned {
		if ch, err = openIncident(ctx, tiltak, hc, st); err != nil {
			return nil, err
		}
	}
	if ch != "" {
		lg := tiltak
		lg.name, lg.command, lg.text, lg.channel, lg.expect = "/beredskap logg", "/beredskap", "logg Lasttest: strømaggregat settes inn ved rådhuset", ch, "Beslutning #"
		lg.respondURL = stubURL + "/respond/logg"
		fmt.Fprintf(stderr, "/beredskap logg: %v …\n", o.warmup+o.duration)
		r := fire(ctx, lg, o.conns, o.warmup, o.duration, botCPU)
		rep.logg = &r
		rep.entries = r.requests + r.errors
	}
	if rep.spawned {
		_, rep.peakRSS, _ = bot.memory()
		if err := bot.stop(); err != nil {
			fmt.Fprintf(stderr, "the bot did not stop cleanly: %v\n%s\n", err, bot.logTail(10))
		}
		if again, err := startBot(bin, dir, env); err == nil {
			rep.restart = again.ready
			_ = again.stop()
		} else {
			fmt.Fprintf(stderr, "restart: %v\n", err)
		}
	}
	return rep, nil
}

// openIncident opens an incident with /beredskap start from a general
// channel and waits until the bot has created its channel (read from the
// stub) and knows it (/beredskap status answers there). It returns the
// channel's ID.
func openIncident(ctx context.Context, t target, hc *http.Client, st *stub) (string, error) {
	start := t
	start.command, start.text, start.expect = "/beredskap", "start strom Lasttest strømbrudd", ""
	if _, err := start.once(ctx, hc, start.form()); err != nil {
		return "", fmt.Errorf("/beredskap start: %w", err)
	}
	ch, err := st.waitChannel(1, 10*time.Second)
	if err != nil {
		return "", err
	}
	status := t
	status.command, status.text, status.channel, status.expect = "/beredskap", "status", ch, ""
	deadline := time.Now().Add(10 * time.Second)
	for {
		body, err := status.once(ctx, hc, status.form())
		if err == nil && !strings.Contains(string(body), "hører ikke til") {
			return ch, nil
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("channel %s is not the incident's within 10 s: %v %.200s", ch, err, body)
		}
		sleep(ctx, 20*time.Millisecond)
	}
}

// serve serves h on a free port of 127.0.0.1 and returns its base URL
// and a function that stops it.
func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := newServer(h)
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// newServer returns a server for h with the bot's timeouts
// (bot.App.NewHTTPServer), so that the floor pays for them as the bot
// does.
func newServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
}

func randomSecret() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
