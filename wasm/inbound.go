//go:build js && wasm

package main

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// The inbound frame path (issue 9, "cross once"). A frame reaches Go
// through two exported functions instead of a js.FuncOf call: js/socket.js
// asks cxFrameBuf for room, encodes the frame's text straight into wasm
// memory there, and calls cxFrame with the socket's id and the byte count;
// cxFrame queues a copy for the socket's reader and reports whether the
// shim must resume the Go scheduler (it does so at once, in the same task,
// so the frame is handled before the page gets the thread back, as on the
// js.FuncOf path). An exported call makes no js.Value (no reference, no
// finalizer) and skips the event object js.FuncOf builds: bench/crossing.mjs
// and bench/RESULTS.md have the figures.
//
// Neither export may block: they run on whatever goroutine Go paused in,
// and a wait there could only be ended by a goroutine that cannot run
// until the export returns. They take only inMu and a socket's mu, which
// nothing holds across a wait. An allocation in them may still let other
// goroutines run (a GC assist), so the reused buffer is out of its slot
// while a frame is in it.

// smallFrame is the reused buffer's size (js/socket.js SMALL_FRAME): the
// shim asks for it when three bytes a UTF-16 unit fit, and encodes into it.
// A larger frame is encoded in JS first and gets a buffer of exactly its
// size, handed to the reader as the frame itself: no large buffer stays,
// and none is larger than the frame.
const smallFrame = 64 << 10

var (
	inMu    sync.Mutex
	inConns = map[int32]*wsConn{} // by the id Dial gave openSocket
	inNext  int32
	inSmall []byte // the reused buffer, made at the first frame
	inBuf   []byte // what the last cxFrameBuf handed out

	exportedFrames atomic.Int64 // frames that came through cxFrame (stats)
)

// register gives c the id its socket reports frames under.
func register(c *wsConn) int32 {
	inMu.Lock()
	defer inMu.Unlock()
	inNext++
	inConns[inNext] = c
	return inNext
}

func unregister(id int32) {
	inMu.Lock()
	delete(inConns, id)
	inMu.Unlock()
}

// cxFrameBuf returns the address of at least n writable bytes, or 0 when n
// is out of bounds (the shim then drops the frame as oversized; it checked
// the length already, so this is a second line). Wasm memory may grow
// here: the shim makes its view of it after the call.
//
//go:wasmexport cxFrameBuf
func cxFrameBuf(n int32) (ptr uint32) {
	defer func() {
		if recover() != nil {
			ptr = 0
		}
	}()
	if n <= 0 || int64(n) > maxFrameBytes {
		return 0
	}
	// Allocation may let other goroutines run (a GC assist), and with them
	// page code that could hand over a frame of its own: the reused buffer
	// is taken out of its slot while a frame is in it (cxFrame puts it
	// back), so such a frame gets a buffer of its own.
	var b []byte
	if n <= smallFrame {
		inMu.Lock()
		b, inSmall = inSmall, nil
		inMu.Unlock()
	}
	if b == nil {
		b = make([]byte, max(int(n), smallFrame))
	}
	inMu.Lock()
	inBuf = b
	inMu.Unlock()
	return uint32(uintptr(unsafe.Pointer(&b[0])))
}

// cxFrame takes the first n bytes of the last cxFrameBuf as a frame of
// socket id. It returns 1 when the frame was queued (the shim resumes Go
// next) and 0 when it was not: no such socket (closed since), or n out of
// bounds.
//
//go:wasmexport cxFrame
func cxFrame(id, n int32) (queued int32) {
	defer func() {
		if recover() != nil {
			queued = 0
		}
	}()
	inMu.Lock()
	c, buf := inConns[id], inBuf
	inBuf = nil
	inMu.Unlock()
	if len(buf) == smallFrame {
		defer func() { // free for the next frame, once copied out
			inMu.Lock()
			inSmall = buf
			inMu.Unlock()
		}()
	}
	if c == nil || n < 0 || int(n) > len(buf) {
		return 0
	}
	var frame []byte
	if len(buf) > smallFrame {
		frame = buf[:n:n] // its own buffer, made for it: no copy
	} else {
		frame = make([]byte, n)
		copy(frame, buf)
	}
	if !c.push(frame) {
		return 0
	}
	exportedFrames.Add(1)
	return 1
}
