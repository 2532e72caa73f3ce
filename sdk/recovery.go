package sdk

import "context"

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
// on the newest page, older pages are fetched until it is found. A thread
// where nothing had been delivered yet is anchored on the first message
// sent there in this session (its acknowledgement was lost with the
// socket); one with neither is left alone: its history is the page's to
// load.
func (c *Client) recoverMissed(l *life) {
	var b *barrier
	var mark uint64
	var gen int
	if !l.call(func() {
		b, l.s.barrier = l.s.barrier, nil
		mark, gen = l.s.recoverMark, l.s.gen
	}) {
		return
	}
	c.tmu.Lock()
	threads := make([]*Thread, 0, len(c.threads))
	for _, t := range c.threads {
		threads = append(threads, t)
	}
	c.tmu.Unlock()
	done := true
	for _, t := range threads {
		if !c.recoverThread(l, t, mark, b) {
			done = false
		}
	}
	l.post(func() {
		if done && l.s.gen == gen {
			l.s.recoverPending = false // else the next recovery starts from the same mark
		}
		c.release(l, b)
	})
}

// recoverThread delivers what t missed since mark; false if it could not
// ask the server.
func (c *Client) recoverThread(l *life, t *Thread, mark uint64, b *barrier) bool {
	t.mu.Lock()
	firstSeq, firstSent := t.firstSeq, t.firstSent
	t.mu.Unlock()
	anchored := firstSeq != 0 && firstSeq <= mark
	if !anchored && firstSent == "" {
		return true
	}
	eventType := "RecoverThread"
	if t.livechat {
		eventType = "RecoverLivechat"
	}
	ev, err := c.requestOpts(l.ctx, "recover", eventType, threadOnly{threadRef{t.id}}, true)
	if err != nil {
		return false
	}
	if !isRecoverSuccess(ev) {
		return true // nothing to recover there (no contact yet)
	}
	tr, d := ev.dataTree()
	messages := tr.get(d, "messages") // newest first
	if d < 0 || !tr.fits(d, kindObject) || !tr.fits(messages, kindArray) {
		return true
	}
	thread, contact := RawJSON(tr.raw(tr.get(d, "thread"))), RawJSON(tr.raw(tr.get(d, "contact")))
	var missed []RawJSON // newest first
	page, token := tr.rawElems(messages), jsString(tr.raw(tr.get(d, "messagesScrollToken")))
	for pages := 1; ; pages++ {
		for _, m := range page {
			id := messageID(m)
			if anchored && c.seen.seenBy(id, mark) {
				c.deliverRecovered(l, b, t, thread, contact, missed)
				return true
			}
			if !c.seen.has(id) {
				missed = append(missed, m)
			}
			if !anchored && externalID(m) == firstSent {
				c.deliverRecovered(l, b, t, thread, contact, missed)
				return true
			}
		}
		if token == "" || pages == maxRecoverPages || len(page) == 0 {
			return true // the anchor is gone, or too far back to look for
		}
		page, token, err = c.olderMessages(l.ctx, t, token, page[len(page)-1])
		if err != nil {
			return false
		}
	}
}

// olderMessages fetches the page before token, for recovery only.
func (c *Client) olderMessages(ctx context.Context, t *Thread, token string, oldest RawJSON) ([]RawJSON, string, error) {
	ot, root := parseRaw(oldest)
	createdAt := RawJSON(ot.raw(ot.get(root, "createdAt")))
	if createdAt == nil {
		createdAt = RawJSON(`""`)
	}
	data := members{{"scrollToken", jstr(token)}, {"oldestMessageDatetime", createdAt}, {"thread", threadRef{t.id}}}
	ev, err := c.requestOpts(ctx, "recover", "LoadMoreMessages", data, true)
	if err != nil {
		return nil, "", err
	}
	tr, d := ev.dataTree()
	messages := tr.get(d, "messages")
	if ev.Error != nil || d < 0 || !tr.fits(d, kindObject) || !tr.fits(messages, kindArray) {
		return nil, "", &Error{Code: CodeServer, Kind: KindThreadRecover, Op: "recover", Msg: "Load more messages failed", Response: ev}
	}
	return tr.rawElems(messages), jsString(tr.raw(tr.get(d, "scrollToken"))), nil
}

// deliverRecovered queues missed (newest first) for dispatch, oldest
// first, as MessageCreated events, ahead of what the new socket brought
// while the barrier holds; the dispatcher drops any that also arrived that
// way.
func (c *Client) deliverRecovered(l *life, b *barrier, t *Thread, thread, contact RawJSON, missed []RawJSON) {
	events := make([]*Event, 0, len(missed))
	for i := len(missed) - 1; i >= 0; i-- {
		m := missed[i]
		mt, root := parseRaw(m)
		createdAt := RawJSON(mt.raw(mt.get(root, "createdAt")))
		data := object{{"thread", thread}, {"case", rawOrNull(contact)}, {"message", m}}
		events = append(events, &Event{ID: c.opts.NewID(), Type: "MessageCreated", CreatedAt: createdAt, Data: data.appendJSON(nil), ThreadID: t.id})
	}
	l.post(func() {
		for _, ev := range events {
			j := c.newJob(l, ev, nil)
			if b != nil && !b.released {
				b.batch = append(b.batch, j)
			} else {
				c.enqueue(l, j)
			}
		}
	})
}

// barrier holds dispatch after a reconnect until recovery has queued what
// was missed, so that missed messages reach listeners before the newer
// ones the new socket brings. It gives way after RequestTimeout whatever
// happens: a slow recovery must not stall the page. The loop's alone.
type barrier struct {
	j        *job   // its place in the dispatch queue
	batch    []*job // what recovery queued, to go out where j stands
	released bool
	timer    Timer // gives way after RequestTimeout
}

// holdDispatch queues a barrier for the recovery about to start (on the
// loop).
func (c *Client) holdDispatch(l *life) {
	b := &barrier{j: &job{waiting: true}}
	old := l.s.barrier
	l.s.barrier = b
	c.release(l, old) // a recovery that never started
	c.enqueue(l, b.j)
	b.timer = l.after(c.opts.RequestTimeout, func() { c.release(l, b) })
}

// release lets dispatch go on past b (on the loop): b's batch takes its
// place in the queue. It may be called more than once.
func (c *Client) release(l *life, b *barrier) {
	if b == nil || b.released {
		return
	}
	b.released = true
	stopTimer(b.timer)
	q := l.s.queue
	for i, j := range q {
		if j == b.j {
			rest := append(b.batch, q[i+1:]...)
			l.s.queue = append(q[:i:i], rest...)
			break
		}
	}
	b.batch = nil
	c.pump(l)
}

// noteDelivered records that a message of t reached the page, at mark.
func (t *Thread) noteDelivered(mark uint64) {
	t.mu.Lock()
	if t.firstSeq == 0 {
		t.firstSeq = mark
	}
	t.mu.Unlock()
}

// noteSent records a message sent on t by this client.
func (t *Thread) noteSent(id string) {
	t.mu.Lock()
	if t.firstSent == "" {
		t.firstSent = id
	}
	t.mu.Unlock()
}

// forgetSent forgets a message the server refused.
func (t *Thread) forgetSent(id string) {
	t.mu.Lock()
	if t.firstSent == id {
		t.firstSent = ""
	}
	t.mu.Unlock()
}

// externalID reads a message's idOnExternalPlatform.
func externalID(raw RawJSON) string {
	t, root := parseRaw(raw)
	id, _ := t.asString(t.get(root, "idOnExternalPlatform"))
	return id
}

func rawOrNull(r RawJSON) RawJSON {
	if r == nil {
		return RawJSON("null")
	}
	return r
}
