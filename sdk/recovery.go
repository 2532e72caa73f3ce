package sdk

import (
	"context"
	"encoding/json"
)

// maxRecoverPages bounds how far back recovery pages through a thread
// (LoadMoreMessages) looking for the last message delivered before the
// connection was lost.
const maxRecoverPages = 50

// recoverMissed runs after a reconnect: for every thread that has seen
// messages, it asks for the thread again and delivers, oldest first, the
// messages that arrived while the connection was down. Together with the
// seen set this gives each message to listeners exactly once.
//
// The anchor is the newest message delivered before the loss (seen by the
// mark taken then): messages delivered since, live on the new socket, are
// skipped without ending the search, so a reply that raced ahead of the
// recovery does not hide the ones missed before it. When the anchor is not
// on the newest page, older pages are fetched until it is found.
func (c *Client) recoverMissed() {
	c.mu.Lock()
	mark, gen := c.recoverMark, c.connGen
	threads := make([]*Thread, 0, len(c.threads))
	for _, t := range c.threads {
		threads = append(threads, t)
	}
	c.mu.Unlock()
	done := true
	for _, t := range threads {
		if !c.recoverThread(t, mark) {
			done = false
		}
	}
	c.mu.Lock()
	if done && c.connGen == gen {
		c.recoverPending = false // else the next recovery starts from the same mark
	}
	c.mu.Unlock()
}

// recoverThread delivers what t missed since mark; false if it could not
// ask the server.
func (c *Client) recoverThread(t *Thread, mark uint64) bool {
	eventType := "RecoverThread"
	if t.livechat {
		eventType = "RecoverLivechat"
	}
	ev, err := c.requestOpts(context.Background(), "recover", eventType, threadOnly{threadRef{t.id}}, true)
	if err != nil {
		return false
	}
	if !isRecoverSuccess(ev) {
		return true // nothing to recover there (no contact yet)
	}
	var d struct {
		Thread   json.RawMessage   `json:"thread"`
		Contact  json.RawMessage   `json:"contact"`
		Messages []json.RawMessage `json:"messages"` // newest first
		Token    json.RawMessage   `json:"messagesScrollToken"`
	}
	if json.Unmarshal(ev.Data, &d) != nil {
		return true
	}
	var missed []json.RawMessage // newest first
	page, token := d.Messages, jsString(d.Token)
	for pages := 1; ; pages++ {
		for _, m := range page {
			id := messageID(m)
			if c.seen.seenBy(id, mark) {
				c.deliverRecovered(t, d.Thread, d.Contact, missed)
				return true
			}
			if !c.seen.has(id) {
				missed = append(missed, m)
			}
		}
		if token == "" || pages == maxRecoverPages || len(page) == 0 {
			// Nothing was delivered here before the loss (history is the
			// page's to load), or it is too far back to look for.
			return true
		}
		page, token, err = c.olderMessages(t, token, page[len(page)-1])
		if err != nil {
			return false
		}
	}
}

// olderMessages fetches the page before token, for recovery only.
func (c *Client) olderMessages(t *Thread, token string, oldest json.RawMessage) ([]json.RawMessage, string, error) {
	var o struct {
		CreatedAt json.RawMessage `json:"createdAt"`
	}
	_ = json.Unmarshal(oldest, &o)
	if o.CreatedAt == nil {
		o.CreatedAt = json.RawMessage(`""`)
	}
	data := struct {
		ScrollToken           string          `json:"scrollToken"`
		OldestMessageDatetime json.RawMessage `json:"oldestMessageDatetime"`
		Thread                threadRef       `json:"thread"`
	}{token, o.CreatedAt, threadRef{t.id}}
	ev, err := c.requestOpts(context.Background(), "recover", "LoadMoreMessages", data, true)
	if err != nil {
		return nil, "", err
	}
	var d struct {
		Messages []json.RawMessage `json:"messages"`
		Token    json.RawMessage   `json:"scrollToken"`
	}
	if ev.Error != nil || json.Unmarshal(ev.Data, &d) != nil {
		return nil, "", &Error{Code: CodeServer, Kind: KindThreadRecover, Op: "recover", Msg: "Load more messages failed", Response: ev}
	}
	return d.Messages, jsString(d.Token), nil
}

// deliverRecovered queues missed (newest first) for dispatch, oldest
// first, as MessageCreated events; the dispatcher drops any that arrived
// meanwhile by another way.
func (c *Client) deliverRecovered(t *Thread, thread, contact json.RawMessage, missed []json.RawMessage) {
	for i := len(missed) - 1; i >= 0; i-- {
		m := missed[i]
		var meta struct {
			CreatedAt json.RawMessage `json:"createdAt"`
		}
		_ = json.Unmarshal(m, &meta)
		data := object{{"thread", thread}, {"case", rawOrNull(contact)}, {"message", m}}
		out := &Event{ID: c.opts.NewID(), Type: "MessageCreated", CreatedAt: meta.CreatedAt, Data: mustJSON(data), ThreadID: t.id}
		j := &job{ev: out}
		if _, ok := needsContent(out); ok {
			j.ready = make(chan struct{})
			c.goSafe(func() {
				defer close(j.ready)
				j.ev = c.complete(out)
			})
		}
		c.enqueue(j)
	}
}

func rawOrNull(r json.RawMessage) json.RawMessage {
	if r == nil {
		return json.RawMessage("null")
	}
	return r
}
