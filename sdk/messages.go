package sdk

import (
	"context"
	"encoding/json"
	"time"
)

// setContact keeps the id of the contact an event's data names under key.
func (t *Thread) setContact(data RawJSON, key string) {
	o, err := parseObject(data)
	if err != nil {
		return
	}
	var c struct {
		ID RawJSON `json:"id"`
	}
	if json.Unmarshal(o.get(key), &c) == nil && !isNullish(c.ID) {
		t.mu.Lock()
		t.contactID = jsString(c.ID)
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
	var content struct {
		Type    string `json:"type"`
		Payload struct {
			Text RawJSON `json:"text"`
		} `json:"payload"`
	}
	if json.Unmarshal(o.get("messageContent"), &content) != nil || content.Type == "" {
		return nil, &Error{Code: CodeInvalidArgument, Kind: KindSendMessage, Op: op, Msg: "messageContent with a type is required"}
	}
	var attachments []RawJSON
	_ = json.Unmarshal(o.get("attachments"), &attachments)
	if content.Type == "TEXT" && len(attachments) == 0 && isEmptyJS(content.Payload.Text) {
		return nil, &Error{Code: CodeInvalidArgument, Kind: KindSendMessage, Op: op, Msg: "Message content cannot be empty for text message"}
	}
	t.mu.Lock()
	ended, exists := t.ended, t.exists
	t.mu.Unlock()
	if ended && t.livechat {
		return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Cannot send more messages to Contact"}
	}
	if !o.has("idOnExternalPlatform") {
		o = o.with("idOnExternalPlatform", mustJSON(t.c.opts.NewID()))
	}
	if !o.has("thread") {
		o = o.with("thread", mustJSON(threadRef{t.id}))
	}
	ownID := jsString(o.get("idOnExternalPlatform"))
	t.noteSent(ownID)
	empty := mustJSON(customFields{[]RawJSON{}})
	if exists {
		o = o.with("consumer", empty).with("consumerContact", empty)
	} else {
		var cc customFieldsIn
		_ = json.Unmarshal(o.get("consumerContact"), &cc)
		t.mu.Lock()
		t.fields = t.fields.setAll(cc.CustomFields)
		contact := t.fields.array()
		t.mu.Unlock()
		o = o.with("consumerContact", mustJSON(customFields{contact}))
		if eventType == "SendMessage" {
			var cu customFieldsIn
			_ = json.Unmarshal(o.get("consumer"), &cu)
			o = o.with("consumer", mustJSON(customFields{t.c.mergeCustomerFields(cu.CustomFields)}))
		}
	}
	if tok := t.c.accessToken(); tok != "" && t.c.authorizationEnabled() {
		o = o.with("accessToken", mustJSON(map[string]string{"token": tok}))
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
	if !json.Valid(data) {
		return nil, invalidArg("sendChatEvent", "data must be JSON")
	}
	return c.request(ctx, "sendChatEvent", eventType, data)
}

// SendTranscript emails the contact's transcript.
func (t *Thread) SendTranscript(ctx context.Context, contactNumber, email string) (*Event, error) {
	if email == "" {
		return nil, invalidArg("sendTranscript", "email is required")
	}
	data := map[string]any{
		"consumerContact":    map[string]string{"id": contactNumber},
		"consumerRecipients": []map[string]string{{"idOnExternalPlatform": email}},
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
	data := map[string]any{
		"thread":         threadRef{t.id},
		"messageContent": map[string]any{"type": "TEXT", "payload": map[string]string{"text": text}},
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
	data := map[string]any{
		"messageContent":         map[string]any{"type": "TEXT", "payload": map[string]string{"text": message}},
		"authorCustomerIdentity": map[string]string{"idOnExternalPlatform": email, "firstName": first, "lastName": last},
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

// KeystrokeForPreview remembers text and sends it as a preview once timeout
// (default 1250 ms) has passed since the first keystroke of a burst.
func (t *Thread) KeystrokeForPreview(text string, timeout time.Duration) {
	if timeout <= 0 {
		timeout = 1250 * time.Millisecond
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.previewText = text
	if t.preview != nil {
		return
	}
	t.preview = t.c.current().afterFunc(timeout, func() {
		defer t.c.recoverTo("keystrokeForPreview")
		t.StopTypingForPreview(true)
	})
}

// StopTypingForPreview ends a preview burst, sending the text unless send
// is false. It never waits for the network: the preview is sent by a
// goroutine of the session (the page calls this synchronously, and in the
// browser a reply can only arrive once the call has returned).
func (t *Thread) StopTypingForPreview(send bool) {
	t.mu.Lock()
	if t.preview != nil {
		t.preview.Stop()
		t.preview = nil
	}
	text := t.previewText
	t.previewText = ""
	t.mu.Unlock()
	if send {
		l := t.c.current()
		l.spawn(func() {
			defer t.c.recoverTo("sendMessagePreview")
			_ = t.SendMessagePreview(l.ctx, text)
		})
	}
}
