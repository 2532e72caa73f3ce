package sim_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func fault(t *testing.T, srv *httptest.Server, body string) obj {
	t.Helper()
	status, _, out := httpDo(t, http.MethodPost, srv.URL+"/sandbox/faults", nil, body)
	equal(t, "fault "+body, status, http.StatusOK)
	return decode(t, out)
}

func faultCounts(t *testing.T, srv *httptest.Server) map[string]float64 {
	t.Helper()
	m := map[string]float64{}
	getJSON(t, srv.URL+"/sandbox/faults", &m)
	return m
}

// closed waits for the socket to end.
func (c *client) closed(d time.Duration) bool {
	deadline := time.After(d)
	for {
		select {
		case _, ok := <-c.frames:
			if !ok {
				return true
			}
		case <-deadline:
			return false
		}
	}
}

// TestFaultDropAndRefuse: drop ends the customer's sockets; refused
// reconnects answer 503 until the time is up.
func TestFaultDropAndRefuse(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	other := dial(t, srv, "/gw", strings.Replace(defaultQuery, "cust-1", "cust-2", 1))
	c.sendText(`{"action":"heartbeat"}`)
	equal(t, "registered", c.next(), `"pong"`) // the server has taken the socket in
	equal(t, "dropped", fault(t, srv, `{"fault":"drop","customerId":"cust-1"}`).get("dropped"), any(float64(1)))
	equal(t, "socket ended", c.closed(waitFrame), true)
	other.sendText(`{"action":"heartbeat"}`)
	equal(t, "the other customer is untouched", other.next(), `"pong"`)

	fault(t, srv, `{"fault":"refuseReconnects","seconds":0.3}`)
	if ws, resp, err := dialRaw(srv, "/gw", defaultQuery); err == nil {
		ws.CloseNow()
		t.Fatal("reconnect accepted while refused")
	} else {
		equal(t, "refused", resp.StatusCode, http.StatusServiceUnavailable)
	}
	time.Sleep(350 * time.Millisecond)
	dial(t, srv, "/gw", defaultQuery)
	equal(t, "counted", faultCounts(t, srv)["refused"], float64(1))
}

// TestFaultStallHeartbeats: heartbeats go unanswered for the time given,
// other requests are still answered, then pongs come back.
func TestFaultStallHeartbeats(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	fault(t, srv, `{"fault":"stallHeartbeats","seconds":0.4}`)
	c.sendText(`{"action":"heartbeat"}`)
	id := c.request("FetchThreadList", map[string]any{})
	equal(t, "requests still answered", c.replyTo(id).str("postback.eventType"), "ThreadListFetched")
	c.quiet(100 * time.Millisecond)
	time.Sleep(400 * time.Millisecond)
	c.sendText(`{"action":"heartbeat"}`)
	equal(t, "pong again", c.next(), `"pong"`)
	equal(t, "swallowed", faultCounts(t, srv)["heartbeatsSwallowed"], float64(1))
}

// TestFaultErrorAndMalformed: the next request of a type gets the injected
// error; malformed frames reach the socket as asked.
func TestFaultErrorAndMalformed(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	fault(t, srv, `{"fault":"error","eventType":"FetchThreadList","errorCode":"Boom","errorMessage":"Injected"}`)
	id := c.request("FetchThreadList", map[string]any{})
	r := c.replyTo(id)
	equal(t, "injected error", []any{r.str("error.errorCode"), r.str("error.errorMessage")}, []any{"Boom", "Injected"})
	id = c.request("FetchThreadList", map[string]any{})
	equal(t, "only once", c.replyTo(id).str("postback.eventType"), "ThreadListFetched")

	for _, kind := range []string{"notJson", "unknownType", "wrongTypes", "noEventId", "nullData", "huge"} {
		equal(t, kind+" sent", fault(t, srv, `{"fault":"malformed","kind":"`+kind+`"}`).get("sent"), any(float64(1)))
		f := c.next()
		if kind == "notJson" && f != "{not json" || kind == "huge" && len(f) < 2<<20 {
			t.Fatalf("%s: got %.80q", kind, f)
		}
	}
	status, _, _ := httpDo(t, http.MethodPost, srv.URL+"/sandbox/faults", nil, `{"fault":"malformed","kind":"nope"}`)
	equal(t, "unknown kind", status, http.StatusBadRequest)
}

// TestFaultDropEvery: the reply to every Nth message is lost with the
// socket, but the message is stored, and a resend is not stored twice.
func TestFaultDropEvery(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	fault(t, srv, `{"fault":"dropEvery","every":2}`)
	c := dial(t, srv, "/gw", defaultQuery)
	first := chatFrame(t, "s-1", 1086, "chat_abc", "SendMessage", textMessage("th", "m-1", "one"))
	c.sendText(first)
	equal(t, "first answered", c.replyTo("s-1").str("eventType"), "MessageCreated")
	second := chatFrame(t, "s-2", 1086, "chat_abc", "SendMessage", textMessage("th", "m-2", "two"))
	c.sendText(second)
	equal(t, "socket dropped instead of the reply", c.closed(waitFrame), true)

	c = dial(t, srv, "/gw", defaultQuery)
	c.sendText(second) // the outbox resends with the same ids
	equal(t, "resend answered", c.replyTo("s-2").str("eventType"), "MessageCreated")
	var threads []struct {
		Messages []struct{ IDOnExternalPlatform string }
	}
	getJSON(t, srv.URL+"/sandbox/threads", &threads)
	equal(t, "stored once each", len(threads[0].Messages), 2)
}

// TestFaultDelayAndReorder: delayed frames arrive late; reordered ones in
// reverse.
func TestFaultDelayAndReorder(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	fault(t, srv, `{"fault":"delay","millis":300}`)
	start := time.Now()
	c.sendText(`{"action":"heartbeat"}`)
	c.next()
	if waited := time.Since(start); waited < 250*time.Millisecond {
		t.Fatalf("delayed frame came after %v", waited)
	}
	fault(t, srv, `{"fault":"clear"}`)
	fault(t, srv, `{"fault":"reorder","count":2}`)
	a := c.request("FetchThreadList", map[string]any{})
	b := c.request("LoadThreadMetadata", map[string]any{"thread": map[string]any{"idOnExternalPlatform": "none"}})
	equal(t, "reversed", []string{c.nextJSON().str("eventId"), c.nextJSON().str("eventId")}, []string{b, a})
}

// TestFaultSilentStall: a silent stall drops every frame both ways, like a
// half-open connection; afterwards the socket works again.
func TestFaultSilentStall(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	c.sendText(`{"action":"heartbeat"}`)
	equal(t, "registered", c.next(), `"pong"`)
	fault(t, srv, `{"fault":"stallHeartbeats","seconds":0.3,"silent":true}`)
	c.sendText(`{"action":"heartbeat"}`)
	c.request("FetchThreadList", map[string]any{})
	fresh := dial(t, srv, "/gw", defaultQuery)
	fresh.sendText(`{"action":"heartbeat"}`)
	equal(t, "a new socket is not stalled", fresh.next(), `"pong"`)
	c.quiet(350 * time.Millisecond)
	c.sendText(`{"action":"heartbeat"}`)
	equal(t, "pong after the stall", c.next(), `"pong"`)
}
