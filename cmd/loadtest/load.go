package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/beredskapsbot/beredskapsbot/bot"
)

// target is one slash command fired at one Slack endpoint.
type target struct {
	name    string // shown in the table, e.g. "/tiltak strom"
	url     string // the endpoint, e.g. http://127.0.0.1:3000/slack/events
	secret  string // the signing secret
	command string // "/tiltak"
	text    string // "strom"
	channel string // channel_id
	user    string // user_id
	// respondURL is the response_url sent with every command.
	respondURL string
	// expect is a substring every 200 answer must contain to count as a
	// success (the card's header, "Beslutning #" …).
	expect string
}

// form returns the slash-command form Slack would post, without the
// trigger_id: the caller appends a unique one so that no two requests
// are identical (the bot refuses a replayed signed request).
func (t target) form() string {
	return url.Values{
		"token": {"unused"}, "team_id": {stubTeamID}, "team_domain": {"lasttest"},
		"channel_id": {t.channel}, "channel_name": {"lasttest"}, "user_id": {t.user}, "user_name": {"last"},
		"command": {t.command}, "text": {t.text}, "api_app_id": {"A0LOADTEST"},
		"response_url": {t.respondURL},
	}.Encode()
}

// triggerSeq numbers requests across every phase of one invocation.
var triggerSeq atomic.Int64

// request builds one freshly signed request for t.
func (t target) request(ctx context.Context, form string) (*http.Request, error) {
	n := triggerSeq.Add(1)
	body := []byte(form + "&trigger_id=" + strconv.FormatInt(n, 10) + ".load." + strconv.FormatInt(time.Now().UnixNano(), 36))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	bot.SignRequest(req, t.secret, body, time.Now())
	return req, nil
}

// once sends one signed command and returns the answer's body; an error
// for a transport failure, a status other than 200, or an answer without
// t.expect.
func (t target) once(ctx context.Context, c *http.Client, form string) ([]byte, error) {
	req, err := t.request(ctx, form)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return body, fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, body)
	}
	if t.expect != "" && !bytes.Contains(body, []byte(t.expect)) {
		return body, fmt.Errorf("answer without %q: %.200s", t.expect, body)
	}
	return body, nil
}

// result is what one phase measured.
type result struct {
	name     string
	requests int             // successful requests started in the measured window
	errors   int             // failed requests, warm-up included
	firstErr string          // the first failure, for the report
	window   time.Duration   // the measured window
	lat      []time.Duration // latencies of the successful requests, sorted
	// cpu is the server's CPU time (utime+stime) from the start of the
	// measured window until the last request started in it was answered;
	// 0 if unknown. clientCPU is the load tool's own over the same span.
	cpu, clientCPU time.Duration
}

// merge adds the measurements of another phase of the same command.
func (r result) merge(o result) result {
	lat := append(r.lat, o.lat...)
	slices.Sort(lat)
	first := r.firstErr
	if first == "" {
		first = o.firstErr
	}
	return result{name: o.name, requests: r.requests + o.requests, errors: r.errors + o.errors, firstErr: first,
		window: r.window + o.window, lat: lat, cpu: r.cpu + o.cpu, clientCPU: r.clientCPU + o.clientCPU}
}

// cpuPerRequest is the server's CPU time per answered request in the
// window; 0 if unknown.
func (r result) cpuPerRequest() time.Duration {
	if r.requests == 0 {
		return 0
	}
	return r.cpu / time.Duration(r.requests)
}

// clientCPUPerRequest is the load tool's CPU time per answered request.
func (r result) clientCPUPerRequest() time.Duration {
	if r.requests == 0 {
		return 0
	}
	return r.clientCPU / time.Duration(r.requests)
}

// efficiency is the floor's CPU time per request divided by the bot's
// (b): 1 when the bot costs what the floor does, 0.5 when twice as much;
// 0 if either is unknown.
func efficiency(floor, b result) float64 {
	f, c := floor.cpuPerRequest(), b.cpuPerRequest()
	if f <= 0 || c <= 0 {
		return 0
	}
	return float64(f) / float64(c)
}

// perSecond is the throughput over the measured window.
func (r result) perSecond() float64 {
	if r.window <= 0 {
		return 0
	}
	return float64(r.requests) / r.window.Seconds()
}

// percentile returns the latency at or below which a fraction p of the
// requests finished (nearest rank); 0 without requests.
func (r result) percentile(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(r.lat)))) - 1
	return r.lat[min(max(i, 0), len(r.lat)-1)]
}

// newClient returns an HTTP client that keeps exactly conns connections
// to one host open, like Slack's connection pool to a busy app.
func newClient(conns int) *http.Client {
	tr := &http.Transport{
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
	}
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

// cpuClock reads a process's CPU time so far.
type cpuClock func() (time.Duration, error)

// selfCPU is the load tool's own CPU time.
func selfCPU() (time.Duration, error) { return procCPU(os.Getpid()) }

// fire runs a closed loop of conns workers against t: each sends a
// request, waits for the answer, and sends the next. Requests started
// during warmup are not measured; after warmup+duration no new request
// is started. server, when not nil, reads the server's CPU time, and
// the load tool's own is read too: both at the start of the measured
// window and again when every request has been answered. Only 127.0.0.1
// is meant to be targeted.
func fire(ctx context.Context, t target, conns int, warmup, duration time.Duration, server cpuClock) result {
	c := newClient(conns)
	defer c.CloseIdleConnections()
	form := t.form()
	start := time.Now()
	measureFrom := start.Add(warmup)
	stop := measureFrom.Add(duration)

	var serverBefore, clientBefore time.Duration
	var serverErr, clientErr error
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		sleep(ctx, time.Until(measureFrom))
		if server != nil {
			serverBefore, serverErr = server()
		}
		clientBefore, clientErr = selfCPU()
	}()
	var (
		mu       sync.Mutex
		all      []time.Duration
		errs     int
		firstErr string
		wg       sync.WaitGroup
	)
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]time.Duration, 0, 4096)
			nerr, first := 0, ""
			for ctx.Err() == nil {
				t0 := time.Now()
				if !t0.Before(stop) {
					break
				}
				_, err := t.once(ctx, c, form)
				d := time.Since(t0)
				if err != nil {
					if ctx.Err() != nil {
						break
					}
					if nerr == 0 {
						first = err.Error()
					}
					nerr++
					continue
				}
				if !t0.Before(measureFrom) {
					lat = append(lat, d)
				}
			}
			mu.Lock()
			all = append(all, lat...)
			errs += nerr
			if firstErr == "" {
				firstErr = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	<-sampled
	r := result{name: t.name, requests: len(all), errors: errs, firstErr: firstErr, window: duration, lat: all}
	if after, err := selfCPU(); err == nil && clientErr == nil {
		r.clientCPU = after - clientBefore
	}
	if server != nil {
		if after, err := server(); err == nil && serverErr == nil {
			r.cpu = after - serverBefore
		}
	}
	slices.Sort(r.lat)
	return r
}
