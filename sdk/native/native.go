// Package native connects the chat core to Go's own networking:
// github.com/coder/websocket for the gateway and net/http for REST. Go
// programs, tests and load tools use it; the browser build never imports it
// (it would pull net/http into the wasm).
package native

import (
	"bytes"
	"context"
	"io"
	"net/http"

	"github.com/coder/websocket"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

// Dialer dials the gateway with coder/websocket.
type Dialer struct {
	// HTTPClient is used for the handshake; nil means http.DefaultClient.
	HTTPClient *http.Client
}

// Dial opens a socket; it returns once the handshake is complete.
func (d Dialer) Dial(ctx context.Context, url string) (sdk.Conn, error) {
	c, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPClient: d.HTTPClient})
	if err != nil {
		return nil, err
	}
	c.SetReadLimit(sdk.MaxFrameSize)
	return conn{c}, nil
}

type conn struct{ c *websocket.Conn }

func (c conn) Read(ctx context.Context) ([]byte, error) {
	for {
		typ, p, err := c.c.Read(ctx)
		if err != nil {
			return nil, err
		}
		if typ == websocket.MessageText {
			return p, nil
		}
	}
}

func (c conn) Write(ctx context.Context, p []byte) error {
	return c.c.Write(ctx, websocket.MessageText, p)
}

func (c conn) Close() error { return c.c.Close(websocket.StatusNormalClosure, "") }

// Abort ends the socket without the closing handshake (sdk.Aborter), which
// on a dead connection waits up to 5 s for an answer that cannot come.
func (c conn) Abort() error { return c.c.CloseNow() }

// HTTP performs REST calls with net/http.
type HTTP struct {
	Client *http.Client // nil means http.DefaultClient
}

// Do sends req and reads the whole body (at most 16 MiB).
func (h HTTP) Do(ctx context.Context, req *sdk.HTTPRequest) (*sdk.HTTPResponse, error) {
	body := req.Body
	if req.Parts != nil {
		b, err := sdk.ReadParts(req.Parts)
		if err != nil {
			return nil, err
		}
		body = b
	}
	var rd io.Reader = bytes.NewReader(body)
	if req.OnUploadProgress != nil {
		rd = &counting{r: rd, total: int64(len(body)), fn: req.OnUploadProgress}
	}
	r, err := http.NewRequestWithContext(ctx, req.Method, req.URL, rd)
	if err != nil {
		return nil, err
	}
	r.ContentLength = int64(len(body))
	for k, v := range req.Header {
		r.Header.Set(k, v)
	}
	cl := h.Client
	if cl == nil {
		cl = http.DefaultClient
	}
	resp, err := cl.Do(r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, err
	}
	return &sdk.HTTPResponse{Status: resp.StatusCode, Body: got}, nil
}

// counting reports the bytes of a request body read so far.
type counting struct {
	r     io.Reader
	n     int64
	total int64
	fn    func(sent, total int64)
}

func (c *counting) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.n += int64(n)
		c.fn(c.n, c.total)
	}
	return n, err
}
