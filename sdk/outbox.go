package sdk

import (
	"encoding/json"
	"strconv"
)

// isPersisted tells which requests survive a page reload: the ones that
// carry a customer's message. Everything else is cheap to ask again.
func isPersisted(eventType string) bool {
	return eventType == "SendMessage" || eventType == "SendOutbound"
}

func (c *Client) outboxKey() string {
	return "cxone-chat-wasm:" + strconv.FormatInt(c.opts.BrandID, 10) + ":" + c.opts.ChannelID + ":" + c.customer.ID() + ":outbox"
}

type storedRequest struct {
	ID        string          `json:"id"`
	EventType string          `json:"eventType"`
	Frame     json.RawMessage `json:"frame"`
}

// saveOutbox writes the unanswered messages to Storage, so that a reload
// before the server acknowledged them sends them again (with the same
// message ids: the server stores each once).
func (c *Client) saveOutbox() {
	c.mu.Lock()
	var keep []storedRequest
	for _, p := range c.outbox {
		if isPersisted(p.eventType) {
			keep = append(keep, storedRequest{p.id, p.eventType, p.frame})
		}
	}
	c.mu.Unlock()
	if len(keep) == 0 {
		c.opts.Storage.Remove(c.outboxKey())
		return
	}
	b, err := json.Marshal(keep)
	if err == nil {
		c.opts.Storage.Set(c.outboxKey(), string(b))
	}
}

// loadOutbox returns the messages a previous page left unacknowledged.
// Nobody waits for their replies; their acknowledgements reach listeners as
// MessageCreated events.
func (c *Client) loadOutbox() []*pending {
	raw, ok := c.opts.Storage.Get(c.outboxKey())
	if !ok {
		return nil
	}
	var stored []storedRequest
	if json.Unmarshal([]byte(raw), &stored) != nil {
		c.opts.Storage.Remove(c.outboxKey())
		return nil
	}
	out := make([]*pending, 0, len(stored))
	for _, s := range stored {
		if s.ID != "" && json.Valid(s.Frame) && isPersisted(s.EventType) {
			out = append(out, &pending{id: s.ID, eventType: s.EventType, frame: s.Frame})
		}
	}
	return out
}

// Pending returns how many requests wait for a reply (for tests and pages
// that show a "sending…" state).
func (c *Client) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.outbox)
}
