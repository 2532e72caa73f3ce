package sdk

import "context"

// StartChat opens a live chat with a first message ("Begin conversation"
// by default). It may be called once per thread.
func (t *Thread) StartChat(ctx context.Context, text string) (*Event, error) {
	const op = "startChat"
	if text == "" {
		text = "Begin conversation"
	}
	t.mu.Lock()
	if t.started {
		t.mu.Unlock()
		return nil, &Error{Code: CodeInvalidArgument, Kind: KindChatSDK, Op: op, Msg: "Chat is already initialized"}
	}
	t.mu.Unlock()
	ev, err := t.SendTextMessage(ctx, text, nil)
	if err != nil {
		return nil, &Error{Code: ErrorCode(err), Kind: KindChatSDK, Op: op, Msg: "Sending initial message failed because of (" + AsError(op, err).Msg + ")", Err: err}
	}
	t.mu.Lock()
	t.started = true
	t.mu.Unlock()
	return ev, nil
}

// EndChat closes the live chat's contact (EndContact).
func (t *Thread) EndChat(ctx context.Context) error {
	const op = "endChat"
	t.mu.Lock()
	contact := t.contactID
	t.mu.Unlock()
	if contact == "" {
		return &Error{Code: CodeInvalidArgument, Kind: KindChatSDK, Op: op, Msg: "Cannot end Chat because of missing ContactId in the storage"}
	}
	data := members{{"contact", members{{"id", jstr(contact)}}}, {"thread", threadRef{t.id}}}
	ev, err := t.c.request(ctx, op, "EndContact", data)
	if err != nil {
		return err
	}
	if ev.Error != nil {
		return &Error{Code: CodeServer, Kind: KindChatSDK, Op: op, Msg: "End chat failed", Response: ev}
	}
	return nil
}
