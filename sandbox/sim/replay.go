package sim

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// The replay gateway is the stand-in of shared/protocol/vectors/README.md
// ("The set-up"): a dumb gateway that answers from a queue of templates and
// pushes whatever a test gives it, logging everything, so that the
// conformance vectors can be replayed against the SDK.
//
//	GET  /replay/gw        WebSocket, any query
//	POST /replay/respond   body: a reply template ($EVENT_ID is replaced)
//	POST /replay/push      body: a frame sent verbatim; answers {"count": n}
//	GET  /replay/log       [{kind: ws-open|ws-in|ws-out|http, t, v}]
//	POST /replay/reset     empties the queue and the log
//	*    /replay/…         anything else: 200 {} (REST and OAuth stand-in)

// replay is the replay gateway's state.
type replay struct {
	mu      sync.Mutex
	queue   []string
	log     []replayEntry
	sockets map[*conn]struct{}
}

// replayEntry is one line of the replay log, shaped like the lines of
// vectors/v1-reference-3.3.0-frames.jsonl.
type replayEntry struct {
	Kind string `json:"kind"`
	T    string `json:"t"`
	V    any    `json:"v"`
}

// newReplay returns an empty replay gateway.
func newReplay() *replay {
	return &replay{sockets: map[*conn]struct{}{}}
}

// replayRoutes registers the replay gateway.
func (s *Server) replayRoutes() {
	s.mux.HandleFunc("GET /replay/gw", s.serveReplaySocket)
	s.mux.HandleFunc("POST /replay/respond", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))
		s.replay.mu.Lock()
		s.replay.queue = append(s.replay.queue, string(body))
		n := len(s.replay.queue)
		s.replay.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]int{"queued": n})
	})
	s.mux.HandleFunc("POST /replay/push", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))
		writeJSON(w, http.StatusOK, map[string]int{"count": s.replay.pushAll(body)})
	})
	s.mux.HandleFunc("GET /replay/log", func(w http.ResponseWriter, _ *http.Request) {
		s.replay.mu.Lock()
		entries := append([]replayEntry{}, s.replay.log...)
		s.replay.mu.Unlock()
		writeJSON(w, http.StatusOK, entries)
	})
	s.mux.HandleFunc("POST /replay/reset", func(w http.ResponseWriter, _ *http.Request) {
		s.replay.mu.Lock()
		s.replay.queue, s.replay.log = nil, nil
		s.replay.mu.Unlock()
		writeJSON(w, http.StatusOK, struct{}{})
	})
	s.mux.HandleFunc("/replay/", s.serveReplayHTTP)
}

// serveReplayHTTP answers every other request under /replay/ with 200 {},
// including preflights, and logs it.
func (s *Server) serveReplayHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))
	s.replay.record("http", map[string]any{
		"method": r.Method, "url": r.URL.RequestURI(), "headers": r.Header, "body": string(body),
	})
	writeJSON(w, http.StatusOK, struct{}{})
}

// serveReplaySocket runs one replay socket.
func (s *Server) serveReplaySocket(w http.ResponseWriter, r *http.Request) {
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return
	}
	ws.SetReadLimit(readLimit)
	c := newConn(ws, r.URL.RawQuery, nil)
	if !s.track(c) {
		c.kill()
		return
	}
	s.replay.open(c, r.URL.RequestURI())
	defer func() {
		s.replay.closed(c)
		s.untrack(c)
		c.kill()
	}()
	for {
		frame, err := c.read()
		if err != nil {
			return
		}
		s.replay.record("ws-in", jsonOrText(frame))
		if reply := s.replay.answer(frame); reply != nil {
			s.replay.record("ws-out", jsonOrText(reply))
			c.enqueue(reply)
		}
	}
}

// answer returns the reply to one frame: "pong" to a heartbeat, the next
// template (or a plain data reply) to a frame with an eventId, else nil.
func (rp *replay) answer(frame []byte) []byte {
	var f struct {
		Action  string `json:"action"`
		EventID any    `json:"eventId"`
	}
	if json.Unmarshal(frame, &f) != nil {
		return nil
	}
	if f.Action == "heartbeat" {
		return pong
	}
	id, ok := f.EventID.(string)
	if !ok || id == "" {
		return nil
	}
	rp.mu.Lock()
	var tmpl string
	queued := len(rp.queue) > 0
	if queued {
		tmpl, rp.queue = rp.queue[0], rp.queue[1:]
	}
	rp.mu.Unlock()
	if !queued {
		return encode(replyEmpty(id))
	}
	// The id is a JSON string; splice it in escaped, without its quotes.
	quoted, _ := json.Marshal(id)
	return []byte(strings.ReplaceAll(tmpl, "$EVENT_ID", string(quoted[1:len(quoted)-1])))
}

// pushAll sends frame verbatim to every open replay socket.
func (rp *replay) pushAll(frame []byte) int {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	n := 0
	for c := range rp.sockets {
		if c.enqueue(frame) {
			rp.add("ws-out", jsonOrText(frame))
			n++
		}
	}
	return n
}

// open registers a socket and logs its URL.
func (rp *replay) open(c *conn, url string) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	rp.sockets[c] = struct{}{}
	rp.add("ws-open", url)
}

// closed forgets a socket.
func (rp *replay) closed(c *conn) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	delete(rp.sockets, c)
}

// record appends one log entry.
func (rp *replay) record(kind string, v any) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	rp.add(kind, v)
}

// add appends one log entry; rp.mu must be held.
func (rp *replay) add(kind string, v any) {
	rp.log = append(rp.log, replayEntry{Kind: kind, T: stamp(time.Now()), V: v})
}

// jsonOrText is frame as JSON if it is JSON, else as a string.
func jsonOrText(frame []byte) any {
	if json.Valid(frame) {
		return json.RawMessage(append([]byte(nil), frame...))
	}
	return string(frame)
}
