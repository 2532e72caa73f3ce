package sdk

import "context"

// The dispatch queue (the loop's: loop.go) hands events to listeners in
// arrival order. An event that needs more data first (a truncated message,
// an event stored in S3) is completed by a goroutine of its own while
// later events wait their turn; the loop never waits for it, and the
// socket reader goes on reading the replies those fetches wait for.

type job struct {
	ev      *Event // nil for a barrier (recovery.go)
	p       *pending
	waiting bool // ev is not final yet (being completed, or a barrier held)
}

// newJob makes the dispatch job of ev (on the loop), starting the fetch of
// what it lacks.
func (c *Client) newJob(l *life, ev *Event, p *pending) *job {
	j := &job{ev: ev, p: p}
	if _, ok := needsContent(ev); ok || ev.Type == "EventInS3" {
		j.waiting = true
		if !l.spawn(func() {
			full := ev // as it came, if completing it panics
			defer l.post(func() {
				j.ev, j.waiting = full, false
				c.pump(l)
			})
			defer c.recoverTo(l, "complete")
			full = c.complete(l, ev)
		}) {
			j.waiting = false
		}
	}
	return j
}

// enqueue queues j for dispatch (on the loop) and dispatches what is ready.
func (c *Client) enqueue(l *life, j *job) {
	l.s.queue = append(l.s.queue, j)
	c.pump(l)
}

// pump dispatches the queue's events from its head while they are final
// (on the loop).
func (c *Client) pump(l *life) {
	s := &l.s
	for len(s.queue) > 0 && !s.queue[0].waiting && !l.done() {
		j := s.queue[0]
		s.queue[0] = nil
		s.queue = s.queue[1:]
		if len(s.queue) == 0 {
			s.queue = nil // the backing array goes, not only its head
		}
		if j.ev != nil {
			c.deliver(l, j.ev, j.p)
		}
	}
}

// abandon fails the request a job would have answered.
func (c *Client) abandon(j *job) {
	if j.p != nil {
		c.finish(j.p, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: j.p.eventType, Msg: "Connection closed before the reply"})
	}
}

// deliver dispatches one final event and settles the request it answers
// (on the loop).
func (c *Client) deliver(l *life, ev *Event, p *pending) {
	defer func() {
		if p != nil && p.ch != nil {
			p.ch <- ev
			p.ch = nil
		}
	}()
	defer c.recoverTo(l, "dispatch")
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

// emit calls OnEvent for session l (on its loop, so calls never overlap);
// none is made once l has ended: no push of a closed session reaches the
// page.
func (c *Client) emit(l *life, ev *Event) {
	if c.opts.OnEvent == nil || l.done() {
		return
	}
	c.inUser.Add(1)
	defer c.inUser.Add(-1)
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
func (c *Client) complete(l *life, ev *Event) *Event {
	ctx := context.WithValue(l.ctx, serverDriven{}, true)
	if id, ok := needsContent(ev); ok {
		full, err := c.fullMessage(ctx, ev.ThreadID, id)
		if err != nil {
			c.report(l, err)
			return ev
		}
		ev.withDataMember("message", full)
		return ev
	}
	if ev.Type == "EventInS3" {
		real, err := c.s3Event(ctx, ev)
		if err != nil {
			c.report(l, err)
			return ev
		}
		return real
	}
	return ev
}
