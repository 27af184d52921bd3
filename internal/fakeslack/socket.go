package fakeslack

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// socketState is the Socket Mode side of the server; guarded by Server.mu.
type socketState struct {
	tickets  map[string]bool            // handed out by apps.connections.open, single use
	open     []*socketConn              // open connections, oldest first
	accepted int                        // connections accepted since start
	pending  []json.RawMessage          // envelopes waiting for a connection
	acks     map[string]json.RawMessage // envelope ID -> ack payload (nil if none)
	closed   bool                       // the server is shutting down
}

func (st *socketState) init() {
	st.tickets = map[string]bool{}
	st.acks = map[string]json.RawMessage{}
}

type socketConn struct {
	ws   *websocket.Conn
	wmu  sync.Mutex // serialises data frames; gorilla allows one writer
	done chan struct{}
	once sync.Once
}

func (c *socketConn) write(msg []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, msg)
}

// kill closes the TCP connection without a close frame, like a network
// failure.
func (c *socketConn) kill() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.UnderlyingConn().Close()
	})
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveSocket accepts a Socket Mode connection opened with a ticket from
// apps.connections.open, says hello, delivers queued envelopes, pings, and
// reads acks until the connection ends.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	valid := s.sock.tickets[ticket]
	delete(s.sock.tickets, ticket)
	s.mu.Unlock()
	if !valid {
		http.Error(w, "invalid ticket", http.StatusUnauthorized)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &socketConn{ws: ws, done: make(chan struct{})}

	// Hold the write lock until hello and the queue are out, so that an
	// envelope sent meanwhile cannot overtake them.
	c.wmu.Lock()
	s.mu.Lock()
	if s.sock.closed {
		s.mu.Unlock()
		c.wmu.Unlock()
		c.kill()
		return
	}
	s.sock.open = append(s.sock.open, c)
	s.sock.accepted++
	n := len(s.sock.open)
	queued := s.sock.pending
	s.sock.pending = nil
	s.broadcastLocked()
	s.mu.Unlock()
	hello, _ := json.Marshal(map[string]any{
		"type":            "hello",
		"num_connections": n,
		"debug_info": map[string]any{
			"host": "fakeslack", "build_number": 1, "approximate_connection_time": 18060,
		},
		"connection_info": map[string]any{"app_id": AppID},
	})
	err = c.ws.WriteMessage(websocket.TextMessage, hello)
	for _, env := range queued {
		if err == nil {
			err = c.ws.WriteMessage(websocket.TextMessage, env)
		}
	}
	c.wmu.Unlock()
	if err != nil {
		s.mu.Lock()
		s.sock.pending = append(queued, s.sock.pending...)
		s.mu.Unlock()
		s.forget(c)
		return
	}
	s.logf("fakeslack: socket connection %d open", n)

	go s.ping(c)
	s.readAcks(c)
	s.forget(c)
}

// ping sends websocket pings until the connection ends.
func (s *Server) ping(c *socketConn) {
	t := time.NewTicker(s.cfg.pingInterval)
	defer t.Stop()
	for {
		if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(5*time.Second)); err != nil {
			return
		}
		select {
		case <-c.done:
			return
		case <-t.C:
		}
	}
}

// readAcks records every {"envelope_id":…,"payload":…} the client sends.
func (s *Server) readAcks(c *socketConn) {
	for {
		_, msg, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(msg, &ack) != nil || ack.EnvelopeID == "" {
			continue
		}
		s.mu.Lock()
		s.sock.acks[ack.EnvelopeID] = ack.Payload
		s.broadcastLocked()
		s.mu.Unlock()
	}
}

// forget removes a connection from the open ones and closes it.
func (s *Server) forget(c *socketConn) {
	s.mu.Lock()
	s.sock.open = slices.DeleteFunc(s.sock.open, func(o *socketConn) bool { return o == c })
	s.broadcastLocked()
	s.mu.Unlock()
	c.kill()
}

// SendSocketEvent pushes an envelope of type envType ("slash_commands",
// "interactive" or "events_api") with the given payload to the newest
// Socket Mode connection, or queues it for the next connection if none is
// open. It returns the envelope ID to pass to WaitAck. It fails the test if
// envType is unknown or payload cannot be encoded.
func (s *Server) SendSocketEvent(t testing.TB, envType string, payload any) (envelopeID string) {
	t.Helper()
	body, err := json.Marshal(payload)
	if err != nil {
		t.Fatalf("fakeslack: encode %s payload: %v", envType, err)
	}
	accepts := false
	switch envType {
	case "slash_commands":
		accepts = true
	case "interactive":
		var p struct {
			Type string `json:"type"`
		}
		_ = json.Unmarshal(body, &p)
		accepts = p.Type == "view_submission" || p.Type == "block_suggestion"
	case "events_api":
	default:
		t.Fatalf("fakeslack: unknown envelope type %q", envType)
	}
	id := newEnvelopeID()
	env, _ := json.Marshal(map[string]any{
		"envelope_id":              id,
		"type":                     envType,
		"payload":                  json.RawMessage(body),
		"accepts_response_payload": accepts,
		"retry_attempt":            0,
		"retry_reason":             "",
	})
	for {
		s.mu.Lock()
		if len(s.sock.open) == 0 {
			s.sock.pending = append(s.sock.pending, env)
			s.mu.Unlock()
			return id
		}
		c := s.sock.open[len(s.sock.open)-1]
		s.mu.Unlock()
		if c.write(env) == nil {
			return id
		}
		s.forget(c)
	}
}

// Acked returns the payload of the ack for an envelope (nil if the ack had
// none) and whether it has been acked.
func (s *Server) Acked(envelopeID string) (json.RawMessage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.sock.acks[envelopeID]
	return p, ok
}

// WaitAck waits up to timeout for the client to ack an envelope and returns
// the ack's payload (nil if it had none). It fails the test on timeout.
func (s *Server) WaitAck(t testing.TB, envelopeID string, timeout time.Duration) json.RawMessage {
	t.Helper()
	var payload json.RawMessage
	ok := s.waitFor(timeout, func() bool {
		var acked bool
		payload, acked = s.sock.acks[envelopeID]
		return acked
	})
	if !ok {
		t.Fatalf("fakeslack: envelope %s not acked within %v", envelopeID, timeout)
	}
	return payload
}

// DropSocket closes every open Socket Mode connection without a close
// frame, as a network failure would; the client is expected to reconnect.
// Envelopes sent afterwards wait for the next connection.
func (s *Server) DropSocket() {
	s.mu.Lock()
	conns := s.sock.open
	s.sock.open = nil
	s.broadcastLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.kill()
	}
}

// SocketConnections returns how many Socket Mode connections the server has
// accepted since it started (open or not).
func (s *Server) SocketConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sock.accepted
}

// WaitSocketConnections waits up to timeout until at least n connections
// have been accepted and one is open. It fails the test on timeout.
func (s *Server) WaitSocketConnections(t testing.TB, n int, timeout time.Duration) {
	t.Helper()
	if !s.waitFor(timeout, func() bool { return s.sock.accepted >= n && len(s.sock.open) > 0 }) {
		t.Fatalf("fakeslack: %d socket connections not reached within %v", n, timeout)
	}
}

// waitFor waits until cond (called with s.mu held) is true or timeout
// passes, and reports whether cond became true.
func (s *Server) waitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok := cond()
		changed := s.changed
		s.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return false
		}
	}
}

// closeSockets closes every connection and refuses new ones.
func (s *Server) closeSockets() {
	s.mu.Lock()
	s.sock.closed = true
	s.mu.Unlock()
	s.DropSocket()
}

// newEnvelopeID returns a random ID shaped like Slack's (a UUID).
func newEnvelopeID() string {
	h := randomHex(16)
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
}
