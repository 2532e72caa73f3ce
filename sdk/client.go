package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"
)

// Client is one chat session: a customer on a brand's channel, over one
// gateway socket that it keeps open. Its methods are safe for concurrent use.
//
// Requests go through an outbox: a request made while the socket is down is
// queued, and every unanswered request is written again, with the same
// eventId, when a new socket opens. Sends carry their message id, so a
// server that deduplicates by id stores each message once.
type Client struct {
	opts     Options
	ep       Endpoints
	customer *Customer

	mu        sync.Mutex
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
	lim       limiter
	cust      customerFields
	auth      authState
	disp      dispatcher
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

// pending is one request in the outbox.
type pending struct {
	id        string
	eventType string
	frame     []byte
	ch        chan *Event // nil for requests restored from storage
	silent    bool        // the reply is for the client itself, not the page
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
	c.customer = &Customer{id: resolveCustomerID(&c.opts), name: opts.CustomerName, image: opts.CustomerImage}
	if opts.IsLivechat != nil {
		c.livechat = *opts.IsLivechat
	}
	c.auth.code = opts.AuthorizationCode
	c.outbox = c.loadOutbox()
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

// usable reports whether requests may be made: the socket is open, or it
// was open and is being restored.
func (c *Client) usable() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state == stateOpen || c.state == stateReconnecting
}

// Connect opens the gateway socket and returns once it is open and usable,
// so pushes sent right after cannot be missed. It returns false, nil when
// already connected. When Options.IsLivechat is unset it also reads the
// channel info, to choose the thread kind. A first connection that fails
// is not retried (the gateway refuses unauthorised sockets so).
func (c *Client) Connect(ctx context.Context) (bool, error) {
	const op = "connect"
	c.mu.Lock()
	switch c.state {
	case stateOpen:
		c.mu.Unlock()
		return false, nil
	case stateConnecting, stateReconnecting:
		ch := c.opened
		c.mu.Unlock()
		select {
		case <-ch:
			if c.Connected() {
				return false, nil
			}
			return false, &Error{Code: CodeClosed, Kind: KindWebSocketClient, Op: op, Msg: "Connection closed"}
		case <-ctx.Done():
			return false, ctxError(op, ctx.Err())
		}
	}
	c.state = stateConnecting
	c.opened = make(chan struct{})
	c.mu.Unlock()

	conn, err := c.dial(ctx, true)
	if err != nil {
		c.mu.Lock()
		c.state = stateIdle
		if c.everOpen {
			c.state = stateClosed
		}
		close(c.opened)
		c.mu.Unlock()
		return false, err
	}
	c.install(conn)
	return true, nil
}

func (c *Client) dial(ctx context.Context, first bool) (Conn, error) {
	const op = "connect"
	if c.opts.Dialer == nil {
		return nil, invalidArg(op, "no Dialer configured")
	}
	var token string
	if c.secured() {
		t, err := c.transactionToken(ctx)
		if err != nil {
			return nil, err
		}
		token = t
	}
	u, err := c.socketURL(token)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()

	var info sync.WaitGroup
	if first && c.opts.IsLivechat == nil && c.opts.HTTP != nil {
		info.Add(1)
		c.goSafe(func() {
			defer info.Done()
			if ci, err := c.ChannelInfo(ctx); err == nil {
				var v struct {
					IsLiveChat bool `json:"isLiveChat"`
				}
				if json.Unmarshal(ci, &v) == nil {
					c.mu.Lock()
					c.livechat = v.IsLiveChat
					c.mu.Unlock()
				}
			}
		})
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
		return nil, &Error{Code: CodeClosed, Kind: KindWebSocketClient, Op: op, Msg: "Connection closed", Err: err}
	}
	return conn, nil
}

// install makes conn the current socket, writes the outbox to it in order,
// and starts its reader and heartbeat.
func (c *Client) install(conn Conn) {
	c.mu.Lock()
	c.conn = conn
	c.connGen++
	gen := c.connGen
	c.lastFrame = c.opts.Clock.Now()
	c.state = stateOpen
	c.everOpen = true
	resend := make([]*pending, len(c.outbox))
	copy(resend, c.outbox)
	opened := c.opened
	c.wmu.Lock() // before c.mu is released: a newer request must not overtake the resend
	c.mu.Unlock()
	if opened != nil {
		close(opened)
	}

	readCtx, cancel := context.WithCancel(context.Background())
	c.goSafe(func() { c.readLoop(readCtx, conn, gen) })
	c.goSafe(func() { c.heartbeat(readCtx, conn, gen, cancel) })
	for _, p := range resend {
		wctx, wcancel := context.WithTimeout(readCtx, c.opts.RequestTimeout)
		err := conn.Write(wctx, p.frame)
		wcancel()
		if err != nil {
			break // the reader sees the loss and the next socket resends
		}
	}
	c.wmu.Unlock()
	c.notify("open", nil)
}

// Close closes the socket for good: pending requests fail, nothing is
// retried.
func (c *Client) Close() error {
	c.mu.Lock()
	conn := c.conn
	c.conn = nil
	c.state = stateClosed
	c.connGen++
	outbox := c.outbox
	c.outbox = nil
	c.mu.Unlock()
	c.signalWake()
	failAll(outbox)
	if conn != nil {
		return conn.Close()
	}
	return nil
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

func failAll(ps []*pending) {
	for _, p := range ps {
		if p.ch != nil {
			close(p.ch)
		}
	}
}

// goSafe runs fn in a goroutine that cannot crash the program: a panic is
// reported through OnError. In the browser an escaped panic ends the wasm
// runtime for the whole page.
func (c *Client) goSafe(fn func()) {
	go func() {
		defer c.recoverTo("background")
		fn()
	}()
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

// readLoop reads frames until the socket ends.
func (c *Client) readLoop(ctx context.Context, conn Conn, gen int) {
	for {
		frame, err := conn.Read(ctx)
		if err != nil {
			c.lost(conn, gen, err)
			return
		}
		c.mu.Lock()
		c.lastFrame = c.opts.Clock.Now()
		c.mu.Unlock()
		if c.opts.OnRawFrame != nil {
			c.opts.OnRawFrame(frame)
		}
		c.handleFrame(frame)
	}
}

// handleFrame decodes and maps one frame and queues it for dispatch in
// arrival order. Listeners see an event before the call it answers
// resolves, as with the reference. Replies to the client's own internal
// requests skip the queue: a queued event may be waiting for them.
func (c *Client) handleFrame(frame []byte) {
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
	c.mu.Unlock()
	if p != nil {
		if p.ch == nil || isPersisted(p.eventType) {
			c.saveOutbox()
		}
		if p.silent {
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
		c.goSafe(func() {
			defer close(j.ready)
			j.ev = c.complete(ev)
		})
	}
	c.enqueue(j)
}

// isVersionRefused: the gateway no longer accepts this SDK version.
func isVersionRefused(ev *Event) bool {
	return ev.Error != nil && ev.Error.ErrorCode == "SdkVersionNotSupported"
}

// lost handles the end of a socket: if it had been open, reconnect.
func (c *Client) lost(conn Conn, gen int, err error) {
	c.mu.Lock()
	if c.connGen != gen {
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
	c.mu.Unlock()
	_ = conn.Close()
	var se *Error
	if !errors.As(err, &se) {
		// A socket closed by the heartbeat or a network error: a closed
		// connection to the page, not an internal error.
		err = &Error{Code: CodeClosed, Kind: KindWebSocketClient, Op: "gateway", Msg: "Connection closed", Err: err}
	}
	c.notify("close", err)
	c.goSafe(c.reconnect)
}

// reconnect retries with exponential backoff and jitter until a socket
// opens or MaxReconnectAttempts have failed, then recovers what was missed.
func (c *Client) reconnect() {
	for attempt := 1; attempt <= c.opts.MaxReconnectAttempts; attempt++ {
		c.notify("reconnecting", nil)
		t := time.NewTimer(c.backoff(attempt))
		select {
		case <-t.C:
		case <-c.wake:
			t.Stop()
		}
		c.mu.Lock()
		closed := c.state == stateClosed
		c.mu.Unlock()
		if closed {
			return
		}
		conn, err := c.dial(context.Background(), false)
		if err != nil {
			continue
		}
		c.holdDispatch() // before the new socket's first frame
		c.install(conn)
		c.goSafe(c.afterReconnect)
		return
	}
	c.mu.Lock()
	c.state = stateClosed
	outbox := c.outbox
	c.outbox = nil
	opened := c.opened
	c.mu.Unlock()
	close(opened)
	failAll(outbox)
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

// heartbeat sends {"action":"heartbeat"} every interval and closes a socket
// that has been silent for longer than the heartbeat timeout.
func (c *Client) heartbeat(ctx context.Context, conn Conn, gen int, cancel context.CancelFunc) {
	defer cancel()
	t := time.NewTicker(c.opts.HeartbeatInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
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
		wctx, wcancel := context.WithTimeout(ctx, c.opts.HeartbeatInterval)
		_ = conn.Write(wctx, heartbeatFrame)
		wcancel()
	}
}

// request sends eventType with data and waits for the reply with the same
// eventId, bounded by ctx and RequestTimeout. While the socket is being
// restored the request waits in the outbox.
func (c *Client) request(ctx context.Context, op, eventType string, data any) (*Event, error) {
	return c.requestOpts(ctx, op, eventType, data, false)
}

func (c *Client) requestOpts(ctx context.Context, op, eventType string, data any, silent bool) (*Event, error) {
	return c.requestAction(ctx, op, "chatWindowEvent", eventType, data, "", silent)
}

// requestAction is requestOpts with another action than chatWindowEvent
// (AuthorizeCustomer goes as "register") and, when visitor is not empty,
// that visitor id on the payload.
func (c *Client) requestAction(ctx context.Context, op, action, eventType string, data any, visitor string, silent bool) (*Event, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := c.limit(op); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()
	id := c.opts.NewID()
	frame, err := c.envelopeAction(action, id, eventType, data, visitor)
	if err != nil {
		return nil, &Error{Code: CodeInvalidArgument, Kind: KindChatSDK, Op: op, Msg: "cannot encode request", Err: err}
	}
	p := &pending{id: id, eventType: eventType, frame: frame, ch: make(chan *Event, 1), silent: silent}
	c.mu.Lock()
	switch c.state {
	case stateIdle, stateConnecting:
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
		_ = conn.Write(ctx, frame) // on failure the next socket resends it
		c.wmu.Unlock()
	}
	select {
	case ev, ok := <-p.ch:
		if !ok {
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
func (c *Client) send(ctx context.Context, eventType string, data any) error {
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
	ctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()
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
	o, err := parseObject(ev.Data)
	if err != nil {
		return false
	}
	if messageEvents[ev.Type] {
		m := o.get("message")
		if _, err := parseObject(m); m == nil || err != nil {
			return false
		}
	}
	return true
}
