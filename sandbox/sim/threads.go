package sim

import (
	"strconv"
	"strings"
)

// pageSize is how many messages a recover or a load-more returns.
const pageSize = 20

// recoveredData is the data of ThreadRecovered and LivechatRecovered.
type recoveredData struct {
	Contact             wireContact   `json:"contact"`
	Thread              wireThreadRef `json:"thread"`
	Messages            []wireMessage `json:"messages"`
	MessagesScrollToken string        `json:"messagesScrollToken"`
	InboxAssignee       *wireUser     `json:"inboxAssignee"`
	OwnerAssignee       *wireUser     `json:"ownerAssignee"`
	Customer            struct {
		CustomFields []customField `json:"customFields"`
	} `json:"customer"`
	ContactHistory []any `json:"contactHistory"`
}

// moreMessagesData is the data of MoreMessagesLoaded.
type moreMessagesData struct {
	Messages    []wireMessage `json:"messages"`
	ScrollToken string        `json:"scrollToken"`
}

// recoverThread answers RecoverThread.
func (r *request) recoverThread() any { return r.recover("ThreadRecovered") }

// recoverLivechat answers RecoverLivechat.
func (r *request) recoverLivechat() any { return r.recover("LivechatRecovered") }

// recover returns the named thread, or the customer's most recently active
// one when none is named: its contact and newest page of messages.
func (r *request) recover(replyType string) any {
	var d threadData
	if err := r.decode(&d); err != nil {
		return r.invalid("Invalid data: " + err.Error())
	}
	var t *thread
	if ext := d.Thread.IDOnExternalPlatform; ext != "" {
		t = r.cu.thread(ext)
	} else {
		t = r.cu.latest()
	}
	if t == nil || t.contact == nil {
		return replyError(r.eventID, codeRecoveringFailed, "Thread not found")
	}
	end := len(t.messages)
	from := max(0, end-pageSize)
	data := recoveredData{
		Contact:             r.cu.wireContact(t),
		Thread:              wireThreadRef{ID: t.id, IDOnExternalPlatform: t.ext, ThreadName: t.name},
		Messages:            newestFirst(t.messages, from, end),
		MessagesScrollToken: scrollToken(t, from),
		InboxAssignee:       t.assignee(),
		ContactHistory:      []any{},
	}
	data.Customer.CustomFields = sortedFields(r.cu.fields)
	return replyPostback(r.eventID, replyType, data)
}

// loadMoreMessages returns the page of messages older than the scroll
// token, which the previous recover or load-more handed out.
func (r *request) loadMoreMessages() any {
	var d struct {
		ScrollToken           string   `json:"scrollToken"`
		OldestMessageDatetime string   `json:"oldestMessageDatetime"`
		Thread                threadID `json:"thread"`
	}
	if err := r.decode(&d); err != nil {
		return r.invalid("Invalid data: " + err.Error())
	}
	t := r.cu.thread(d.Thread.IDOnExternalPlatform)
	if t == nil {
		return replyError(r.eventID, codeThreadNotFound, "Thread not found")
	}
	before, ok := parseScrollToken(d.ScrollToken, t)
	if !ok {
		return r.invalid("Invalid scroll token")
	}
	from := max(0, before-pageSize)
	return replyPostback(r.eventID, "MoreMessagesLoaded", moreMessagesData{
		Messages: newestFirst(t.messages, from, before), ScrollToken: scrollToken(t, from),
	})
}

// scrollToken names the messages of t older than index before; "" when
// there are none. Messages are only appended, so indexes stay valid.
func scrollToken(t *thread, before int) string {
	if before <= 0 {
		return ""
	}
	return "st1." + t.id + "." + strconv.Itoa(before)
}

// parseScrollToken reads a token made by scrollToken for t.
func parseScrollToken(tok string, t *thread) (before int, ok bool) {
	rest, found := strings.CutPrefix(tok, "st1."+t.id+".")
	if !found {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n <= 0 || n > len(t.messages) {
		return 0, false
	}
	return n, true
}

// fetchThreadList lists the customer's threads that are not archived.
func (r *request) fetchThreadList() any {
	threads := []wireThread{}
	for _, t := range r.cu.order {
		if !t.archived {
			threads = append(threads, r.cu.wireThread(t))
		}
	}
	return replyPostback(r.eventID, "ThreadListFetched", struct {
		Threads []wireThread `json:"threads"`
	}{threads})
}

// loadThreadMetadata returns the thread's assignee and last message.
func (r *request) loadThreadMetadata() any {
	t, _, errReply := r.namedThread()
	if errReply != nil {
		return errReply
	}
	var last *wireMessage
	if n := len(t.messages); n > 0 {
		last = &t.messages[n-1]
	}
	return replyPostback(r.eventID, "ThreadMetadataLoaded", struct {
		OwnerAssignee *wireUser    `json:"ownerAssignee"`
		LastMessage   *wireMessage `json:"lastMessage"`
	}{t.assignee(), last})
}

// updateThread renames a thread.
func (r *request) updateThread() any {
	t, d, errReply := r.namedThread()
	if errReply != nil {
		return errReply
	}
	if d.Thread.ThreadName != nil {
		t.name = *d.Thread.ThreadName
	}
	return replyPostback(r.eventID, "ThreadUpdated", emptyObject{})
}

// archiveThread hides a thread from the thread list.
func (r *request) archiveThread() any {
	t, _, errReply := r.namedThread()
	if errReply != nil {
		return errReply
	}
	t.archived = true
	return replyPostback(r.eventID, "ThreadArchived", emptyObject{})
}
