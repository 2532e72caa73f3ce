package sim_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestReplayGateway proves the stand-in gateway of the conformance
// vectors: default replies, queued templates, pushes, the log and reset.
func TestReplayGateway(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/replay/gw", "brandId=1086&anything=goes")

	c.sendText(`{"action":"heartbeat"}`)
	equal(t, "pong", c.next(), `"pong"`)

	c.sendText(`{"action":"chatWindowEvent","eventId":"a-1","payload":{}}`)
	def := c.nextJSON()
	equal(t, "default reply", []any{def.str("eventId"), def.get("data")}, []any{"a-1", any(map[string]any{})})
	if !createdAtRE.MatchString(def.str("createdAt")) {
		t.Fatalf("default reply createdAt: %v", def)
	}

	tmpl := `{"eventId": "$EVENT_ID", "postback": {"eventType": "ThreadArchived", "data": {}}, "createdAt": "2026-11-23T10:00:00.000Z"}`
	status, _, _ := httpDo(t, http.MethodPost, srv.URL+"/replay/respond", nil, tmpl)
	equal(t, "respond status", status, http.StatusOK)
	c.sendText(`{"action":"chatWindowEvent","eventId":"a-2","payload":{}}`)
	equal(t, "templated reply", c.next(), strings.ReplaceAll(tmpl, "$EVENT_ID", "a-2"))

	// The queue is used once: the next request gets the default again.
	c.sendText(`{"eventId":"a-3"}`)
	equal(t, "after template", c.nextJSON().str("eventId"), "a-3")

	// Frames without an eventId are not answered.
	c.sendText(`{"action":"chatWindowEvent"}`)
	c.sendText(`{"action":"heartbeat"}`)
	equal(t, "no reply without eventId", c.next(), `"pong"`)

	status, _, body := httpDo(t, http.MethodPost, srv.URL+"/replay/push", nil, `this is not JSON`)
	equal(t, "push", []any{status, body}, []any{http.StatusOK, `{"count":1}`})
	equal(t, "pushed verbatim", c.next(), `this is not JSON`)

	status, hdr, body := httpDo(t, http.MethodOptions, srv.URL+"/replay/chat/1.0/brand/1086/channel/chat_abc", http.Header{
		"Origin": {"http://127.0.0.1"}, "Access-Control-Request-Headers": {"x-sdk-version"},
	}, "")
	equal(t, "replay preflight", []any{status, body, hdr.Get("Access-Control-Allow-Origin"), hdr.Get("Access-Control-Allow-Credentials")},
		[]any{http.StatusOK, "{}", "http://127.0.0.1", "true"})
	status, _, body = httpDo(t, http.MethodPost, srv.URL+"/replay/auth/oauth/token?brandId=1", nil, `{"x":1}`)
	equal(t, "replay http", []any{status, body}, []any{http.StatusOK, "{}"})

	var log []obj
	getJSON(t, srv.URL+"/replay/log", &log)
	var kinds []string
	for _, e := range log {
		kinds = append(kinds, e.str("kind"))
	}
	equal(t, "log kinds", strings.Join(kinds, " "),
		"ws-open ws-in ws-out ws-in ws-out ws-in ws-out ws-in ws-out ws-in ws-in ws-out ws-out http http")
	equal(t, "ws-open url", log[0].str("v"), "/replay/gw?brandId=1086&anything=goes")
	equal(t, "ws-in frame", log[3].str("v.eventId"), "a-1")
	equal(t, "http entry", []any{log[14].str("v.method"), log[14].str("v.body")}, []any{"POST", `{"x":1}`})

	status, _, _ = httpDo(t, http.MethodPost, srv.URL+"/replay/reset", nil, "")
	equal(t, "reset", status, http.StatusOK)
	getJSON(t, srv.URL+"/replay/log", &log)
	equal(t, "log after reset", len(log), 0)
}
