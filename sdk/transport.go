package sdk

import (
	"context"
	"time"
)

// Dialer opens the chat gateway's WebSocket. url is the full wss:// (or ws://)
// URL with its query. Dial returns once the socket is open and usable.
type Dialer interface {
	Dial(ctx context.Context, url string) (Conn, error)
}

// Conn is an open WebSocket carrying text frames.
type Conn interface {
	// Read blocks until the next text frame arrives, ctx ends, or the
	// socket closes.
	Read(ctx context.Context) ([]byte, error)
	// Write sends one text frame.
	Write(ctx context.Context, p []byte) error
	// Close closes the socket; a pending Read returns an error.
	Close() error
}

// Aborter is a Conn that can also end its socket at once, without the
// closing handshake. The core aborts a socket it has found dead (silent
// past HeartbeatTimeout, a write that hung or failed, a read that failed):
// a handshake there could only wait for its own timeout, and the session's
// loop with it. A Conn without Abort is closed instead, which must not
// block for long (the browser's WebSocket.close() returns at once).
type Aborter interface {
	Abort() error
}

// HTTPRequest is the little of an HTTP request the core needs.
type HTTPRequest struct {
	Method string
	URL    string
	Header map[string]string
	Body   []byte
	// Credentials asks the browser to send cookies cross-origin
	// (fetch credentials: 'include').
	Credentials bool
	// Parts, when set, is the body instead of Body: the doer assembles it,
	// so that a file (a Blob part) goes out without passing through the
	// core (attachment uploads).
	Parts []BodyPart
	// OnUploadProgress, when set, is called as the body goes out with the
	// bytes sent so far and the body's total.
	OnUploadProgress func(sent, total int64)
}

// HTTPResponse is the little of an HTTP response the core needs.
type HTTPResponse struct {
	Status int
	Body   []byte
}

// HTTPDoer performs one HTTP request. A non-2xx status is not an error here;
// the core decides.
type HTTPDoer interface {
	Do(ctx context.Context, req *HTTPRequest) (*HTTPResponse, error)
}

// Storage keeps small strings across page loads (customer id, tokens).
type Storage interface {
	Get(key string) (value string, ok bool)
	Set(key, value string)
	Remove(key string)
}

// Clock tells the time and runs functions later. Every timer of the core
// (request timeouts, heartbeat, reconnection backoff, rate limit, typing and
// preview debounce, the recovery barrier, token refreshes) goes through it,
// so a test's fake clock drives them all without sleeping.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine once d has passed. Stop
	// cancels it, reporting whether it did so before f was called.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a function scheduled by Clock.AfterFunc.
type Timer = interface{ Stop() bool }

// TimerClock is the former name of Clock, kept for callers that used it.
type TimerClock = Clock

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }
