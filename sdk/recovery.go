package sdk

import (
	"context"
	"encoding/json"
)

// recoverMissed runs after a reconnect: for every thread that has seen
// messages, it asks for the thread again and delivers, oldest first, the
// messages newer than the newest one already delivered. Together with the
// seen set this gives each message to listeners exactly once.
func (c *Client) recoverMissed() {
	c.mu.Lock()
	threads := make([]*Thread, 0, len(c.threads))
	for _, t := range c.threads {
		threads = append(threads, t)
	}
	c.mu.Unlock()
	for _, t := range threads {
		eventType := "RecoverThread"
		if t.livechat {
			eventType = "RecoverLivechat"
		}
		ev, err := c.requestOpts(context.Background(), "recover", eventType, threadOnly{threadRef{t.id}}, true)
		if err != nil || !isRecoverSuccess(ev) {
			continue
		}
		var d struct {
			Thread   json.RawMessage   `json:"thread"`
			Contact  json.RawMessage   `json:"contact"`
			Messages []json.RawMessage `json:"messages"` // newest first
		}
		if json.Unmarshal(ev.Data, &d) != nil {
			continue
		}
		var missed []json.RawMessage
		anchored := false
		for _, m := range d.Messages {
			if c.seen.has(messageID(m)) {
				anchored = true
				break
			}
			missed = append(missed, m)
		}
		if !anchored {
			continue // nothing delivered here yet: history is the page's to load
		}
		for i := len(missed) - 1; i >= 0; i-- {
			m := missed[i]
			if !c.seen.add(messageID(m)) {
				continue
			}
			var meta struct {
				CreatedAt json.RawMessage `json:"createdAt"`
			}
			_ = json.Unmarshal(m, &meta)
			data := object{{"thread", d.Thread}, {"case", rawOrNull(d.Contact)}, {"message", m}}
			out := &Event{ID: c.opts.NewID(), Type: "MessageCreated", CreatedAt: meta.CreatedAt, Data: mustJSON(data), ThreadID: t.id}
			c.emit(out)
		}
	}
}

func rawOrNull(r json.RawMessage) json.RawMessage {
	if r == nil {
		return json.RawMessage("null")
	}
	return r
}
