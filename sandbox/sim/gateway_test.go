package sim_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"testing"
	"time"
)

// TestUpgradeRefused proves that a bad query is refused before the
// upgrade, with the status a browser would see as a failed socket.
func TestUpgradeRefused(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	cases := []struct {
		name, query string
		status      int
	}{
		{"no brandId", "channelId=chat_abc&customerId=c", http.StatusBadRequest},
		{"brandId not a number", "brandId=abc&channelId=chat_abc&customerId=c", http.StatusBadRequest},
		{"brandId zero", "brandId=0&channelId=chat_abc&customerId=c", http.StatusBadRequest},
		{"no channelId", "brandId=1086&customerId=c", http.StatusBadRequest},
		{"unknown channelId", "brandId=1086&channelId=nope&customerId=c", http.StatusNotFound},
		{"no customerId", "brandId=1086&channelId=chat_abc&visitorId=", http.StatusBadRequest},
	}
	for _, tc := range cases {
		ws, resp, err := dialRaw(srv, "/gw", tc.query)
		if err == nil {
			ws.CloseNow()
			t.Fatalf("%s: upgrade accepted", tc.name)
		}
		if resp == nil {
			t.Fatalf("%s: no HTTP response: %v", tc.name, err)
		}
		equal(t, tc.name+" status", resp.StatusCode, tc.status)
	}
	// A secured session names no customer but carries a token, which must
	// be one the authorize service signed.
	ws, resp, err := dialRaw(srv, "/gw", "brandId=1086&channelId=chat_abc&transactionToken=tok")
	if err == nil {
		ws.CloseNow()
		t.Fatal("forged transaction token accepted")
	}
	equal(t, "forged token status", resp.StatusCode, http.StatusUnauthorized)
}

// TestHeartbeat proves a heartbeat is answered with the JSON string "pong".
func TestHeartbeat(t *testing.T) {
	t.Parallel()
	c := dial(t, setup(t, idleAgent), "/gw", defaultQuery)
	c.sendText(`{"action":"heartbeat"}`)
	equal(t, "heartbeat answer", c.next(), `"pong"`)
}

// createdAtRE is the platform's time format.
var createdAtRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// TestErrorForms proves that bad requests get the error form and that
// frames without an id are ignored.
func TestErrorForms(t *testing.T) {
	t.Parallel()
	c := dial(t, setup(t, idleAgent), "/gw", defaultQuery)

	c.sendText(chatFrame(t, "e-1", 1086, "chat_abc", "NoSuchEvent", map[string]any{}))
	f := c.nextJSON()
	equal(t, "unknown type eventId", f.str("eventId"), "e-1")
	equal(t, "unknown type code", f.str("error.errorCode"), "UnknownEventType")
	if f.str("error.transactionId") == "" || !createdAtRE.MatchString(f.str("createdAt")) {
		t.Fatalf("error form incomplete: %v", f)
	}

	c.sendText(chatFrame(t, "e-2", 999, "chat_abc", "FetchThreadList", map[string]any{}))
	f = c.nextJSON()
	equal(t, "bad brand", []string{f.str("eventId"), f.str("error.errorCode")}, []string{"e-2", "InvalidRequest"})

	c.sendText(chatFrame(t, "e-3", 1086, "chat_live", "FetchThreadList", map[string]any{}))
	equal(t, "bad channel code", c.nextJSON().str("error.errorCode"), "InvalidRequest")

	c.sendText(chatFrame(t, "e-4", 1086, "chat_abc", "SendMessage", textMessage("thread-1", "m-1", "  ")))
	f = c.nextJSON()
	equal(t, "blank text", []string{f.str("eventId"), f.str("error.errorCode")}, []string{"e-4", "InvalidRequest"})

	c.sendText(`{"eventId":"e-5","action":"chatWindowEvent","payload":7}`)
	equal(t, "payload not an object", c.nextJSON().str("error.errorCode"), "InvalidRequest")

	// Not JSON, and JSON without an eventId: no answer. The pong that
	// follows must be the very next frame.
	c.sendText(`not json`)
	c.sendText(`{"action":"chatWindowEvent","payload":{}}`)
	c.sendText(`{"action":"heartbeat"}`)
	equal(t, "after ignored frames", c.next(), `"pong"`)
}

// TestCapturedSessionAnswered runs every frame the reference 2.2.0 client
// sent in the captured session through the simulator and checks each gets
// a reply of the form the reference expects; none is left unanswered.
func TestCapturedSessionAnswered(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	var open string
	if err := json.Unmarshal(capturedFrames(t, "ws-open")[0], &struct {
		URL *string `json:"url"`
	}{&open}); err != nil {
		t.Fatal(err)
	}
	c := dial(t, srv, "/gw", open[len("/gw?"):])

	// want is the reply form for each event type: the data form with a
	// type, the postback form with a type, or the bare acknowledgement.
	want := map[string]struct{ form, typ string }{
		"SendMessage":           {"data", "MessageCreated"},
		"RecoverThread":         {"postback", "ThreadRecovered"},
		"MessageSeenByConsumer": {"ack", ""},
		"FetchThreadList":       {"postback", "ThreadListFetched"},
		"LoadThreadMetadata":    {"postback", "ThreadMetadataLoaded"},
		"UpdateThread":          {"postback", "ThreadUpdated"},
		"ArchiveThread":         {"postback", "ThreadArchived"},
		"SendOfflineMessage":    {"postback", "OfflineMessageSent"},
		"SenderTypingStarted":   {"ack", ""},
		"SenderTypingEnded":     {"ack", ""},
	}
	frames := capturedFrames(t, "ws-in")
	if len(frames) < 10 {
		t.Fatalf("only %d captured frames", len(frames))
	}
	for _, raw := range frames {
		req := decode(t, string(raw))
		typ := req.str("payload.eventType")
		w, ok := want[typ]
		if !ok {
			t.Fatalf("captured event %s has no expected form", typ)
		}
		c.sendText(string(raw))
		f := c.replyTo(req.str("eventId"))
		if f.has("error") {
			t.Fatalf("%s answered with an error: %v", typ, f)
		}
		switch w.form {
		case "data":
			equal(t, typ+" eventType", f.str("eventType"), w.typ)
			if f.get("data") == nil {
				t.Fatalf("%s: no data: %v", typ, f)
			}
		case "postback":
			equal(t, typ+" postback.eventType", f.str("postback.eventType"), w.typ)
			if !f.has("postback.data") {
				t.Fatalf("%s: no postback.data: %v", typ, f)
			}
		case "ack":
			equal(t, typ+" ack data", f.get("data"), any(map[string]any{}))
		}
		if !createdAtRE.MatchString(f.str("createdAt")) {
			t.Fatalf("%s: createdAt %q", typ, f.str("createdAt"))
		}
	}
}

// TestReceivedLog proves the admin log holds every chatWindowEvent, in
// order, with its connection's query, and not heartbeats.
func TestReceivedLog(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	c.sendText(`{"action":"heartbeat"}`)
	c.next()
	id1 := c.request("FetchThreadList", map[string]any{})
	c.replyTo(id1)
	id2 := c.request("NoSuchEvent", map[string]any{})
	c.replyTo(id2)

	var log []struct {
		Query string `json:"query"`
		Frame obj    `json:"frame"`
	}
	getJSON(t, srv.URL+"/sandbox/received", &log)
	equal(t, "entries", len(log), 2)
	equal(t, "order", []string{log[0].Frame.str("eventId"), log[1].Frame.str("eventId")}, []string{id1, id2})
	equal(t, "query", log[0].Query, defaultQuery)
}

// TestCloseDropsSockets proves Close ends open sockets and a pending
// agent without waiting for it.
func TestCloseDropsSockets(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	id := c.request("SendMessage", textMessage("thread-1", "m-1", "hello"))
	c.replyTo(id)
	start := time.Now()
	srv.Config.Handler.(interface{ Close() }).Close()
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Close took %v", d)
	}
	deadline := time.After(waitFrame)
	for {
		select {
		case _, ok := <-c.frames:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("socket still open after Close")
		}
	}
}
