package sim_test

import (
	"net/http"
	"strings"
	"testing"
)

// jsonHeader is what the console sends with every admin request.
var jsonHeader = http.Header{"Content-Type": {"application/json"}}

const target = `"brandId":1086,"channelId":"chat_abc","customerId":"cust-1","threadId":"thread-1"`

// TestConsoleReplyMutesAgent proves a person's reply from the console mutes
// the scripted agent on that thread: the customer's next message is marked
// delivered and gets no scripted answer; unmuting brings the agent back.
func TestConsoleReplyMutesAgent(t *testing.T) {
	t.Parallel()
	srv := setup(t, fastAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	c.replyTo(c.request("SendMessage", textMessage("thread-1", "m-1", "hi")))
	// Let the scripted agent answer the first message.
	for f := c.nextJSON(); f.str("data.message.direction") != "outbound" || f.str("eventType") != "MessageCreated"; f = c.nextJSON() {
	}
	status, _, _ := httpDo(t, http.MethodPost, srv.URL+"/sandbox/agent/message", jsonHeader, `{`+target+`,"text":"a person here"}`)
	equal(t, "console message", status, http.StatusOK)
	f := c.nextJSON()
	equal(t, "person's message", []string{f.str("eventType"), f.str("data.message.messageContent.payload.text")}, []string{"MessageCreated", "a person here"})

	id := c.request("SendMessage", textMessage("thread-1", "m-2", "and now?"))
	c.replyTo(id)
	d := c.nextJSON()
	equal(t, "delivered", []any{d.str("eventType"), d.str("data.message.idOnExternalPlatform"), len(d.list("data.message.delivered"))},
		[]any{"MessageDeliveryStatusChanged", "m-2", 1})
	c.quiet(20 * fastAgent) // the muted agent says nothing

	var threads []obj
	getJSON(t, srv.URL+"/sandbox/threads", &threads)
	equal(t, "muted in the view", threads[0].get("agentMuted"), any(true))

	status, _, _ = httpDo(t, http.MethodPost, srv.URL+"/sandbox/agent/mute", jsonHeader, `{`+target+`,"muted":false}`)
	equal(t, "unmute", status, http.StatusOK)
	c.replyTo(c.request("SendMessage", textMessage("thread-1", "m-3", "hello again")))
	for f := c.nextJSON(); ; f = c.nextJSON() {
		if f.str("eventType") == "MessageCreated" && f.str("data.message.direction") == "outbound" {
			equal(t, "agent back", f.str("data.message.messageContent.payload.text"), `Mia: you said "hello again"`)
			break
		}
	}

	// Global mute: no answer anywhere.
	status, body := func() (int, string) {
		s, _, b := httpDo(t, http.MethodPost, srv.URL+"/sandbox/agent/mute", jsonHeader, `{"muted":true}`)
		return s, b
	}()
	equal(t, "global mute", []any{status, body}, []any{http.StatusOK, `{"global":true}`})
	c.replyTo(c.request("SendMessage", textMessage("thread-1", "m-4", "anyone?")))
	equal(t, "delivered under global mute", c.nextJSON().str("eventType"), "MessageDeliveryStatusChanged")
	c.quiet(20 * fastAgent)
}

// TestConsoleRichContentAndContact proves the console's rich content, typing,
// assignment, status, queue and end routes push what a page expects, and
// that bad requests are refused.
func TestConsoleRichContentAndContact(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	c.replyTo(c.request("SendMessage", textMessage("thread-1", "m-1", "hi")))
	post := func(path, body string) int {
		s, _, _ := httpDo(t, http.MethodPost, srv.URL+path, jsonHeader, `{`+target+body+`}`)
		return s
	}

	equal(t, "quick replies", post("/sandbox/agent/message", `,"content":{"type":"QUICK_REPLIES","fallbackText":"Pick","payload":{"text":{"content":"Pick"},"actions":[{"type":"REPLY_BUTTON","text":"A","postback":"a"}]}}`), http.StatusOK)
	f := c.nextJSON()
	equal(t, "rich message", []any{f.str("data.message.messageContent.type"), f.list("data.message.messageContent.payload.actions")[0].(map[string]any)["postback"], f.str("data.message.authorUser.firstName")},
		[]any{"QUICK_REPLIES", "a", "Mia"})
	equal(t, "attachment", post("/sandbox/agent/message", `,"attachments":[{"url":"http://x.test/a.png","friendlyName":"a.png"}]`), http.StatusOK)
	f = c.nextJSON()
	equal(t, "attachment sent", []any{f.list("data.message.attachments")[0].(map[string]any)["friendlyName"], f.list("data.message.attachments")[0].(map[string]any)["mimeType"]}, []any{"a.png", "image/png"})
	equal(t, "unknown type", post("/sandbox/agent/message", `,"content":{"type":"FORM","payload":{}}`), http.StatusBadRequest)
	equal(t, "empty", post("/sandbox/agent/message", `,"text":"  "`), http.StatusBadRequest)

	equal(t, "typing", post("/sandbox/agent/typing", `,"typing":true`), http.StatusOK)
	equal(t, "typing push", c.nextJSON().str("eventType"), "SenderTypingStarted")
	equal(t, "typing off", post("/sandbox/agent/typing", `,"typing":false`), http.StatusOK)
	equal(t, "typing end push", c.nextJSON().str("eventType"), "SenderTypingEnded")

	equal(t, "assign", post("/sandbox/agent/assign", `,"assigned":true`), http.StatusOK)
	equal(t, "assigned", c.nextJSON().get("data.inboxAssignee.id"), any(float64(501)))
	equal(t, "opened", c.nextJSON().str("data.case.status"), "open")
	equal(t, "unassign", post("/sandbox/agent/assign", `,"assigned":false`), http.StatusOK)
	f = c.nextJSON()
	equal(t, "unassigned", []any{f.str("eventType"), f.get("data.inboxAssignee"), f.get("data.previousInboxAssignee.id")}, []any{"CaseInboxAssigneeChanged", nil, any(float64(501))})

	equal(t, "status", post("/sandbox/agent/status", `,"status":"pending"`), http.StatusOK)
	equal(t, "status push", c.nextJSON().str("data.case.status"), "pending")
	equal(t, "bad status", post("/sandbox/agent/status", `,"status":"gone"`), http.StatusBadRequest)
	equal(t, "queue", post("/sandbox/agent/queue", `,"position":4`), http.StatusOK)
	f = c.nextJSON()
	equal(t, "queue push", []any{f.str("eventType"), f.get("data.positionInQueue")}, []any{"SetPositionInQueue", any(float64(4))})
	equal(t, "end", post("/sandbox/agent/end", ``), http.StatusOK)
	equal(t, "closed", c.nextJSON().str("data.case.status"), "closed")

	equal(t, "stream", post("/sandbox/agent/stream", `,"text":"one two"`), http.StatusOK)
	var sawStream bool
	for i := 0; i < 3 && !sawStream; i++ {
		f = c.nextJSON()
		sawStream = f.str("data.message.messageContent.type") == "STREAMED"
	}
	if !sawStream {
		t.Fatal("no STREAMED message")
	}
	status, _, page := httpDo(t, http.MethodGet, srv.URL+"/console/console.js", nil, "")
	if status != http.StatusOK || strings.Contains(page, "innerHTML") || !strings.Contains(page, "'Content-Type': 'application/json'") {
		t.Fatal("console script must send JSON and never use innerHTML")
	}
}

// TestChannelOfflineSwitch proves POST /sandbox/channels/offline changes the
// availability REST answer and the channel list.
func TestChannelOfflineSwitch(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	avail := srv.URL + "/chat/1.0/brand/1086/channel/chat_live/availability"
	_, _, body := httpDo(t, http.MethodGet, avail, nil, "")
	equal(t, "online", body, `{"status":"online"}`)
	status, _, _ := httpDo(t, http.MethodPost, srv.URL+"/sandbox/channels/offline", jsonHeader, `{"channelId":"chat_live","offline":true}`)
	equal(t, "switch", status, http.StatusOK)
	_, _, body = httpDo(t, http.MethodGet, avail, nil, "")
	equal(t, "offline", body, `{"status":"offline"}`)
	_, _, info := httpDo(t, http.MethodGet, srv.URL+"/chat/1.0/brand/1086/channel/chat_live", nil, "")
	if !strings.Contains(info, `"availability":{"status":"offline"}`) {
		t.Fatalf("channel info: %s", info)
	}
	var chans []obj
	getJSON(t, srv.URL+"/sandbox/channels", &chans)
	for _, ch := range chans {
		equal(t, "listed "+ch.str("id"), ch.get("offline"), any(ch.str("id") == "chat_live"))
	}
	status, _, _ = httpDo(t, http.MethodPost, srv.URL+"/sandbox/channels/offline", jsonHeader, `{"channelId":"nope","offline":true}`)
	equal(t, "unknown channel", status, http.StatusNotFound)
	httpDo(t, http.MethodPost, srv.URL+"/sandbox/channels/offline", jsonHeader, `{"channelId":"chat_live","offline":false}`)
	_, _, body = httpDo(t, http.MethodGet, avail, nil, "")
	equal(t, "back online", body, `{"status":"online"}`)
}
