package sim

import (
	"context"
	"time"

	"github.com/coder/websocket"
)

// outQueue is how many frames may wait for a slow client before the
// simulator gives up on it and drops the connection.
const outQueue = 64

// writeTimeout bounds one frame write.
const writeTimeout = 10 * time.Second

// conn is one open WebSocket: the handler's goroutine reads, and one writer
// goroutine drains out, so that pushes never block the sender of a push.
type conn struct {
	ws       *websocket.Conn
	query    string       // the raw query of the upgrade request
	customer *customer    // nil for replay sockets
	faultKey *customerKey // the customer it was opened for; nil for replay sockets
	faults   connFaults   // guarded by Server.faults.mu
	out      chan []byte
	ctx      context.Context
	cancel   context.CancelFunc
}

// newConn wraps ws and starts its writer.
func newConn(ws *websocket.Conn, query string, cu *customer) *conn {
	ctx, cancel := context.WithCancel(context.Background())
	c := &conn{ws: ws, query: query, customer: cu, out: make(chan []byte, outQueue), ctx: ctx, cancel: cancel}
	if cu != nil {
		key := cu.key
		c.faultKey = &key
	}
	go c.writeLoop()
	return c
}

// enqueue queues one text frame; false if the connection is gone or too
// slow (it is then dropped).
func (c *conn) enqueue(b []byte) bool {
	if c.ctx.Err() != nil {
		return false
	}
	select {
	case c.out <- b:
		return true
	default:
		c.kill()
		return false
	}
}

// enqueueWait queues one text frame, waiting for room instead of dropping
// a slow client; false if the connection or ctx ended first.
func (c *conn) enqueueWait(ctx context.Context, b []byte) bool {
	select {
	case c.out <- b:
		return true
	case <-c.ctx.Done():
		return false
	case <-ctx.Done():
		return false
	}
}

// writeLoop writes queued frames until the connection ends.
func (c *conn) writeLoop() {
	for {
		select {
		case <-c.ctx.Done():
			return
		case b := <-c.out:
			ctx, cancel := context.WithTimeout(c.ctx, writeTimeout)
			err := c.ws.Write(ctx, websocket.MessageText, b)
			cancel()
			if err != nil {
				c.kill()
				return
			}
		}
	}
}

// read returns the next text frame. Binary frames end the connection.
func (c *conn) read() ([]byte, error) {
	typ, b, err := c.ws.Read(c.ctx)
	if err != nil {
		return nil, err
	}
	if typ != websocket.MessageText {
		c.ws.Close(websocket.StatusUnsupportedData, "text frames only")
		return nil, errBinaryFrame
	}
	return b, nil
}

// kill ends the connection at once, without a close handshake.
func (c *conn) kill() {
	c.cancel()
	c.ws.CloseNow()
}
