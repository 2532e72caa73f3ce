//go:build js && wasm

// Command crossing measures the cost of one JS→Go call two ways, for issue
// 9 ("measure whether //go:wasmexport beats js.FuncOf for the hot paths"):
// a js.FuncOf function (what the bridge and wasm/websocket.go use) and a
// //go:wasmexport function, each called with a frame's worth of bytes that
// Go copies and scans; and whether a goroutine an export wakes runs before
// Go is entered through js.FuncOf again. bench/crossing.mjs builds it, runs it in headless
// Chromium and prints ns per call side by side.
package main

import (
	"syscall/js"
)

var (
	buf  = make([]byte, 1<<20) // the export's inbound buffer (JS writes into it)
	sink int

	// The hot path hands frames to a reader goroutine. An export must not
	// block, and a goroutine it wakes runs only when Go is next entered
	// through a js.FuncOf call or a timer: woken counts what the reader
	// handled, for the page to see when.
	wake  = make(chan struct{}, 1)
	woken int32
)

//go:wasmexport inboundWake
func inboundWake() {
	select {
	case wake <- struct{}{}:
	default:
	}
}

//go:wasmexport woken
func wokenCount() int32 { return woken }

// scan stands in for the work per frame that does not depend on the path.
func scan(p []byte) int {
	n := 0
	for _, c := range p {
		if c == '"' {
			n++
		}
	}
	return n
}

//go:wasmexport inboundPtr
func inboundPtr() int32 { return int32(uintptrOf(buf)) }

//go:wasmexport inbound
func inbound(n int32) int32 {
	sink += scan(buf[:n])
	return int32(sink & 0xffff)
}

func main() {
	go func() {
		for range wake {
			woken++
		}
	}()
	var tmp []byte
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		n := args[1].Int()
		if cap(tmp) < n {
			tmp = make([]byte, n)
		}
		js.CopyBytesToGo(tmp[:n], args[0])
		sink += scan(tmp[:n])
		return sink & 0xffff
	})
	// The way before js/socket.js: the frame crosses as a JS string.
	g := js.FuncOf(func(_ js.Value, args []js.Value) any {
		p := []byte(args[0].String())
		sink += scan(p)
		return sink & 0xffff
	})
	poke := js.FuncOf(func(js.Value, []js.Value) any { return nil })
	js.Global().Set("crossingPoke", poke)
	js.Global().Set("crossingFuncOf", f)
	js.Global().Set("crossingFuncOfString", g)
	js.Global().Call("crossingReady")
	select {}
}
