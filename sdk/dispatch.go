package sdk

import (
	"context"
	"sync"
)

// dispatcher hands events to listeners in arrival order. An event that
// needs more data first (a truncated message, an event stored in S3) is
// completed by its own goroutine while later events wait their turn, so the
// socket reader never blocks on the network: it must stay free to read the
// replies those fetches wait for. Each session has its own, which ends with
// it.
type dispatcher struct {
	mu    sync.Mutex
	queue []*job
	wake  chan struct{}
}

type job struct {
	ev    *Event // nil for a barrier (recovery.go)
	p     *pending
	ready chan struct{} // closed when ev is final; nil when it already is
	batch []*job        // a barrier's jobs, final once ready is closed
}

func (c *Client) enqueue(l *life, j *job) {
	if l == nil {
		return
	}
	d := &l.disp
	d.mu.Lock()
	if d.wake == nil {
		d.wake = make(chan struct{}, 1)
	}
	d.queue = append(d.queue, j)
	wake := d.wake
	d.mu.Unlock()
	select {
	case wake <- struct{}{}:
	default:
	}
}

// dispatchLoop delivers the session's events until it ends; the requests
// whose replies were still queued then fail as closed.
func (c *Client) dispatchLoop(l *life) {
	d := &l.disp
	d.mu.Lock()
	if d.wake == nil {
		d.wake = make(chan struct{}, 1)
	}
	wake := d.wake
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		left := d.queue
		d.queue = nil
		d.mu.Unlock()
		for _, j := range left {
			c.abandon(j)
		}
	}()
	wait := func(ch chan struct{}) bool {
		if ch == nil {
			return true
		}
		select {
		case <-ch:
			return true
		case <-l.ctx.Done():
			return false
		}
	}
	for {
		d.mu.Lock()
		if len(d.queue) == 0 {
			d.mu.Unlock()
			select {
			case <-wake:
				continue
			case <-l.ctx.Done():
				return
			}
		}
		j := d.queue[0] // only this loop takes jobs off the queue
		d.mu.Unlock()
		if !wait(j.ready) {
			return
		}
		d.mu.Lock()
		d.queue[0] = nil
		d.queue = d.queue[1:]
		d.mu.Unlock()
		if l.done() {
			c.abandon(j)
			return
		}
		if j.ev != nil {
			c.deliver(l, j.ev, j.p)
		}
		for i, b := range j.batch {
			if !wait(b.ready) {
				for _, rest := range j.batch[i:] {
					c.abandon(rest)
				}
				return
			}
			c.deliver(l, b.ev, b.p)
		}
	}
}

// abandon fails the request a job would have answered.
func (c *Client) abandon(j *job) {
	if j.p != nil && j.p.ch != nil {
		j.p.fail = &Error{Code: CodeClosed, Kind: KindChatSDK, Op: j.p.eventType, Msg: "Connection closed before the reply"}
		close(j.p.ch)
	}
	for _, b := range j.batch {
		c.abandon(b)
	}
}

// deliver dispatches one final event and settles the request it answers.
func (c *Client) deliver(l *life, ev *Event, p *pending) {
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
		if !ev.Silent && c.startStream(l, ev, msg) {
			ev.Silent = true // the stream's own events stand for it
		}
	}
	c.observe(ev)
	if !ev.Silent && ev.Type != "" {
		c.emit(l, ev)
	}
}

// emit calls OnEvent for session l; calls never overlap, and none is made
// once l has ended: no push of a closed session reaches the page.
func (c *Client) emit(l *life, ev *Event) {
	if c.opts.OnEvent == nil {
		return
	}
	c.emitMu.Lock()
	defer c.emitMu.Unlock()
	if l.done() {
		return
	}
	c.opts.OnEvent(ev)
}

// needsContent reports whether a MessageCreated carries a truncated
// message: the reference fetches the full one unless the server says
// hasAdditionalMessageContent: false.
func needsContent(ev *Event) (messageID string, ok bool) {
	if ev.Type != "MessageCreated" {
		return "", false
	}
	return ev.truncatedMessage()
}

// complete fills in what an event lacks before dispatch; on failure the
// event goes out as it came, and OnError hears why.
func (c *Client) complete(ctx context.Context, ev *Event) *Event {
	ctx = context.WithValue(ctx, serverDriven{}, true)
	if id, ok := needsContent(ev); ok {
		full, err := c.fullMessage(ctx, ev.ThreadID, id)
		if err != nil {
			c.report(err)
			return ev
		}
		ev.withDataMember("message", full)
		return ev
	}
	if ev.Type == "EventInS3" {
		real, err := c.s3Event(ctx, ev)
		if err != nil {
			c.report(err)
			return ev
		}
		return real
	}
	return ev
}
