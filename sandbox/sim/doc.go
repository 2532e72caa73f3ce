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
//	POST /oauth/token, /sandbox/auth/code         the authorize service and test codes (auth.go)
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
// # Security
//
// Any web page can send requests to loopback, so ServeHTTP runs one guard
// (guard.go) before every route, chosen by the path alone:
//
//   - every route answers only to a loopback Host (DNS rebinding);
//   - the control routes, every path under a controlPrefixes entry
//     ("/sandbox/", "/console", the replay gateway's controls) except the
//     chatUnderControl ones the SDK reads itself (/sandbox/files/,
//     /sandbox/stream/), take requests only from the sandbox's own origin
//     or Config.AllowedOrigins ("null" never), and any method but GET and
//     HEAD only with Content-Type: application/json;
//   - every other route gets the chat CORS of cors.go: any loopback origin,
//     no other (an opaque "null" origin included).
//
// A new admin route needs nothing but its path: register it under
// /sandbox/ (or /console/) and the guard covers it; clients send JSON with
// that Content-Type, from the sandbox's own pages or from Go and Node. A
// route the SDK must reach from a customer's page on another port does not
// go under /sandbox/, or it is added to chatUnderControl, with a test in
// guard_internal_test.go. Static files (Config.StaticDir) are only the
// page files static.go lists.
//
// # Limits
//
// Everything is kept in memory and lost on exit. Tokens are signed with a
// key made at start (auth.go), so they do not survive a restart. The
// received log keeps the newest maxReceived frames.
package sim
