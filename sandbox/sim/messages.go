package sim

import "strings"

// sendMessageData is the data of SendMessage, as the reference sends it
// (captured/reference-2.2.0-session.jsonl, PROTOCOL.md §3).
type sendMessageData struct {
	MessageContent       messageContent `json:"messageContent"`
	IDOnExternalPlatform string         `json:"idOnExternalPlatform"`
	Thread               threadID       `json:"thread"`
	Consumer             struct {
		CustomFields []customField `json:"customFields"`
	} `json:"consumer"`
	ConsumerContact struct {
		CustomFields []customField `json:"customFields"`
	} `json:"consumerContact"`
	Attachments []attachmentIn `json:"attachments"`
}

// attachmentIn is an attachment as the client sends it (uploaded before).
type attachmentIn struct {
	URL          string `json:"url"`
	FriendlyName string `json:"friendlyName"`
}

// sendMessage stores a customer's message and answers MessageCreated.
//
// A new thread, or one whose contact is closed, gets a new contact and a
// CaseCreated push first. The customer's other connections get the same
// MessageCreated as a push, and the scripted agent is told. A message id
// seen before in the thread is acknowledged again but stored once.
func (r *request) sendMessage() any {
	var d sendMessageData
	if err := r.decode(&d); err != nil {
		return r.invalid("Invalid data: " + err.Error())
	}
	ext := d.Thread.IDOnExternalPlatform
	if ext == "" {
		return r.invalid("Missing thread.idOnExternalPlatform")
	}
	text := d.MessageContent.Payload.Text
	if strings.TrimSpace(text) == "" && len(d.Attachments) == 0 {
		return r.invalid("Message content is invalid")
	}
	cu := r.cu
	mergeFields(cu.fields, d.Consumer.CustomFields)
	t := cu.ensureThread(ext)
	if d.IDOnExternalPlatform != "" {
		if m, dup := t.stored(d.IDOnExternalPlatform); dup {
			return replyData(r.eventID, "MessageCreated", cu.messageCreated(t, m))
		}
	}
	c, created := cu.openContact(t)
	mergeFields(c.fields, d.ConsumerContact.CustomFields)
	cu.touch(t)
	if created {
		th := cu.wireThread(t)
		r.s.broadcast(cu, push("CaseCreated", caseData{
			Brand: cu.brand(), Channel: cu.channel.wire(), Case: cu.wireContact(t), Thread: &th,
		}), nil)
	}
	content := d.MessageContent
	if content.Type == "" {
		content.Type = "TEXT"
	}
	m := cu.inboundMessage(t, d.IDOnExternalPlatform, content, d.Attachments)
	for i, a := range m.Attachments {
		m.Attachments[i].MimeType = r.s.mimeOfStored(a.FriendlyName, a.URL) // the type it was uploaded with
	}
	t.append(m)
	data := cu.messageCreated(t, m)
	r.s.broadcast(cu, push("MessageCreated", data), r.c)
	r.s.agentHeard(cu, t, text)
	return replyData(r.eventID, "MessageCreated", data)
}
