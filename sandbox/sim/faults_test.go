package sim_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/internal/fakeclock"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sandbox/sim"
)

// otherQuery opens a socket for a second customer, cust-2.
const otherQuery = "v=0&sdkPlatform=web&sdkVersion=2.2.0&brandId=1086&channelId=chat_abc&customerId=cust-2&visitorId="

// fault posts body to /sandbox/faults/kind and returns the answer,
// failing the test unless it is 200.
func fault(t *testing.T, srv *httptest.Server, kind, body string) obj {
	t.Helper()
	status, _, out := httpDo(t, http.MethodPost, srv.URL+"/sandbox/faults/"+kind, nil, body)
	if status != http.StatusOK {
		t.Fatalf("POST /sandbox/faults/%s %s: HTTP %d: %s", kind, body, status, out)
	}
	return decode(t, out)
}

// setupClock is setup with a fake clock: fault windows open and close, and
// held frames go out, only when the test advances it.
func setupClock(t *testing.T, delay time.Duration) (*httptest.Server, *fakeclock.Clock) {
	t.Helper()
	clock := fakeclock.New(time.Unix(1_800_000_000, 0))
	s := sim.New(sim.Config{AgentDelay: delay, Clock: clock})
	srv := httptest.NewServer(s)
	t.Cleanup(func() {
		s.Close()
		srv.Close()
	})
	return srv, clock
}

// waitCounts polls the fault counters until ok accepts them, failing the
// test after waitFrame: the gateway handles a socket's frames on its own
// goroutine, so a counter moves some time after the frame was written.
func waitCounts(t *testing.T, srv *httptest.Server, what string, ok func(obj) bool) obj {
	t.Helper()
	deadline := time.Now().Add(waitFrame)
	for {
		v := counts(t, srv)
		if ok(v) {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v: %v", what, waitFrame, v)
		}
		time.Sleep(2 * time.Millisecond) // a poll between checks, not a wait for time to pass
	}
}

// counts returns the fault counters.
func counts(t *testing.T, srv *httptest.Server) obj {
	t.Helper()
	var v obj
	getJSON(t, srv.URL+"/sandbox/faults", &v)
	return v
}

// num reads a number at path.
func (o obj) num(path string) int {
	f, _ := o.get(path).(float64)
	return int(f)
}

// waitClosed fails the test unless the socket ends within waitFrame.
func (c *client) waitClosed() {
	c.t.Helper()
	deadline := time.After(waitFrame)
	for {
		select {
		case _, ok := <-c.frames:
			if !ok {
				return
			}
		case <-deadline:
			c.t.Fatal("socket still open")
		}
	}
}

// ready waits for a round trip: the simulator registers a socket just
// after the handshake, so a fault aimed at it at once could miss it.
func (c *client) ready() *client {
	c.t.Helper()
	equal(c.t, "heartbeat answer", c.heartbeat(), `"pong"`)
	return c
}

// heartbeat sends a heartbeat and returns the next frame.
func (c *client) heartbeat() string {
	c.t.Helper()
	c.sendText(`{"action":"heartbeat"}`)
	return c.next()
}

// TestFaultDrop proves a drop ends the named customer's sockets only, and
// that a drop without a target ends every socket.
func TestFaultDrop(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	ann := dial(t, srv, "/gw", defaultQuery).ready()
	bob := dial(t, srv, "/gw", otherQuery).ready()
	equal(t, "dropped", fault(t, srv, "drop", `{"customerId":"cust-1"}`).num("count"), 1)
	ann.waitClosed()
	equal(t, "the other customer's socket", bob.heartbeat(), `"pong"`)
	equal(t, "dropped", fault(t, srv, "drop", ``).num("count"), 1)
	bob.waitClosed()
	equal(t, "counted", counts(t, srv).num("counts.dropped"), 2)
}

// TestFaultDropEveryMessages proves the standing drop rule stores the n-th
// message and drops the socket before acknowledging it, and that the
// client's resend of the same message id is acknowledged and stored once.
func TestFaultDropEveryMessages(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	fault(t, srv, "drop", `{"customerId":"cust-1","everyMessages":2}`)
	c := dial(t, srv, "/gw", defaultQuery)
	c.replyTo(c.request("SendMessage", textMessage("thread-1", "m-1", "one")))
	resend := chatFrame(t, "ev-2", 1086, "chat_abc", "SendMessage", textMessage("thread-1", "m-2", "two"))
	c.sendText(resend)
	c.waitClosed()

	again := dial(t, srv, "/gw", defaultQuery)
	again.sendText(resend) // the outbox sends the same frame again
	ack := again.replyTo("ev-2")
	equal(t, "acknowledged", ack.str("data.message.idOnExternalPlatform"), "m-2")

	var threads []obj
	getJSON(t, srv.URL+"/sandbox/threads", &threads)
	var ids []string
	for _, m := range threads[0].list("messages") {
		ids = append(ids, obj(m.(map[string]any)).str("idOnExternalPlatform"))
	}
	equal(t, "stored once, in order", ids, []string{"m-1", "m-2"})
	equal(t, "dropped", counts(t, srv).num("counts.dropped"), 1)
}

// TestFaultHeartbeat proves a stall leaves heartbeats unanswered while
// other frames flow, until cleared, and that a silent stall turns the open
// socket half-open for good (its requests handled, nothing sent back)
// while a new socket works.
func TestFaultHeartbeat(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	fault(t, srv, "heartbeat", `{"customerId":"cust-1"}`)
	c.sendText(`{"action":"heartbeat"}`)
	id := c.request("FetchThreadList", map[string]any{})
	// The socket's frames are handled in order, so a pong would come
	// before this answer: getting the answer first proves the heartbeat
	// was swallowed, with no wait.
	equal(t, "the request is answered", c.nextJSON().str("eventId"), id)
	httpDo(t, http.MethodDelete, srv.URL+"/sandbox/faults/heartbeat", nil, "")
	equal(t, "answered after the stall", c.heartbeat(), `"pong"`)

	equal(t, "silenced", fault(t, srv, "heartbeat", `{"customerId":"cust-1","silent":true}`).num("count"), 1)
	c.sendText(`{"action":"heartbeat"}`)
	c.sendText(chatFrame(t, "s-1", 1086, "chat_abc", "SendMessage", textMessage("thread-1", "m-1", "into the void")))
	// The message's acknowledgement (and its pushes) are withheld once the
	// gateway has handled it, after the heartbeat before it.
	v := waitCounts(t, srv, "the acknowledgement withheld", func(v obj) bool { return v.num("counts.framesWithheld") >= 1 })
	equal(t, "heartbeats unanswered", v.num("counts.heartbeatsUnanswered"), 2)
	// Bounded, and it cannot fail on a slow machine: a half-open socket is
	// sent nothing, ever. It gives a wrongly sent frame a chance to show.
	c.quiet(50 * time.Millisecond)
	var threads []obj
	getJSON(t, srv.URL+"/sandbox/threads", &threads)
	equal(t, "the request was handled", len(threads[0].list("messages")), 1)
	again := dial(t, srv, "/gw", defaultQuery)
	equal(t, "a new socket is answered", again.heartbeat(), `"pong"`)
}

// TestFaultHeartbeatExpires proves a stall with a time ends by itself:
// heartbeats go unanswered until its last millisecond and are answered
// after it. The sandbox's fake clock moves only when the test says, so a
// slow machine cannot let the stall run out early.
func TestFaultHeartbeatExpires(t *testing.T) {
	t.Parallel()
	srv, clock := setupClock(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	fault(t, srv, "heartbeat", `{"ms":150}`)
	for _, step := range []time.Duration{0, 149 * time.Millisecond} {
		clock.Advance(step)
		c.sendText(`{"action":"heartbeat"}`)
		// Frames are handled in order: the answer coming first proves the
		// heartbeat before it was swallowed.
		id := c.request("FetchThreadList", map[string]any{})
		equal(t, "unanswered, "+step.String()+" into the stall", c.nextJSON().str("eventId"), id)
	}
	clock.Advance(time.Millisecond)
	equal(t, "answered once the stall is over", c.heartbeat(), `"pong"`)
	v := counts(t, srv)
	equal(t, "unanswered", v.num("counts.heartbeatsUnanswered"), 2)
	equal(t, "active", v.num("active.heartbeat"), 0)
}

// TestFaultRefuse proves upgrades are refused for a count or a time, and
// only for the target.
func TestFaultRefuse(t *testing.T) {
	t.Parallel()
	srv, clock := setupClock(t, idleAgent)
	fault(t, srv, "refuse", `{"customerId":"cust-1","count":2}`)
	for i := 0; i < 2; i++ {
		ws, resp, err := dialRaw(srv, "/gw", defaultQuery)
		if err == nil {
			ws.CloseNow()
			t.Fatalf("upgrade %d accepted", i+1)
		}
		equal(t, "refused status", resp.StatusCode, http.StatusServiceUnavailable)
	}
	dial(t, srv, "/gw", otherQuery) // not the target
	dial(t, srv, "/gw", defaultQuery)

	// A timed refusal, on the fake clock: it ends when the test advances
	// the clock past it, however slow the machine.
	fault(t, srv, "refuse", `{"ms":150,"status":502}`)
	for _, step := range []time.Duration{0, 149 * time.Millisecond} {
		clock.Advance(step)
		ws, resp, err := dialRaw(srv, "/gw", otherQuery)
		if err == nil {
			ws.CloseNow()
			t.Fatalf("upgrade accepted %v into the refusal", step)
		}
		equal(t, "refused status", resp.StatusCode, http.StatusBadGateway)
	}
	clock.Advance(time.Millisecond)
	dial(t, srv, "/gw", otherQuery)
	equal(t, "refused", counts(t, srv).num("counts.refused"), 4)
}

// TestFaultError proves the next request of an event type gets the
// injected error instead of its answer, and the one after is handled.
func TestFaultError(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	fault(t, srv, "error", `{"eventType":"SendMessage","errorCode":"MessageRejected","errorMessage":"no"}`)
	f := c.replyTo(c.request("FetchThreadList", map[string]any{}))
	equal(t, "other types are handled", f.str("postback.eventType"), "ThreadListFetched")
	f = c.replyTo(c.request("SendMessage", textMessage("thread-1", "m-1", "hi")))
	equal(t, "error", []string{f.str("error.errorCode"), f.str("error.errorMessage")}, []string{"MessageRejected", "no"})
	f = c.replyTo(c.request("SendMessage", textMessage("thread-1", "m-1", "hi")))
	equal(t, "the next one is handled", f.str("eventType"), "MessageCreated")

	fault(t, srv, "error", `{"eventType":"*","count":2}`)
	for i := 0; i < 2; i++ {
		f = c.replyTo(c.request("FetchThreadList", map[string]any{}))
		equal(t, "any type", f.str("error.errorCode"), "InternalServerError")
	}
	equal(t, "answered with errors", counts(t, srv).num("counts.errorsAnswered"), 3)
}

// TestFaultDelay proves delayed frames are held back for the delay, then
// arrive in order, and that frames behind them keep their place when the
// delay is cleared. The delay runs on the sandbox's fake clock, so a slow
// machine can neither release the frames early nor let the first three
// leave before the fourth joins the line.
func TestFaultDelay(t *testing.T) {
	t.Parallel()
	srv, clock := setupClock(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	fault(t, srv, "delay", `{"delayMs":300}`)
	var ids []string
	for i := 0; i < 3; i++ {
		ids = append(ids, c.request("FetchThreadList", map[string]any{}))
	}
	waitCounts(t, srv, "three answers held", func(v obj) bool { return v.num("counts.framesDelayed") == 3 })
	httpDo(t, http.MethodDelete, srv.URL+"/sandbox/faults/delay", nil, "")
	ids = append(ids, c.request("FetchThreadList", map[string]any{}))
	v := waitCounts(t, srv, "the fourth answer in line", func(v obj) bool { return v.num("counts.framesDelayed") == 4 })
	equal(t, "waiting", v.num("waiting"), 4)
	clock.Advance(299 * time.Millisecond)
	// Bounded, and it cannot fail on a slow machine: with the clock short
	// of the delay no held frame is due. It gives a frame released early
	// a chance to show.
	c.quiet(50 * time.Millisecond)
	clock.Advance(time.Millisecond)
	var got []string
	for range ids {
		got = append(got, c.nextJSON().str("eventId"))
	}
	equal(t, "order", got, ids)
	v = counts(t, srv)
	equal(t, "delayed", v.num("counts.framesDelayed"), 4)
	equal(t, "none waiting", v.num("waiting"), 0)
}

// TestFaultReorder proves a pair of frames is swapped, and a frame that no
// other follows still goes out once its hold is over. The hold runs on the
// sandbox's fake clock, so a slow machine cannot release the first frame
// alone before its partner comes.
func TestFaultReorder(t *testing.T) {
	t.Parallel()
	srv, clock := setupClock(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	fault(t, srv, "reorder", `{}`)
	a := c.request("FetchThreadList", map[string]any{})
	b := c.request("FetchThreadList", map[string]any{})
	equal(t, "swapped", []string{c.nextJSON().str("eventId"), c.nextJSON().str("eventId")}, []string{b, a})

	fault(t, srv, "reorder", `{}`)
	alone := c.request("FetchThreadList", map[string]any{})
	if !clock.WaitFor(250*time.Millisecond, waitFrame) { // the answer is held
		t.Fatal("no frame held")
	}
	clock.Advance(250 * time.Millisecond)
	equal(t, "released alone", c.nextJSON().str("eventId"), alone)
	equal(t, "reordered", counts(t, srv).num("counts.framesReordered"), 1)
}

// TestFaultMalformed proves each kind of malformed frame is sent as
// described, and a bad kind is refused.
func TestFaultMalformed(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery).ready()
	c.ws.SetReadLimit(8 << 20)
	check := map[string]func(string) bool{
		"not-json": func(f string) bool { return !json.Valid([]byte(f)) },
		"unknown-event": func(f string) bool {
			return decode(t, f).str("eventType") == "SandboxUnknownEvent"
		},
		"wrong-types": func(f string) bool {
			o := decode(t, f)
			_, idIsNumber := o.get("data.message.id").(float64)
			return o.str("eventType") == "MessageCreated" && idIsNumber && o.str("data.thread") == "not an object"
		},
		"huge":         func(f string) bool { return len(f) > 4<<20 && json.Valid([]byte(f)) },
		"invalid-utf8": func(f string) bool { return !utf8.ValidString(f) },
		"no-event-id": func(f string) bool {
			o := decode(t, f)
			return !o.has("eventId") && o.str("eventType") == "MessageCreated"
		},
	}
	for kind, ok := range check {
		equal(t, kind+" sent", fault(t, srv, "malformed", `{"kind":"`+kind+`"}`).num("count"), 1)
		if f := c.next(); !ok(f) {
			t.Fatalf("%s: got %.200s", kind, f)
		}
	}
	equal(t, "still answers", c.heartbeat(), `"pong"`)
	status, _, _ := httpDo(t, http.MethodPost, srv.URL+"/sandbox/faults/malformed", nil, `{"kind":"nope"}`)
	equal(t, "bad kind", status, http.StatusBadRequest)
	equal(t, "sent", counts(t, srv).num("counts.malformedSent"), len(check))
}

// TestFaultAdmin proves bad requests are refused, GET lists the active
// faults and DELETE clears them.
func TestFaultAdmin(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	for _, tc := range []struct{ kind, body string }{
		{"heartbeat", `{"sient":true}`}, // misspelt: refused, not widened
		{"heartbeat", `{"ms":-1}`},
		{"error", `{}`},
		{"delay", `{}`},
		{"refuse", `{"status":200}`},
		{"drop", `{"brandId":"abc"}`},
		{"drop", `not json`},
	} {
		status, _, body := httpDo(t, http.MethodPost, srv.URL+"/sandbox/faults/"+tc.kind, nil, tc.body)
		if status != http.StatusBadRequest || !strings.Contains(body, "errorMessage") {
			t.Fatalf("%s %s: HTTP %d %s", tc.kind, tc.body, status, body)
		}
	}
	fault(t, srv, "heartbeat", `{"brandId":1086}`)
	fault(t, srv, "refuse", `{"customerId":"nobody"}`)
	fault(t, srv, "drop", `{"everyMessages":5}`)
	v := counts(t, srv)
	equal(t, "active", []int{v.num("active.heartbeat"), v.num("active.refuse"), v.num("active.drop")}, []int{1, 1, 1})
	status, _, _ := httpDo(t, http.MethodDelete, srv.URL+"/sandbox/faults/nope", nil, "")
	equal(t, "unknown kind", status, http.StatusNotFound)
	httpDo(t, http.MethodDelete, srv.URL+"/sandbox/faults", nil, "")
	v = counts(t, srv)
	equal(t, "cleared", []int{v.num("active.heartbeat"), v.num("active.refuse"), v.num("active.drop")}, []int{0, 0, 0})
	c := dial(t, srv, "/gw", defaultQuery)
	equal(t, "no fault left", c.heartbeat(), `"pong"`)
}
