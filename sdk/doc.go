// Package sdk is the chat core of cxone-chat-wasm: the CXone digital chat
// protocol (PROTOCOL.md in the shared protocol notes), connection state,
// request/reply matching, event normalisation and the per-thread API.
//
// The core is pure Go. It reaches the network, storage and time only through
// the small interfaces in transport.go, so the same code runs in Go programs
// (see package native) and in the browser (the js/wasm bridge in ../wasm).
//
// A client is made with New, connected with Connect, and talks to threads
// returned by Client.Thread:
//
//	c, err := sdk.New(&sdk.Options{BrandID: 1086, ChannelID: "chat_abc", ...})
//	err = c.Connect(ctx)
//	th, err := c.Thread("thread-1")
//	ack, err := th.SendTextMessage(ctx, "hello", nil)
//
// Every call that waits for the gateway takes a context and is bounded by
// Options.RequestTimeout as well: no call waits forever.
//
// # Browser
//
// In the browser the Dialer is the page's WebSocket, the HTTPDoer is fetch,
// and Storage is the page's storage option. Events reach JavaScript through
// Options.OnEvent as one JSON text each (Event.MarshalJSON), which the shim
// turns into a DOM CustomEvent.
package sdk
