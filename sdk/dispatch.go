package sdk

import (
	"context"
	"sync"
)

// dispatcher hands events to listeners in arrival order. An event that
// needs more data first (a truncated message, an event stored in S3) is
// completed by its own goroutine while later events wait their turn, so the
// socket reader never blocks on the network: it must stay free to read the
// replies those fetches wait for.
type dispatcher struct {
	mu    sync.Mutex
	queue []*job
	wake  chan struct{}
	once  sync.Once
}

type job struct {
	ev    *Event // nil for a barrier (recovery.go)
	p     *pending
	ready chan struct{} // closed when ev is final; nil when it already is
	batch []*job        // a barrier's jobs, final once ready is closed
}

func (c *Client) enqueue(j *job) {
	d := &c.disp
	d.once.Do(func() {
		d.wake = make(chan struct{}, 1)
		c.goSafe(c.dispatchLoop)
	})
	d.mu.Lock()
	d.queue = append(d.queue, j)
	d.mu.Unlock()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (c *Client) dispatchLoop() {
	d := &c.disp
	for {
		d.mu.Lock()
		if len(d.queue) == 0 {
			d.mu.Unlock()
			<-d.wake
			continue
		}
		j := d.queue[0]
		d.queue[0] = nil
		d.queue = d.queue[1:]
		d.mu.Unlock()
		if j.ready != nil {
			<-j.ready
		}
		if j.ev != nil {
			c.deliver(j.ev, j.p)
		}
		for _, b := range j.batch {
			if b.ready != nil {
				<-b.ready
			}
			c.deliver(b.ev, b.p)
		}
	}
}

// deliver dispatches one final event and settles the request it answers.
func (c *Client) deliver(ev *Event, p *pending) {
	defer func() {
		if p != nil && p.ch != nil {
			p.ch <- ev
		}
	}()
	defer c.recoverTo("dispatch")
	if ev.Type == "MessageCreated" {
		msg := ev.dataField("message")
		if id := ev.messageKey(); id != "" && !c.seen.add(id) {
			ev.Silent = true
		}
		if !ev.Silent && c.startStream(ev, msg) {
			ev.Silent = true // the stream's own events stand for it
		}
	}
	c.observe(ev)
	if !ev.Silent && ev.Type != "" {
		c.emit(ev)
	}
}

// emit calls OnEvent; calls never overlap.
func (c *Client) emit(ev *Event) {
	if c.opts.OnEvent == nil {
		return
	}
	c.emitMu.Lock()
	defer c.emitMu.Unlock()
	c.opts.OnEvent(ev)
}

// needsContent reports whether a MessageCreated carries a truncated
// message: the reference fetches the full one unless the server says
// hasAdditionalMessageContent: false.
func needsContent(ev *Event) (messageID string, ok bool) {
	if ev.Type != "MessageCreated" {
		return "", false
	}
	o, err := parseObject(ev.dataField("message"))
	if err != nil {
		return "", false
	}
	id, ok := str(o.get("id"))
	if !ok || id == "" || string(o.get("hasAdditionalMessageContent")) == "false" {
		return "", false
	}
	return id, true
}

// complete fills in what an event lacks before dispatch; on failure the
// event goes out as it came, and OnError hears why.
func (c *Client) complete(ev *Event) *Event {
	if id, ok := needsContent(ev); ok {
		full, err := c.fullMessage(context.Background(), ev.ThreadID, id)
		if err != nil {
			c.report(err)
			return ev
		}
		o, err := parseObject(ev.Data)
		if err == nil {
			ev.Data = mustJSON(o.with("message", full))
		}
		return ev
	}
	if ev.Type == "EventInS3" {
		real, err := c.s3Event(context.Background(), ev)
		if err != nil {
			c.report(err)
			return ev
		}
		return real
	}
	return ev
}
