package sdk

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"sync"
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

	mu        sync.Mutex
	life      *life // the session under way; nil before Connect and after Close
	conn      Conn
	connGen   int           // bumped per socket, so a stale reader can tell
	state     connState     // see connState
	opened    chan struct{} // closed when the state leaves connecting/reconnecting
	everOpen  bool
	outbox    []*pending // unanswered requests, in send order
	wake      chan struct{}
	threads   map[string]*Thread
	seen      seenSet
	livechat  bool
	lastFrame time.Time
	attempts  int             // reconnection attempts since the last socket that stayed up
	known     map[string]bool // stored message ids this client owns (outbox.go)
	lim       limiter
	srvLim    limiter // the budget of server-driven requests (content fetches)
	cust      customerFields
	auth      authState
	emitMu    sync.Mutex
	streams   streams
	files     fileState // attachment restrictions (attachments.go)

	// wmu orders writes: the outbox resend goes before newer requests.
	wmu sync.Mutex
	// recoverMark is the seen-set mark taken when the connection was lost;
	// recoverPending says a recovery from it has not completed yet. Both
	// are guarded by mu.
	recoverMark    uint64
	recoverPending bool
	barrier        *barrier // dispatch held for the recovery under way
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
		wake:    make(chan struct{}, 1),
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
		c.livechat = *opts.IsLivechat
	}
	c.auth.code = opts.AuthorizationCode
	c.outbox = c.loadOutbox()
	if len(c.outbox) > 0 {
		c.saveOutbox() // they are this page's now: another page starting sees so
	}
	return c, nil
}

// Customer returns the session's customer.
func (c *Client) Customer() *Customer { return c.customer }

// Endpoints returns the resolved environment.
func (c *Client) Endpoints() Endpoints { return c.ep }

// IsLivechat reports whether threads are live-chat threads.
func (c *Client) IsLivechat() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.livechat
}

// Connected reports whether the socket is open now.
func (c *Client) Connected() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state == stateOpen
}

// usable reports whether requests may be made: the socket is open, is
// being opened by Connect (requests wait for it), or was open and is being
// restored.
func (c *Client) usable() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state == stateOpen || c.state == stateReconnecting || c.state == stateConnecting
}

// current returns the session under way (nil when there is none).
func (c *Client) current() *life {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.life
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
	c.mu.Lock()
	switch c.state {
	case stateOpen:
		c.mu.Unlock()
		return false, nil
	case stateConnecting, stateReconnecting:
		ch, reconnecting := c.opened, c.state == stateReconnecting
		c.mu.Unlock()
		if reconnecting {
			c.signalWake() // do not wait out the backoff
		}
		if err := c.waitOpen(ctx, op, ch); err != nil {
			return false, err
		}
		return false, nil
	}
	l := newLife(c.opts.Clock)
	c.life = l
	c.state = stateConnecting
	c.opened = make(chan struct{})
	c.mu.Unlock()
	l.spawn(func() { c.dispatchLoop(l) })

	dctx, cancel := joinCtx(ctx, l.ctx)
	conn, err := c.dial(dctx, true)
	cancel()
	if err != nil {
		c.mu.Lock()
		mine := c.life == l
		if mine {
			c.life = nil
			c.state = stateIdle
			if c.everOpen {
				c.state = stateClosed
			}
			c.settleOpenedLocked()
		}
		c.mu.Unlock()
		l.end()
		if !mine {
			return false, &Error{Code: CodeClosed, Kind: KindWebSocketClient, Op: op, Msg: "Connection closed"}
		}
		return false, err
	}
	if !c.install(l, conn) {
		_ = conn.Close()
		return false, &Error{Code: CodeClosed, Kind: KindWebSocketClient, Op: op, Msg: "Connection closed"}
	}
	return true, nil
}

// waitOpen waits until the connection under way opens (nil) or fails,
// bounded by ctx and RequestTimeout.
func (c *Client) waitOpen(ctx context.Context, op string, ch chan struct{}) error {
	if ch == nil {
		return &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Connection closed"}
	}
	ctx, cancel := withTimeout(ctx, c.opts.Clock, c.opts.RequestTimeout)
	defer cancel()
	select {
	case <-ch:
		c.mu.Lock()
		ok := c.state == stateOpen || c.state == stateReconnecting
		c.mu.Unlock()
		if ok {
			return nil
		}
		return &Error{Code: CodeClosed, Kind: KindWebSocketClient, Op: op, Msg: "Connection closed"}
	case <-ctx.Done():
		return ctxError(op, ctx.Err())
	}
}

// settleOpenedLocked wakes whoever waits for the connection under way.
func (c *Client) settleOpenedLocked() {
	if c.opened != nil {
		close(c.opened)
		c.opened = nil
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
			defer c.recoverTo("channelInfo")
			if ci, err := c.ChannelInfo(ctx); err == nil {
				t, root := parseRaw(ci)
				live := t.get(root, "isLiveChat")
				if root >= 0 && t.fits(root, kindObject) && (t.fits(live, kindTrue) || t.kind(live) == kindFalse) {
					c.mu.Lock()
					c.livechat = t.kind(live) == kindTrue
					c.mu.Unlock()
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

// install makes conn the current socket of session l, writes the outbox to
// it in order, and starts its reader and heartbeat. It reports false when
// l is no longer the session under way (Close came first): the caller
// closes conn.
func (c *Client) install(l *life, conn Conn) bool {
	c.mu.Lock()
	if c.life != l || l.done() {
		c.mu.Unlock()
		return false
	}
	now := c.opts.Clock.Now()
	c.conn = conn
	c.connGen++
	gen := c.connGen
	c.lastFrame = now
	c.state = stateOpen
	c.everOpen = true
	var resend, expired []*pending
	kept := c.outbox[:0:0]
	for _, p := range c.outbox {
		if p.attempts >= outboxMaxAttempts || now.Sub(p.created) > outboxMaxAge {
			expired = append(expired, p)
			continue
		}
		kept = append(kept, p)
		resend = append(resend, p)
	}
	c.outbox = kept
	c.settleOpenedLocked()
	c.wmu.Lock() // before c.mu is released: a newer request must not overtake the resend
	c.mu.Unlock()
	c.giveUp(expired)

	connCtx, cancel := context.WithCancel(l.ctx)
	// As the reference: a secured session's first heartbeat goes out as the
	// socket opens; another's as soon as the gateway says it is authorized
	// (the reader kicks it). Either way one follows every interval.
	kick := make(chan struct{}, 1)
	if c.secured() {
		kick <- struct{}{}
	}
	if !l.spawn(func() { c.readLoop(l, connCtx, conn, gen, kick) }) || !l.spawn(func() { c.heartbeat(l, connCtx, conn, gen, cancel, kick) }) {
		cancel()
	}
	for _, p := range resend {
		if !c.writeRequest(connCtx, conn, p) {
			break // the reader sees the loss and the next socket resends
		}
	}
	c.wmu.Unlock()
	// A socket that stays up this long has earned a fresh set of retries.
	l.afterFunc(stableUptime, func() {
		c.mu.Lock()
		if c.connGen == gen && c.state == stateOpen {
			c.attempts = 0
		}
		c.mu.Unlock()
	})
	c.notify("open", nil)
	return true
}

// writeRequest writes p to conn (the caller holds wmu) and counts the
// attempt; false when the write failed.
func (c *Client) writeRequest(ctx context.Context, conn Conn, p *pending) bool {
	frame := p.frame
	if frame == nil {
		f, err := c.rebuild(p)
		if err != nil {
			var se *Error
			if !errors.As(err, &se) {
				se = &Error{Code: CodeInvalidArgument, Kind: KindChatSDK, Op: p.eventType, Msg: "stored request cannot be encoded", Err: err}
			}
			c.mu.Lock()
			restored := p.ch == nil
			c.mu.Unlock()
			c.forget(p) // out of storage before anyone hears of it
			if restored {
				c.report(se) // nobody waits on it: the page hears of it
			}
			c.settle(p, se)
			return true
		}
		frame = f
	}
	c.mu.Lock()
	p.attempts++
	p.written = true
	c.mu.Unlock()
	wctx, cancel := withTimeout(ctx, c.opts.Clock, c.opts.RequestTimeout)
	defer cancel()
	return conn.Write(wctx, frame) == nil
}

// giveUp rejects requests that used up their attempts or their age: a
// message the gateway will not take (it closes the socket on it) must not
// be sent on every new socket forever. Stored ones leave storage, and the
// page hears of them through OnError.
func (c *Client) giveUp(ps []*pending) {
	if len(ps) == 0 {
		return
	}
	// Out of storage before anyone hears of it: a page that reloads when
	// its send rejects must not find the given-up message there and send
	// it once more (the callers were woken first, before).
	persisted := false
	for _, p := range ps {
		persisted = persisted || isPersisted(p.eventType)
	}
	if persisted {
		c.saveOutbox() // the caller took ps out of the outbox already
	}
	for _, p := range ps {
		err := &Error{Code: CodeClosed, Kind: KindSendMessage, Op: p.eventType, Msg: "Request given up after " + strconv.Itoa(p.attempts) + " attempts"}
		if p.ch == nil {
			c.report(err)
		}
		c.settle(p, err)
	}
}

// settle ends p without a reply: it leaves the outbox, and its caller gets
// err.
func (c *Client) settle(p *pending, err error) {
	c.mu.Lock()
	for i, q := range c.outbox {
		if q == p {
			c.outbox = append(c.outbox[:i:i], c.outbox[i+1:]...)
			break
		}
	}
	ch := p.ch
	p.ch = nil
	if ch != nil {
		p.fail = err
	}
	c.mu.Unlock()
	if ch != nil {
		close(ch)
	}
}

// Close ends the session: the socket closes, pending requests fail, nothing
// is retried, stored messages are forgotten (their sends were rejected:
// the page decides whether to send again), and every goroutine, timer and
// stream of the session has ended when Close returns. Connect may open a
// new session later.
func (c *Client) Close() error {
	c.mu.Lock()
	l := c.life
	c.life = nil
	conn := c.conn
	c.conn = nil
	c.state = stateClosed
	c.connGen++
	outbox := c.outbox
	c.outbox = nil
	c.settleOpenedLocked()
	c.mu.Unlock()
	c.saveOutbox() // this client's stored messages go (before their callers hear); other tabs' stay
	for _, p := range outbox {
		c.settle(p, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: p.eventType, Msg: "Connection closed before the reply"})
	}
	var err error
	if conn != nil {
		err = conn.Close()
	}
	if l != nil {
		l.cancel()
		c.emitMu.Lock() // an event being emitted now is the last one
		c.emitMu.Unlock()
		l.end()
	}
	c.stopStreams()
	return err
}

// ReconnectNow cuts short the wait before the next reconnection attempt
// (the browser came back online, or the page became visible).
func (c *Client) ReconnectNow() { c.signalWake() }

func (c *Client) signalWake() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// goSafe runs fn in a goroutine of the session under way that cannot crash
// the program: a panic is reported through OnError (in the browser an
// escaped panic ends the wasm runtime for the whole page). With no session
// under way, nothing runs.
func (c *Client) goSafe(fn func()) bool {
	return c.current().spawn(func() {
		defer c.recoverTo("background")
		fn()
	})
}

func (c *Client) recoverTo(op string) {
	if r := recover(); r != nil {
		c.report(&Error{Code: CodeInternal, Kind: KindChatSDK, Op: op, Msg: "internal error", Err: panicError{r}})
	}
}

type panicError struct{ v any }

func (p panicError) Error() string { return "panic: " + fmtAny(p.v) }

func (c *Client) report(err error) {
	if c.opts.OnError != nil {
		c.opts.OnError(err)
	}
}

func (c *Client) notify(state string, err error) {
	if c.opts.OnConnection != nil {
		c.opts.OnConnection(state, err)
	}
}

// readLoop reads frames until the socket ends. Until the first frame that
// says the customer is authorized it kicks the heartbeat on that frame (a
// secured session's heartbeat started at open: kicked already).
func (c *Client) readLoop(l *life, ctx context.Context, conn Conn, gen int, kick chan struct{}) {
	defer c.recoverTo("reader")
	kicked := c.secured()
	for {
		frame, err := conn.Read(ctx)
		if err != nil {
			c.lost(l, conn, gen, err)
			return
		}
		c.mu.Lock()
		c.lastFrame = c.opts.Clock.Now()
		c.mu.Unlock()
		if c.opts.OnRawFrame != nil {
			c.opts.OnRawFrame(frame)
		}
		if !kicked && saysAuthorized(frame) {
			kicked = true
			kick <- struct{}{} // buffered, and nothing else sends on it
		}
		c.handleFrame(l, frame)
	}
}

// handleFrame decodes and maps one frame and queues it for dispatch in
// arrival order. Listeners see an event before the call it answers
// resolves, as with the reference. Replies to the client's own internal
// requests skip the queue: a queued event may be waiting for them.
func (c *Client) handleFrame(l *life, frame []byte) {
	ev, err := DecodeFrame(frame)
	if err != nil {
		return
	}
	ev = mapEvent(ev)
	c.mu.Lock()
	var p *pending
	for i, q := range c.outbox {
		if q.id == ev.ID {
			p = q
			c.outbox = append(c.outbox[:i:i], c.outbox[i+1:]...)
			break
		}
	}
	if p != nil {
		// A socket that answers requests works: its loss starts a fresh
		// set of retries, however short it lived.
		c.attempts = 0
	}
	c.mu.Unlock()
	if p != nil {
		if p.ch == nil || isPersisted(p.eventType) {
			c.saveOutbox()
		}
		if p.ch == nil && ev.Error != nil {
			// A message restored from storage that the server refused: the
			// page that sent it is gone, so the new one hears of it.
			c.report(&Error{Code: CodeServer, Kind: KindSendMessage, Op: p.eventType, Msg: "A stored message was refused by the server", Response: ev})
		}
		if p.silent && p.ch != nil {
			ev.Silent = true
			c.observe(ev)
			p.ch <- ev
			return
		}
	}
	if p == nil && !wellFormed(ev) {
		// A push a listener could not use (a message event without a
		// message object): the page hears of it through onError instead
		// of a listener failing on it.
		c.report(&Error{Code: CodeProtocol, Kind: KindChatSDK, Op: "gateway", Msg: "Malformed " + ev.Type + " event ignored", Response: ev})
		return
	}
	if isVersionRefused(ev) {
		c.report(&Error{Code: CodeServer, Kind: KindVersion, Op: "gateway", Msg: "Please update to the latest ChatSDK version", Response: ev})
	}
	j := &job{ev: ev, p: p}
	if _, ok := needsContent(ev); ok || ev.Type == "EventInS3" {
		j.ready = make(chan struct{})
		if !l.spawn(func() {
			defer close(j.ready)
			defer c.recoverTo("complete")
			j.ev = c.complete(l.ctx, ev)
		}) {
			close(j.ready)
		}
	}
	c.enqueue(l, j)
}

// isVersionRefused: the gateway no longer accepts this SDK version.
func isVersionRefused(ev *Event) bool {
	return ev.Error != nil && ev.Error.ErrorCode == "SdkVersionNotSupported"
}

// lost handles the end of a socket: if it had been open, reconnect.
// Requests written to it that are not idempotent settle now with an
// unknown-outcome error: writing them again could act twice.
func (c *Client) lost(l *life, conn Conn, gen int, err error) {
	c.mu.Lock()
	if c.connGen != gen || c.life != l {
		c.mu.Unlock()
		return
	}
	c.conn = nil
	c.state = stateReconnecting
	c.opened = make(chan struct{})
	if !c.recoverPending {
		c.recoverPending = true
		c.recoverMark = c.seen.mark()
	}
	var unknown []*pending
	for _, p := range c.outbox {
		if p.written && !idempotent(p.eventType) {
			unknown = append(unknown, p)
		}
	}
	c.mu.Unlock()
	_ = conn.Close()
	for _, p := range unknown {
		c.settle(p, &Error{Code: CodeUnknownOutcome, Kind: KindChatSDK, Op: p.eventType,
			Msg: "The connection was lost after " + p.eventType + " was sent; it may or may not have taken effect"})
	}
	var se *Error
	if !errors.As(err, &se) {
		// A socket closed by the heartbeat or a network error: a closed
		// connection to the page, not an internal error.
		err = &Error{Code: CodeClosed, Kind: KindWebSocketClient, Op: "gateway", Msg: "Connection closed", Err: err}
	}
	c.notify("close", err)
	l.spawn(func() {
		defer c.recoverTo("reconnect")
		c.reconnect(l)
	})
}

// reconnect retries with exponential backoff and jitter until a socket
// opens or MaxReconnectAttempts have failed, then recovers what was missed.
// The attempt count carries over sockets that did not stay up
// stableUptime.
func (c *Client) reconnect(l *life) {
	for {
		c.mu.Lock()
		c.attempts++
		attempt := c.attempts
		c.mu.Unlock()
		if attempt > c.opts.MaxReconnectAttempts {
			break
		}
		c.notify("reconnecting", nil)
		ch, stop := clockAfter(c.opts.Clock, c.backoff(attempt))
		select {
		case <-ch:
		case <-c.wake:
		case <-l.ctx.Done():
			stop()
			return
		}
		stop()
		conn, err := c.dial(l.ctx, false)
		if l.done() {
			if conn != nil {
				_ = conn.Close()
			}
			return
		}
		if err != nil {
			continue
		}
		c.holdDispatch(l) // before the new socket's first frame
		if !c.install(l, conn) {
			_ = conn.Close()
			return
		}
		l.spawn(func() {
			defer c.recoverTo("afterReconnect")
			c.afterReconnect(l)
		})
		return
	}
	c.mu.Lock()
	if c.life != l {
		c.mu.Unlock()
		return
	}
	c.state = stateClosed
	outbox := c.outbox
	c.outbox = nil
	c.settleOpenedLocked()
	c.mu.Unlock()
	for _, p := range outbox {
		c.settle(p, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: p.eventType, Msg: "Connection closed before the reply"})
	}
	err := &Error{Code: CodeClosed, Kind: KindWebSocketConnect, Op: "reconnect", Msg: "Websocket connection disconnected", Err: errors.New("HeartBeat died")}
	c.report(err)
	c.notify("error", err)
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

// saysAuthorized: frame is a JSON object whose authorizationStatus is
// "authorized" (the gateway's word that a non-secured session may start
// its heartbeat). Most frames are turned away by the byte search.
func saysAuthorized(frame []byte) bool {
	if !bytes.Contains(frame, []byte(`"authorizationStatus"`)) {
		return false
	}
	t, err := parseTree(frame)
	if err != nil || !t.isObject(0) {
		return false
	}
	v, ok := t.str(t.get(0, "authorizationStatus"))
	return ok && v == "authorized"
}

// heartbeat sends {"action":"heartbeat"} every interval, and at once when
// kicked, and closes a socket that has been silent for longer than the
// heartbeat timeout.
func (c *Client) heartbeat(l *life, ctx context.Context, conn Conn, gen int, cancel context.CancelFunc, kick <-chan struct{}) {
	defer cancel()
	for {
		if !c.beatDue(ctx, kick) {
			return
		}
		c.mu.Lock()
		silent := c.opts.Clock.Now().Sub(c.lastFrame)
		current := c.connGen == gen && c.conn != nil
		c.mu.Unlock()
		if !current {
			return
		}
		if silent > c.opts.HeartbeatTimeout {
			_ = conn.Close() // the reader ends and reconnects
			return
		}
		c.wmu.Lock()
		wctx, wcancel := withTimeout(ctx, c.opts.Clock, c.opts.HeartbeatInterval)
		_ = conn.Write(wctx, heartbeatFrame)
		wcancel()
		c.wmu.Unlock()
	}
}

// beatDue waits for the next heartbeat: an interval, or a kick (which
// starts the interval afresh). False when ctx ends.
func (c *Client) beatDue(ctx context.Context, kick <-chan struct{}) bool {
	ch, stop := clockAfter(c.opts.Clock, c.opts.HeartbeatInterval)
	defer stop()
	select {
	case <-ch:
		return true
	case <-kick:
		return true
	case <-ctx.Done():
		return false
	}
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
// (bounded by RequestTimeout), as the reference does.
func (c *Client) requestAction(ctx context.Context, op, action, eventType string, data jsonValue, visitor string, silent bool) (*Event, error) {
	if ctx == nil {
		ctx = context.Background()
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
	p := &pending{id: id, eventType: eventType, frame: frame, ch: reply, silent: silent, created: c.opts.Clock.Now()}
	if isPersisted(eventType) {
		p.data = persistData(data)
		c.mu.Lock()
		c.noteKnown(id)
		c.mu.Unlock()
	}
	for {
		c.mu.Lock()
		state, opened := c.state, c.opened
		if state != stateConnecting {
			break
		}
		c.mu.Unlock()
		if err := c.waitOpen(ctx, op, opened); err != nil {
			return nil, err
		}
	}
	switch c.state {
	case stateIdle:
		c.mu.Unlock()
		return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "WebSocketClient is not initialized"}
	case stateClosed:
		c.mu.Unlock()
		return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Connection closed"}
	}
	c.outbox = append(c.outbox, p)
	conn := c.conn
	c.mu.Unlock()
	if isPersisted(eventType) {
		c.saveOutbox()
	}
	if conn != nil {
		c.wmu.Lock()
		c.writeRequest(ctx, conn, p) // on failure the next socket resends it
		c.wmu.Unlock()
	}
	select {
	case ev, ok := <-reply:
		if !ok {
			c.mu.Lock()
			fail := p.fail
			c.mu.Unlock()
			if fail != nil {
				return nil, fail
			}
			return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Connection closed before the reply"}
		}
		return ev, nil
	case <-ctx.Done():
		c.forget(p)
		return nil, ctxError(op, ctx.Err())
	}
}

// forget drops an unanswered request (its caller gave up).
func (c *Client) forget(p *pending) {
	c.mu.Lock()
	for i, q := range c.outbox {
		if q == p {
			c.outbox = append(c.outbox[:i:i], c.outbox[i+1:]...)
			break
		}
	}
	c.mu.Unlock()
	if isPersisted(p.eventType) {
		c.saveOutbox()
	}
}

// send writes eventType without waiting for a reply (typing indicators):
// dropped when the socket is down, as they would be stale by then.
func (c *Client) send(ctx context.Context, eventType string, data jsonValue) error {
	c.mu.Lock()
	conn := c.conn
	c.mu.Unlock()
	if conn == nil {
		return &Error{Code: CodeClosed, Kind: KindChatSDK, Op: eventType, Msg: "WebSocketClient is not initialized"}
	}
	frame, err := c.envelope(c.opts.NewID(), eventType, data)
	if err != nil {
		return err
	}
	ctx, cancel := withTimeout(ctx, c.opts.Clock, c.opts.RequestTimeout)
	defer cancel()
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return conn.Write(ctx, frame)
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
