package sdk

import (
	"bytes"
	"strconv"
	"time"
)

// Limits of an outbox entry: after this many sockets, or this long since it
// was first queued, a request is given up (rejected, and removed from
// storage) instead of being sent again.
const (
	outboxMaxAttempts = 5
	outboxMaxAge      = 30 * time.Minute
)

// isPersisted tells which requests survive a page reload: the ones that
// carry a customer's message. Everything else is cheap to ask again.
func isPersisted(eventType string) bool {
	return eventType == "SendMessage" || eventType == "SendOutbound"
}

// outboxKey names the stored outbox by the customer id the session started
// with, which authorization does not change: a page reloaded under a
// secured session finds what it stored before it authorized.
func (c *Client) outboxKey() string {
	return "cxone-chat-wasm:" + strconv.FormatInt(c.opts.BrandID, 10) + ":" + c.opts.ChannelID + ":" + c.owner + ":outbox"
}

// storedRequest is one message kept across a page load. It holds the
// request's data, not its frame: the frame is built again when it is sent,
// with the identity and token of that time, so no token is ever stored.
// Tab names the page (Client) that stored it.
type storedRequest struct {
	ID        string  `json:"id"`
	EventType string  `json:"eventType"`
	Data      RawJSON `json:"data"`
	At        int64   `json:"at"` // unix ms, when first queued
	Tab       string  `json:"tab"`
	Attempts  int     `json:"attempts"`
	Customer  string  `json:"customer,omitempty"` // whose message: the customer id when it was stored
}

// persistData is data as stored: without its access token.
func persistData(data jsonValue) RawJSON {
	if data == nil {
		return RawJSON("{}")
	}
	raw := RawJSON(data.appendJSON(make([]byte, 0, 1024)))
	if _, pages := data.(RawJSON); !pages && !bytes.Contains(raw, []byte(`"accessToken"`)) {
		// Our encoders write keys unescaped, so the key is nowhere: nothing
		// to take out. The page's own JSON may spell it with escapes.
		return raw
	}
	o, err := parseObject(raw)
	if err != nil {
		return raw
	}
	out := o[:0:0]
	for _, f := range o {
		if f.Key != "accessToken" {
			out = append(out, f)
		}
	}
	return out.appendJSON(nil)
}

// appendJSON writes s as encoding/json's Marshal wrote it.
func (s storedRequest) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, s.ID)
	b = append(b, `,"eventType":`...)
	b = appendString(b, s.EventType)
	b = append(b, `,"data":`...)
	b = appendRaw(b, s.Data)
	b = append(b, `,"at":`...)
	b = strconv.AppendInt(b, s.At, 10)
	b = append(b, `,"tab":`...)
	b = appendString(b, s.Tab)
	b = append(b, `,"attempts":`...)
	b = strconv.AppendInt(b, int64(s.Attempts), 10)
	if s.Customer != "" {
		b = append(b, `,"customer":`...)
		b = appendString(b, s.Customer)
	}
	return append(b, '}')
}

// parseStored reads a stored outbox. Like Unmarshal into []storedRequest,
// it refuses the whole text when any member has the wrong type (an at or
// attempts that is not an integer included).
func parseStored(raw []byte) ([]storedRequest, bool) {
	t, root := parseRaw(raw)
	if root < 0 || !t.fits(root, kindArray) {
		return nil, false
	}
	var out []storedRequest
	if t.kind(root) == kindArray {
		out = []storedRequest{}
	}
	ok := true
	str := func(v int32) string {
		s, fit := t.asString(v)
		ok = ok && fit
		return s
	}
	num := func(v int32) int64 {
		switch t.kind(v) {
		case kindNull:
			return 0
		case kindNumber:
			n, err := strconv.ParseInt(string(t.raw(v)), 10, 64)
			ok = ok && err == nil
			return n
		}
		ok = false
		return 0
	}
	t.elems(root, func(v int32) {
		if !t.fits(v, kindObject) {
			ok = false
			return
		}
		var s storedRequest
		s.ID = str(t.get(v, "id"))
		s.EventType = str(t.get(v, "eventType"))
		s.Data = t.raw(t.get(v, "data"))
		s.At = num(t.get(v, "at"))
		s.Tab = str(t.get(v, "tab"))
		s.Attempts = int(num(t.get(v, "attempts")))
		s.Customer = str(t.get(v, "customer"))
		out = append(out, s)
	})
	return out, ok
}

// rebuild makes the frame of a request restored from storage, with the
// current identity and access token. A message another customer stored is
// refused: secured sessions key the outbox before authorization (they have
// no customer id then), so customers of one browser share that key, and
// one's message must never go out under another's identity.
func (c *Client) rebuild(p *pending) ([]byte, error) {
	if owner := p.owner; owner != "" && owner != c.customer.ID() {
		return nil, &Error{Code: CodeUnauthorized, Kind: KindSendMessage, Op: p.eventType, Msg: "A stored message of another customer was not sent"}
	}
	o, err := parseObject(p.data)
	if err != nil {
		return nil, err
	}
	if tok := c.accessToken(); tok != "" && c.authorizationEnabled() {
		o = o.with("accessToken", accessToken(tok).appendJSON(nil))
	}
	return c.envelope(p.id, p.eventType, o)
}

// readStored returns what Storage holds under key (an outbox key).
func (c *Client) readStored(key string) []storedRequest {
	raw, ok := c.opts.Storage.Get(key)
	if !ok {
		return nil
	}
	stored, ok := parseStored([]byte(raw))
	if !ok {
		c.opts.Storage.Remove(key)
		return nil
	}
	return stored
}

// tabStorage returns Storage as a TabStorage that names this page, or nil.
func (c *Client) tabStorage() TabStorage {
	if ts, ok := c.opts.Storage.(TabStorage); ok && ts.Tab() != "" {
		return ts
	}
	return nil
}

// saveOutbox writes the unanswered messages of outbox (the session's, on
// its loop; or the Client's, under sessMu with no loop running) to Storage, so that a reload
// before the server acknowledged them sends them again (with the same
// message ids: the server stores each once). Entries another tab of the
// same customer stored are kept as they are: two tabs do not overwrite
// each other's messages.
//
// Under a TabStorage each page writes only its own key (outboxKey + ":" +
// its tab), so no page ever rewrites what another stored: pages' writes
// to localStorage reach other pages late, and a read-modify-write of one
// shared key could bring back an entry another tab had just removed.
func (c *Client) saveOutbox(outbox []*pending) {
	if c.opts.privateStorage {
		return // nobody could read it: the outbox in memory is the only copy needed
	}
	now := c.opts.Clock.Now()
	var keep []storedRequest
	mine := map[string]bool{}
	for _, p := range outbox {
		if isPersisted(p.eventType) && p.data != nil {
			if p.owner == "" {
				p.owner = c.customer.ID() // the identity it is sent with
			}
			keep = append(keep, storedRequest{p.id, p.eventType, p.data, p.created.UnixMilli(), c.tab, p.attempts, p.owner})
			mine[p.id] = true
		}
	}
	known := c.known
	if c.tabStorage() != nil {
		c.writeStored(c.outboxKey()+":"+c.tab, keep)
		return
	}
	for _, s := range c.readStored(c.outboxKey()) {
		if s.Tab != c.tab && !mine[s.ID] && !known[s.ID] && now.Sub(time.UnixMilli(s.At)) <= outboxMaxAge {
			keep = append(keep, s)
		}
	}
	c.writeStored(c.outboxKey(), keep)
}

// writeStored stores entries under key, or removes key when there are none.
func (c *Client) writeStored(key string, entries []storedRequest) {
	if len(entries) == 0 {
		c.opts.Storage.Remove(key)
		return
	}
	b := []byte{'['}
	for i, s := range entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = s.appendJSON(b)
	}
	c.opts.Storage.Set(key, string(append(b, ']')))
}

// loadOutbox returns the messages earlier pages left unacknowledged, now
// this page's to send; those of pages still open (TabStorage) stay theirs.
// Nobody waits for their replies; their
// acknowledgements reach listeners as MessageCreated events, a refusal as
// OnError.
func (c *Client) loadOutbox() []*pending {
	stored := c.readStored(c.outboxKey())
	now := c.opts.Clock.Now()
	alive := func(string) bool { return false }
	if ts := c.tabStorage(); ts != nil {
		alive = ts.TabAlive
		// The pages' own keys: those of pages that are gone are taken over
		// (and removed: New stores their entries under this page's key).
		if len(stored) > 0 {
			c.opts.Storage.Remove(c.outboxKey()) // a shared key from before
		}
		for _, key := range ts.Keys(c.outboxKey() + ":") {
			entries := c.readStored(key)
			if len(entries) > 0 && entries[0].Tab != c.tab && alive(entries[0].Tab) {
				continue // an open page's: it sends them itself
			}
			c.opts.Storage.Remove(key)
			stored = append(stored, entries...)
		}
	}
	out := make([]*pending, 0, len(stored))
	for _, s := range stored {
		at := time.UnixMilli(s.At)
		if s.ID == "" || !isPersisted(s.EventType) || now.Sub(at) > outboxMaxAge {
			continue
		}
		if s.Tab != "" && s.Tab != c.tab && alive(s.Tab) {
			continue // an open page's: it sends them (saveOutbox keeps them)
		}
		if _, err := parseObject(s.Data); err != nil {
			continue
		}
		out = append(out, &pending{id: s.ID, eventType: s.EventType, data: s.Data, created: at, attempts: s.Attempts, owner: s.Customer})
		c.noteKnown(s.ID)
	}
	return out
}

// noteKnown records a stored message id as this client's (sent, claimed
// from storage or settled here): its stored copies are this client's to
// remove. Called on the session's loop, or before the Client is shared.
func (c *Client) noteKnown(id string) {
	if c.known == nil || len(c.known) > 4096 {
		c.known = map[string]bool{}
	}
	c.known[id] = true
}

// Pending returns how many requests wait for a reply (for tests and pages
// that show a "sending…" state).
func (c *Client) Pending() int { return int(c.pubPending.Load()) }
