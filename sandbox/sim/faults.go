package sim

import "net/http"

// faults is where fault injection lives. The gateway passes every upgrade,
// inbound frame and outbound frame through these hooks; today they let
// everything through unchanged.
//
// To add a fault, give faults some state (guarded by its own mutex), an
// admin route that sets it (register it from a faultRoutes method called in
// Server.routes), and act on it here, for example:
//
//   - refuse reconnects: return 503 from upgrade;
//   - drop a connection: call c.kill() from inbound or outbound;
//   - stall heartbeats: return true from inbound for `{"action":"heartbeat"}`;
//   - answer with an error: c.enqueue(encode(replyError(...))) and return true;
//   - delay or reorder frames: hold frames back in outbound and release
//     them later with c.enqueue from a Server.goAgent goroutine;
//   - send malformed frames: return []byte("{not json") from outbound.
type faults struct{}

// upgrade may refuse a gateway upgrade with an HTTP status (0 = accept).
func (f *faults) upgrade(r *http.Request) (status int, reason string) {
	return 0, ""
}

// inbound sees each frame a gateway client sends, before the simulator
// does; true means the fault consumed it.
func (f *faults) inbound(c *conn, frame []byte) (consumed bool) {
	return false
}

// outbound maps one frame the simulator sends to the frames actually
// written (none drops it).
func (f *faults) outbound(c *conn, frame []byte) [][]byte {
	return [][]byte{frame}
}

// send writes frame to c through the outbound fault hook.
func (s *Server) send(c *conn, frame []byte) {
	for _, b := range s.faults.outbound(c, frame) {
		c.enqueue(b)
	}
}
