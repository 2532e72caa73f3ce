package sim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"
)

// faults is the fault injector. Every gateway upgrade, inbound frame and
// outbound frame passes through its hooks; the admin API under
// /sandbox/faults sets what they do (see faultRoutes). A fault applies to
// every customer unless its request names one (customerId).
type faults struct {
	mu sync.Mutex

	refuseUntil time.Time      // upgrades are refused (503) until then
	stallUntil  time.Time      // heartbeats go unanswered until then
	stallFor    string         // "" = every customer
	silent      bool           // the stall silences the socket both ways, as a half-open connection
	stalled     map[*conn]bool // the sockets a silent stall applies to: those open when it began

	dropEvery  int    // lose the reply to every Nth SendMessage and drop the socket
	dropFor    string // "" = every customer
	sendCount  int
	dropOnID   map[string]bool // eventIds whose reply kills the socket
	delay      time.Duration   // every outbound frame waits this long
	reorderN   int             // the next N outbound frames go out in reverse
	reorderBuf []heldFrame

	errors map[string]injectedError // the next request of an eventType gets this error

	counts map[string]int // what the faults did, for tests
}

type heldFrame struct {
	c     *conn
	frame []byte
}

type injectedError struct {
	Code    string `json:"errorCode"`
	Message string `json:"errorMessage"`
}

func (f *faults) count(what string) {
	if f.counts == nil {
		f.counts = map[string]int{}
	}
	f.counts[what]++
}

// customerOf is the customer id of a gateway socket ("" for replay
// sockets); safe from any goroutine.
func customerOf(c *conn) string {
	if v, ok := c.who.Load().(string); ok {
		return v
	}
	return ""
}

func matches(filter string, c *conn) bool { return filter == "" || filter == customerOf(c) }

// upgrade may refuse a gateway upgrade with an HTTP status (0 = accept).
func (f *faults) upgrade(r *http.Request) (status int, reason string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if time.Now().Before(f.refuseUntil) {
		f.count("refused")
		return http.StatusServiceUnavailable, "reconnects are refused for now (fault injection)"
	}
	return 0, ""
}

var heartbeatAction = []byte(`"heartbeat"`)

// inbound sees each frame a gateway client sends, before the simulator
// does; true means the fault consumed it.
func (f *faults) inbound(c *conn, frame []byte) (consumed bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.silent && f.stalled[c] && time.Now().Before(f.stallUntil) {
		f.count("framesSilenced")
		return true
	}
	if !f.silent && bytes.Contains(frame, heartbeatAction) && time.Now().Before(f.stallUntil) && matches(f.stallFor, c) {
		var hb struct{ Action string }
		if json.Unmarshal(frame, &hb) == nil && hb.Action == "heartbeat" {
			f.count("heartbeatsSwallowed")
			return true
		}
	}
	if f.dropEvery == 0 && len(f.errors) == 0 {
		return false
	}
	var req struct {
		EventID string `json:"eventId"`
		Payload struct {
			EventType string `json:"eventType"`
		} `json:"payload"`
	}
	if json.Unmarshal(frame, &req) != nil || req.EventID == "" {
		return false
	}
	if e, ok := f.errors[req.Payload.EventType]; ok {
		delete(f.errors, req.Payload.EventType)
		f.count("errorsAnswered")
		c.enqueue(encode(replyError(req.EventID, e.Code, e.Message)))
		return true
	}
	if f.dropEvery > 0 && req.Payload.EventType == "SendMessage" && matches(f.dropFor, c) {
		f.sendCount++
		if f.sendCount%f.dropEvery == 0 {
			if f.dropOnID == nil {
				f.dropOnID = map[string]bool{}
			}
			f.dropOnID[req.EventID] = true
		}
	}
	return false
}

// outbound maps one frame the simulator sends to the frames actually
// written now (none drops or defers it).
func (f *faults) outbound(c *conn, frame []byte) [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.silent && f.stalled[c] && time.Now().Before(f.stallUntil) {
		f.count("framesSilenced")
		return nil
	}
	if len(f.dropOnID) > 0 {
		if id := eventIDOf(frame); id != "" && f.dropOnID[id] {
			// The message is stored but its reply is lost with the socket:
			// the client must resend, and the store must not doubt it.
			delete(f.dropOnID, id)
			f.count("dropped")
			go c.kill()
			return nil
		}
	}
	if f.reorderN > 0 && customerOf(c) != "" {
		f.reorderBuf = append(f.reorderBuf, heldFrame{c, frame})
		if len(f.reorderBuf) < f.reorderN {
			return nil
		}
		held := f.reorderBuf
		f.reorderBuf, f.reorderN = nil, 0
		for i := len(held) - 1; i >= 0; i-- {
			held[i].c.enqueue(held[i].frame)
		}
		f.count("reordered")
		return nil
	}
	if f.delay > 0 {
		d := f.delay
		time.AfterFunc(d, func() { c.enqueue(frame) })
		f.count("delayed")
		return nil
	}
	return [][]byte{frame}
}

// send writes frame to c through the outbound fault hook.
func (s *Server) send(c *conn, frame []byte) {
	for _, b := range s.faults.outbound(c, frame) {
		c.enqueue(b)
	}
}

// faultRequest is the body of POST /sandbox/faults.
type faultRequest struct {
	// Fault: drop | stallHeartbeats | refuseReconnects | dropEvery | delay |
	// reorder | error | malformed | clear.
	Fault      string  `json:"fault"`
	CustomerID string  `json:"customerId"` // drop, stallHeartbeats, dropEvery, malformed: only this customer
	Seconds    float64 `json:"seconds"`    // stallHeartbeats, refuseReconnects
	Every      int     `json:"every"`      // dropEvery
	Millis     float64 `json:"millis"`     // delay
	Count      int     `json:"count"`      // reorder
	EventType  string  `json:"eventType"`
	ErrorCode  string  `json:"errorCode"`
	Message    string  `json:"errorMessage"`
	Kind       string  `json:"kind"`   // malformed: notJson | unknownType | wrongTypes | huge | noEventId | nullData
	Silent     bool    `json:"silent"` // stallHeartbeats: drop every frame both ways, not only pongs
}

// faultRoutes registers the fault admin API (loopback, like all admin):
//
//	POST /sandbox/faults {fault, …}  inject one fault; answers what it did
//	GET  /sandbox/faults             counters of what the faults did
func (s *Server) faultRoutes() {
	s.mux.HandleFunc("POST /sandbox/faults", s.serveFault)
	s.mux.HandleFunc("GET /sandbox/faults", func(w http.ResponseWriter, _ *http.Request) {
		s.faults.mu.Lock()
		out := map[string]int{}
		for k, v := range s.faults.counts {
			out[k] = v
		}
		s.faults.mu.Unlock()
		writeJSON(w, http.StatusOK, out)
	})
}

// gatewayConns lists the open gateway sockets, of one customer or all.
func (s *Server) gatewayConns(customer string) []*conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*conn
	for c := range s.conns {
		if who := customerOf(c); who != "" && (customer == "" || who == customer) {
			out = append(out, c)
		}
	}
	return out
}

// malformedFrames are the bad frames a client must survive.
var malformedFrames = map[string]func() []byte{
	"notJson":     func() []byte { return []byte("{not json") },
	"unknownType": func() []byte { return encode(push("NoSuchEventType", map[string]any{"x": 1})) },
	"wrongTypes": func() []byte {
		return []byte(`{"eventId":7,"eventType":["MessageCreated"],"createdAt":false,"data":"text"}`)
	},
	"noEventId": func() []byte { return []byte(`{"eventType":"MessageCreated","data":{}}`) },
	"nullData":  func() []byte { return encode(push("MessageCreated", nil)) },
	"huge": func() []byte {
		return []byte(`{"eventId":"huge","eventType":"MessageCreated","data":{"pad":"` + strings.Repeat("x", 2<<20) + `"}}`)
	},
}

func (s *Server) serveFault(w http.ResponseWriter, r *http.Request) {
	var in faultRequest
	if err := readJSON(r, &in); err != nil {
		writeError(w, http.StatusBadRequest, "body must be a JSON fault request")
		return
	}
	f := s.faults
	dur := time.Duration(in.Seconds * float64(time.Second))
	switch in.Fault {
	case "drop":
		n := 0
		for _, c := range s.gatewayConns(in.CustomerID) {
			c.kill()
			n++
		}
		f.mu.Lock()
		if f.counts == nil {
			f.counts = map[string]int{}
		}
		f.counts["dropped"] += n
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]int{"dropped": n})
		return
	case "stallHeartbeats":
		// A silent stall is a half-open connection: the sockets open now
		// hear and say nothing; a new socket works.
		stalled := map[*conn]bool{}
		for _, c := range s.gatewayConns(in.CustomerID) {
			stalled[c] = true
		}
		f.mu.Lock()
		f.stallUntil, f.stallFor, f.silent, f.stalled = time.Now().Add(dur), in.CustomerID, in.Silent, stalled
		f.mu.Unlock()
	case "refuseReconnects":
		f.mu.Lock()
		f.refuseUntil = time.Now().Add(dur)
		f.mu.Unlock()
	case "dropEvery":
		f.mu.Lock()
		f.dropEvery, f.dropFor, f.sendCount = in.Every, in.CustomerID, 0
		f.mu.Unlock()
	case "delay":
		f.mu.Lock()
		f.delay = time.Duration(in.Millis * float64(time.Millisecond))
		f.mu.Unlock()
	case "reorder":
		f.mu.Lock()
		f.reorderN, f.reorderBuf = in.Count, nil
		f.mu.Unlock()
	case "error":
		if in.EventType == "" {
			writeError(w, http.StatusBadRequest, "error needs eventType")
			return
		}
		code, msg := in.ErrorCode, in.Message
		if code == "" {
			code = "InjectedError"
		}
		if msg == "" {
			msg = "Injected error"
		}
		f.mu.Lock()
		if f.errors == nil {
			f.errors = map[string]injectedError{}
		}
		f.errors[in.EventType] = injectedError{code, msg}
		f.mu.Unlock()
	case "malformed":
		mk, ok := malformedFrames[in.Kind]
		if !ok {
			writeError(w, http.StatusBadRequest, "malformed kind must be notJson, unknownType, wrongTypes, noEventId, nullData or huge")
			return
		}
		n := 0
		for _, c := range s.gatewayConns(in.CustomerID) {
			if c.enqueue(mk()) {
				n++
			}
		}
		writeJSON(w, http.StatusOK, map[string]int{"sent": n})
		return
	case "clear":
		f.mu.Lock()
		held := f.reorderBuf
		f.refuseUntil, f.stallUntil, f.stallFor, f.silent, f.stalled = time.Time{}, time.Time{}, "", false, nil
		f.dropEvery, f.dropFor, f.dropOnID, f.delay, f.reorderN, f.reorderBuf, f.errors = 0, "", nil, 0, 0, nil, nil
		f.mu.Unlock()
		for _, h := range held {
			h.c.enqueue(h.frame)
		}
	default:
		writeError(w, http.StatusBadRequest, "unknown fault "+in.Fault)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{})
}
