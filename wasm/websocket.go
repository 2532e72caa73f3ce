//go:build js && wasm

package main

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hack-pad/safejs"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

// maxFrameBytes bounds one frame from openSocket: MaxFrameSize UTF-16
// units, 3 bytes of UTF-8 each at most.
const maxFrameBytes = 3 * sdk.MaxFrameSize

// wsDialer dials with the browser's WebSocket (no net/http in the wasm),
// through the shim's openSocket (js/socket.js), which listens in JS and
// hands each frame over as UTF-8 bytes: written into wasm memory through
// the exports of inbound.go, or (an early socket's first frames, a shim
// without the exports) as a Uint8Array in one js.FuncOf call.
type wsDialer struct {
	open safejs.Value // binding.openSocket
}

// wsConn is one socket. Frames arrive on the JS event loop and are queued
// without blocking; Read takes them in order.
type wsConn struct {
	handle  safejs.Value // {send, sendAt, close} from openSocket
	sendAt  safejs.Value
	mu      sync.Mutex
	queue   [][]byte
	signal  chan struct{} // has a value when queue is non-empty or closed
	closed  bool
	closeEr error
	opened  chan struct{}
	isOpen  bool
	release func()
}

var errSocketClosed = errors.New("websocket closed")

// oversized counts inbound frames refused for their size, inFrames those
// that crossed (stats).
var oversized, inFrames atomic.Int64

func (d wsDialer) Dial(ctx context.Context, url string) (sdk.Conn, error) {
	c := &wsConn{signal: make(chan struct{}, 1), opened: make(chan struct{})}
	f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		defer func() { _ = recover() }()
		c.event(args)
		return nil
	})
	if err != nil {
		return nil, err
	}
	id := register(c)
	h, err := d.open.Invoke(url, sdk.MaxFrameSize, f.Value(), id)
	if err != nil {
		unregister(id)
		f.Release()
		return nil, refused(url, err)
	}
	c.handle, c.release = h, func() { unregister(id); f.Release() }
	c.sendAt, _ = h.Get("sendAt") // the frame from wasm memory (js/memtext.js)
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

// event takes one report of openSocket: see js/socket.js.
func (c *wsConn) event(args []safejs.Value) {
	if len(args) == 0 {
		return
	}
	kind, err := args[0].String()
	if err != nil {
		return
	}
	switch kind {
	case "open":
		c.mu.Lock()
		first := !c.isOpen
		c.isOpen = true
		c.mu.Unlock()
		if first {
			close(c.opened)
		}
	case "frame":
		if len(args) < 3 {
			return
		}
		n, err := args[2].Int()
		if err != nil || n < 0 || n > maxFrameBytes {
			return
		}
		frame := make([]byte, n)
		if got, err := safejs.CopyBytesToGo(frame, args[1]); err != nil || got != n {
			return
		}
		c.push(frame)
	case "oversized":
		oversized.Add(1)
	case "close":
		var code int
		var reason string
		if len(args) > 2 {
			code, _ = args[1].Int()
			reason, _ = args[2].String()
		}
		c.markClosed(&sdk.Error{Code: sdk.CodeClosed, Kind: sdk.KindWebSocketClient, Msg: "Connection closed", Err: closeError{code, reason}})
	}
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

// push queues one inbound frame for Read; false once the socket is closed.
func (c *wsConn) push(frame []byte) bool {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return false
	}
	c.queue = append(c.queue, frame)
	c.mu.Unlock()
	inFrames.Add(1)
	c.wake()
	return true
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

// WritesInstantly: the browser's send only queues the frame, so the
// session loop writes itself, without a writer goroutine (sdk/loop.go).
func (c *wsConn) WritesInstantly() bool { return true }

func (c *wsConn) Write(ctx context.Context, p []byte) error {
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return c.err()
	}
	if c.sendAt.Type() == safejs.TypeFunction {
		at, n, ascii := memArgs(p)
		_, err := c.sendAt.Invoke(at, n, ascii)
		runtime.KeepAlive(p)
		return err
	}
	_, err := c.handle.Call("send", string(p))
	return err
}

// Close closes the socket; openSocket reports nothing after it, so the
// callback is released.
func (c *wsConn) Close() error {
	c.mu.Lock()
	release := c.release
	c.release = nil
	c.mu.Unlock()
	var err error
	if release != nil {
		_, err = c.handle.Call("close")
		release()
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
