package sim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/coder/websocket"
)

// readLimit is the largest frame a gateway client may send.
const readLimit = 1 << 20

// gatewayRoutes registers the chat gateway (PROTOCOL.md §2).
func (s *Server) gatewayRoutes() {
	s.mux.HandleFunc("GET /gw", s.serveGateway)
}

// serveGateway checks the query, upgrades, and reads frames until the
// socket ends. A refused upgrade looks to a browser like a socket that
// closed before it opened, as with the real gateway.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	key, ch, held, status, reason := s.gatewayKey(r.URL.Query())
	if status == 0 && s.auth.isBlocked(r) {
		status, reason = http.StatusForbidden, "ip_blocked"
	}
	if status == 0 {
		status, reason = s.faults.upgrade(r)
	}
	if status != 0 {
		http.Error(w, reason, status)
		return
	}
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		s.logf("sandbox: gateway upgrade: %v", err)
		return
	}
	ws.SetReadLimit(readLimit)
	cu := s.store.customer(key, ch)
	if held {
		cu = s.store.holding(key, ch)
	}
	c := newConn(ws, r.URL.RawQuery, cu)
	if !s.track(c) {
		c.kill()
		return
	}
	cu.mu.Lock()
	cu.conns[c] = struct{}{}
	cu.host = r.Host // where the sandbox is reached, for URLs in agent replies
	cu.mu.Unlock()
	s.logf("sandbox: gateway open brand=%d channel=%s customer=%s", key.brand, key.channel, key.customer)
	defer func() {
		cu := c.customer // an authorization may have moved the connection
		cu.mu.Lock()
		delete(cu.conns, c)
		cu.mu.Unlock()
		s.groups.forget(c)
		s.logf("sandbox: gateway closed customer=%s", cu.key.customer)
		s.untrack(c)
		c.kill()
	}()
	for {
		frame, err := c.read()
		if err != nil {
			return
		}
		if s.faults.inbound(c, frame) {
			continue
		}
		s.handleFrame(c, frame)
	}
}

// gatewayKey validates the upgrade query and names the customer; a
// non-zero status refuses the upgrade with reason. held says the socket
// names a customer who logs in without proof of it (auth.go, held).
func (s *Server) gatewayKey(q url.Values) (key customerKey, ch *Channel, held bool, status int, reason string) {
	brand, err := strconv.ParseInt(q.Get("brandId"), 10, 64)
	if err != nil || brand <= 0 {
		return key, nil, false, http.StatusBadRequest, "missing or invalid brandId"
	}
	chID := q.Get("channelId")
	if chID == "" {
		return key, nil, false, http.StatusBadRequest, "missing channelId"
	}
	ch, ok := s.channels[chID]
	if !ok {
		return key, nil, false, http.StatusNotFound, "unknown channelId"
	}
	customer := q.Get("customerId")
	loggedIn := false
	if tok := q.Get("transactionToken"); tok != "" {
		// A secured session: the token names the customer.
		cl, err := s.auth.verify(tok, kindTransaction, brand, chID)
		if err != nil {
			return key, nil, false, http.StatusUnauthorized, "transaction " + err.Error()
		}
		customer, loggedIn = cl.Customer, cl.LoggedIn
	} else if ch.RequireAuthorization && ch.SecuredSessions {
		return key, nil, false, http.StatusUnauthorized, "this channel requires a secured session"
	}
	if customer == "" {
		return key, nil, false, http.StatusBadRequest, "missing customerId"
	}
	held = ch.RequireAuthorization && !loggedIn && s.auth.registered(customer)
	return customerKey{brand: brand, channel: chID, customer: customer}, ch, held, 0, ""
}

// pong is the gateway's answer to a heartbeat: a JSON string.
var pong = []byte(`"pong"`)

// handleFrame answers one text frame from a gateway client.
func (s *Server) handleFrame(c *conn, frame []byte) {
	var f inboundFrame
	if err := json.Unmarshal(frame, &f); err != nil {
		// Not JSON, or fields of the wrong type: answer if an id can be found.
		if id := eventIDOf(frame); id != "" {
			s.send(c, encode(replyError(id, codeInvalidRequest, "Invalid frame")))
		}
		return
	}
	if f.Action == "heartbeat" {
		s.send(c, pong)
		return
	}
	if f.Action == "chatWindowEvent" || f.Action == "register" {
		s.received.add(c.query, frame)
	}
	if f.EventID == "" {
		return
	}
	if f.Action != "chatWindowEvent" && f.Action != "register" {
		s.send(c, encode(replyError(f.EventID, codeInvalidRequest, "Unsupported action")))
		return
	}
	if f.Payload == nil {
		s.send(c, encode(replyError(f.EventID, codeInvalidRequest, "Missing payload")))
		return
	}
	if msg := c.customer.checkPayload(f.Payload); msg != "" {
		s.send(c, encode(replyError(f.EventID, codeInvalidRequest, msg)))
		return
	}
	if s.authorizeFrame(c, &f) || s.groupFrame(c, &f) {
		return
	}
	if msg := s.checkMessageToken(c, &f); msg != "" {
		s.send(c, encode(replyError(f.EventID, "Unauthorized", msg)))
		return
	}
	h, ok := eventHandlers[f.Payload.EventType]
	if !ok {
		s.logf("sandbox: unknown event type %q", f.Payload.EventType)
		s.send(c, encode(replyError(f.EventID, codeUnknownEventType, "Unknown event type "+f.Payload.EventType)))
		return
	}
	cu := c.customer
	cu.mu.Lock()
	defer cu.mu.Unlock()
	if id := f.Payload.ConsumerIdentity; id.IDOnExternalPlatform != "" {
		cu.identity = id
	}
	req := &request{s: s, c: c, cu: cu, eventID: f.EventID, payload: f.Payload}
	if reply := h(req); reply != nil {
		s.send(c, encode(reply))
	}
}

// checkPayload says what is wrong with the brand or channel of p, if
// anything: they must be the connection's.
func (cu *customer) checkPayload(p *inboundPayload) string {
	brand := string(bytes.Trim(p.Brand.ID, `"`))
	if brand != strconv.FormatInt(cu.key.brand, 10) {
		return "Brand does not match the connection"
	}
	if p.Channel.ID != cu.key.channel {
		return "Channel does not match the connection"
	}
	if p.EventType == "" {
		return "Missing eventType"
	}
	return ""
}

// eventIDOf digs the eventId out of a frame that did not decode as a
// whole; "" if there is none.
func eventIDOf(frame []byte) string {
	var f struct {
		EventID string `json:"eventId"`
	}
	if json.Unmarshal(frame, &f) != nil {
		return ""
	}
	return strings.TrimSpace(f.EventID)
}
