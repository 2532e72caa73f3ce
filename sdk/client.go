package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"
)

// Client is one chat session: a customer on a brand's channel, over one
// gateway socket. Its methods are safe for concurrent use.
type Client struct {
	opts     Options
	ep       Endpoints
	customer *Customer

	mu        sync.Mutex
	conn      Conn
	connGen   int // bumped per connection, so a stale reader can tell
	connected chan struct{}
	pending   map[string]chan *Event
	threads   map[string]*Thread
	livechat  bool
	lastFrame time.Time
	closed    bool
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
		pending: map[string]chan *Event{},
		threads: map[string]*Thread{},
	}
	c.customer = &Customer{id: resolveCustomerID(&c.opts), name: opts.CustomerName, image: opts.CustomerImage}
	if opts.IsLivechat != nil {
		c.livechat = *opts.IsLivechat
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

// Connected reports whether the socket is open.
func (c *Client) Connected() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn != nil
}

// Connect opens the gateway socket and returns once it is open and usable,
// so pushes sent right after cannot be missed. It returns false, nil when
// already connected. When Options.IsLivechat is unset it also reads the
// channel info, to choose the thread kind.
func (c *Client) Connect(ctx context.Context) (bool, error) {
	const op = "connect"
	c.mu.Lock()
	if c.conn != nil {
		c.mu.Unlock()
		return false, nil
	}
	if c.connected != nil { // a Connect is under way: wait for it
		ch := c.connected
		c.mu.Unlock()
		select {
		case <-ch:
			return false, nil
		case <-ctx.Done():
			return false, ctxError(op, ctx.Err())
		}
	}
	c.connected = make(chan struct{})
	c.mu.Unlock()

	conn, err := c.dial(ctx)
	c.mu.Lock()
	done := c.connected
	c.connected = nil
	if err != nil {
		c.mu.Unlock()
		close(done)
		return false, err
	}
	c.conn = conn
	c.connGen++
	gen := c.connGen
	c.lastFrame = c.opts.Clock.Now()
	c.closed = false
	c.mu.Unlock()
	close(done)

	readCtx, cancel := context.WithCancel(context.Background())
	c.goSafe(func() { c.readLoop(readCtx, conn, gen) })
	c.goSafe(func() { c.heartbeat(readCtx, conn, gen, cancel) })
	c.notify("open", nil)
	return true, nil
}

func (c *Client) dial(ctx context.Context) (Conn, error) {
	const op = "connect"
	if c.opts.Dialer == nil {
		return nil, invalidArg(op, "no Dialer configured")
	}
	u, err := c.socketURL()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()

	var info sync.WaitGroup
	if c.opts.IsLivechat == nil && c.opts.HTTP != nil {
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
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctxError(op, ctx.Err())
		}
		return nil, &Error{Code: CodeClosed, Kind: KindWebSocketClient, Op: op, Msg: "Connection closed", Err: err}
	}
	return conn, nil
}

// Close closes the socket and fails every pending request.
func (c *Client) Close() error {
	c.mu.Lock()
	conn := c.conn
	c.conn = nil
	c.closed = true
	c.mu.Unlock()
	if conn != nil {
		return conn.Close()
	}
	return nil
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

// readLoop reads frames until the socket ends, dispatching each event and
// settling the request it answers.
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
		c.handleFrame(frame)
	}
}

// handleFrame decodes, maps and dispatches one frame. Listeners see an event
// before the call it answers resolves, as with the reference.
func (c *Client) handleFrame(frame []byte) {
	ev, err := DecodeFrame(frame)
	if err != nil {
		return
	}
	ev = mapEvent(ev)
	c.observe(ev)
	if !ev.Silent && ev.Type != "" && c.opts.OnEvent != nil {
		c.opts.OnEvent(ev)
	}
	c.mu.Lock()
	ch := c.pending[ev.ID]
	delete(c.pending, ev.ID)
	c.mu.Unlock()
	if ch != nil {
		ch <- ev
	}
}

// lost handles the end of a connection: pending requests fail at once
// rather than wait for their timeout.
func (c *Client) lost(conn Conn, gen int, err error) {
	c.mu.Lock()
	if c.connGen != gen {
		c.mu.Unlock()
		return
	}
	wasOpen := c.conn != nil
	c.conn = nil
	pending := c.pending
	c.pending = map[string]chan *Event{}
	c.mu.Unlock()
	_ = conn.Close()
	for _, ch := range pending {
		close(ch)
	}
	if wasOpen {
		c.notify("close", err)
	}
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
			c.report(&Error{Code: CodeClosed, Kind: KindWebSocketConnect, Op: "heartbeat", Msg: "Websocket connection disconnected", Err: errors.New("HeartBeat died")})
			_ = conn.Close()
			return
		}
		wctx, wcancel := context.WithTimeout(ctx, c.opts.HeartbeatInterval)
		_ = conn.Write(wctx, heartbeatFrame)
		wcancel()
	}
}

// request sends eventType with data and waits for the reply with the same
// eventId, bounded by ctx and RequestTimeout.
func (c *Client) request(ctx context.Context, op, eventType string, data any) (*Event, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()
	id := c.opts.NewID()
	frame, err := c.envelope(id, eventType, data)
	if err != nil {
		return nil, &Error{Code: CodeInvalidArgument, Kind: KindChatSDK, Op: op, Msg: "cannot encode request", Err: err}
	}
	ch := make(chan *Event, 1)
	c.mu.Lock()
	conn := c.conn
	if conn == nil {
		c.mu.Unlock()
		return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "WebSocketClient is not initialized"}
	}
	c.pending[id] = ch
	c.mu.Unlock()
	forget := func() {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
	}
	if err := conn.Write(ctx, frame); err != nil {
		forget()
		if ctx.Err() != nil {
			return nil, ctxError(op, ctx.Err())
		}
		return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Connection closed", Err: err}
	}
	select {
	case ev, ok := <-ch:
		if !ok {
			return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Connection closed before the reply"}
		}
		return ev, nil
	case <-ctx.Done():
		forget()
		return nil, ctxError(op, ctx.Err())
	}
}

// send writes eventType without waiting for a reply (typing indicators).
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
