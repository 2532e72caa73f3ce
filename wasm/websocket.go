//go:build js && wasm

package main

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hack-pad/safejs"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

var jsWebSocket = global("WebSocket")

// wsDialer dials with the browser's WebSocket (no net/http in the wasm).
type wsDialer struct{}

// wsConn wraps a browser WebSocket. Frames arrive on the JS event loop and
// are queued without blocking; Read takes them in order.
type wsConn struct {
	jsWS    safejs.Value
	mu      sync.Mutex
	queue   [][]byte
	signal  chan struct{} // has a value when queue is non-empty or closed
	closed  bool
	closeEr error
	opened  chan struct{}
	removes []func()
}

var errSocketClosed = errors.New("websocket closed")

// oversized counts inbound frames refused for their size (stats).
var oversized atomic.Int64

func (wsDialer) Dial(ctx context.Context, url string) (sdk.Conn, error) {
	ws, err := jsWebSocket.New(url)
	if err != nil {
		return nil, refused(url, err)
	}
	c := &wsConn{jsWS: ws, signal: make(chan struct{}, 1), opened: make(chan struct{})}
	if err := c.listen(); err != nil {
		c.Close()
		return nil, err
	}
	select {
	case <-c.opened:
		return c, nil
	case <-c.signal: // closed before it opened
		c.Close()
		return nil, refused(url, c.err())
	case <-ctx.Done():
		c.Close()
		return nil, ctx.Err()
	}
}

func (c *wsConn) listen() error {
	on := func(name string, fn func(ev safejs.Value)) error {
		f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
			defer func() { _ = recover() }()
			if len(args) > 0 {
				fn(args[0])
			}
			return nil
		})
		if err != nil {
			return err
		}
		if _, err := c.jsWS.Call("addEventListener", name, f.Value()); err != nil {
			f.Release()
			return err
		}
		c.removes = append(c.removes, func() {
			_, _ = c.jsWS.Call("removeEventListener", name, f.Value())
			f.Release()
		})
		return nil
	}
	if err := on("open", func(safejs.Value) { close(c.opened) }); err != nil {
		return err
	}
	if err := on("message", func(ev safejs.Value) {
		data, err := ev.Get("data")
		if err != nil || data.Type() != safejs.TypeString {
			return // binary frames are not part of the protocol
		}
		// Refuse an oversized frame before its text is copied into wasm
		// memory (a JS string of n UTF-16 units is at least n bytes):
		// memory the Go heap grows for it is never given back.
		// (A string primitive has no properties for Go: box it first.)
		boxed, err := jsObject.Invoke(data)
		if err != nil {
			return
		}
		if n, err := boxed.Get("length"); err != nil {
			return
		} else if l, err := n.Int(); err != nil || l > sdk.MaxFrameSize {
			oversized.Add(1)
			return
		}
		s, _ := data.String()
		c.mu.Lock()
		c.queue = append(c.queue, []byte(s))
		c.mu.Unlock()
		c.wake()
	}); err != nil {
		return err
	}
	// A socket the page's CSP forbids gets an error event and no close
	// event in Chromium (readyState is already CLOSED): take it as the end,
	// or Dial would wait for the request timeout.
	if err := on("error", func(safejs.Value) {
		if st, err := c.jsWS.Get("readyState"); err == nil {
			if n, err := st.Int(); err == nil && n == 3 {
				c.markClosed(&sdk.Error{Code: sdk.CodeClosed, Kind: sdk.KindWebSocketClient, Msg: "Connection closed", Err: errSocketClosed})
			}
		}
	}); err != nil {
		return err
	}
	return on("close", func(ev safejs.Value) {
		code, _ := ev.Get("code")
		reason, _ := ev.Get("reason")
		n, _ := code.Int()
		r, _ := reason.String()
		c.markClosed(&sdk.Error{Code: sdk.CodeClosed, Kind: sdk.KindWebSocketClient, Msg: "Connection closed", Err: closeError{n, r}})
	})
}

// refused is the error of a socket that closed before it opened: the
// browser gives no reason, so the message lists the likely ones.
func refused(url string, err error) error {
	if i := strings.IndexByte(url, '?'); i >= 0 {
		url = url[:i] // the query may carry a token
	}
	return &sdk.Error{Code: sdk.CodeClosed, Kind: sdk.KindWebSocketClient, Op: "connect", Err: err,
		Msg: "The WebSocket to " + url + " was refused before it opened: the gateway refused the connection, " +
			"the network blocks it, or the page's Content-Security-Policy does not allow it (connect-src must list the gateway origin)"}
}

type closeError struct {
	code   int
	reason string
}

func (e closeError) Error() string {
	if e.reason == "" {
		return "websocket closed with code " + itoa(e.code)
	}
	return "websocket closed with code " + itoa(e.code) + ": " + e.reason
}

func (c *wsConn) wake() {
	select {
	case c.signal <- struct{}{}:
	default:
	}
}

func (c *wsConn) markClosed(err error) {
	c.mu.Lock()
	if !c.closed {
		c.closed, c.closeEr = true, err
	}
	c.mu.Unlock()
	c.wake()
}

func (c *wsConn) err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closeEr != nil {
		return c.closeEr
	}
	return errSocketClosed
}

func (c *wsConn) Read(ctx context.Context) ([]byte, error) {
	for {
		c.mu.Lock()
		if len(c.queue) > 0 {
			p := c.queue[0]
			c.queue[0] = nil
			c.queue = c.queue[1:]
			if len(c.queue) > 0 {
				c.wake()
			}
			c.mu.Unlock()
			return p, nil
		}
		closed := c.closed
		c.mu.Unlock()
		if closed {
			c.wake()
			return nil, c.err()
		}
		select {
		case <-c.signal:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (c *wsConn) Write(ctx context.Context, p []byte) error {
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return c.err()
	}
	_, err := c.jsWS.Call("send", string(p))
	return err
}

// Close closes the socket and releases its listeners.
func (c *wsConn) Close() error {
	c.mu.Lock()
	removes := c.removes
	c.removes = nil
	c.mu.Unlock()
	_, err := c.jsWS.Call("close")
	for _, r := range removes {
		r()
	}
	c.markClosed(errSocketClosed)
	return err
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
