package sim

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// faults holds the faults a test has injected (see fault_admin.go for the
// admin routes that set them). The gateway passes every upgrade, inbound
// frame and outbound frame through its hooks; with no fault set they let
// everything through unchanged.
//
// Each fault applies to the connections its target matches (a brand,
// channel and customer; empty parts match anything). A connection is
// matched by the customer it was opened for. Faults end when their time is
// up, when their count is used, or when DELETE /sandbox/faults clears them.
//
// To add a fault: give it a rule type and a slice here, an admin route in
// fault_admin.go, and act on it in upgrade, inbound or send.
type faults struct {
	clock    Clock // Config.Clock: every window and held frame is timed by it
	mu       sync.Mutex
	stalls   []*stallRule
	refusals []*refusalRule
	errors   []*errorRule
	drops    []*dropRule
	delays   []*delayRule
	reorders []*reorderRule
	counts   faultCounts
}

// faultCounts says how often each fault acted: tests assert on them to
// prove a fault really happened.
type faultCounts struct {
	Dropped              int `json:"dropped"`              // connections dropped
	Refused              int `json:"refused"`              // upgrades refused
	HeartbeatsUnanswered int `json:"heartbeatsUnanswered"` // heartbeats swallowed
	FramesWithheld       int `json:"framesWithheld"`       // frames a silent stall swallowed
	ErrorsAnswered       int `json:"errorsAnswered"`       // requests answered with an injected error
	FramesDelayed        int `json:"framesDelayed"`
	FramesReordered      int `json:"framesReordered"`
	MalformedSent        int `json:"malformedSent"`
}

// target names the connections a fault applies to; a zero field matches
// every value.
type target struct {
	brand    int64
	channel  string
	customer string
}

// matches reports whether the connection opened for key is targeted.
func (t target) matches(key *customerKey) bool {
	if key == nil {
		return false // replay sockets are never faulted
	}
	return (t.brand == 0 || t.brand == key.brand) &&
		(t.channel == "" || t.channel == key.channel) &&
		(t.customer == "" || t.customer == key.customer)
}

// window is when a rule acts: until a time (zero: until cleared) and, when
// left > 0, for that many more uses.
type window struct {
	until time.Time
	left  int // 0: unlimited
}

// live reports whether the window is still open at now.
func (w *window) live(now time.Time) bool {
	return w.until.IsZero() || now.Before(w.until)
}

// use spends one use; it reports whether the rule is now used up.
func (w *window) use() (spent bool) {
	if w.left == 0 {
		return false
	}
	w.left--
	return w.left == 0
}

// stallRule: heartbeats go unanswered.
type stallRule struct {
	target
	window
}

// refusalRule: gateway upgrades are refused with status.
type refusalRule struct {
	target
	window
	status int
}

// errorRule: the next requests of eventType are answered with an error
// instead of being handled.
type errorRule struct {
	target
	window
	eventType string
	code, msg string
}

// dropRule: every n-th SendMessage frame of a customer is stored, and its
// connection dropped before the acknowledgement goes out.
type dropRule struct {
	target
	every int
	seen  map[customerKey]int
}

// delayRule: every frame to the connection is held back d, in order.
type delayRule struct {
	target
	window
	d time.Duration
}

// reorderRule: pairs of consecutive frames to the connection are swapped;
// a held frame that no other follows within hold goes out alone.
type reorderRule struct {
	target
	window
	hold time.Duration
}

// connFaults is a connection's own fault state, guarded by faults.mu.
type connFaults struct {
	silent   bool      // half-open: nothing is answered or sent any more
	dropNext bool      // drop at the next outbound frame
	held     []byte    // a frame waiting to be swapped with the next
	heldSeq  int       // bumped per held frame, so a late timer can tell
	heldAt   Timer     // releases held if no frame follows
	line     []delayed // frames held back, oldest first
	draining bool      // a goroutine is releasing line
}

type delayed struct {
	frame []byte
	at    time.Time
}

// heldTimeout is how long a frame waits for a partner to swap with before
// it goes out alone, unless the rule says otherwise.
const heldTimeout = 250 * time.Millisecond

// prune drops rules that can no longer act. f.mu must be held.
func (f *faults) prune(now time.Time) {
	f.stalls = keepLive(f.stalls, now, func(r *stallRule) *window { return &r.window })
	f.refusals = keepLive(f.refusals, now, func(r *refusalRule) *window { return &r.window })
	f.errors = keepLive(f.errors, now, func(r *errorRule) *window { return &r.window })
	f.delays = keepLive(f.delays, now, func(r *delayRule) *window { return &r.window })
	f.reorders = keepLive(f.reorders, now, func(r *reorderRule) *window { return &r.window })
}

func keepLive[R any](rules []R, now time.Time, w func(R) *window) []R {
	out := rules[:0]
	for _, r := range rules {
		if w(r).live(now) {
			out = append(out, r)
		}
	}
	clear(rules[len(out):])
	return out
}

// upgrade may refuse a gateway upgrade with an HTTP status (0 = accept).
func (f *faults) upgrade(r *http.Request) (status int, reason string) {
	q := r.URL.Query()
	brand, _ := strconv.ParseInt(q.Get("brandId"), 10, 64)
	key := &customerKey{brand: brand, channel: q.Get("channelId"), customer: q.Get("customerId")}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.prune(f.clock.Now())
	for i, rule := range f.refusals {
		if rule.matches(key) {
			f.counts.Refused++
			if rule.use() {
				f.refusals = append(f.refusals[:i], f.refusals[i+1:]...)
			}
			return rule.status, "refused by an injected fault"
		}
	}
	return 0, ""
}

// peek is the little of an inbound frame the faults look at.
type peek struct {
	Action  string          `json:"action"`
	EventID json.RawMessage `json:"eventId"`
	Payload struct {
		EventType json.RawMessage `json:"eventType"`
	} `json:"payload"`
}

// inbound sees each frame a gateway client sends, before the simulator
// does; true means the fault consumed it.
func (f *faults) inbound(c *conn, frame []byte) (consumed bool) {
	var p peek
	if json.Unmarshal(frame, &p) != nil {
		return false
	}
	var eventID, eventType string
	_ = json.Unmarshal(p.EventID, &eventID)
	_ = json.Unmarshal(p.Payload.EventType, &eventType)
	var reply []byte
	f.mu.Lock()
	f.prune(f.clock.Now())
	switch {
	case c.faults.silent:
		if p.Action == "heartbeat" {
			f.counts.HeartbeatsUnanswered++
		}
		// Requests are still handled: only the answers are lost.
	case p.Action == "heartbeat":
		for _, rule := range f.stalls {
			if rule.matches(c.faultKey) {
				f.counts.HeartbeatsUnanswered++
				consumed = true
				break
			}
		}
	case eventID != "" && eventType != "":
		for i, rule := range f.errors {
			if rule.matches(c.faultKey) && (rule.eventType == eventType || rule.eventType == "*") {
				f.counts.ErrorsAnswered++
				if rule.use() {
					f.errors = append(f.errors[:i], f.errors[i+1:]...)
				}
				reply = encode(replyError(eventID, rule.code, rule.msg))
				consumed = true
				break
			}
		}
		if consumed || eventType != "SendMessage" {
			break
		}
		for _, rule := range f.drops {
			if rule.matches(c.faultKey) {
				rule.seen[*c.faultKey]++
				if rule.seen[*c.faultKey]%rule.every == 0 {
					c.faults.dropNext = true // stored, then dropped before the ack
				}
			}
		}
	}
	f.mu.Unlock()
	if reply != nil {
		f.send(c, reply)
	}
	return consumed
}

// send writes frame to c through the outbound faults: it may be withheld,
// delayed, swapped with the next frame, or end the connection.
func (f *faults) send(c *conn, frame []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cf := &c.faults
	if cf.dropNext {
		cf.dropNext = false
		f.counts.Dropped++
		c.kill()
		return
	}
	if cf.silent {
		f.counts.FramesWithheld++
		return
	}
	now := f.clock.Now()
	f.prune(now)
	frames := [][]byte{frame}
	if cf.held != nil {
		frames = [][]byte{frame, cf.held}
		cf.held = nil
		cf.heldAt.Stop()
		f.counts.FramesReordered++
	} else {
		for i, rule := range f.reorders {
			if rule.matches(c.faultKey) {
				if rule.use() {
					f.reorders = append(f.reorders[:i], f.reorders[i+1:]...)
				}
				cf.held = frame
				cf.heldSeq++
				seq := cf.heldSeq
				cf.heldAt = f.clock.AfterFunc(rule.hold, func() { f.releaseHeld(c, seq) })
				return
			}
		}
	}
	var d time.Duration
	for _, rule := range f.delays {
		if rule.matches(c.faultKey) {
			d = max(d, rule.d)
		}
	}
	for _, b := range frames {
		if d == 0 && len(cf.line) == 0 {
			c.enqueue(b)
			continue
		}
		// Behind a delayed frame, a frame waits its turn even when the
		// delay is over, so that order is kept.
		f.counts.FramesDelayed++
		cf.line = append(cf.line, delayed{b, now.Add(d)})
		if !cf.draining {
			cf.draining = true
			go f.drain(c)
		}
	}
}

// releaseHeld sends a held frame that no other frame followed.
func (f *faults) releaseHeld(c *conn, seq int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cf := &c.faults
	if cf.held == nil || cf.heldSeq != seq {
		return
	}
	frame := cf.held
	cf.held = nil
	if len(cf.line) == 0 {
		c.enqueue(frame)
		return
	}
	cf.line = append(cf.line, delayed{frame, f.clock.Now()}) // keep its place behind delayed frames
}

// drain releases c's delayed frames in order, each at its time, until the
// line is empty or the connection ends.
func (f *faults) drain(c *conn) {
	for {
		f.mu.Lock()
		if len(c.faults.line) == 0 || c.ctx.Err() != nil {
			c.faults.line = nil
			c.faults.draining = false
			f.mu.Unlock()
			return
		}
		next := c.faults.line[0]
		f.mu.Unlock()
		if wait := next.at.Sub(f.clock.Now()); wait > 0 {
			due := make(chan struct{})
			t := f.clock.AfterFunc(wait, func() { close(due) })
			select {
			case <-due:
			case <-c.ctx.Done():
				t.Stop()
			}
		}
		f.mu.Lock()
		if len(c.faults.line) > 0 {
			c.faults.line = c.faults.line[1:]
			c.enqueue(next.frame)
		}
		f.mu.Unlock()
	}
}

// clear removes the rules of one kind ("" for all) and lets held frames go.
func (f *faults) clear(kind string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	all := kind == ""
	if all {
		f.counts = faultCounts{}
	}
	if all || kind == "heartbeat" {
		f.stalls = nil
	}
	if all || kind == "refuse" {
		f.refusals = nil
	}
	if all || kind == "error" {
		f.errors = nil
	}
	if all || kind == "drop" {
		f.drops = nil
	}
	if all || kind == "delay" {
		f.delays = nil
	}
	if all || kind == "reorder" {
		f.reorders = nil
	}
}

// send writes frame to c through the outbound fault hook.
func (s *Server) send(c *conn, frame []byte) {
	s.faults.send(c, frame)
}
