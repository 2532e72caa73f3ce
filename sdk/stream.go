package sdk

import (
	"context"
	"sync"
)

// EventStream opens a Server-Sent Events stream and calls onData with the
// data of each event (named "delta" or unnamed) until the stream ends or ctx
// does. The browser's is EventSource.
type EventStream interface {
	Stream(ctx context.Context, url string, onData func(data string)) error
}

// streams tracks the open GenAI streams by message id.
type streams struct {
	mu   sync.Mutex
	open map[string]*streamEntry
}

// startStream takes over a MessageCreated whose content is STREAMED
// (PROTOCOL.md §4): it reports whether it did, in which case the message
// is not dispatched itself and StreamedMessage* events follow.
func (c *Client) startStream(l *life, ev *Event, msg RawJSON) bool {
	// Most messages are not streamed: tell so from messageContent.type
	// alone, without decoding the whole message.
	if ev.contentType() != "STREAMED" {
		return false
	}
	m, ok := readStreamed(msg)
	if !ok || m.Type != "STREAMED" {
		return false
	}
	base := object{{"messageId", jsonString(m.ID)}, {"threadId", jsonString(m.Thread)}, {"originalMessage", msg}}
	event := func(typ string, extra []field) *Event {
		data := append(append(object{}, base...), extra...)
		// The reference's detail is {id, createdAt, data}: no type member.
		return &Event{ID: c.opts.NewID(), Type: typ, CreatedAt: jsonString(isoMillis(c.opts.Clock.Now())), Data: data.appendJSON(nil), untyped: true}
	}
	// On the loop (here) an event goes out at once; from the stream's
	// goroutine it is handed to the loop, in order, and the stream reads on
	// once it is out.
	now := func(typ string, extra ...field) { c.emit(l, event(typ, extra)) }
	send := func(typ string, extra ...field) {
		ev := event(typ, extra)
		l.call(func() { c.emit(l, ev) }) // waits: a fast source cannot pile events up
	}
	p := m
	if p.Protocol != "sse" || p.SourceURL == "" || c.opts.Streams == nil {
		now("StreamedMessageFailed", field{"fullContent", jsonString("")})
		return true
	}
	ctx, cancel := context.WithCancel(l.ctx) // the stream ends with the session
	me := &streamEntry{cancel: cancel}
	c.streams.mu.Lock()
	if c.streams.open == nil {
		c.streams.open = map[string]*streamEntry{}
	}
	if prev := c.streams.open[m.ID]; prev != nil {
		prev.cancel() // a repeated MessageCreated restarts the stream
	}
	c.streams.open[m.ID] = me
	c.streams.mu.Unlock()
	now("StreamedMessageStarted", field{"fullContent", jsonString("")})
	l.spawn(func() {
		defer c.recoverTo(l, "stream")
		full, finished := "", false
		_ = c.opts.Streams.Stream(ctx, p.SourceURL, func(data string) {
			if finished {
				return
			}
			d, ok := readDelta([]byte(data))
			if !ok {
				finished = true
				send("StreamedMessageFailed", field{"fullContent", jsonString(full)})
				cancel()
				return
			}
			if d.Content == nil {
				return // heartbeats and metadata
			}
			full += *d.Content
			delta := members{{"content", jstr(*d.Content)}}.appendJSON(nil)
			if d.FinishReason != nil && *d.FinishReason == "stop" {
				finished = true
				send("StreamedMessageCompleted", field{"delta", delta}, field{"fullContent", jsonString(full)})
				cancel()
				return
			}
			send("StreamedMessageDelta", field{"delta", delta}, field{"fullContent", jsonString(full)})
		})
		cancel()
		c.streams.mu.Lock()
		current := c.streams.open[m.ID] == me
		if current {
			delete(c.streams.open, m.ID)
		}
		c.streams.mu.Unlock()
		if current && !finished && !l.done() {
			// The source closed (or failed) before finish_reason "stop".
			send("StreamedMessageFailed", field{"fullContent", jsonString(full)})
		}
	})
	return true
}

// streamed is what a STREAMED message says about its stream.
type streamed struct {
	ID, Thread, Type, Protocol, SourceURL string
}

// readStreamed reads msg as Unmarshal filled the struct it replaces: ok is
// false where that failed (a member of the wrong type). Thread is the
// thread id as fmt.Sprint printed the decoded value ("<nil>" for none).
func readStreamed(msg []byte) (streamed, bool) {
	t, root := parseRaw(msg)
	if root < 0 || !t.fits(root, kindObject) {
		return streamed{}, false
	}
	mc := t.get(root, "messageContent")
	p := t.get(mc, "payload")
	var m streamed
	var ok [4]bool
	m.ID, ok[0] = t.asString(t.get(root, "id"))
	m.Type, ok[1] = t.asString(t.get(mc, "type"))
	m.Protocol, ok[2] = t.asString(t.get(p, "protocol"))
	m.SourceURL, ok[3] = t.asString(t.get(p, "sourceUrl"))
	thread, fits := t.goValue(t.get(root, "threadIdOnExternalPlatform"))
	m.Thread = fmtAny(thread)
	return m, ok == [4]bool{true, true, true, true} && fits && t.fits(mc, kindObject) && t.fits(p, kindObject)
}

// delta is one server-sent chunk of a stream.
type delta struct{ Content, FinishReason *string }

// readDelta reads {delta: {content, finish_reason}}; ok is false where
// Unmarshal failed (not JSON, or a member of the wrong type).
func readDelta(data []byte) (delta, bool) {
	t, root := parseRaw(data)
	if root < 0 || !t.fits(root, kindObject) {
		return delta{}, false
	}
	dn := t.get(root, "delta")
	if !t.fits(dn, kindObject) {
		return delta{}, false
	}
	var d delta
	for _, f := range [...]struct {
		key string
		to  **string
	}{{"content", &d.Content}, {"finish_reason", &d.FinishReason}} {
		v := t.get(dn, f.key)
		s, ok := t.asString(v)
		if !ok {
			return delta{}, false
		}
		if t.kind(v) == kindString {
			*f.to = &s
		}
	}
	return d, true
}

type streamEntry struct{ cancel context.CancelFunc }

// stopStreams ends every open stream (Close).
func (c *Client) stopStreams() {
	c.streams.mu.Lock()
	open := c.streams.open
	c.streams.open = nil
	c.streams.mu.Unlock()
	for _, e := range open {
		e.cancel()
	}
}
