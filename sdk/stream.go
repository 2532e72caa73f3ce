package sdk

import (
	"context"
	"encoding/json"
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
	var m struct {
		ID             string `json:"id"`
		Thread         any    `json:"threadIdOnExternalPlatform"`
		MessageContent struct {
			Type    string `json:"type"`
			Payload struct {
				Protocol  string `json:"protocol"`
				SourceURL string `json:"sourceUrl"`
			} `json:"payload"`
		} `json:"messageContent"`
	}
	if json.Unmarshal(msg, &m) != nil || m.MessageContent.Type != "STREAMED" {
		return false
	}
	base := object{{"messageId", mustJSON(m.ID)}, {"threadId", mustJSON(fmtAny(m.Thread))}, {"originalMessage", msg}}
	send := func(typ string, extra ...field) {
		data := append(append(object{}, base...), extra...)
		// The reference's detail is {id, createdAt, data}: no type member.
		c.emit(l, &Event{ID: c.opts.NewID(), Type: typ, CreatedAt: mustJSON(c.opts.Clock.Now().UTC().Format("2006-01-02T15:04:05.000Z")), Data: mustJSON(data), untyped: true})
	}
	p := m.MessageContent.Payload
	if p.Protocol != "sse" || p.SourceURL == "" || c.opts.Streams == nil {
		send("StreamedMessageFailed", field{"fullContent", mustJSON("")})
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
	send("StreamedMessageStarted", field{"fullContent", mustJSON("")})
	l.spawn(func() {
		defer c.recoverTo("stream")
		full, finished := "", false
		_ = c.opts.Streams.Stream(ctx, p.SourceURL, func(data string) {
			if finished {
				return
			}
			var d struct {
				Delta *struct {
					Content      *string `json:"content"`
					FinishReason *string `json:"finish_reason"`
				} `json:"delta"`
			}
			if json.Unmarshal([]byte(data), &d) != nil {
				finished = true
				send("StreamedMessageFailed", field{"fullContent", mustJSON(full)})
				cancel()
				return
			}
			if d.Delta == nil || d.Delta.Content == nil {
				return // heartbeats and metadata
			}
			full += *d.Delta.Content
			delta := mustJSON(map[string]string{"content": *d.Delta.Content})
			if d.Delta.FinishReason != nil && *d.Delta.FinishReason == "stop" {
				finished = true
				send("StreamedMessageCompleted", field{"delta", delta}, field{"fullContent", mustJSON(full)})
				cancel()
				return
			}
			send("StreamedMessageDelta", field{"delta", delta}, field{"fullContent", mustJSON(full)})
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
			send("StreamedMessageFailed", field{"fullContent", mustJSON(full)})
		}
	})
	return true
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
