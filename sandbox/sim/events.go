package sim

import (
	"encoding/json"
)

// request is one chatWindowEvent being answered. Handlers run with the
// customer's mu held, so they may read and change its state and push
// frames; the frame a handler returns is sent to the requesting connection
// (nil sends nothing).
type request struct {
	s       *Server
	c       *conn
	cu      *customer
	eventID string
	payload *inboundPayload
}

// eventHandlers maps each eventType the simulator understands
// (PROTOCOL.md §3) to its handler. Add an event here.
var eventHandlers = map[string]func(*request) any{
	"SendMessage":                    (*request).sendMessage,
	"RecoverThread":                  (*request).recoverThread,
	"RecoverLivechat":                (*request).recoverLivechat,
	"LoadMoreMessages":               (*request).loadMoreMessages,
	"FetchThreadList":                (*request).fetchThreadList,
	"LoadThreadMetadata":             (*request).loadThreadMetadata,
	"UpdateThread":                   (*request).updateThread,
	"ArchiveThread":                  (*request).archiveThread,
	"MessageSeenByConsumer":          (*request).seenByConsumer,
	"SenderTypingStarted":            (*request).typingStarted,
	"SenderTypingEnded":              (*request).typingEnded,
	"SendMessagePreview":             (*request).messagePreview,
	"SetConsumerContactCustomFields": (*request).setContactFields,
	"SetConsumerCustomFields":        (*request).setCustomerFields,
	"SendOfflineMessage":             (*request).sendOfflineMessage,
	"SendTranscript":                 (*request).sendTranscript,
	"EndContact":                     (*request).endContact,
}

// threadID is `{idOnExternalPlatform}` as requests name a thread.
type threadID struct {
	IDOnExternalPlatform string  `json:"idOnExternalPlatform"`
	ThreadName           *string `json:"threadName,omitempty"`
}

// threadData is the data of requests about one thread: `{thread: {…}}`.
type threadData struct {
	Thread threadID `json:"thread"`
}

// decode unmarshals the request's data into v; absent or null data leaves
// v as it is.
func (r *request) decode(v any) error {
	if len(r.payload.Data) == 0 || string(r.payload.Data) == "null" {
		return nil
	}
	return json.Unmarshal(r.payload.Data, v)
}

// invalid is the InvalidRequest error reply.
func (r *request) invalid(msg string) any {
	return replyError(r.eventID, codeInvalidRequest, msg)
}

// namedThread decodes `{thread: {idOnExternalPlatform}}` and returns that
// thread, or an error reply.
func (r *request) namedThread() (*thread, *threadData, any) {
	var d threadData
	if err := r.decode(&d); err != nil {
		return nil, nil, r.invalid("Invalid data: " + err.Error())
	}
	t := r.cu.thread(d.Thread.IDOnExternalPlatform)
	if t == nil {
		return nil, nil, replyError(r.eventID, codeThreadNotFound, "Thread not found")
	}
	return t, &d, nil
}

// broadcast pushes frame to every connection of the customer but except.
// The customer's mu must be held.
func (s *Server) broadcast(cu *customer, frame any, except *conn) {
	b := encode(frame)
	for c := range cu.conns {
		if c != except {
			s.send(c, b)
		}
	}
}

// acknowledge answers `{eventId, createdAt, data: {}}` and stores nothing.
func (r *request) acknowledge() any {
	return replyEmpty(r.eventID)
}

// typingStarted records that the customer is typing.
func (r *request) typingStarted() any { return r.setTyping(true) }

// typingEnded records that the customer stopped typing.
func (r *request) typingEnded() any { return r.setTyping(false) }

// setTyping stores the customer's typing state on the named thread.
func (r *request) setTyping(on bool) any {
	var d threadData
	if r.decode(&d) == nil {
		if t := r.cu.thread(d.Thread.IDOnExternalPlatform); t != nil {
			t.typing = on
		}
	}
	return replyEmpty(r.eventID)
}

// messagePreview stores the text the customer is typing (typing preview).
func (r *request) messagePreview() any {
	var d struct {
		Thread         threadID       `json:"thread"`
		MessageContent messageContent `json:"messageContent"`
	}
	if r.decode(&d) == nil {
		if t := r.cu.thread(d.Thread.IDOnExternalPlatform); t != nil {
			t.preview = d.MessageContent.Payload.Text
		}
	}
	return replyEmpty(r.eventID)
}

// setContactFields stores custom fields of the thread's contact.
func (r *request) setContactFields() any {
	var d struct {
		Thread       threadID      `json:"thread"`
		CustomFields []customField `json:"customFields"`
	}
	if err := r.decode(&d); err != nil {
		return r.invalid("Invalid data: " + err.Error())
	}
	if t := r.cu.thread(d.Thread.IDOnExternalPlatform); t != nil && t.contact != nil {
		mergeFields(t.contact.fields, d.CustomFields)
	}
	return replyEmpty(r.eventID)
}

// setCustomerFields stores custom fields of the customer.
func (r *request) setCustomerFields() any {
	var d struct {
		CustomFields []customField `json:"customFields"`
	}
	if err := r.decode(&d); err != nil {
		return r.invalid("Invalid data: " + err.Error())
	}
	mergeFields(r.cu.fields, d.CustomFields)
	return replyEmpty(r.eventID)
}

// sendOfflineMessage accepts a message left while the channel is offline;
// it is visible in the received log only.
func (r *request) sendOfflineMessage() any {
	return replyPostback(r.eventID, "OfflineMessageSent", emptyObject{})
}

// sendTranscript pretends to e-mail a transcript.
func (r *request) sendTranscript() any {
	return replyPostback(r.eventID, "TranscriptSent", emptyObject{})
}

// endContact closes the thread's contact (live chat endChat) and pushes
// CaseStatusChanged.
func (r *request) endContact() any {
	t, _, errReply := r.namedThread()
	if errReply != nil {
		return errReply
	}
	if t.contact != nil && t.contact.status != statusClosed {
		t.setStatus(statusClosed)
		r.s.broadcast(r.cu, push("CaseStatusChanged", caseData{
			Brand: r.cu.brand(), Channel: r.cu.channel.wire(), Case: r.cu.wireContact(t),
		}), nil)
	}
	return replyEmpty(r.eventID)
}

// seenByConsumer records that the customer has seen the agent's messages on
// the thread (customerStatistics.seenAt) and pushes MessageSeenChanged for
// each newly seen one.
func (r *request) seenByConsumer() any {
	var d threadData
	if err := r.decode(&d); err != nil {
		return r.invalid("Invalid data: " + err.Error())
	}
	if t := r.cu.thread(d.Thread.IDOnExternalPlatform); t != nil {
		at := now()
		for i := range t.messages {
			m := &t.messages[i]
			if m.Direction == outbound && m.CustomerStatistics.SeenAt == nil {
				m.CustomerStatistics.SeenAt = &at
				r.s.broadcast(r.cu, push("MessageSeenChanged", r.cu.messageCreated(t, *m)), nil)
			}
		}
	}
	return replyEmpty(r.eventID)
}
