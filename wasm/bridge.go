//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"

	"github.com/hack-pad/safejs"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

// bridge owns the sessions the page created and the calls under way.
type bridge struct {
	mu      sync.Mutex
	next    int
	clients map[int]*session
	calls   map[int]func() // call id → cancel, for AbortablePromise.abort
	// openSocket is the shim's socket opener (js/socket.js), set by the
	// shim on the binding before the program starts.
	openSocket safejs.Value
}

// session is one ChatSdk instance of the page.
type session struct {
	client *sdk.Client
	emit   safejs.Value // the shim's emit(address, length): see send

	bufMu sync.Mutex
	buf   []byte // send's buffer, reused while no other send holds it

	// The events handed to the page are numbered (seq); the shim keeps the
	// parsed values of the last recentEvents. A call that resolves with the
	// event last handed over (a send's acknowledgement, dispatched to the
	// listeners just before) settles with its number, and the shim gives
	// the promise the value the listeners got: one encoding, one decode and
	// one parse per event, as the reference resolves a request with the
	// event object it dispatched.
	evMu    sync.Mutex
	seq     int64
	lastEv  *sdk.Event // the last event handed over whole, numbered lastSeq
	lastSeq int64
}

// recentEvents is how many parsed events the shim keeps by number
// (js/sdk.js RECENT_EVENTS); a reference is only made to one at most half
// that many events old, so the shim always still has it.
const recentEvents = 8

// sendEvent hands ev to the page, numbered.
func (s *session) sendEvent(ev *sdk.Event) {
	s.evMu.Lock()
	s.seq++
	n := s.seq
	s.evMu.Unlock()
	if !s.send("event", ev.Type, ev.ThreadID, ev, n) {
		return
	}
	s.evMu.Lock()
	if s.seq == n { // no event came between (from a listener's call)
		s.lastEv, s.lastSeq = ev, n
	}
	s.evMu.Unlock()
}

// eventRef returns the number under which v, an event, was handed to the
// page, when the shim still has its value; 0 otherwise. Each event answers
// one call, so the reference is given once.
func (s *session) eventRef(v any) int64 {
	ev, ok := v.(*sdk.Event)
	if !ok || ev == nil {
		return 0
	}
	s.evMu.Lock()
	defer s.evMu.Unlock()
	if ev != s.lastEv || s.seq-s.lastSeq >= recentEvents/2 {
		return 0
	}
	s.lastEv = nil
	return s.lastSeq
}

// register fills the binding object. These functions live as long as the
// program, so they are never released.
func (b *bridge) register(binding safejs.Value) error {
	open, err := binding.Get("openSocket")
	if err != nil {
		return err
	}
	if open.Type() != safejs.TypeFunction {
		return errNoOpenSocket
	}
	b.openSocket = open
	fns := map[string]func(args []safejs.Value) any{
		"create":   b.create,
		"call":     b.call,
		"callSync": b.callSync,
		"cancel":   b.cancel,
		"destroy":  b.destroy,
		"stats":    b.stats,
	}
	for name, fn := range fns {
		f, err := safejs.FuncOf(exported(name, fn))
		if err != nil {
			return err
		}
		if err := binding.Set(name, f.Value()); err != nil {
			return err
		}
	}
	return nil
}

// exported wraps a binding function so that a panic becomes an error value
// instead of ending the Go program (which would stop chat on the page).
func exported(name string, fn func(args []safejs.Value) any) func(safejs.Value, []safejs.Value) any {
	return func(_ safejs.Value, args []safejs.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				result = errJSON(internalError(name, r))
			}
		}()
		return fn(args)
	}
}

func internalError(op string, r any) *sdk.Error {
	println("cxone-chat-wasm: recovered panic in", op, ":", fmt.Sprint(r), "\n", string(debug.Stack()))
	return &sdk.Error{Code: sdk.CodeInternal, Kind: sdk.KindChatSDK, Op: op, Msg: "Internal error in " + op + ": " + fmt.Sprint(r)}
}

// create(optionsJSON, emit, storage, cacheStorage) → {ok: {handle, customerId, isLivechat}} | {error}
func (b *bridge) create(args []safejs.Value) any {
	in, err := parseOptions([]byte(argString(args, 0)))
	if err != nil {
		return errJSON(&sdk.Error{Code: sdk.CodeInvalidArgument, Kind: sdk.KindChatSDK, Op: "options", Msg: "options must be an object: " + err.Error()})
	}
	s := &session{}
	if len(args) > 1 {
		s.emit = args[1]
	}
	opts, err := in.toOptions()
	if err != nil {
		return errJSON(err)
	}
	opts.Dialer = wsDialer{open: b.openSocket}
	opts.HTTP = fetchDoer{}
	opts.Streams = eventSource{}
	if len(args) > 2 && !args[2].IsNull() && !args[2].IsUndefined() {
		opts.Storage = jsStorage{args[2]}
	}
	if len(args) > 3 && !args[3].IsNull() && !args[3].IsUndefined() {
		opts.CacheStorage = jsCacheStorage{args[3]}
	}
	opts.Fingerprint = browserFingerprint()
	opts.OnEvent = s.sendEvent
	opts.OnConnection = func(state string, err error) { s.send("connection", state, "", errOrNil(err), 0) }
	opts.OnError = func(err error) { s.send("error", "", "", sdk.AsError("", err), 0) }
	opts.OnAuthorization = func(status string, data sdk.RawJSON) { s.send("authorization", status, "", data, 0) }
	if in.RawEvents {
		opts.OnRawFrame = func(frame []byte) { s.sendRaw(frame) }
	}
	c, err := sdk.New(opts)
	if err != nil {
		return errJSON(err)
	}
	s.client = c
	sessions.Store(c, s)
	b.mu.Lock()
	b.next++
	h := b.next
	b.clients[h] = s
	b.mu.Unlock()
	return okJSON(map[string]any{"handle": h, "customerId": c.Customer().ID(), "isLivechat": c.IsLivechat()})
}

func errOrNil(err error) any {
	if err == nil {
		return nil
	}
	return sdk.AsError("", err)
}

// send hands one report to the shim: the JSON array [kind, type, threadId,
// value] (and the event's number seq, when not 0) written into wasm memory, passed as its address and length (two
// numbers: no JS string is made in Go, nor a reference with a finalizer);
// the shim decodes and parses it once, before anything runs that could
// call back into Go. It runs on the goroutine that has the report; a
// failure to emit is not that goroutine's problem. It reports whether the
// shim took the report.
func (s *session) send(kind, typ, thread string, v any, seq int64) (took bool) {
	defer func() {
		if recover() != nil {
			took = false
		}
	}()
	if s.emit.IsUndefined() || s.emit.IsNull() {
		return false
	}
	// A send made while another is in the page (a listener's call that
	// reports something) writes into a buffer of its own.
	s.bufMu.Lock()
	b := s.buf[:0]
	s.buf = nil
	s.bufMu.Unlock()
	b = append(b, '[')
	b = sdk.AppendQuoted(b, kind)
	b = append(b, ',')
	b = sdk.AppendQuoted(b, typ)
	b = append(b, ',')
	b = sdk.AppendQuoted(b, thread)
	b = append(b, ',')
	// One encoding per event, straight from the decoded frame's bytes.
	b = appendValue(b, v)
	if seq != 0 {
		b = append(b, ',')
		b = strconv.AppendInt(b, seq, 10)
	}
	b = append(b, ']')
	at, n, ascii := memArgs(b)
	_, err := s.emit.Invoke(at, n, ascii)
	runtime.KeepAlive(b)
	if cap(b) <= keepSendBuf {
		s.bufMu.Lock()
		s.buf = b
		s.bufMu.Unlock()
	}
	return err == nil
}

// keepSendBuf bounds the buffer a session keeps between sends: a large
// event's bytes are not held for the session's life.
const keepSendBuf = 64 << 10

// sessions maps a core client back to its session, for callbacks that
// start in the core (the end of a keystroke burst).
var sessions sync.Map // *sdk.Client → *session

func typingStopped(c *sdk.Client, thread string) {
	if s, ok := sessions.Load(c); ok {
		s.(*session).send("typingStopped", "", thread, nil, 0)
	}
}

// sendRaw hands an inbound frame to the page's onRawEvent, unparsed (as a
// JSON string; frames come from the shim's TextEncoder, so they are valid
// UTF-8).
func (s *session) sendRaw(frame []byte) {
	s.send("raw", "", "", string(frame), 0)
}

func (b *bridge) session(h int) (*session, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.clients[h]
	if !ok {
		return nil, &sdk.Error{Code: sdk.CodeClosed, Kind: sdk.KindChatSDK, Msg: "this ChatSdk instance is closed"}
	}
	return s, nil
}

// callSync(handle, method, argsJSON) → {ok} | {error}
func (b *bridge) callSync(args []safejs.Value) any {
	s, err := b.session(argInt(args, 0))
	if err != nil {
		return errJSON(err)
	}
	m, ok := syncMethods[argString(args, 1)]
	if !ok {
		return errJSON(&sdk.Error{Code: sdk.CodeInvalidArgument, Kind: sdk.KindChatSDK, Msg: "unknown method " + argString(args, 1)})
	}
	res, err := m(s.client, sdk.RawJSON(argString(args, 2)))
	if err != nil {
		return errJSON(err)
	}
	return okJSON(res)
}

// call(handle, callId, method, argsJSON, settle[, jsArg]) runs the call in its own
// goroutine and then calls settle(address, length, ascii, failed) exactly
// once, the {ok} or (failed) {error} JSON in wasm memory (memArgs). The
// shim wraps it in a Promise: making the
// Promise in JS costs one closure, where making it from Go cost a
// js.Func and two crossings per call (a large part of a send's time).
func (b *bridge) call(args []safejs.Value) any {
	h, id, method, raw := argInt(args, 0), argInt(args, 1), argString(args, 2), sdk.RawJSON(argString(args, 3))
	if len(args) < 5 {
		return errJSON(&sdk.Error{Code: sdk.CodeInvalidArgument, Kind: sdk.KindChatSDK, Msg: "call needs a settle callback"})
	}
	settle := args[4]
	// settle(address, length, ascii, failed): the {ok} or {error} JSON in
	// wasm memory (js/memtext.js), no JS string made here.
	done := func(b []byte, failed bool) {
		at, n, ascii := memArgs(b)
		_, _ = settle.Invoke(at, n, ascii, failed)
		runtime.KeepAlive(b)
	}
	var s *session // known once the call runs
	resolve := func(v any) {
		if s != nil {
			if n := s.eventRef(v); n > 0 {
				// The event the listeners just got: the shim settles with
				// its value (settle(0, 0, true, false, n)).
				_, _ = settle.Invoke(0, 0, true, false, n)
				return
			}
		}
		done(okBytes(v), false)
	}
	reject := func(err error) { done(errBytes(err), true) }
	ctx, cancel := context.WithCancel(context.Background())
	if len(args) > 5 {
		ctx = withJSArg(ctx, args[5]) // values JSON cannot carry (files, callbacks)
	}
	b.mu.Lock()
	b.calls[id] = cancel
	b.mu.Unlock()
	go func() {
		defer func() {
			b.mu.Lock()
			delete(b.calls, id)
			b.mu.Unlock()
			cancel()
			if r := recover(); r != nil {
				reject(internalError(method, r))
			}
		}()
		var err error
		s, err = b.session(h)
		if err != nil {
			reject(err)
			return
		}
		m, ok := asyncMethods[method]
		if !ok {
			reject(&sdk.Error{Code: sdk.CodeInvalidArgument, Kind: sdk.KindChatSDK, Msg: "unknown method " + method})
			return
		}
		res, err := m(ctx, s.client, raw)
		if err != nil {
			reject(sdk.AsError(method, err))
			return
		}
		resolve(res)
	}()
	return nil
}

// destroy(handle) closes a client and forgets it (resetSession).
func (b *bridge) destroy(args []safejs.Value) any {
	h := argInt(args, 0)
	b.mu.Lock()
	s := b.clients[h]
	delete(b.clients, h)
	b.mu.Unlock()
	if s != nil && s.client != nil {
		_ = s.client.Close()
		sessions.Delete(s.client)
	}
	return nil
}

// stats() → {"sessions","calls","goroutines", frame counts} as JSON text:
// what the runtime holds, for the tests that check nothing outlives a
// session, which way inbound frames crossed (inboundFrames all of
// them, exportedFrames those through wasm/inbound.go's exports), and the Go
// heap's counters (totalAlloc bytes, mallocs, numGC, heapSys), from which
// the benchmarks work out what a send or an inbound message allocates.
func (b *bridge) stats(_ []safejs.Value) any {
	b.mu.Lock()
	n, calls := len(b.clients), len(b.calls)
	b.mu.Unlock()
	return `{"sessions":` + strconv.Itoa(n) + `,"calls":` + strconv.Itoa(calls) + `,"goroutines":` + strconv.Itoa(runtime.NumGoroutine()) +
		`,"oversizedFrames":` + strconv.FormatInt(oversized.Load(), 10) +
		`,"inboundFrames":` + strconv.FormatInt(inFrames.Load(), 10) +
		`,"exportedFrames":` + strconv.FormatInt(exportedFrames.Load(), 10) + memStats() + `}`
}

// cancel(callId) ends the context of a call under way.
func (b *bridge) cancel(args []safejs.Value) any {
	b.mu.Lock()
	c := b.calls[argInt(args, 0)]
	b.mu.Unlock()
	if c != nil {
		c()
	}
	return nil
}

// memStats is stats' part from runtime.ReadMemStats (which stops the world
// for a moment: for tests and benchmarks, not for a page's hot path).
func memStats() string {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return `,"totalAlloc":` + strconv.FormatUint(m.TotalAlloc, 10) + `,"mallocs":` + strconv.FormatUint(m.Mallocs, 10) + `,"numGC":` + strconv.Itoa(int(m.NumGC)) + `,"heapSys":` + strconv.FormatUint(m.HeapSys, 10)
}
