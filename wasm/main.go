//go:build js && wasm

// Command wasm is the browser build of cxone-chat-wasm: it connects the chat
// core (package sdk) to the page through a private binding object that the
// JavaScript shim (js/loader.js) hands over, and to the browser's own
// WebSocket, fetch and storage through safejs.
//
// Nothing is put on the page's global scope: the shim names a global slot in
// argv[1], main takes the binding object from it and deletes the slot.
package main

import (
	"os"

	"github.com/hack-pad/safejs"
)

func main() {
	if err := run(); err != nil {
		// Nothing to report to: the shim's ready promise times out on its
		// own and says the runtime did not start.
		println("cxone-chat-wasm:", err.Error())
		return
	}
	select {} // serve calls until the page goes away
}

func run() error {
	slot := "__cxoneChatWasm"
	if len(os.Args) > 1 {
		slot = os.Args[1]
	}
	global := safejs.Global()
	binding, err := global.Get(slot)
	if err != nil {
		return err
	}
	if binding.IsUndefined() || binding.IsNull() {
		return errNoBinding
	}
	_ = global.Delete(slot)
	b := &bridge{clients: map[int]*session{}, calls: map[int]func(){}}
	if err := b.register(binding); err != nil {
		return err
	}
	if err := binding.Set("abi", abi); err != nil {
		return err
	}
	_, err = binding.Call("ready")
	return err
}

// abi names the calling convention between this wasm and the shim (the
// binding's functions, the exports, what emit and settle receive). The
// shim refuses a runtime whose abi is not its own (js/loader.js WASM_ABI):
// the .wasm is fetched and cached apart from the JS, and a stale one would
// otherwise fail every event and call without a word. A string, so that a
// test can build a mismatched runtime with -ldflags -X main.abi=….
var abi = "2"
