package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// faultRoutes registers the fault injection API, JSON over loopback. Every
// POST body may name a target, `{brandId, channelId, customerId}`; parts
// left out match every connection. Times are in milliseconds; "ms" is how
// long a fault lasts (0 or absent: until cleared).
//
//	POST   /sandbox/faults/drop       {…target, everyMessages}
//	       drop the target's connections now (answers {"count": n}); with
//	       everyMessages n, instead drop a connection each n-th SendMessage,
//	       after storing the message and before acknowledging it
//	POST   /sandbox/faults/heartbeat  {…target, ms, silent}
//	       leave heartbeats unanswered, on every connection of the target
//	       until the time is up; silent instead turns the target's open
//	       connections half-open for good: requests are still handled, but
//	       nothing is sent to them any more (answers {"count": n})
//	POST   /sandbox/faults/refuse     {…target, ms, count, status}
//	       refuse gateway upgrades (status 503 unless given), for ms or for
//	       the next count upgrades
//	POST   /sandbox/faults/error      {…target, eventType, errorCode, errorMessage, count, ms}
//	       answer the next count (default 1) requests of eventType ("*":
//	       any) with an error frame instead of handling them
//	POST   /sandbox/faults/delay      {…target, delayMs, ms}
//	       hold every frame to those connections back delayMs, in order
//	POST   /sandbox/faults/reorder    {…target, count, ms, holdMs}
//	       swap the next count (default 1) pairs of consecutive frames; a
//	       held frame goes out alone after holdMs (default 250)
//	POST   /sandbox/faults/malformed  {…target, kind}
//	       send one malformed frame now (answers {"count": n}); kind is one
//	       of not-json, unknown-event, wrong-types, huge (5 MiB), giant (64 MiB), invalid-utf8,
//	       no-event-id
//	GET    /sandbox/faults            {"counts": {…}, "active": {…}, "waiting": n}
//	       waiting is how many frames a delay or reorder holds back now:
//	       0 once every late frame has gone out, which tests wait for
//	       instead of sleeping past the delay
//	DELETE /sandbox/faults[/{kind}]   clear every fault (and the counts), or one kind
func (s *Server) faultRoutes() {
	s.mux.HandleFunc("POST /sandbox/faults/drop", s.serveFaultDrop)
	s.mux.HandleFunc("POST /sandbox/faults/heartbeat", s.serveFaultHeartbeat)
	s.mux.HandleFunc("POST /sandbox/faults/refuse", s.serveFaultRefuse)
	s.mux.HandleFunc("POST /sandbox/faults/error", s.serveFaultError)
	s.mux.HandleFunc("POST /sandbox/faults/delay", s.serveFaultDelay)
	s.mux.HandleFunc("POST /sandbox/faults/reorder", s.serveFaultReorder)
	s.mux.HandleFunc("POST /sandbox/faults/malformed", s.serveFaultMalformed)
	s.mux.HandleFunc("GET /sandbox/faults", s.serveFaults)
	s.mux.HandleFunc("DELETE /sandbox/faults", func(w http.ResponseWriter, _ *http.Request) {
		s.faults.clear("")
		writeJSON(w, http.StatusOK, map[string]bool{"cleared": true})
	})
	s.mux.HandleFunc("DELETE /sandbox/faults/{kind}", func(w http.ResponseWriter, r *http.Request) {
		kind := r.PathValue("kind")
		switch kind {
		case "drop", "heartbeat", "refuse", "error", "delay", "reorder":
		default:
			writeError(w, http.StatusNotFound, "unknown fault "+kind)
			return
		}
		s.faults.clear(kind)
		writeJSON(w, http.StatusOK, map[string]bool{"cleared": true})
	})
}

// faultRequest is the body of every POST /sandbox/faults/… route; each
// route reads the fields it documents.
type faultRequest struct {
	BrandID       json.RawMessage `json:"brandId"`
	ChannelID     string          `json:"channelId"`
	CustomerID    string          `json:"customerId"`
	MS            int             `json:"ms"`
	Count         int             `json:"count"`
	EveryMessages int             `json:"everyMessages"`
	Silent        bool            `json:"silent"`
	Status        int             `json:"status"`
	EventType     string          `json:"eventType"`
	ErrorCode     string          `json:"errorCode"`
	ErrorMessage  string          `json:"errorMessage"`
	DelayMS       int             `json:"delayMs"`
	HoldMS        int             `json:"holdMs"`
	Kind          string          `json:"kind"`
}

// readFault decodes a fault request; on error it has answered 400. The
// window's time starts now by the faults' clock.
func (s *Server) readFault(w http.ResponseWriter, r *http.Request) (*faultRequest, target, window, bool) {
	var req faultRequest
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		writeError(w, http.StatusBadRequest, "cannot read body")
		return nil, target{}, window{}, false
	}
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields() // a misspelt field must not silently widen a fault
		if err := dec.Decode(&req); err != nil {
			writeError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
			return nil, target{}, window{}, false
		}
	}
	if req.MS < 0 || req.Count < 0 || req.EveryMessages < 0 || req.DelayMS < 0 || req.HoldMS < 0 {
		writeError(w, http.StatusBadRequest, "ms, count, everyMessages, delayMs and holdMs must not be negative")
		return nil, target{}, window{}, false
	}
	tg := target{channel: req.ChannelID, customer: req.CustomerID}
	if b := strings.Trim(string(req.BrandID), `"`); b != "" && b != "null" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			writeError(w, http.StatusBadRequest, "brandId must be a positive number")
			return nil, target{}, window{}, false
		}
		tg.brand = n
	}
	win := window{left: req.Count}
	if req.MS > 0 {
		win.until = s.faults.clock.Now().Add(time.Duration(req.MS) * time.Millisecond)
	}
	return &req, tg, win, true
}

// serveFaultDrop drops connections now, or sets a standing drop rule.
func (s *Server) serveFaultDrop(w http.ResponseWriter, r *http.Request) {
	req, tg, _, ok := s.readFault(w, r)
	if !ok {
		return
	}
	if req.EveryMessages > 0 {
		s.faults.mu.Lock()
		s.faults.drops = append(s.faults.drops, &dropRule{target: tg, every: req.EveryMessages, seen: map[customerKey]int{}})
		s.faults.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]int{"count": 0})
		return
	}
	victims := s.targeted(tg)
	for _, c := range victims {
		c.kill()
	}
	s.faults.mu.Lock()
	s.faults.counts.Dropped += len(victims)
	s.faults.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]int{"count": len(victims)})
}

func (s *Server) serveFaultHeartbeat(w http.ResponseWriter, r *http.Request) {
	req, tg, win, ok := s.readFault(w, r)
	if !ok {
		return
	}
	if req.Silent {
		victims := s.targeted(tg)
		s.faults.mu.Lock()
		for _, c := range victims {
			c.faults.silent = true
		}
		s.faults.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]int{"count": len(victims)})
		return
	}
	win.left = 0
	s.addRule(w, func(f *faults) { f.stalls = append(f.stalls, &stallRule{tg, win}) })
}

// targeted returns the open gateway connections tg matches.
func (s *Server) targeted(tg target) []*conn {
	var out []*conn
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		if tg.matches(c.faultKey) {
			out = append(out, c)
		}
	}
	return out
}

func (s *Server) serveFaultRefuse(w http.ResponseWriter, r *http.Request) {
	req, tg, win, ok := s.readFault(w, r)
	if !ok {
		return
	}
	status := req.Status
	if status == 0 {
		status = http.StatusServiceUnavailable
	}
	if status < 400 || status > 599 {
		writeError(w, http.StatusBadRequest, "status must be an HTTP error status")
		return
	}
	s.addRule(w, func(f *faults) { f.refusals = append(f.refusals, &refusalRule{tg, win, status}) })
}

func (s *Server) serveFaultError(w http.ResponseWriter, r *http.Request) {
	req, tg, win, ok := s.readFault(w, r)
	if !ok {
		return
	}
	if req.EventType == "" {
		writeError(w, http.StatusBadRequest, `eventType is required ("*" for any)`)
		return
	}
	if win.left == 0 && win.until.IsZero() {
		win.left = 1
	}
	code, msg := req.ErrorCode, req.ErrorMessage
	if code == "" {
		code = "InternalServerError"
	}
	if msg == "" {
		msg = "Injected failure of " + req.EventType
	}
	s.addRule(w, func(f *faults) { f.errors = append(f.errors, &errorRule{tg, win, req.EventType, code, msg}) })
}

func (s *Server) serveFaultDelay(w http.ResponseWriter, r *http.Request) {
	req, tg, win, ok := s.readFault(w, r)
	if !ok {
		return
	}
	if req.DelayMS <= 0 {
		writeError(w, http.StatusBadRequest, "delayMs is required")
		return
	}
	win.left = 0
	d := time.Duration(req.DelayMS) * time.Millisecond
	s.addRule(w, func(f *faults) { f.delays = append(f.delays, &delayRule{tg, win, d}) })
}

func (s *Server) serveFaultReorder(w http.ResponseWriter, r *http.Request) {
	req, tg, win, ok := s.readFault(w, r)
	if !ok {
		return
	}
	if win.left == 0 && win.until.IsZero() {
		win.left = 1
	}
	hold := heldTimeout
	if req.HoldMS > 0 {
		hold = time.Duration(req.HoldMS) * time.Millisecond
	}
	s.addRule(w, func(f *faults) { f.reorders = append(f.reorders, &reorderRule{tg, win, hold}) })
}

// addRule adds a rule under the faults' lock and answers.
func (s *Server) addRule(w http.ResponseWriter, add func(*faults)) {
	s.faults.mu.Lock()
	add(s.faults)
	s.faults.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

// serveFaultMalformed sends one malformed frame to the target's
// connections.
func (s *Server) serveFaultMalformed(w http.ResponseWriter, r *http.Request) {
	req, tg, _, ok := s.readFault(w, r)
	if !ok {
		return
	}
	frame, err := malformedFrame(req.Kind)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	victims := s.targeted(tg)
	for _, c := range victims {
		s.send(c, frame)
	}
	s.faults.mu.Lock()
	s.faults.counts.MalformedSent += len(victims)
	s.faults.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]int{"count": len(victims)})
}

// hugeFrameSize is larger than any client should accept (the SDK's limit
// is 4 MiB); giantFrameSize is the size a client must refuse before
// copying it anywhere (issue 9, finding 10).
const (
	hugeFrameSize  = 5 << 20
	giantFrameSize = 64 << 20
)

// malformedFrame builds one frame of a malformed kind.
func malformedFrame(kind string) ([]byte, error) {
	switch kind {
	case "not-json":
		return []byte(`{"eventId": "` + newID() + `", this is not JSON`), nil
	case "unknown-event":
		return encode(dataFrame{EventID: newID(), EventType: "SandboxUnknownEvent", CreatedAt: now(), Data: map[string]any{"note": "no client knows this event type"}}), nil
	case "wrong-types":
		// A MessageCreated push whose every field has the wrong type.
		return []byte(`{"eventId":"` + newID() + `","eventType":"MessageCreated","createdAt":12345,"data":{"brand":"x","channel":[],"case":7,"thread":"not an object","message":{"id":42,"idOnExternalPlatform":false,"threadId":[],"messageContent":"text","direction":9,"createdAt":{},"attachments":"none"}}}`), nil
	case "huge", "giant":
		size := hugeFrameSize
		if kind == "giant" {
			size = giantFrameSize
		}
		var b bytes.Buffer
		b.Grow(size + 200)
		b.WriteString(`{"eventId":"` + newID() + `","eventType":"SandboxHugeEvent","createdAt":"` + now() + `","data":{"padding":"`)
		b.Write(bytes.Repeat([]byte("x"), size))
		b.WriteString(`"}}`)
		return b.Bytes(), nil
	case "invalid-utf8":
		return []byte("{\"eventId\":\"" + newID() + "\",\"eventType\":\"SandboxBadText\",\"data\":{\"text\":\"\xff\xfe\"}}"), nil
	case "no-event-id":
		return encode(map[string]any{"eventType": "MessageCreated", "createdAt": now(), "data": map[string]any{}}), nil
	}
	return nil, errors.New("kind must be one of not-json, unknown-event, wrong-types, huge, giant, invalid-utf8, no-event-id")
}

// faultsView is GET /sandbox/faults.
type faultsView struct {
	Counts  faultCounts    `json:"counts"`
	Active  map[string]int `json:"active"`
	Waiting int            `json:"waiting"` // frames held back now
}

func (s *Server) serveFaults(w http.ResponseWriter, _ *http.Request) {
	conns := s.targeted(target{})
	f := s.faults
	f.mu.Lock()
	waiting := 0
	for _, c := range conns {
		waiting += len(c.faults.line)
		if c.faults.held != nil {
			waiting++
		}
	}
	f.prune(f.clock.Now())
	v := faultsView{Counts: f.counts, Active: map[string]int{
		"drop": len(f.drops), "heartbeat": len(f.stalls), "refuse": len(f.refusals),
		"error": len(f.errors), "delay": len(f.delays), "reorder": len(f.reorders),
	}, Waiting: waiting}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, v)
}
