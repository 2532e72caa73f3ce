package sdk

import (
	"bytes"
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// life is one session of a Client, from Connect to Close: the single owner
// of every goroutine and timer the session starts. Its loop (loop.go) owns
// the session's state; the other goroutines (socket reader and writer,
// dials, content fetches, streams, recovery, token refreshes) only do what
// blocks, and hand their results to the loop. Close cancels its context
// and waits for all of them: nothing of a session outlives it.
type life struct {
	ctx    context.Context
	cancel context.CancelFunc
	clock  Clock

	mu    sync.Mutex
	ended bool
	wg    sync.WaitGroup
	inbox []func() // ops for the loop, in the order posted (guarded by mu)
	spare []func()
	wake  chan struct{}

	s       sess          // the session's state: the loop's alone (loop.go)
	loopG   atomic.Uint64 // the loop's goroutine id (goid), once it runs
	left    []*pending    // the restored requests the session had at its end (teardown)
	running atomic.Int32  // goroutines of the session still running
	started atomic.Int64  // goroutines the session has started, ever (sdk.Started in tests)
}

func newLife(clock Clock) *life {
	ctx, cancel := context.WithCancel(context.Background())
	return &life{ctx: ctx, cancel: cancel, clock: clock, wake: make(chan struct{}, 1)}
}

// spawn runs fn in a goroutine the session owns; it reports false (and runs
// nothing) once the session has ended.
func (l *life) spawn(fn func()) bool {
	if l == nil {
		return false
	}
	if !l.admit(func() { l.wg.Add(1); l.running.Add(1); l.started.Add(1) }) {
		return false
	}
	go func() {
		defer l.wg.Done()
		defer l.running.Add(-1)
		fn()
	}()
	return true
}

// admit runs f (under l.mu) unless the session has ended; it reports
// whether it did.
func (l *life) admit(f func()) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ended {
		return false
	}
	f()
	return true
}

// end cancels the session and waits until every goroutine it owns has
// returned. Timers that fire later find the session ended and do nothing.
func (l *life) end() {
	if l == nil {
		return
	}
	l.stop()
	l.wg.Wait()
}

// stop cancels the session without waiting for its goroutines: for Close
// called on the session's own loop (from inside a callback), where the
// wait could never end. The loop tears the session down once the callback
// has returned.
func (l *life) stop() {
	l.mu.Lock()
	l.ended = true
	l.mu.Unlock()
	l.cancel()
}

// onLoop reports whether the caller runs on l's loop: a native callback,
// or in the browser a synchronous call the page makes from a listener.
func (l *life) onLoop(g uint64) bool { return l != nil && g != 0 && l.loopG.Load() == g }

// goid is the calling goroutine's id, read off the first line of its stack
// ("goroutine 18 [running]:"): Go has no other way to tell whether a call
// comes from inside the loop. It costs a stack walk, so it is only for rare
// calls: Close, Connect, and a request made while a callback runs.
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	var id uint64
	for _, ch := range b {
		if ch < '0' || ch > '9' {
			break
		}
		id = id*10 + uint64(ch-'0')
	}
	return id
}

// finished reports whether the session has ended and none of its
// goroutines runs any more.
func (l *life) finished() bool { return l.done() && l.running.Load() == 0 }

// ctxOrDone is the session's context; an ended one when there is no
// session.
func (l *life) ctxOrDone() context.Context {
	if l == nil {
		return endedCtx
	}
	return l.ctx
}

var endedCtx = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

// done reports whether the session has ended.
func (l *life) done() bool { return l == nil || l.ctx.Err() != nil }

// afterFunc runs f in a session goroutine once d has passed on the clock,
// unless the session ends first: for work that may block (a request).
// Work on the session's state uses after (loop.go), which runs on the loop.
func (l *life) afterFunc(d time.Duration, f func()) Timer {
	if l == nil {
		return stoppedTimer{}
	}
	return l.clock.AfterFunc(d, func() { l.spawn(f) })
}

type stoppedTimer struct{}

func (stoppedTimer) Stop() bool { return false }

// clockAfter returns a channel closed once d has passed on clock, and a stop
// function that releases the timer.
func clockAfter(clock Clock, d time.Duration) (<-chan struct{}, func()) {
	ch := make(chan struct{})
	t := clock.AfterFunc(d, func() { close(ch) })
	return ch, func() { t.Stop() }
}

// sleep waits d on clock; false if ctx ended first.
func sleep(ctx context.Context, clock Clock, d time.Duration) bool {
	ch, stop := clockAfter(clock, d)
	defer stop()
	select {
	case <-ch:
		return true
	case <-ctx.Done():
		return false
	}
}

// withTimeout is context.WithTimeout on the Client's clock: once d has
// passed on it, the context ends with context.DeadlineExceeded as its
// cause (and its Err).
func withTimeout(parent context.Context, clock Clock, d time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	t := clock.AfterFunc(d, func() { cancel(context.DeadlineExceeded) })
	return clockCtx{ctx}, func() {
		t.Stop()
		cancel(context.Canceled)
	}
}

// clockCtx reports a clock deadline as context.DeadlineExceeded.
type clockCtx struct{ context.Context }

func (c clockCtx) Err() error { return ctxCause(c.Context) }

// ctxCause is ctx.Err(), or DeadlineExceeded when a clock deadline (here or
// in a parent) ended ctx.
func ctxCause(ctx context.Context) error {
	err := ctx.Err()
	if err != nil && context.Cause(ctx) == context.DeadlineExceeded {
		return context.DeadlineExceeded
	}
	return err
}

// joinCtx returns a context that ends when either a or b does.
func joinCtx(a, b context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(a)
	stop := context.AfterFunc(b, cancel)
	return ctx, func() {
		stop()
		cancel()
	}
}
