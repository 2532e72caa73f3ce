package sim_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestConversation proves the whole exchange for a SendMessage frame
// copied from the captured reference session: CaseCreated, the reply with
// the request's eventId, then the agent's assignment, typing and reply, in
// that order.
func TestConversation(t *testing.T) {
	t.Parallel()
	srv := setup(t, fastAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	raw := string(capturedFrames(t, "ws-in")[0])
	req := decode(t, raw)
	equal(t, "captured frame type", req.str("payload.eventType"), "SendMessage")
	c.sendText(raw)

	created := c.nextJSON()
	equal(t, "first push", created.str("eventType"), "CaseCreated")
	if created.str("eventId") == req.str("eventId") || created.str("eventId") == "" {
		t.Fatalf("CaseCreated needs a fresh eventId: %v", created)
	}
	equal(t, "case status", created.str("data.case.status"), "new")
	equal(t, "case thread", created.str("data.thread.idOnExternalPlatform"), "thread-1")

	reply := c.nextJSON()
	equal(t, "reply eventId", reply.str("eventId"), req.str("eventId"))
	equal(t, "reply type", reply.str("eventType"), "MessageCreated")
	m := obj(reply.get("data.message").(map[string]any))
	equal(t, "direction", m.str("direction"), "inbound")
	equal(t, "text", m.str("messageContent.payload.text"), "hello")
	equal(t, "message id", m.str("idOnExternalPlatform"), req.str("payload.data.idOnExternalPlatform"))
	equal(t, "hasAdditionalMessageContent", m.get("hasAdditionalMessageContent"), any(false))
	equal(t, "author", m.str("authorEndUserIdentity.firstName"), "Ann")
	equal(t, "brand", reply.get("data.brand.id"), any(float64(1086)))
	equal(t, "case id", reply.str("data.case.id"), created.str("data.case.id"))

	assigned := c.nextJSON()
	equal(t, "assignee push", assigned.str("eventType"), "CaseInboxAssigneeChanged")
	equal(t, "assignee", assigned.get("data.inboxAssignee.id"), any(float64(501)))
	equal(t, "case assignee", assigned.get("data.case.inboxAssignee"), any(float64(501)))
	equal(t, "previous assignee", assigned.get("data.previousInboxAssignee"), nil)
	status := c.nextJSON()
	equal(t, "status push", []string{status.str("eventType"), status.str("data.case.status")}, []string{"CaseStatusChanged", "open"})

	read := c.nextJSON()
	equal(t, "read by the agent", []any{read.str("eventType"), read.str("data.message.messageContent.payload.text"), read.get("data.message.isRead")},
		[]any{"MessageReadChanged", "hello", any(true)})
	if read.str("data.message.userStatistics.readAt") == "" {
		t.Fatal("no userStatistics.readAt")
	}
	started := c.nextJSON()
	equal(t, "typing started", started.str("eventType"), "SenderTypingStarted")
	equal(t, "typing direction", started.str("data.direction"), "outbound")
	equal(t, "typing user", started.str("data.user.firstName"), "Mia")
	ended := c.nextJSON()
	equal(t, "typing ended", ended.str("eventType"), "SenderTypingEnded")

	answer := c.nextJSON()
	equal(t, "agent message", answer.str("eventType"), "MessageCreated")
	equal(t, "agent text", answer.str("data.message.messageContent.payload.text"), `Mia: you said "hello"`)
	equal(t, "agent direction", answer.str("data.message.direction"), "outbound")
	equal(t, "agent author", answer.get("data.message.authorUser.id"), any(float64(501)))
	equal(t, "agent hasAdditional", answer.get("data.message.hasAdditionalMessageContent"), any(false))

	id := c.request("MessageSeenByConsumer", map[string]any{"thread": map[string]any{"idOnExternalPlatform": "thread-1"}})
	seen := c.nextJSON()
	equal(t, "seen by the customer", []string{seen.str("eventType"), seen.str("data.message.direction")}, []string{"MessageSeenChanged", "outbound"})
	if seen.str("data.message.customerStatistics.seenAt") == "" {
		t.Fatal("no customerStatistics.seenAt")
	}
	equal(t, "seen acknowledged", c.replyTo(id).str("eventId"), id)
}

// TestQuickMessagesAnsweredInOrder proves one agent reply per customer
// message, in order, with one contact and one assignment.
func TestQuickMessagesAnsweredInOrder(t *testing.T) {
	t.Parallel()
	c := dial(t, setup(t, fastAgent), "/gw", defaultQuery)
	for _, text := range []string{"a", "b", "c"} {
		c.request("SendMessage", textMessage("thread-1", "m-"+text, text))
	}
	var replies []string
	counts := map[string]int{}
	for len(replies) < 3 {
		f := c.nextJSON()
		counts[f.str("eventType")]++
		if f.str("data.message.direction") == "outbound" {
			replies = append(replies, f.str("data.message.messageContent.payload.text"))
		}
	}
	equal(t, "replies", replies, []string{`Mia: you said "a"`, `Mia: you said "b"`, `Mia: you said "c"`})
	equal(t, "CaseCreated count", counts["CaseCreated"], 1)
	equal(t, "assignments", counts["CaseInboxAssigneeChanged"], 1)
	equal(t, "typing started", counts["SenderTypingStarted"], 3)
	c.quiet(5 * fastAgent)
}

// TestDuplicateMessageStoredOnce proves a retried message id is
// acknowledged again but stored, and answered by the agent, once.
func TestDuplicateMessageStoredOnce(t *testing.T) {
	t.Parallel()
	srv := setup(t, fastAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	first := c.replyTo(c.request("SendMessage", textMessage("thread-1", "m-1", "hello")))
	second := c.replyTo(c.request("SendMessage", textMessage("thread-1", "m-1", "hello")))
	equal(t, "second reply type", second.str("eventType"), "MessageCreated")
	equal(t, "same message", second.str("data.message.id"), first.str("data.message.id"))

	// Wait for the agent's answer, then for anything else it might send.
	for {
		if f := c.nextJSON(); f.str("data.message.direction") == "outbound" {
			break
		}
	}
	c.quiet(5 * fastAgent)
	var threads []obj
	getJSON(t, srv.URL+"/sandbox/threads", &threads)
	equal(t, "threads", len(threads), 1)
	equal(t, "messages stored", len(threads[0].list("messages")), 2)
}

// TestRecoverAndPaging proves recover returns the newest 20 messages,
// newest first, and load-more pages back to the start, ending with an
// empty scroll token; a bad token and an unknown thread are errors.
func TestRecoverAndPaging(t *testing.T) {
	t.Parallel()
	c := dial(t, setup(t, idleAgent), "/gw", defaultQuery)
	const n = 45
	for i := range n {
		c.replyTo(c.request("SendMessage", textMessage("thread-1", fmt.Sprintf("m-%d", i), fmt.Sprintf("text %d", i))))
	}
	c.replyTo(c.request("SendMessage", textMessage("thread-2", "other", "other thread")))

	thread1 := map[string]any{"thread": map[string]any{"idOnExternalPlatform": "thread-1"}}
	rec := c.replyTo(c.request("RecoverThread", thread1))
	equal(t, "recover type", rec.str("postback.eventType"), "ThreadRecovered")
	equal(t, "recovered thread", rec.str("postback.data.thread.idOnExternalPlatform"), "thread-1")
	equal(t, "contact status", rec.str("postback.data.contact.status"), "new")
	equal(t, "customer", rec.get("postback.data.customer.customFields"), any([]any{}))
	equal(t, "history", rec.get("postback.data.contactHistory"), any([]any{}))

	var texts []string
	collect := func(msgs []any) string {
		oldest := ""
		for _, m := range msgs {
			mo := obj(m.(map[string]any))
			texts = append(texts, mo.str("messageContent.payload.text"))
			oldest = mo.str("createdAt")
		}
		return oldest
	}
	msgs := rec.list("postback.data.messages")
	equal(t, "recover page", len(msgs), 20)
	oldest := collect(msgs)
	token := rec.str("postback.data.messagesScrollToken")
	pages := 1
	for token != "" {
		more := c.replyTo(c.request("LoadMoreMessages", map[string]any{
			"scrollToken": token, "oldestMessageDatetime": oldest, "thread": thread1["thread"],
		}))
		equal(t, "load more type", more.str("postback.eventType"), "MoreMessagesLoaded")
		oldest = collect(more.list("postback.data.messages"))
		token = more.str("postback.data.scrollToken")
		if !more.has("postback.data.scrollToken") {
			t.Fatal("scrollToken missing")
		}
		if pages++; pages > 5 {
			t.Fatal("paging does not end")
		}
	}
	equal(t, "pages", pages, 3)
	equal(t, "messages seen", len(texts), n)
	for i, text := range texts {
		equal(t, "message order", text, fmt.Sprintf("text %d", n-1-i))
	}

	bad := c.replyTo(c.request("LoadMoreMessages", map[string]any{"scrollToken": "bogus", "thread": thread1["thread"]}))
	equal(t, "bad token", bad.str("error.errorCode"), "InvalidRequest")

	latest := c.replyTo(c.request("RecoverThread", map[string]any{}))
	equal(t, "latest thread", latest.str("postback.data.thread.idOnExternalPlatform"), "thread-2")
	equal(t, "short thread token", latest.str("postback.data.messagesScrollToken"), "")

	missing := c.replyTo(c.request("RecoverThread", map[string]any{"thread": map[string]any{"idOnExternalPlatform": "nope"}}))
	equal(t, "missing thread", []string{missing.str("error.errorCode"), missing.str("error.errorMessage")},
		[]string{"RecoveringThreadFailed", "Thread not found"})

	live := c.replyTo(c.request("RecoverLivechat", thread1))
	equal(t, "livechat recover type", live.str("postback.eventType"), "LivechatRecovered")
}

// TestThreadList proves list, rename, metadata and archive.
func TestThreadList(t *testing.T) {
	t.Parallel()
	c := dial(t, setup(t, idleAgent), "/gw", defaultQuery)
	c.replyTo(c.request("SendMessage", textMessage("thread-1", "m-1", "one")))
	c.replyTo(c.request("SendMessage", textMessage("thread-2", "m-2", "two")))
	ref := func(id string) map[string]any { return map[string]any{"idOnExternalPlatform": id} }

	upd := c.replyTo(c.request("UpdateThread", map[string]any{"thread": map[string]any{"idOnExternalPlatform": "thread-2", "threadName": "Orders"}}))
	equal(t, "update type", upd.str("postback.eventType"), "ThreadUpdated")

	list := c.replyTo(c.request("FetchThreadList", map[string]any{}))
	equal(t, "list type", list.str("postback.eventType"), "ThreadListFetched")
	threads := list.list("postback.data.threads")
	equal(t, "threads", len(threads), 2)
	second := obj(threads[1].(map[string]any))
	equal(t, "thread fields", []any{second.str("idOnExternalPlatform"), second.str("threadName"), second.get("canAddMoreMessages"), second.str("channelId")},
		[]any{"thread-2", "Orders", true, "chat_abc"})
	if second.str("id") == "" {
		t.Fatal("thread has no id")
	}

	meta := c.replyTo(c.request("LoadThreadMetadata", map[string]any{"thread": ref("thread-1")}))
	equal(t, "metadata type", meta.str("postback.eventType"), "ThreadMetadataLoaded")
	equal(t, "last message", meta.str("postback.data.lastMessage.messageContent.payload.text"), "one")
	equal(t, "owner before assignment", meta.get("postback.data.ownerAssignee"), nil)
	unknown := c.replyTo(c.request("LoadThreadMetadata", map[string]any{"thread": ref("nope")}))
	if unknown.str("error.errorCode") == "" {
		t.Fatalf("metadata of an unknown thread: %v", unknown)
	}

	arch := c.replyTo(c.request("ArchiveThread", map[string]any{"thread": ref("thread-1")}))
	equal(t, "archive type", arch.str("postback.eventType"), "ThreadArchived")
	list = c.replyTo(c.request("FetchThreadList", map[string]any{}))
	threads = list.list("postback.data.threads")
	equal(t, "after archive", len(threads), 1)
	equal(t, "remaining", obj(threads[0].(map[string]any)).str("idOnExternalPlatform"), "thread-2")
}

// TestTwoConnectionsOneCustomer proves that every connection of a customer
// gets its pushes (two tabs see one chat) and other customers get none.
func TestTwoConnectionsOneCustomer(t *testing.T) {
	t.Parallel()
	srv := setup(t, fastAgent)
	a := dial(t, srv, "/gw", defaultQuery)
	b := dial(t, srv, "/gw", defaultQuery)
	other := dial(t, srv, "/gw", strings.Replace(defaultQuery, "cust-1", "cust-2", 1))
	for _, c := range []*client{b, other} {
		// A round trip: the server has taken the socket in before a sends.
		c.sendText(`{"action":"heartbeat"}`)
		equal(t, "registered", c.next(), `"pong"`)
	}

	id := a.request("SendMessage", textMessage("thread-1", "m-1", "hi"))
	reply := a.replyTo(id)
	equal(t, "b first", b.nextJSON().str("eventType"), "CaseCreated")
	pushed := b.nextJSON()
	equal(t, "b push type", pushed.str("eventType"), "MessageCreated")
	equal(t, "b push message", pushed.str("data.message.id"), reply.str("data.message.id"))
	if pushed.str("eventId") == id {
		t.Fatal("the push to another tab must have a fresh eventId")
	}
	for _, c := range []*client{a, b} {
		for {
			if f := c.nextJSON(); f.str("data.message.direction") == "outbound" {
				equal(t, "agent reply", f.str("data.message.messageContent.payload.text"), `Mia: you said "hi"`)
				break
			}
		}
	}
	other.sendText(`{"action":"heartbeat"}`)
	equal(t, "other customer", other.next(), `"pong"`)
}

// TestAgentSendAndPush proves the console's send route and the raw push
// route reach the customer's sockets.
func TestAgentSendAndPush(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	c.replyTo(c.request("SendMessage", textMessage("thread-1", "m-1", "hi")))

	status, _, body := httpDo(t, http.MethodPost, srv.URL+"/sandbox/agent/send", nil,
		`{"brandId":1086,"channelId":"chat_abc","customerId":"cust-1","threadId":"thread-1","text":"<b>hello</b>"}`)
	equal(t, "agent send status", status, http.StatusOK)
	f := c.nextJSON()
	equal(t, "console message", []string{f.str("eventType"), f.str("data.message.direction"), f.str("data.message.messageContent.payload.text")},
		[]string{"MessageCreated", "outbound", "<b>hello</b>"})
	if !strings.Contains(body, `"message"`) {
		t.Fatalf("agent send body: %s", body)
	}
	status, _, _ = httpDo(t, http.MethodPost, srv.URL+"/sandbox/agent/send", nil,
		`{"brandId":1086,"channelId":"chat_abc","customerId":"cust-1","threadId":"nope","text":"x"}`)
	equal(t, "unknown thread", status, http.StatusNotFound)

	status, _, body = httpDo(t, http.MethodPost, srv.URL+"/sandbox/push?brandId=1086&channelId=chat_abc&customerId=cust-1", nil, `not json {`)
	equal(t, "push status", status, http.StatusOK)
	equal(t, "push count", body, `{"count":1}`)
	equal(t, "pushed verbatim", c.next(), `not json {`)

	var threads []obj
	getJSON(t, srv.URL+"/sandbox/threads", &threads)
	equal(t, "admin thread", []any{threads[0].str("customerId"), threads[0].str("threadId"), len(threads[0].list("messages"))},
		[]any{"cust-1", "thread-1", 2})
	if threads[0].str("contact.id") == "" {
		t.Fatal("admin thread without contact id")
	}

	status, hdr, page := httpDo(t, http.MethodGet, srv.URL+"/console", nil, "")
	equal(t, "console status", status, http.StatusOK)
	_, _, script := httpDo(t, http.MethodGet, srv.URL+"/console/console.js", nil, "")
	if !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") || !strings.Contains(script, "textContent") ||
		strings.Contains(page+script, "innerHTML") || strings.Contains(page, "src=\"http") {
		t.Fatal("console page must be self-contained and render text with textContent")
	}
}

// TestCustomFieldsAndTyping proves custom fields and typing state are kept.
func TestCustomFieldsAndTyping(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	c.replyTo(c.request("SendMessage", textMessage("thread-1", "m-1", "hi")))
	thread := map[string]any{"idOnExternalPlatform": "thread-1"}
	fields := []any{map[string]any{"ident": "color", "value": "blue"}}
	for _, ev := range []struct {
		typ  string
		data map[string]any
	}{
		{"SetConsumerCustomFields", map[string]any{"customFields": fields}},
		{"SetConsumerContactCustomFields", map[string]any{"customFields": fields, "thread": thread}},
		{"SenderTypingStarted", map[string]any{"thread": thread}},
	} {
		f := c.replyTo(c.request(ev.typ, ev.data))
		equal(t, ev.typ+" ack", f.get("data"), any(map[string]any{}))
	}
	rec := c.replyTo(c.request("RecoverThread", map[string]any{"thread": thread}))
	equal(t, "customer fields", rec.get("postback.data.customer.customFields"), any(fields))
	equal(t, "contact fields", rec.get("postback.data.contact.customFields"), any(fields))
	var threads []obj
	getJSON(t, srv.URL+"/sandbox/threads", &threads)
	equal(t, "typing", threads[0].get("customerTyping"), any(true))
}

// TestAgentBurst proves the burst route delivers far more frames than the
// slow-client queue holds, all of them, in order, without dropping the
// socket, and refuses bad counts.
func TestAgentBurst(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	c := dial(t, srv, "/gw", defaultQuery)
	c.replyTo(c.request("SendMessage", textMessage("thread-1", "m-1", "hi")))

	const count = 500
	status, _, body := httpDo(t, http.MethodPost, srv.URL+"/sandbox/agent/burst", nil,
		`{"brandId":1086,"channelId":"chat_abc","customerId":"cust-1","threadId":"thread-1","count":500,"text":"b"}`)
	equal(t, "burst status", status, http.StatusOK)
	equal(t, "burst count", body, `{"count":500}`)
	for i := 1; i <= count; i++ {
		f := c.nextJSON()
		equal(t, "burst frame", []string{f.str("eventType"), f.str("data.message.direction"), f.str("data.message.messageContent.payload.text")},
			[]string{"MessageCreated", "outbound", fmt.Sprintf("b %d", i)})
	}
	c.replyTo(c.request("SendMessage", textMessage("thread-1", "m-2", "still here")))

	for _, bad := range []string{
		`{"brandId":1086,"channelId":"chat_abc","customerId":"cust-1","threadId":"thread-1","count":0}`,
		`{"brandId":1086,"channelId":"chat_abc","customerId":"cust-1","threadId":"thread-1","count":100001}`,
		`{"brandId":1086,"channelId":"chat_abc","customerId":"cust-1","threadId":"thread-1","count":"x"}`,
	} {
		status, _, _ = httpDo(t, http.MethodPost, srv.URL+"/sandbox/agent/burst", nil, bad)
		equal(t, "bad burst "+bad, status, http.StatusBadRequest)
	}
	status, _, _ = httpDo(t, http.MethodPost, srv.URL+"/sandbox/agent/burst", nil,
		`{"brandId":1086,"channelId":"chat_abc","customerId":"cust-1","threadId":"nope","count":1}`)
	equal(t, "unknown thread", status, http.StatusNotFound)
}
