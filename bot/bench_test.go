package bot_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/bot"
)

// signedBodies returns n unique signed slash-command bodies (a fresh
// trigger_id each, so the replay guard accepts every one) and their
// signatures at the harness clock's now.
func (h *harness) signedBodies(n int, command, text, channel string) ([][]byte, []string, string) {
	now := h.clock.Now()
	bodies := make([][]byte, n)
	sigs := make([]string, n)
	for i := range bodies {
		bodies[i] = h.slashForm(command, text, "U0KRISE002", channel, "bench")
		sigs[i] = bot.Signature(testSecret, now, bodies[i])
	}
	return bodies, sigs, fmt.Sprint(now.Unix())
}

// BenchmarkSignedLogg measures a signed `/beredskap logg` through the
// HTTP handler: verification, parsing, the handler, the durable
// hash-chained append (synchronous=FULL on a real file) and the answer.
func BenchmarkSignedLogg(b *testing.B) {
	h := newHarness(b, nil)
	h.incidentChannel("Strømbrudd", "strom", "C0INCBENCH")
	handler := h.app.HTTPHandler()
	bodies, sigs, ts := h.signedBodies(b.N, "/beredskap", "logg Strømaggregat settes inn ved rådhuset", "C0INCBENCH")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewReader(bodies[i]))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(bot.HeaderTimestamp, ts)
		req.Header.Set(bot.HeaderSignature, sigs[i])
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, req)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Beslutning #") {
			b.Fatalf("HTTP %d: %s", w.Code, w.Body)
		}
	}
}

// benchParallel fires the signed bodies at the harness's HTTP server on
// 127.0.0.1 from 32 goroutines over 32 kept-alive connections, as the
// load tool does, and fails on any answer without want.
func benchParallel(b *testing.B, h *harness, bodies [][]byte, sigs []string, ts, want string) {
	tr := &http.Transport{MaxIdleConnsPerHost: 32, MaxConnsPerHost: 32, DisableCompression: true}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var next atomic.Int64
	b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0)))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1) - 1
			req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/slack/events", bytes.NewReader(bodies[i]))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set(bot.HeaderTimestamp, ts)
			req.Header.Set(bot.HeaderSignature, sigs[i])
			resp, err := c.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
				b.Errorf("HTTP %d, %v: %.200s", resp.StatusCode, err, body)
				return
			}
		}
	})
}

// BenchmarkSignedTiltakStromParallel is /tiltak strom over real HTTP
// with 32 concurrent connections.
func BenchmarkSignedTiltakStromParallel(b *testing.B) {
	h := newHarness(b, nil)
	bodies, sigs, ts := h.signedBodies(b.N, "/tiltak", "strom", "C0GENERAL")
	benchParallel(b, h, bodies, sigs, ts, `"blocks"`)
}

// BenchmarkSignedLoggParallel is /beredskap logg over real HTTP with 32
// concurrent connections into one incident: concurrent decisions share
// commits, each still on disk before its answer.
func BenchmarkSignedLoggParallel(b *testing.B) {
	h := newHarness(b, nil)
	inc := h.incidentChannel("Strømbrudd", "strom", "C0INCBENCH")
	bodies, sigs, ts := h.signedBodies(b.N, "/beredskap", "logg Strømaggregat settes inn ved rådhuset", "C0INCBENCH")
	benchParallel(b, h, bodies, sigs, ts, "Beslutning #")
	b.StopTimer()
	if err := h.db.VerifyLog(b.Context(), inc.ID); err != nil {
		b.Fatalf("hash chain after the run: %v", err)
	}
}
