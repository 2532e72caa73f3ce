package sdk

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Client is one chat session: a customer on a brand's channel, over one
// gateway socket that it keeps open. Its methods are safe for concurrent use.
//
// Each Connect starts a session (life.go) that owns every goroutine and
// timer of the connection; Close ends it and waits for all of them.
//
// Requests go through an outbox: a request made while the socket is down is
// queued and written when a socket opens. After a socket is lost, only
// idempotent requests (messages, which carry their own id, and reads) are
// written again, with the same eventId; any other request already written
// settles with an unknown-outcome error rather than reach the server twice.
type Client struct {
	opts     Options
	ep       Endpoints
	customer *Customer
	owner    string // the customer id before any authorization: keys the stored outbox
	tab      string // this client's name in the stored outbox (outbox.go)

	// sessMu guards which session is current (Connect, Close); sessions
	// are ended without it held, since a session's loop may be inside a
	// callback that calls Connect. The state of a running session is its
	// loop's (loop.go); outbox and known are the holder of sessMu's while no
	// loop runs, the loop's while one does.
	sessMu   sync.Mutex
	life     *life                // the session under way; nil before Connect and after Close (guarded by sessMu)
	cur      atomic.Pointer[life] // life, for goroutines of the session (they never take sessMu)
	outbox   []*pending
	retired  []*life         // sessions cancelled (their attempts ran out, or closed from their own callback) that Close must still wait for
	known    map[string]bool // stored message ids this client owns (outbox.go)
	everOpen atomic.Bool

	// What the calls that only look read (never waiting for the loop):
	// the connection state and the outbox length, as the loop last set them.
	pubState   atomic.Int32 // a connState
	pubPending atomic.Int32
	livechat   atomic.Bool
	inUser     atomic.Int32 // calls into the page's callbacks under way

	tmu     sync.Mutex
	threads map[string]*Thread // the page's threads by id (guarded by tmu)

	seen    seenSet
	lim     limiter
	srvLim  limiter // the budget of server-driven requests (content fetches)
	cust    customerFields
	auth    authState
	streams streams
	files   fileState // attachment restrictions (attachments.go)
}

type connState int

const (
	stateIdle         connState = iota // never connected
	stateConnecting                    // the first Connect is dialing
	stateOpen                          // the socket is usable
	stateReconnecting                  // the socket was lost; retrying
	stateClosed                        // Close was called, or retries ran out
)

// CodeUnknownOutcome: the request was written, the socket was lost before
// its reply, and it is not safe to write again (it is not idempotent). The
// server may or may not have acted on it.
const CodeUnknownOutcome Code = "unknown-outcome"

// MaxOutgoingFrameSize bounds a request frame: the sandbox gateway's read
// limit (1 MiB). A larger request is refused with invalid-argument before
// anything is queued; the gateway would close the socket on it.
const MaxOutgoingFrameSize = 1 << 20

// stableUptime is how long a socket must stay open before the reconnection
// attempt counter starts again (the reference's rule), unless it answered a
// request first: a socket that the gateway closes at once does not buy
// endless retries.
const stableUptime = 5 * time.Second

// pending is one request in the outbox.
type pending struct {
	id        string
	op        string // the caller's operation, for its errors
	eventType string
	frame     []byte
	data      RawJSON     // persisted requests: data, to rebuild the frame after a reload
	ch        chan *Event // nil for requests restored from storage
	silent    bool        // the reply is for the client itself, not the page
	written   bool        // written to some socket
	attempts  int         // sockets it was written to
	created   time.Time   // when it was first queued (Clock)
	fail      error       // set before ch is closed: why it settled without a reply
	owner     string      // persisted requests: the customer whose message it is (outbox.go)
}

// idempotent tells which requests may be written again on a new socket: a
// server that saw them already does no harm the second time.
func idempotent(eventType string) bool {
	switch eventType {
	case "SendMessage", "SendOutbound", // deduplicated by their message id
		"RecoverThread", "RecoverLivechat", "LoadMoreMessages", "FetchThreadList", "LoadThreadMetadata",
		"GenerateAuthorizationToken", "MessageSeenByConsumer", "SendMessagePreview",
		"SetConsumerCustomFields", "SetConsumerContactCustomFields", "UpdateThread", "ArchiveThread",
		"ReconnectConsumer":
		return true
	}
	return false
}

// New validates the options and returns an unconnected Client.
func New(o *Options) (*Client, error) {
	opts, ep, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	c := &Client{
		opts:    opts,
		ep:      ep,
		threads: map[string]*Thread{},
		seen:    newSeenSet(10000),
	}
	c.opts.VisitorID = resolveVisitorID(&c.opts)
	c.customer = &Customer{id: resolveCustomerID(&c.opts), name: opts.CustomerName, image: opts.CustomerImage}
	c.owner = c.customer.ID()
	c.tab = opts.NewID()
	if ts, ok := opts.Storage.(TabStorage); ok && ts.Tab() != "" {
		c.tab = ts.Tab()
	}
	if opts.IsLivechat != nil {
		c.livechat.Store(*opts.IsLivechat)
	}
	c.auth.code = opts.AuthorizationCode
	c.outbox = c.loadOutbox()
	c.pubPending.Store(int32(len(c.outbox)))
	if len(c.outbox) > 0 {
		c.saveOutbox(c.outbox) // they are this page's now: another page starting sees so
	}
	return c, nil
}

// Customer returns the session's customer.
func (c *Client) Customer() *Customer { return c.customer }

// Endpoints returns the resolved environment.
func (c *Client) Endpoints() Endpoints { return c.ep }

// IsLivechat reports whether threads are live-chat threads.
func (c *Client) IsLivechat() bool { return c.livechat.Load() }

// Connected reports whether the socket is open now.
func (c *Client) Connected() bool { return connState(c.pubState.Load()) == stateOpen }

// usable reports whether requests may be made: the socket is open, is
// being opened by Connect (requests wait for it), or was open and is being
// restored.
func (c *Client) usable() bool {
	switch connState(c.pubState.Load()) {
	case stateOpen, stateReconnecting, stateConnecting:
		return true
	}
	return false
}

// current returns the session under way (nil when there is none).
func (c *Client) current() *life { return c.cur.Load() }

// setLife makes l the session under way (with sessMu held).
func (c *Client) setLife(l *life) {
	c.life = l
	c.cur.Store(l)
}

// Connect opens the gateway socket and returns once it is open and usable,
// so pushes sent right after cannot be missed. It returns false, nil when
// already connected; while a connection is being made or restored it waits
// for it (bounded by RequestTimeout), cutting short a reconnection backoff.
// When Options.IsLivechat is unset it also reads the channel info, in
// parallel with the dial, to choose the thread kind. A first connection
// that fails is not retried (the gateway refuses unauthorised sockets so).
func (c *Client) Connect(ctx context.Context) (bool, error) {
	const op = "connect"
	if ctx == nil {
		ctx = context.Background()
	}
	c.sessMu.Lock()
	if l := c.life; l != nil {
		switch connState(c.pubState.Load()) {
		case stateOpen:
			c.sessMu.Unlock()
			return false, nil
		case stateConnecting, stateReconnecting:
			c.sessMu.Unlock()
			if l.onLoop(goid()) {
				// Inside a callback of this session: the connection can
				// only open once the callback returns.
				l.post(func() { c.wakeNow(l) })
				return false, fromCallback(op)
			}
			return false, c.waitOpen(ctx, op, l)
		}
		// Retries ran out: that session is over (its outbox with it); a new
		// one starts. The old one is cancelled, not waited for (this may
		// run inside its callback): Close waits for it.
		c.setLife(nil)
		l.cancel()
		c.retire(l)
	}
	l := newLife(c.opts.Clock)
	c.setLife(l)
	c.setState(l, stateConnecting)
	c.setOutbox(l, c.outbox)
	c.outbox = nil
	first := make(chan error, 1)
	l.s.waiters = []chan error{first}
	l.spawn(func() { c.runLoop(l) })
	l.post(func() { c.dialNow(l, ctx, true) })
	c.sessMu.Unlock()

	var err error
	select {
	case err = <-first: // the dial is bounded by ctx and RequestTimeout
	case <-ctx.Done():
		err = ctxError(op, ctx.Err())
		select {
		case err = <-first: // it opened as ctx ended: keep it
		default:
		}
	}
	if err == nil {
		return true, nil
	}
	c.sessMu.Lock()
	mine := c.life == l
	if mine {
		c.setLife(nil)
		st := stateIdle
		if c.everOpen.Load() {
			st = stateClosed
		}
		c.pubState.Store(int32(st))
	}
	c.sessMu.Unlock()
	if mine {
		// Not under sessMu: the session's loop may be inside a callback
		// that calls Connect or Close.
		l.end()
		c.sessMu.Lock()
		c.adopt(l.left) // what was restored from storage stays for the next Connect
		c.sessMu.Unlock()
	}
	if !mine {
		return false, closedErr(op) // Close came first
	}
	return false, err
}

// waitOpen waits until the connection under way in l opens (nil) or
// fails, bounded by ctx and RequestTimeout; a reconnection backoff is cut
// short.
func (c *Client) waitOpen(ctx context.Context, op string, l *life) error {
	ctx, cancel := withTimeout(ctx, c.opts.Clock, c.opts.RequestTimeout)
	defer cancel()
	w := make(chan error, 1)
	if !l.post(func() {
		switch l.s.state {
		case stateOpen:
			w <- nil
		case stateConnecting:
			l.s.waiters = append(l.s.waiters, w)
		case stateReconnecting:
			l.s.waiters = append(l.s.waiters, w)
			c.wakeNow(l) // do not wait out the backoff
		default:
			w <- closedErr(op)
		}
	}) {
		return closedErr(op)
	}
	select {
	case err := <-w:
		if err != nil {
			return closedErr(op)
		}
		return nil
	case <-ctx.Done():
		return ctxError(op, ctx.Err())
	case <-l.ctx.Done():
		return closedErr(op)
	}
}

// dialNow starts a dial for session l (on its loop): the first socket of
// the session when first, a replacement otherwise. The result comes back
// to the loop (dialed).
func (c *Client) dialNow(l *life, ctx context.Context, first bool) {
	if l.done() {
		return
	}
	l.s.backingOff = false
	dctx, cancel := joinCtx(ctx, l.ctx)
	if !l.spawn(func() {
		var conn Conn
		var err error = &Error{Code: CodeInternal, Kind: KindChatSDK, Op: "connect", Msg: "internal error"}
		defer func() {
			cancel()
			if !l.post(func() { c.dialed(l, conn, err, first) }) && conn != nil {
				_ = conn.Close()
			}
		}()
		defer c.recoverTo(l, "dial") // then the dial is reported failed
		conn, err = c.dial(dctx, first)
	}) {
		cancel()
	}
}

// dialed takes the outcome of a dial (on the loop).
func (c *Client) dialed(l *life, conn Conn, err error, first bool) {
	if l.done() {
		if conn != nil {
			_ = conn.Close()
		}
		return
	}
	if err != nil {
		if !first {
			c.retry(l)
			return
		}
		// The first connection failed. What waited for it fails too; what
		// was restored from storage stays for the next Connect.
		st := stateIdle
		if c.everOpen.Load() {
			st = stateClosed
		}
		c.setState(l, st)
		var kept []*pending
		for _, p := range l.s.outbox {
			if p.ch == nil {
				kept = append(kept, p)
				continue
			}
			c.finish(p, closedErr(p.op))
		}
		c.setOutbox(l, kept)
		c.wakeWaiters(l, err)
		return
	}
	if !first {
		c.holdDispatch(l) // before the new socket's first frame
	}
	c.install(l, conn)
	if !first {
		l.spawn(func() {
			defer c.recoverTo(l, "afterReconnect")
			c.afterReconnect(l)
		})
	}
}

func (c *Client) dial(ctx context.Context, first bool) (Conn, error) {
	const op = "connect"
	if c.opts.Dialer == nil {
		return nil, invalidArg(op, "no Dialer configured")
	}
	var token string
	if c.secured() {
		t, err := c.transactionToken(ctx, !first)
		if err != nil {
			return nil, err
		}
		token = t
	}
	u, err := c.socketURL(token)
	if err != nil {
		return nil, err
	}
	ctx, cancel := withTimeout(ctx, c.opts.Clock, c.opts.RequestTimeout)
	defer cancel()

	// The thread kind, when the options do not say, comes from the channel
	// info: read it while the socket opens, not before.
	var info sync.WaitGroup
	if first && c.opts.IsLivechat == nil && c.opts.HTTP != nil {
		info.Add(1)
		go func() {
			defer info.Done()
			defer c.recoverTo(c.current(), "channelInfo")
			if ci, err := c.ChannelInfo(ctx); err == nil {
				t, root := parseRaw(ci)
				live := t.get(root, "isLiveChat")
				if root >= 0 && t.fits(root, kindObject) && (t.fits(live, kindTrue) || t.kind(live) == kindFalse) {
					c.livechat.Store(t.kind(live) == kindTrue)
				}
			}
		}()
	}
	conn, err := c.opts.Dialer.Dial(ctx, u)
	info.Wait()
	if err != nil && c.secured() {
		c.forgetTransaction() // the gateway may have refused it; ask anew next time
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctxError(op, ctx.Err())
		}
		var se *Error
		if errors.As(err, &se) && se.Code == CodeClosed && se.Kind == KindWebSocketClient && se.Op != "" {
			return nil, se // the dialer said why (a socket refused by the browser)
		}
		return nil, &Error{Code: CodeClosed, Kind: KindWebSocketClient, Op: op, Msg: "Connection closed", Err: err}
	}
	return conn, nil
}

// install makes conn the current socket of session l (on its loop), writes
// the outbox to it in order, and starts its reader and heartbeat.
func (c *Client) install(l *life, conn Conn) {
	s := &l.s
	now := c.opts.Clock.Now()
	s.conn = conn
	s.gen++
	gen := s.gen
	s.lastFrame = now
	c.setState(l, stateOpen)
	c.everOpen.Store(true)
	var expired []*pending
	kept := s.outbox[:0:0]
	for _, p := range s.outbox {
		if p.attempts >= outboxMaxAttempts || now.Sub(p.created) > outboxMaxAge {
			expired = append(expired, p)
			continue
		}
		kept = append(kept, p)
	}
	c.setOutbox(l, kept)
	c.wakeWaiters(l, nil)
	c.giveUp(l, expired)

	connCtx, cancel := context.WithCancel(l.ctx)
	s.connEnd = cancel
	s.out = nil
	if iw, ok := conn.(instantWriter); !ok || !iw.WritesInstantly() {
		w := &writer{l: l, wake: make(chan struct{}, 1)}
		s.out = w
		l.spawn(func() { c.writeLoop(connCtx, conn, w) })
	}
	l.spawn(func() { c.readLoop(l, connCtx, conn, gen) })
	for _, p := range append([]*pending(nil), s.outbox...) {
		c.writeRequest(l, p)
	}
	// As the reference: a secured session's first heartbeat goes out as the
	// socket opens; another's as soon as the gateway says it is authorized
	// (kick). Either way one follows every interval.
	if c.secured() {
		c.kick(l, gen)
	} else {
		c.scheduleBeat(l, gen)
	}
	// A socket that stays up this long has earned a fresh set of retries.
	stopTimer(s.stable)
	s.stable = l.after(stableUptime, func() {
		if s.gen == gen && s.state == stateOpen {
			s.attempts = 0
		}
	})
	c.notify(l, "open", nil)
}

// writeRequest writes p to the current socket (on the loop) and counts the
// attempt.
func (c *Client) writeRequest(l *life, p *pending) {
	frame := p.frame
	if frame == nil {
		f, err := c.rebuild(p)
		if err != nil {
			var se *Error
			if !errors.As(err, &se) {
				se = &Error{Code: CodeInvalidArgument, Kind: KindChatSDK, Op: p.eventType, Msg: "stored request cannot be encoded", Err: err}
			}
			restored := p.ch == nil
			c.drop(l, p) // out of storage before anyone hears of it
			if restored {
				c.reportNow(l, se) // nobody waits on it: the page hears of it
			}
			c.finish(p, se)
			return
		}
		frame = f
	}
	p.attempts++
	p.written = true
	c.write(l, frame)
}

// giveUp rejects requests (on the loop, already out of the outbox) that
// used up their attempts or their age: a message the gateway will not take
// (it closes the socket on it) must not be sent on every new socket
// forever. Stored ones leave storage, and the page hears of them through
// OnError.
func (c *Client) giveUp(l *life, ps []*pending) {
	if len(ps) == 0 {
		return
	}
	// Out of storage before anyone hears of it: a page that reloads when
	// its send rejects must not find the given-up message there and send
	// it once more.
	persisted := false
	for _, p := range ps {
		persisted = persisted || isPersisted(p.eventType)
	}
	if persisted {
		c.saveOutbox(l.s.outbox)
	}
	for _, p := range ps {
		err := &Error{Code: CodeClosed, Kind: KindSendMessage, Op: p.eventType, Msg: "Request given up after " + strconv.Itoa(p.attempts) + " attempts"}
		if p.ch == nil {
			c.reportNow(l, err)
		}
		c.finish(p, err)
	}
}

// unqueue takes p out of session l's outbox (on the loop); false if it was
// not there.
func (c *Client) unqueue(l *life, p *pending) bool {
	for i, q := range l.s.outbox {
		if q == p {
			c.setOutbox(l, append(l.s.outbox[:i:i], l.s.outbox[i+1:]...))
			return true
		}
	}
	return false
}

// drop takes p out of the outbox and out of storage (on the loop).
func (c *Client) drop(l *life, p *pending) {
	if l.done() {
		return // the outbox is the Client's again
	}
	if c.unqueue(l, p) && isPersisted(p.eventType) {
		c.saveOutbox(l.s.outbox)
	}
}

// settle ends p without a reply (on the loop): it leaves the outbox, and
// its caller gets err.
func (c *Client) settle(l *life, p *pending, err error) {
	c.unqueue(l, p)
	c.finish(p, err)
}

// finish wakes p's caller with err (p is out of every outbox).
func (c *Client) finish(p *pending, err error) {
	if p.ch != nil {
		p.fail = err
		close(p.ch)
		p.ch = nil
	}
}

// Close ends the session: the socket closes, pending requests fail, nothing
// is retried, stored messages are forgotten (their sends were rejected:
// the page decides whether to send again), and every goroutine, timer and
// stream of the session has ended when Close returns. Called from inside
// one of the client's callbacks (they all run on the session's loop),
// Close returns without waiting for that loop: its goroutines end as soon
// as the callback returns, no callback of the session follows, and a later
// Close from elsewhere waits for them. Connect may open a new session
// later.
func (c *Client) Close() error {
	me := goid()
	c.sessMu.Lock()
	l := c.life
	c.setLife(nil)
	c.pubState.Store(int32(stateClosed))
	outbox := c.outbox
	c.outbox = nil
	all := c.retired
	if l != nil {
		all = append([]*life{l}, all...) // l first: a retired loop may be in a callback waiting on l
	}
	// A Close made on a loop (from inside one of its callbacks) cannot wait
	// for that loop: it is only cancelled, and ends when the callback
	// returns. It stays retired, before sessMu is let go, so that a Close
	// from elsewhere, now or later, waits for it.
	var ended []*life
	c.retired = nil
	for _, e := range all {
		if e.onLoop(me) {
			e.stop()
			c.retired = append(c.retired, e)
			continue
		}
		ended = append(ended, e)
	}
	c.sessMu.Unlock()
	// The other sessions end without sessMu held: a loop may be inside a
	// callback that calls Connect.
	for _, e := range ended {
		e.end() // the loop closes the socket and hands back what was restored
		outbox = append(outbox, e.left...)
	}
	c.sessMu.Lock()
	if c.life == nil { // no Connect came meanwhile
		c.pubPending.Store(0)
		c.saveOutbox(nil) // this client's stored messages go (before their callers hear); other tabs' stay
		c.stopStreams()
	}
	c.sessMu.Unlock()
	for _, p := range outbox {
		c.finish(p, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: p.eventType, Msg: "Connection closed before the reply"})
	}
	return nil
}

// retire keeps l, cancelled, for Close to wait for (with sessMu held);
// sessions whose goroutines have all ended are let go.
func (c *Client) retire(l *life) {
	kept := c.retired[:0]
	for _, r := range c.retired {
		if !r.finished() {
			kept = append(kept, r)
		}
	}
	c.retired = append(kept, l)
}

// adopt gives restored requests back to the Client, or to the session
// that started meanwhile (with sessMu held).
func (c *Client) adopt(ps []*pending) {
	l := c.life
	if l == nil {
		c.outbox = append(c.outbox, ps...)
		c.pubPending.Store(int32(len(c.outbox)))
		return
	}
	if len(ps) == 0 {
		return
	}
	l.post(func() {
		c.setOutbox(l, append(l.s.outbox, ps...))
		if l.s.conn != nil {
			for _, p := range ps {
				c.writeRequest(l, p)
			}
		}
	})
}

// ReconnectNow cuts short the wait before the next reconnection attempt
// (the browser came back online, or the page became visible).
func (c *Client) ReconnectNow() {
	l := c.current()
	l.post(func() { c.wakeNow(l) })
}

// wakeNow ends the backoff under way (on the loop), or the next one when
// none is.
func (c *Client) wakeNow(l *life) {
	if !l.s.backingOff {
		l.s.wakeSoon = true
		return
	}
	stopTimer(l.s.retry)
	c.dialNow(l, l.ctx, false)
}

// recoverTo reports a panic of a goroutine of session l (any of them)
// through OnError, on l's loop.
func (c *Client) recoverTo(l *life, op string) {
	if r := recover(); r != nil {
		c.report(l, &Error{Code: CodeInternal, Kind: KindChatSDK, Op: op, Msg: "internal error", Err: panicError{r}})
	}
}

type panicError struct{ v any }

func (p panicError) Error() string { return "panic: " + fmtAny(p.v) }

// report tells the page of err through OnError, from any goroutine of
// session l: the call is posted to l's loop, where every callback runs, so
// that Close or a request made from OnError is handled as from any other
// callback (from the goroutine that found the error, Close would wait for
// that very goroutine, and a request would wait behind the dispatch it
// holds up). Nothing is reported once l has ended.
func (c *Client) report(l *life, err error) {
	if c.opts.OnError != nil {
		l.post(func() { c.reportNow(l, err) })
	}
}

// reportNow calls OnError (on l's loop), unless l has ended: a Close made
// from an earlier callback of the same op ends the session's news.
//
// A panic of OnError itself is swallowed: reported through OnError, it
// would come back here for ever, and the loop would do nothing else.
func (c *Client) reportNow(l *life, err error) {
	if c.opts.OnError != nil && !l.done() {
		c.inUser.Add(1)
		defer c.inUser.Add(-1)
		defer func() { _ = recover() }()
		c.opts.OnError(err)
	}
}

func (c *Client) rawFrame(frame []byte) {
	c.inUser.Add(1)
	defer c.inUser.Add(-1)
	c.opts.OnRawFrame(frame)
}

// notify calls OnConnection (on l's loop), unless l has ended (a Close
// from an earlier callback of the same op).
func (c *Client) notify(l *life, state string, err error) {
	if c.opts.OnConnection != nil && !l.done() {
		c.inUser.Add(1)
		defer c.inUser.Add(-1)
		c.opts.OnConnection(state, err)
	}
}

// readLoop reads frames until the socket ends, decodes each (here, off the
// loop) and hands it to the loop. Until the first frame that says the
// customer is authorized it looks for that word (a secured session's
// heartbeat started at open).
func (c *Client) readLoop(l *life, ctx context.Context, conn Conn, gen int) {
	defer func() {
		if r := recover(); r != nil {
			err := &Error{Code: CodeInternal, Kind: KindChatSDK, Op: "reader", Msg: "internal error", Err: panicError{r}}
			l.post(func() {
				c.reportNow(l, err)
				c.lost(l, gen, errors.New("reader failed")) // a new socket, not a dead session
			})
		}
	}()
	kicked := c.secured()
	for {
		frame, err := conn.Read(ctx)
		if err != nil {
			l.post(func() { c.lost(l, gen, err) })
			return
		}
		e, t, err := decodeFrame(frame)
		kick := false
		if !kicked && saysAuthorized(t) {
			kicked, kick = true, true
		}
		var ev *Event
		if err == nil {
			ev = mapEvent(e)
		}
		if !l.post(func() { c.handleFrame(l, gen, frame, ev, kick) }) {
			return
		}
	}
}

// handleFrame takes one decoded frame (on the loop), settles the request
// it answers and queues it for dispatch in arrival order. Listeners see an
// event before the call it answers resolves, as with the reference.
// Replies to the client's own internal requests skip the queue: a queued
// event may be waiting for them.
func (c *Client) handleFrame(l *life, gen int, frame []byte, ev *Event, kick bool) {
	if l.done() {
		return
	}
	s := &l.s
	s.lastFrame = c.opts.Clock.Now()
	if c.opts.OnRawFrame != nil {
		c.rawFrame(frame)
		if l.done() {
			return // closed from the callback: storage is Close's now
		}
	}
	if kick {
		c.kick(l, gen)
	}
	if ev == nil {
		return
	}
	var p *pending
	for _, q := range s.outbox {
		if q.id == ev.ID {
			p = q
			break
		}
	}
	if p != nil {
		c.unqueue(l, p)
		// A socket that answers requests works: its loss starts a fresh
		// set of retries, however short it lived.
		s.attempts = 0
		if p.ch == nil || isPersisted(p.eventType) {
			c.saveOutbox(s.outbox)
		}
		if p.ch == nil && ev.Error != nil {
			// A message restored from storage that the server refused: the
			// page that sent it is gone, so the new one hears of it.
			c.reportNow(l, &Error{Code: CodeServer, Kind: KindSendMessage, Op: p.eventType, Msg: "A stored message was refused by the server", Response: ev})
		}
		if p.silent && p.ch != nil {
			ev.Silent = true
			c.observe(ev)
			p.ch <- ev
			p.ch = nil
			return
		}
	}
	if p == nil && !wellFormed(ev) {
		// A push a listener could not use (a message event without a
		// message object): the page hears of it through onError instead
		// of a listener failing on it.
		c.reportNow(l, &Error{Code: CodeProtocol, Kind: KindChatSDK, Op: "gateway", Msg: "Malformed " + ev.Type + " event ignored", Response: ev})
		return
	}
	if isVersionRefused(ev) {
		c.reportNow(l, &Error{Code: CodeServer, Kind: KindVersion, Op: "gateway", Msg: "Please update to the latest ChatSDK version", Response: ev})
	}
	c.enqueue(l, c.newJob(l, ev, p))
}

// isVersionRefused: the gateway no longer accepts this SDK version.
func isVersionRefused(ev *Event) bool {
	return ev.Error != nil && ev.Error.ErrorCode == "SdkVersionNotSupported"
}

// lost handles the end of socket gen (on the loop): reconnect. Requests
// written to it that are not idempotent settle now with an unknown-outcome
// error: writing them again could act twice.
func (c *Client) lost(l *life, gen int, err error) {
	s := &l.s
	if l.done() || s.gen != gen || s.conn == nil {
		return
	}
	abort(s.conn)
	s.conn = nil
	s.connEnd()
	s.out = nil
	stopTimer(s.beat)
	c.setState(l, stateReconnecting)
	if !s.recoverPending {
		s.recoverPending = true
		s.recoverMark = c.seen.mark()
	}
	for _, p := range append([]*pending(nil), s.outbox...) {
		if p.written && !idempotent(p.eventType) {
			c.settle(l, p, &Error{Code: CodeUnknownOutcome, Kind: KindChatSDK, Op: p.eventType,
				Msg: "The connection was lost after " + p.eventType + " was sent; it may or may not have taken effect"})
		}
	}
	var se *Error
	if !errors.As(err, &se) {
		// A socket closed by the heartbeat or a network error: a closed
		// connection to the page, not an internal error.
		err = &Error{Code: CodeClosed, Kind: KindWebSocketClient, Op: "gateway", Msg: "Connection closed", Err: err}
	}
	c.notify(l, "close", err)
	c.retry(l)
}

// retry waits the backoff before the next dial (on the loop), or, once
// MaxReconnectAttempts have failed, closes the session: every request
// waiting fails. The attempt count carries over sockets that did not stay
// up stableUptime.
func (c *Client) retry(l *life) {
	s := &l.s
	if l.done() {
		return // closed from a callback of the same op
	}
	s.attempts++
	if s.attempts > c.opts.MaxReconnectAttempts {
		c.setState(l, stateClosed)
		outbox := s.outbox
		c.setOutbox(l, nil)
		c.wakeWaiters(l, closedErr("connect"))
		for _, p := range outbox {
			c.finish(p, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: p.eventType, Msg: "Connection closed before the reply"})
		}
		err := &Error{Code: CodeClosed, Kind: KindWebSocketConnect, Op: "reconnect", Msg: "Websocket connection disconnected", Err: errors.New("HeartBeat died")}
		c.reportNow(l, err)
		c.notify(l, "error", err)
		return
	}
	c.notify(l, "reconnecting", nil)
	if s.wakeSoon {
		s.wakeSoon = false
		c.dialNow(l, l.ctx, false)
		return
	}
	s.backingOff = true
	s.retryGen++
	gen := s.retryGen
	s.retry = l.after(c.backoff(s.attempts), func() {
		if s.backingOff && s.retryGen == gen {
			c.dialNow(l, l.ctx, false)
		}
	})
}

// backoff is the wait before attempt n: min·1.3^(n-1), capped at max, with
// ±50% jitter so that many clients do not return at once.
func (c *Client) backoff(n int) time.Duration {
	d := float64(c.opts.ReconnectMinDelay)
	for i := 1; i < n && d < float64(c.opts.ReconnectMaxDelay); i++ {
		d *= 1.3
	}
	if d > float64(c.opts.ReconnectMaxDelay) {
		d = float64(c.opts.ReconnectMaxDelay)
	}
	return time.Duration(d * (0.5 + randFloat()))
}

// saysAuthorized: t, a frame's tree (nil when the frame is not a JSON
// object), has an authorizationStatus of "authorized" (the gateway's word
// that a non-secured session may start its heartbeat). It reads the tree
// the frame was decoded into: no second pass over the bytes.
func saysAuthorized(t *tree) bool {
	if t == nil {
		return false
	}
	v, ok := t.str(t.get(0, "authorizationStatus"))
	return ok && v == "authorized"
}

// kick sends a heartbeat on socket gen now and starts the interval afresh
// (on the loop).
func (c *Client) kick(l *life, gen int) {
	if l.s.gen != gen || l.s.conn == nil {
		return
	}
	c.write(l, heartbeatFrame)
	c.scheduleBeat(l, gen)
}

// scheduleBeat arranges the next heartbeat of socket gen (on the loop). A
// socket that has been silent for longer than the heartbeat timeout, or
// whose write has hung since the previous heartbeat, is closed then
// instead (its reader reports the loss).
func (c *Client) scheduleBeat(l *life, gen int) {
	s := &l.s
	stopTimer(s.beat)
	s.beat = l.after(c.opts.HeartbeatInterval, func() {
		if s.gen != gen || s.conn == nil {
			return
		}
		if c.opts.Clock.Now().Sub(s.lastFrame) > c.opts.HeartbeatTimeout || c.stuckWrite(l) {
			abort(s.conn) // dead: a closing handshake would hold the loop until its timeout
			return
		}
		c.kick(l, gen)
	})
}

// request sends eventType with data and waits for the reply with the same
// eventId, bounded by ctx and RequestTimeout. While the socket is being
// restored the request waits in the outbox.
func (c *Client) request(ctx context.Context, op, eventType string, data jsonValue) (*Event, error) {
	return c.requestOpts(ctx, op, eventType, data, false)
}

func (c *Client) requestOpts(ctx context.Context, op, eventType string, data jsonValue, silent bool) (*Event, error) {
	return c.requestAction(ctx, op, "chatWindowEvent", eventType, data, "", silent)
}

// serverDriven marks a context of work the server asked for (content of
// truncated messages): its requests draw on their own budget, so that a
// server cannot spend the page's.
type serverDriven struct{}

// requestAction is requestOpts with another action than chatWindowEvent
// (AuthorizeCustomer goes as "register") and, when visitor is not empty,
// that visitor id on the payload.
//
// A request made while the first connection is being made waits for it
// in the outbox (bounded by RequestTimeout), as the reference's do.
func (c *Client) requestAction(ctx context.Context, op, action, eventType string, data jsonValue, visitor string, silent bool) (*Event, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if c.inUser.Load() > 0 && c.current().onLoop(goid()) {
		return nil, fromCallback(op)
	}
	ctx, cancel := withTimeout(ctx, c.opts.Clock, c.opts.RequestTimeout)
	defer cancel()
	id := c.opts.NewID()
	frame, err := c.envelopeAction(action, id, eventType, data, visitor)
	if err != nil {
		return nil, &Error{Code: CodeInvalidArgument, Kind: KindChatSDK, Op: op, Msg: "cannot encode request", Err: err}
	}
	if len(frame) > MaxOutgoingFrameSize {
		return nil, &Error{Code: CodeInvalidArgument, Kind: KindChatSDK, Op: op,
			Msg: "request too large: " + strconv.Itoa(len(frame)) + " bytes, the limit is " + strconv.Itoa(MaxOutgoingFrameSize)}
	}
	lim := &c.lim
	if ctx.Value(serverDriven{}) != nil {
		lim = &c.srvLim
	}
	if err := c.limit(ctx, lim, op); err != nil {
		return nil, err
	}
	reply := make(chan *Event, 1)
	p := &pending{id: id, op: op, eventType: eventType, frame: frame, ch: reply, silent: silent, created: c.opts.Clock.Now()}
	if isPersisted(eventType) {
		p.data = persistData(data)
	}
	l := c.current()
	if l == nil || !l.post(func() { c.submit(l, p) }) {
		return nil, c.notOpen(op)
	}
	select {
	case ev, ok := <-reply:
		if !ok {
			if p.fail != nil { // written before reply was closed
				return nil, p.fail
			}
			return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Connection closed before the reply"}
		}
		return ev, nil
	case <-ctx.Done():
		if c.inUser.Load() > 0 {
			l.post(func() { c.drop(l, p) }) // this may be the loop, inside a callback
		} else {
			l.call(func() { c.drop(l, p) }) // gone from Pending when the call returns
		}
		return nil, ctxError(op, ctx.Err())
	case <-l.ctx.Done():
		return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Connection closed before the reply"}
	}
}

// fromCallback is the error of a call that would wait for the session's
// loop made on that loop, from inside one of the client's callbacks (a
// native callback; in the browser only a synchronous call of the page can
// run there): the wait could only end after the callback returns, so the
// call fails at once instead of holding every event up until its timeout.
func fromCallback(op string) error {
	return &Error{Code: CodeInvalidArgument, Kind: KindChatSDK, Op: op,
		Msg: op + " cannot wait for the server from inside a callback of the same client: the reply comes through the session the callback holds up; call it from another goroutine"}
}

// notOpen is the error of a request made with no session under way.
func (c *Client) notOpen(op string) error {
	if connState(c.pubState.Load()) == stateIdle {
		return &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "WebSocketClient is not initialized"}
	}
	return &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Connection closed"}
}

// submit puts p in the outbox (on the loop) and writes it when a socket
// is open; else it waits there for the socket being opened or restored.
func (c *Client) submit(l *life, p *pending) {
	if l.done() {
		return // the caller sees the session end
	}
	s := &l.s
	switch s.state {
	case stateIdle:
		c.finish(p, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: p.op, Msg: "WebSocketClient is not initialized"})
		return
	case stateClosed:
		c.finish(p, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: p.op, Msg: "Connection closed"})
		return
	}
	c.setOutbox(l, append(s.outbox, p))
	if isPersisted(p.eventType) {
		c.noteKnown(p.id)
		c.saveOutbox(s.outbox)
	}
	if s.conn != nil {
		c.writeRequest(l, p) // on failure the next socket resends it
	}
}

// messageEvents are the pushes whose data carries a message.
var messageEvents = map[string]bool{
	"MessageCreated": true, "MessageSent": true, "MessageUpdated": true, "MessageAddedIntoCase": true,
	"MessageReadChanged": true, "MessageSeenChanged": true, "MessageDeliveryStatusChanged": true,
}

// wellFormed reports whether a push has the shape its listeners rely on:
// data is an object, and message events carry a message object.
func wellFormed(ev *Event) bool {
	if ev.Error != nil || ev.Type == "" {
		return true
	}
	if len(ev.Data) == 0 {
		return !messageEvents[ev.Type]
	}
	isObject, hasMessage := ev.dataIsObject()
	return isObject && (hasMessage || !messageEvents[ev.Type])
}
