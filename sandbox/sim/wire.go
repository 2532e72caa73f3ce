package sim

import (
	"mime"
	"path"
	"strings"
	"time"
)

// This file turns the state of store.go into the wire objects of model.go.
// Every function here runs with the customer's mu held.

// brand is the customer's brand as push data names it.
func (cu *customer) brand() wireBrand { return wireBrand{ID: cu.key.brand} }

// wireThread is t as pushes and the thread list show it.
func (cu *customer) wireThread(t *thread) wireThread {
	return wireThread{
		ID: t.id, IDOnExternalPlatform: t.ext, ThreadName: t.name,
		CanAddMoreMessages: !t.archived, ChannelID: cu.key.channel,
	}
}

// wireContact is t's current contact as a case object. t must have one.
func (cu *customer) wireContact(t *thread) wireContact {
	c := t.contact
	w := wireContact{
		ID: c.id, ContactID: c.id, InteractionID: "int-" + c.id,
		ThreadID: t.id, ThreadIDOnExternalPlatform: t.ext, ChannelID: cu.key.channel,
		Status: c.status, StatusUpdatedAt: stamp(c.statusUpdatedAt), CreatedAt: stamp(c.createdAt),
		CustomFields: sortedFields(c.fields), RoutingQueueID: defaultQueue.ID, RoutingQueuePriority: 1,
		Recipients: []any{},
	}
	if c.assigned {
		id, u := agentUser.ID, agentUser
		w.InboxAssignee, w.InboxAssigneeUser = &id, &u
	}
	return w
}

// assignee is the agent of t's contact, or nil.
func (t *thread) assignee() *wireUser {
	if t.contact == nil || !t.contact.assigned {
		return nil
	}
	u := agentUser
	return &u
}

// endUser is the customer as a message author.
func (cu *customer) endUser() *endUserIdentity {
	id := cu.identity
	if id.IDOnExternalPlatform == "" {
		id.IDOnExternalPlatform = cu.key.customer
	}
	return &endUserIdentity{
		ID: cu.endUserID, IDOnExternalPlatform: id.IDOnExternalPlatform,
		FirstName: id.FirstName, LastName: id.LastName,
		FullName: strings.TrimSpace(id.FirstName + " " + id.LastName), Image: id.Image,
	}
}

// newMessage is a message of t with the fields common to both directions.
func newMessage(t *thread, ext, direction string, content messageContent) wireMessage {
	at := stamp(time.Now())
	if ext == "" {
		ext = newID()
	}
	if content.FallbackText == "" {
		content.FallbackText = content.Payload.Text
	}
	contactNumber := ""
	if t.contact != nil {
		contactNumber = t.contact.id
	}
	return wireMessage{
		ID: newID(), IDOnExternalPlatform: ext, ThreadID: t.id, ThreadIDOnExternalPlatform: t.ext,
		PostID: t.id, ContactNumber: contactNumber, CreatedAt: at, CreatedAtWithMilliseconds: at,
		Direction: direction, MessageContent: content, Attachments: []wireAttachment{},
		Delivered: []any{}, Seen: []any{}, Recipients: []any{}, Sentiment: "neutral", Tags: []any{},
	}
}

// inboundMessage is a customer's message.
func (cu *customer) inboundMessage(t *thread, ext string, content messageContent, files []attachmentIn) wireMessage {
	m := newMessage(t, ext, inbound, content)
	m.AuthorEndUserIdentity = cu.endUser()
	for _, f := range files {
		m.Attachments = append(m.Attachments, wireAttachment{
			ID: newID(), FriendlyName: f.FriendlyName, URL: f.URL, PreviewURL: f.URL,
			MimeType: mimeOf(f.FriendlyName, f.URL),
		})
	}
	return m
}

// agentMessage is a TEXT message from the agent.
func agentMessage(t *thread, text string) wireMessage {
	m := newMessage(t, "", outbound, messageContent{Type: "TEXT", Payload: messagePayload{Text: text}})
	u := agentUser
	m.AuthorUser, m.User, m.IsMadeByUser = &u, &u, true
	return m
}

// mimeOf guesses an attachment's type from its name or URL.
func mimeOf(name, url string) string {
	for _, p := range []string{name, url} {
		if t := mime.TypeByExtension(path.Ext(p)); t != "" {
			return t
		}
	}
	return "application/octet-stream"
}

// messageCreated is the data of MessageCreated for message m of t.
func (cu *customer) messageCreated(t *thread, m wireMessage) messageData {
	return messageData{
		Brand: cu.brand(), Channel: cu.channel.wire(), Case: cu.wireContact(t),
		Thread: cu.wireThread(t), Message: m,
	}
}

// newestFirst returns messages[from:to] newest first.
func newestFirst(messages []wireMessage, from, to int) []wireMessage {
	out := make([]wireMessage, 0, to-from)
	for i := to - 1; i >= from; i-- {
		out = append(out, messages[i])
	}
	return out
}
