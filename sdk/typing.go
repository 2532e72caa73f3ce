package sdk

import "time"

// Keystroke bursts belong to the session: their timers are the session's,
// and their state lives on its loop (sess.typing, sess.preview). A burst
// under way when the session ends goes with it, so the next session
// starts with none. (Kept on the thread, a burst whose timer died with its
// session stayed "under way" for good: no SenderTypingStarted and no
// preview in any later session.)

// typingBurst is a thread's keystroke burst (on the loop).
type typingBurst struct {
	timer Timer
	gen   int    // bumped per keystroke: a stopped timer's late op is told
	onEnd func() // the last keystroke's
}

// previewBurst is a thread's preview burst (on the loop).
type previewBurst struct {
	timer Timer
	text  string
}

// Keystroke tells the agent the customer is typing: SenderTypingStarted now
// (unless already sent), SenderTypingEnded after timeout without another
// keystroke. onEnd runs after the end is sent (on the session's loop, like
// every callback). Like the reference, it does nothing until a contact
// exists on the platform. It never waits: the loop does the work.
func (t *Thread) Keystroke(timeout time.Duration, onEnd func()) {
	if timeout <= 0 {
		timeout = time.Second
	}
	if !t.contactExists() {
		return
	}
	l := t.c.current()
	l.post(func() { t.c.keystroke(l, t, timeout, onEnd) })
}

// StopTyping sends SenderTypingEnded now if a keystroke burst is under way.
func (t *Thread) StopTyping() {
	l := t.c.current()
	l.post(func() { t.c.stopTyping(l, t, false) })
}

// KeystrokeForPreview remembers text and sends it as a preview once timeout
// (default 1250 ms) has passed since the first keystroke of a burst.
func (t *Thread) KeystrokeForPreview(text string, timeout time.Duration) {
	if timeout <= 0 {
		timeout = 1250 * time.Millisecond
	}
	l := t.c.current()
	l.post(func() { t.c.keystrokeForPreview(l, t, text, timeout) })
}

// StopTypingForPreview ends a preview burst, sending its text unless send
// is false. It never waits for the network: the page calls it
// synchronously, and in the browser a reply can only arrive once the call
// has returned; the preview goes out from a goroutine of the session.
func (t *Thread) StopTypingForPreview(send bool) {
	l := t.c.current()
	l.post(func() { t.c.endPreview(l, t, send) })
}

func (t *Thread) contactExists() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.exists
}

// keystroke starts or extends t's typing burst (on the loop).
func (c *Client) keystroke(l *life, t *Thread, timeout time.Duration, onEnd func()) {
	s := &l.s
	b := s.typing[t]
	if b == nil {
		if s.typing == nil {
			s.typing = map[*Thread]*typingBurst{}
		}
		b = &typingBurst{}
		s.typing[t] = b
		c.writeEvent(l, "SenderTypingStarted", threadOnly{threadRef{t.id}})
	} else {
		stopTimer(b.timer)
	}
	b.gen++
	gen := b.gen
	b.onEnd = onEnd
	b.timer = l.after(timeout, func() {
		if s.typing[t] == b && b.gen == gen {
			c.stopTyping(l, t, true)
		}
	})
}

// stopTyping ends t's typing burst (on the loop): SenderTypingEnded, then
// the last keystroke's onEnd when the burst ran its course.
func (c *Client) stopTyping(l *life, t *Thread, callBack bool) {
	b := l.s.typing[t]
	if b == nil {
		return
	}
	stopTimer(b.timer)
	delete(l.s.typing, t)
	c.writeEvent(l, "SenderTypingEnded", threadOnly{threadRef{t.id}})
	if callBack && b.onEnd != nil && !l.done() {
		c.inUser.Add(1)
		defer c.inUser.Add(-1)
		b.onEnd()
	}
}

// keystrokeForPreview keeps text for t's preview burst, starting the burst
// if none is under way (on the loop).
func (c *Client) keystrokeForPreview(l *life, t *Thread, text string, timeout time.Duration) {
	s := &l.s
	p := s.preview[t]
	if p == nil {
		if s.preview == nil {
			s.preview = map[*Thread]*previewBurst{}
		}
		p = &previewBurst{}
		s.preview[t] = p
		p.timer = l.after(timeout, func() {
			if s.preview[t] == p {
				c.endPreview(l, t, true)
			}
		})
	}
	p.text = text
}

// endPreview ends t's preview burst (on the loop), sending its text (empty
// when none was typed) when send is true.
func (c *Client) endPreview(l *life, t *Thread, send bool) {
	text := ""
	if p := l.s.preview[t]; p != nil {
		stopTimer(p.timer)
		delete(l.s.preview, t)
		text = p.text
	}
	if send {
		l.spawn(func() {
			defer c.recoverTo(l, "sendMessagePreview")
			_ = t.SendMessagePreview(l.ctx, text)
		})
	}
}

// writeEvent writes an event that needs no reply (typing indicators) to
// the current socket (on the loop); while the socket is down it is
// dropped, as it would be stale by then.
func (c *Client) writeEvent(l *life, eventType string, data jsonValue) {
	if l.s.state != stateOpen || l.s.conn == nil {
		return
	}
	frame, err := c.envelope(c.opts.NewID(), eventType, data)
	if err == nil {
		c.write(l, frame)
	}
}

// endBursts stops the session's typing and preview timers (at teardown).
func (c *Client) endBursts(l *life) {
	for _, b := range l.s.typing {
		stopTimer(b.timer)
	}
	for _, p := range l.s.preview {
		stopTimer(p.timer)
	}
	l.s.typing, l.s.preview = nil, nil
}
