package sdk

import "context"

// setContact keeps the id of the contact an event's data names under key.
func (t *Thread) setContact(data RawJSON, key string) {
	o, err := parseObject(data)
	if err != nil {
		return
	}
	ct, root := parseRaw(o.get(key))
	if id := ct.raw(ct.get(root, "id")); !isNullish(id) {
		t.mu.Lock()
		t.contactID = jsString(id)
		t.mu.Unlock()
	}
}

// SendMessage sends a message the page built itself (the reference's
// SendMessageEventData: messageContent, idOnExternalPlatform, thread,
// consumer, consumerContact, attachments, browserFingerprint).
func (t *Thread) SendMessage(ctx context.Context, data RawJSON) (*Event, error) {
	return t.sendMessage(ctx, "sendMessage", "SendMessage", data)
}

// SendOutboundMessage sends a message on the brand's behalf (SendOutbound).
func (t *Thread) SendOutboundMessage(ctx context.Context, data RawJSON) (*Event, error) {
	return t.sendMessage(ctx, "sendOutboundMessage", "SendOutbound", data)
}

// sendMessage validates data, merges the custom fields and the access token
// as the reference does, sends it and checks the acknowledgement.
//
// Custom fields ride on the first message of a new contact; once the contact
// exists, messages carry empty arrays and fields go by their own events.
func (t *Thread) sendMessage(ctx context.Context, op, eventType string, data RawJSON) (*Event, error) {
	o, err := parseObject(data)
	if err != nil {
		return nil, invalidArg(op, "messageData must be an object")
	}
	mc, root := parseRaw(o.get("messageContent"))
	payload := mc.get(root, "payload")
	contentType, typeFits := mc.asString(mc.get(root, "type"))
	if root < 0 || !mc.fits(root, kindObject) || !typeFits || !mc.fits(payload, kindObject) || contentType == "" {
		return nil, &Error{Code: CodeInvalidArgument, Kind: KindSendMessage, Op: op, Msg: "messageContent with a type is required"}
	}
	at, atRoot := parseRaw(o.get("attachments"))
	noAttachments := at.kind(atRoot) != kindArray || at.count(atRoot) == 0
	if contentType == "TEXT" && noAttachments && isEmptyJS(mc.raw(mc.get(payload, "text"))) {
		return nil, &Error{Code: CodeInvalidArgument, Kind: KindSendMessage, Op: op, Msg: "Message content cannot be empty for text message"}
	}
	t.mu.Lock()
	ended, exists := t.ended, t.exists
	t.mu.Unlock()
	if ended && t.livechat {
		return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Cannot send more messages to Contact"}
	}
	if !o.has("idOnExternalPlatform") {
		o = o.with("idOnExternalPlatform", jsonString(t.c.opts.NewID()))
	}
	if !o.has("thread") {
		o = o.with("thread", threadRef{t.id}.appendJSON(nil))
	}
	ownID := jsString(o.get("idOnExternalPlatform"))
	t.noteSent(ownID)
	empty := customFields{[]RawJSON{}}.appendJSON(nil)
	if exists {
		o = o.with("consumer", empty).with("consumerContact", empty)
	} else {
		t.mu.Lock()
		t.fields = t.fields.setAll(customFieldsOf(o.get("consumerContact")))
		contact := t.fields.array()
		t.mu.Unlock()
		o = o.with("consumerContact", customFields{contact}.appendJSON(nil))
		if eventType == "SendMessage" {
			merged := t.c.mergeCustomerFields(customFieldsOf(o.get("consumer")))
			o = o.with("consumer", customFields{merged}.appendJSON(nil))
		}
	}
	if tok := t.c.accessToken(); tok != "" && t.c.authorizationEnabled() {
		o = o.with("accessToken", accessToken(tok).appendJSON(nil))
	}
	ev, err := t.c.request(ctx, op, eventType, o)
	if err != nil {
		return nil, err
	}
	if ev.Error != nil || ev.ID == "" {
		t.forgetSent(ownID) // refused: it will not be stored
		return nil, &Error{Code: CodeServer, Kind: KindSendMessage, Op: op, Msg: "Send message failed", Response: ev}
	}
	return ev, nil
}

// Send sends any chat event and returns its reply: the reference's
// sendChatEvent, for events this API has no method for.
func (c *Client) Send(ctx context.Context, eventType string, data RawJSON) (*Event, error) {
	if eventType == "" {
		return nil, invalidArg("sendChatEvent", "Cannot create an event payload because of missing eventType")
	}
	if len(data) == 0 {
		data = RawJSON("{}")
	}
	if !ValidJSON(data) {
		return nil, invalidArg("sendChatEvent", "data must be JSON")
	}
	return c.request(ctx, "sendChatEvent", eventType, data)
}

// SendTranscript emails the contact's transcript.
func (t *Thread) SendTranscript(ctx context.Context, contactNumber, email string) (*Event, error) {
	if email == "" {
		return nil, invalidArg("sendTranscript", "email is required")
	}
	data := members{
		{"consumerContact", members{{"id", jstr(contactNumber)}}},
		{"consumerRecipients", list{members{{"idOnExternalPlatform", jstr(email)}}}},
	}
	return t.c.request(ctx, "sendTranscript", "SendTranscript", data)
}

// SendMessagePreview shows the agent what the customer is typing. Like the
// reference it sends nothing until a contact exists.
func (t *Thread) SendMessagePreview(ctx context.Context, text string) error {
	t.mu.Lock()
	exists := t.exists
	t.mu.Unlock()
	if !exists {
		return nil
	}
	data := members{ // sorted keys: this was a map
		{"messageContent", members{{"payload", members{{"text", jstr(text)}}}, {"type", jstr("TEXT")}}},
		{"thread", threadRef{t.id}},
	}
	_, err := t.c.request(ctx, "sendMessagePreview", "SendMessagePreview", data)
	return err
}

// SendOfflineMessage leaves a message for when agents are back. The name
// splits at its last space here (the reference's rule for this event).
func (c *Client) SendOfflineMessage(ctx context.Context, name, email, message string) (*Event, error) {
	const op = "sendOfflineMessage"
	first, last := "", name
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == ' ' {
			first, last = name[:i], name[i+1:]
			break
		}
	}
	data := members{ // sorted keys: this was a map
		{"authorCustomerIdentity", members{{"firstName", jstr(first)}, {"idOnExternalPlatform", jstr(email)}, {"lastName", jstr(last)}}},
		{"messageContent", members{{"payload", members{{"text", jstr(message)}}}, {"type", jstr("TEXT")}}},
	}
	ev, err := c.request(ctx, op, "SendOfflineMessage", data)
	if err != nil {
		return nil, err
	}
	if ev.Error != nil {
		return nil, &Error{Code: CodeServer, Kind: KindSendMessage, Op: op, Msg: "Send message failed", Response: ev}
	}
	return ev, nil
}
