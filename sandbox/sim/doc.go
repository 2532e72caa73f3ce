// Package sim is a local, in-memory stand-in for the NICE CXone digital chat
// platform, as the reference Chat Web SDK sees it: the WebSocket gateway, the
// chat REST API, a scripted agent, a human-agent console, an admin/test API
// and a replay gateway for the conformance vectors.
//
// The wire protocol it speaks is described in shared/protocol/PROTOCOL.md and
// checked against the frames captured from the reference client
// (shared/protocol/captured). The package keeps its own wire structs and never
// imports the project's sdk package, so that the SDK and the simulator cannot
// agree on a mistake.
//
// Start it in-process with
//
//	srv := httptest.NewServer(sim.New(sim.Config{AgentDelay: 20 * time.Millisecond}))
//	defer srv.Close()
//
// or run `go run ./sandbox` for a developer server on 127.0.0.1:8080.
//
// # Routes
//
//	GET  /gw?brandId=&channelId=&customerId=...   the chat gateway (WebSocket)
//	GET  /chat/1.0/brand/{b}/channel/{c}[/availability|/persistent-menu-items]
//	GET  /console                                 the agent console (HTML)
//	GET  /sandbox/threads, /sandbox/received      state and inbound log (JSON)
//	POST /sandbox/push, /sandbox/agent/send       push raw frames, agent replies
//	     /sandbox/faults/...                      fault injection (fault_admin.go)
//	     /replay/...                              the conformance stand-in gateway
//	GET  /healthz                                 "ok"
//
// # Extending it
//
// A new chat event is one entry in the handler table in events.go: a
// function that receives the request (its connection, customer and decoded
// payload) and returns the reply frame, or nil for no reply. Shapes of the
// objects on the wire (messages, contacts, threads, users) live in model.go,
// the frame forms in frames.go, and the state in store.go.
//
// Fault injection (dropped connections, stalled heartbeats, delayed or
// reordered frames, refused reconnects, error replies, malformed frames)
// lives in faults.go, with its admin routes in fault_admin.go: every
// upgrade, inbound frame and outbound frame of the gateway passes through
// its hooks, which let everything through while no fault is set.
//
// # Limits
//
// Everything is kept in memory and lost on exit. Secured sessions
// (transactionToken) are accepted but not verified: the token itself stands
// for the customer id. The received log keeps the newest maxReceived frames.
package sim
