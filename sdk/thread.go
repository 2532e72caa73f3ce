package sdk

import (
	"context"
	"strings"
	"sync"
)

// Thread is one conversation of the customer, named by the page
// (idOnExternalPlatform). Get one with Client.Thread.
type Thread struct {
	c        *Client
	id       string
	livechat bool

	mu          sync.Mutex
	exists      bool   // a contact exists on the platform (custom fields go separately)
	contactID   string // the current contact (case) id, for endChat
	ended       bool   // a live chat whose contact is closed takes no more messages
	started     bool   // startChat was called
	fields      fieldMap
	scrollToken string
	oldest      RawJSON

	// For recovery after a reconnect (recovery.go): the seen-set mark of
	// the first message delivered here (0: none yet), and the id of the
	// first message sent here in this session ("" when none is pending or
	// stored).
	firstSeq  uint64
	firstSent string
}

// Thread returns the thread with this id, the same value for the same id.
// It needs an open connection, as the reference does.
func (c *Client) Thread(id string) (*Thread, error) {
	const op = "getThread"
	if id == "" {
		return nil, invalidArg(op, "Cannot get thread because id is empty")
	}
	if st := connState(c.pubState.Load()); st != stateOpen && st != stateReconnecting {
		return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Cannot get thread because websocket is disconnected"}
	}
	c.tmu.Lock()
	defer c.tmu.Unlock()
	if t, ok := c.threads[id]; ok {
		return t, nil
	}
	t := &Thread{c: c, id: id, livechat: c.livechat.Load(), fields: c.takeContactFields()}
	c.threads[id] = t
	return t, nil
}

// ID returns the thread's idOnExternalPlatform.
func (t *Thread) ID() string { return t.id }

// IsLivechat reports whether this is a live-chat thread.
func (t *Thread) IsLivechat() bool { return t.livechat }

// observe updates client and thread state from an inbound event before it is
// dispatched: contact existence and scroll tokens.
func (c *Client) observe(ev *Event) {
	if !ev.Silent && (ev.Type == "ThreadRecovered" || ev.Type == "LivechatRecovered" || ev.Type == "MoreMessagesLoaded") {
		// History the page has been given counts as delivered.
		t, d := ev.dataTree()
		if t.fits(d, kindObject) {
			for _, m := range t.rawElems(t.get(d, "messages")) {
				if id := messageID(m); id != "" {
					c.seen.add(id)
				}
			}
		}
	}
	if ev.ThreadID == "" {
		return
	}
	c.tmu.Lock()
	t := c.threads[ev.ThreadID]
	c.tmu.Unlock()
	if t == nil {
		return
	}
	if ev.Type == "MessageCreated" || !ev.Silent && (ev.Type == "ThreadRecovered" || ev.Type == "LivechatRecovered" || ev.Type == "MoreMessagesLoaded") {
		t.noteDelivered(c.seen.mark())
	}
	switch ev.Type {
	case "ContactCreated":
		t.setExists(true)
		t.c.customerExists()
		t.setContact(ev.Data, "case")
	case "ThreadRecovered", "LivechatRecovered":
		if isRecoverSuccess(ev) {
			tr, d := ev.dataTree()
			status, _ := tr.str(tr.path(d, "contact", "status"))
			t.setExists(status != "closed" || t.livechat && ev.Type == "LivechatRecovered")
			t.c.customerExists()
			t.setContact(ev.Data, "contact")
			if !ev.Silent { // the client's own recovery must not move the page's paging
				t.storeScroll(ev.dataField("messages"), ev.dataField("messagesScrollToken"))
			}
		}
	case "ContactStatusChanged":
		if t.livechat && strings.Contains(string(ev.Data), `"closed"`) {
			if caseClosed(ev) {
				t.mu.Lock()
				t.ended = true
				t.mu.Unlock()
			}
		}
		if caseClosed(ev) {
			// A closed contact's custom fields must not ride on the next one.
			t.mu.Lock()
			t.exists = false
			t.fields = nil
			t.mu.Unlock()
		}
		t.setContact(ev.Data, "case")
	}
}

// caseClosed reports whether ev's data.case.status is "closed".
func caseClosed(ev *Event) bool {
	t, d := ev.dataTree()
	s, _ := t.str(t.path(d, "case", "status"))
	return s == "closed"
}

func (t *Thread) setExists(v bool) {
	t.mu.Lock()
	t.exists = v
	t.mu.Unlock()
}

// storeScroll keeps the token for the next LoadMoreMessages and the time of
// the oldest message seen.
func (t *Thread) storeScroll(messages, token RawJSON) {
	mt, root := parseRaw(messages)
	var last int32 = -1
	mt.elems(root, func(v int32) { last = v })
	t.mu.Lock()
	defer t.mu.Unlock()
	t.scrollToken = jsString(token)
	t.oldest = RawJSON(`""`)
	if at := mt.raw(mt.get(last, "createdAt")); at != nil {
		t.oldest = at
	}
}

// isRecoverSuccess mirrors the reference's check of a recover reply.
func isRecoverSuccess(ev *Event) bool {
	if ev.Error != nil || isNullish(ev.Data) || (ev.Type != "ThreadRecovered" && ev.Type != "LivechatRecovered") {
		return false
	}
	return !isNullish(ev.dataField("messages")) && !isNullish(ev.dataField("thread"))
}

// SendOptions are the optional parts of a message.
type SendOptions struct {
	MessageID   string       // default: a new uuid
	Fingerprint *Fingerprint // default: Options.Fingerprint
}

type messageContent struct {
	Payload  textPayload `json:"payload"`
	Postback string      `json:"postback,omitempty"`
	Type     string      `json:"type"`
}

type textPayload struct {
	Text     string `json:"text"`
	Postback string `json:"postback,omitempty"`
}

type customFields struct {
	CustomFields []RawJSON `json:"customFields"`
}

func (c customFields) appendJSON(b []byte) []byte {
	b = append(b, `{"customFields":`...)
	return append(rawList(c.CustomFields).appendJSON(b), '}')
}

func (m messageContent) appendJSON(b []byte) []byte {
	b = append(b, `{"payload":{"text":`...)
	b = appendString(b, m.Payload.Text)
	if m.Payload.Postback != "" {
		b = append(b, `,"postback":`...)
		b = appendString(b, m.Payload.Postback)
	}
	b = append(b, '}')
	if m.Postback != "" {
		b = append(b, `,"postback":`...)
		b = appendString(b, m.Postback)
	}
	b = append(b, `,"type":`...)
	b = appendString(b, m.Type)
	return append(b, '}')
}

func (d sendMessageData) appendJSON(b []byte) []byte {
	b = append(b, `{"messageContent":`...)
	b = d.MessageContent.appendJSON(b)
	b = append(b, `,"browserFingerprint":`...)
	b = d.BrowserFingerprint.appendJSON(b)
	b = append(b, `,"idOnExternalPlatform":`...)
	b = appendString(b, d.IDOnExternalPlatform)
	b = append(b, `,"thread":`...)
	b = d.Thread.appendJSON(b)
	b = append(b, `,"consumer":`...)
	b = d.Consumer.appendJSON(b)
	b = append(b, `,"consumerContact":`...)
	b = d.ConsumerContact.appendJSON(b)
	b = append(b, `,"attachments":`...)
	b = rawList(d.Attachments).appendJSON(b)
	return append(b, '}')
}

// sendMessageData is SendMessage's data, in the reference's member order.
type sendMessageData struct {
	MessageContent       messageContent `json:"messageContent"`
	BrowserFingerprint   Fingerprint    `json:"browserFingerprint"`
	IDOnExternalPlatform string         `json:"idOnExternalPlatform"`
	Thread               threadRef      `json:"thread"`
	Consumer             customFields   `json:"consumer"`
	ConsumerContact      customFields   `json:"consumerContact"`
	Attachments          []RawJSON      `json:"attachments"`
}

// SendTextMessage sends text and returns the gateway's acknowledgement.
func (t *Thread) SendTextMessage(ctx context.Context, text string, o *SendOptions) (*Event, error) {
	return t.sendContent(ctx, "sendTextMessage", messageContent{Type: "TEXT", Payload: textPayload{Text: text}}, o)
}

// SendPostbackMessage answers a rich message with its postback and text.
func (t *Thread) SendPostbackMessage(ctx context.Context, postback, text string, o *SendOptions) (*Event, error) {
	mc := messageContent{Type: "TEXT", Payload: textPayload{Text: text, Postback: postback}, Postback: postback}
	return t.sendContent(ctx, "sendPostbackMessage", mc, o)
}

func (t *Thread) sendContent(ctx context.Context, op string, mc messageContent, o *SendOptions) (*Event, error) {
	d := sendMessageData{
		MessageContent:     mc,
		BrowserFingerprint: t.c.opts.Fingerprint,
		Thread:             threadRef{t.id},
		Consumer:           customFields{[]RawJSON{}},
		ConsumerContact:    customFields{[]RawJSON{}},
		Attachments:        []RawJSON{},
	}
	if o != nil {
		d.IDOnExternalPlatform = o.MessageID
		if o.Fingerprint != nil {
			d.BrowserFingerprint = *o.Fingerprint
		}
	}
	if d.IDOnExternalPlatform == "" {
		d.IDOnExternalPlatform = t.c.opts.NewID()
	}
	return t.sendMessage(ctx, op, "SendMessage", d.appendJSON(nil))
}

// Recover asks for the thread's messages and contact. It returns the reply
// event; pages get its data.
func (t *Thread) Recover(ctx context.Context) (*Event, error) {
	eventType := "RecoverThread"
	if t.livechat {
		eventType = "RecoverLivechat"
	}
	ev, err := t.c.request(ctx, "recover", eventType, threadOnly{threadRef{t.id}})
	if err != nil {
		return nil, err
	}
	if !isRecoverSuccess(ev) {
		return nil, &Error{Code: CodeServer, Kind: KindThreadRecover, Op: "recover", Msg: "Thread not found", Response: ev}
	}
	return ev, nil
}

// LoadMoreMessages fetches the page of messages before the oldest one seen.
// It returns nil, nil (nothing sent) when no scroll token is known.
func (t *Thread) LoadMoreMessages(ctx context.Context) (*Event, error) {
	const op = "loadMoreMessages"
	t.mu.Lock()
	token, oldest := t.scrollToken, t.oldest
	t.mu.Unlock()
	if token == "" {
		return nil, nil
	}
	if oldest == nil {
		oldest = RawJSON(`""`)
	}
	data := members{{"scrollToken", jstr(token)}, {"oldestMessageDatetime", oldest}, {"thread", threadRef{t.id}}}
	ev, err := t.c.request(ctx, op, "LoadMoreMessages", data)
	if err != nil {
		return nil, err
	}
	if ev.Type != "MoreMessagesLoaded" || ev.dataField("messages") == nil {
		return nil, &Error{Code: CodeServer, Kind: "LoadMoreMessagesFailedError", Op: op, Msg: "Load more messages failed", Response: ev}
	}
	t.storeScroll(ev.dataField("messages"), ev.dataField("scrollToken"))
	return ev, nil
}

// LastMessageSeen marks the thread's messages as seen by the customer.
func (t *Thread) LastMessageSeen(ctx context.Context) (*Event, error) {
	return t.c.request(ctx, "lastMessageSeen", "MessageSeenByConsumer", threadOnly{threadRef{t.id}})
}

// GetMetadata returns the thread's owner and last message.
func (t *Thread) GetMetadata(ctx context.Context) (*Event, error) {
	const op = "getMetadata"
	ev, err := t.c.request(ctx, op, "LoadThreadMetadata", threadOnly{threadRef{t.id}})
	if err != nil {
		return nil, err
	}
	if ev.Type != "ThreadMetadataLoaded" || ev.dataField("lastMessage") == nil {
		return nil, &Error{Code: CodeServer, Kind: "GetMetadataFailedError", Op: op, Msg: "Get metadata failed", Response: ev}
	}
	return ev, nil
}

// Archive archives the thread.
func (t *Thread) Archive(ctx context.Context) error {
	const op = "archive"
	ev, err := t.c.request(ctx, op, "ArchiveThread", threadOnly{threadRef{t.id}})
	if err != nil {
		return err
	}
	if ev.Type != "ThreadArchived" {
		return &Error{Code: CodeServer, Kind: "ArchiveThreadFailedError", Op: op, Msg: "Archive Thread failed", Response: ev}
	}
	return nil
}

// SetName renames the thread.
func (t *Thread) SetName(ctx context.Context, name string) error {
	const op = "setName"
	data := members{{"thread", members{{"idOnExternalPlatform", jstr(t.id)}, {"threadName", jstr(name)}}}}
	ev, err := t.c.request(ctx, op, "UpdateThread", data)
	if err != nil {
		return err
	}
	if ev.Error != nil {
		return &Error{Code: CodeServer, Kind: "SetThreadNameFailedError", Op: op, Msg: "Set Thread name failed", Response: ev}
	}
	return nil
}
