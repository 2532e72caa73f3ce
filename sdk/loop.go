package sdk

import (
	"context"
	"time"
)

// The session loop: one goroutine per session owns everything that changes
// while the session runs — the socket, the outbox, the dispatch queue, the
// recovery barrier and mark, the reconnection attempts and the heartbeat,
// backoff and uptime timers. Nothing else reads or writes them, so they
// need no lock. Other goroutines (callers, the socket reader, dials,
// content fetches, recovery, timers) post ops to it; an op runs to its end
// without waiting for anything, so the loop never blocks: what may block
// (a dial, a fetch, a write to a socket that can push back) runs in a
// goroutine of the session that posts its result back.
//
// Before the first session and between sessions, the state that carries
// over (the outbox restored from storage, the stored-id set) belongs to
// whoever holds Client.sessMu with no loop running: the loop takes it when
// it starts and leaves what was restored from storage in life.left when it
// ends, for Close or a failed Connect to take back.

// sess is the state of one session; only its loop touches it.
type sess struct {
	state      connState
	conn       Conn
	gen        int                // bumped per socket, so a stale reader's news can be told
	connEnd    context.CancelFunc // ends the current socket's reader and writer
	out        *writer            // nil when conn writes without waiting
	waiters    []chan error       // Connect calls waiting for the connection under way
	outbox     []*pending         // unanswered requests, in send order
	attempts   int                // reconnection attempts since a socket that stayed up or answered
	lastFrame  time.Time
	beat       Timer // the next heartbeat
	stable     Timer // the socket's uptime that resets attempts
	retry      Timer // the backoff before the next dial
	backingOff bool
	retryGen   int  // names the backoff under way: a stopped timer's late op is told
	wakeSoon   bool // ReconnectNow came while no backoff ran: skip the next one

	queue   []*job   // events waiting to be dispatched, in arrival order
	barrier *barrier // the recovery under way holds dispatch here

	recoverMark    uint64 // the seen-set mark taken when the connection was lost
	recoverPending bool   // a recovery from recoverMark has not completed yet

	typing  map[*Thread]*typingBurst  // keystroke bursts under way (typing.go)
	preview map[*Thread]*previewBurst // preview bursts under way
}

// post queues op for the session's loop; false (op will not run) once the
// session has ended. It never blocks.
func (l *life) post(op func()) bool {
	if l == nil {
		return false
	}
	if !l.admit(func() { l.inbox = append(l.inbox, op) }) {
		return false
	}
	select {
	case l.wake <- struct{}{}:
	default:
	}
	return true
}

// call runs op on the loop and waits for it; false if the session ended
// first. Only for goroutines of the session or callers that may wait (a
// synchronous entry point of the page never calls it: in the browser the
// loop may be inside a call to the page).
func (l *life) call(op func()) bool {
	done := make(chan struct{})
	if !l.post(func() { defer close(done); op() }) {
		return false
	}
	select {
	case <-done:
		return true
	case <-l.ctx.Done():
		return false
	}
}

// after runs op on the loop once d has passed on the clock, unless the
// session ends first.
func (l *life) after(d time.Duration, op func()) Timer {
	if l == nil {
		return stoppedTimer{}
	}
	return l.clock.AfterFunc(d, func() { l.post(op) })
}

// runLoop runs the session's ops until the session ends, then tears the
// session down: the socket closes, queued events are dropped (the
// requests they answer fail as closed) and the outbox goes back to the
// Client for Close to settle.
func (c *Client) runLoop(l *life) {
	l.loopG.Store(goid())
	for {
		l.mu.Lock()
		ops := l.inbox
		if len(ops) > 0 {
			l.inbox, l.spare = l.spare[:0], nil // the two arrays take turns
		}
		l.mu.Unlock()
		if len(ops) == 0 {
			select {
			case <-l.wake:
				continue
			case <-l.ctx.Done():
			}
			break
		}
		var left []func() // the batch's ops not run when the session ended
		for i, op := range ops {
			if l.ctx.Err() != nil {
				left = append(left, ops[i:]...)
				break
			}
			ops[i] = nil
			c.runOp(l, op)
		}
		clear(ops)
		l.spare = ops[:0]
		if l.ctx.Err() != nil {
			l.mu.Lock()
			l.inbox = append(left, l.inbox...)
			l.mu.Unlock()
			break
		}
	}
	// Ops posted from now on do not run; those already posted run once
	// more, seeing the session ended, so that what they carry (a socket
	// just dialed) is released.
	l.mu.Lock()
	l.ended = true
	rest := l.inbox
	l.inbox = nil
	l.mu.Unlock()
	for _, op := range rest {
		c.runOp(l, op)
	}
	c.teardown(l)
}

// runOp runs one op; a panic in it is reported and the loop goes on.
func (c *Client) runOp(l *life, op func()) {
	defer c.recoverTo(l, "loop")
	op()
}

// teardown ends session l's socket, timers and queue (on its loop, after
// the session has ended).
func (c *Client) teardown(l *life) {
	s := &l.s
	if s.conn != nil {
		_ = s.conn.Close()
		s.conn = nil
	}
	if s.connEnd != nil {
		s.connEnd()
	}
	stopTimer(s.beat)
	stopTimer(s.retry)
	stopTimer(s.stable)
	c.endBursts(l)
	if s.barrier != nil {
		stopTimer(s.barrier.timer)
	}
	for _, j := range s.queue {
		c.abandon(j)
	}
	s.queue = nil
	s.barrier = nil
	for _, w := range s.waiters {
		w <- closedErr("connect")
	}
	s.waiters = nil
	// What was restored from storage outlives the session (Close forgets
	// it, a failed Connect keeps it); a request somebody waits for ends
	// with it.
	for _, p := range s.outbox {
		if p.ch == nil {
			l.left = append(l.left, p)
			continue
		}
		c.finish(p, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: p.eventType, Msg: "Connection closed before the reply"})
	}
	s.outbox = nil
}

// abort ends a socket found dead: at once when the Conn can (Aborter),
// else through Close.
func abort(conn Conn) {
	if a, ok := conn.(Aborter); ok {
		_ = a.Abort()
		return
	}
	_ = conn.Close()
}

func stopTimer(t Timer) {
	if t != nil {
		t.Stop()
	}
}

func closedErr(op string) error {
	return &Error{Code: CodeClosed, Kind: KindWebSocketClient, Op: op, Msg: "Connection closed"}
}

// setState changes the session's connection state and publishes it for
// the calls that only look (Connected, Thread).
func (c *Client) setState(l *life, st connState) {
	l.s.state = st
	if c.cur.Load() == l { // a retired session publishes nothing
		c.pubState.Store(int32(st))
	}
}

// setOutbox replaces the session's outbox and publishes its length
// (Pending).
func (c *Client) setOutbox(l *life, ps []*pending) {
	l.s.outbox = ps
	if c.cur.Load() == l {
		c.pubPending.Store(int32(len(ps)))
	}
}

// wakeWaiters answers the Connect calls waiting for the connection under
// way: nil when it opened, err when it failed.
func (c *Client) wakeWaiters(l *life, err error) {
	for _, w := range l.s.waiters {
		w <- err
	}
	l.s.waiters = nil
}

// writer writes a socket's frames in order, for a Conn whose Write can
// wait (a native WebSocket pushing back): the loop queues and goes on. A
// write that hangs is ended by the heartbeat (stuckWrite), not by a timer
// per write.
type writer struct {
	l          *life
	queue      [][]byte // guarded by l.mu
	busy       bool     // a write is under way (guarded by l.mu)
	started    uint64   // writes started (guarded by l.mu)
	seenAtBeat uint64   // started, as the last heartbeat saw it (the loop's)
	wake       chan struct{}
}

// instantWriter is a Conn whose Write never waits (a browser WebSocket's
// send only queues the frame): the loop writes to it itself.
type instantWriter interface{ WritesInstantly() bool }

// write sends frame on the session's current socket (on the loop): at
// once for a Conn that never waits, else through the socket's writer. A
// failed write closes the socket; its reader reports the loss.
func (c *Client) write(l *life, frame []byte) {
	s := &l.s
	if s.conn == nil || l.done() {
		return
	}
	if s.out == nil {
		if s.conn.Write(l.ctx, frame) != nil {
			abort(s.conn)
		}
		return
	}
	w := s.out
	l.mu.Lock()
	w.queue = append(w.queue, frame)
	l.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// stuckWrite reports whether the socket's writer is inside the same write
// it was in at the previous heartbeat (on the loop, at each heartbeat): a
// write that has hung for a whole interval. Counting writes rather than
// reading the clock keeps a jump of the clock from ending a write that
// is merely under way.
func (c *Client) stuckWrite(l *life) bool {
	w := l.s.out
	if w == nil {
		return false
	}
	l.mu.Lock()
	busy, n := w.busy, w.started
	l.mu.Unlock()
	stuck := busy && n == w.seenAtBeat
	w.seenAtBeat = n
	return stuck
}

// writeLoop writes w's frames to conn until ctx (the socket's) ends or a
// write fails.
func (c *Client) writeLoop(ctx context.Context, conn Conn, w *writer) {
	l := w.l
	defer c.recoverTo(l, "writer")
	for {
		l.mu.Lock()
		q := w.queue
		w.queue = nil
		l.mu.Unlock()
		for _, f := range q {
			l.mu.Lock()
			w.busy = true
			w.started++
			l.mu.Unlock()
			err := conn.Write(ctx, f)
			l.mu.Lock()
			w.busy = false
			l.mu.Unlock()
			if err != nil {
				abort(conn) // the reader reports the loss
				return
			}
		}
		if len(q) > 0 {
			continue
		}
		select {
		case <-w.wake:
		case <-ctx.Done():
			return
		}
	}
}
