package sim

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
)

// The agent console's API: what a person playing the agent can do to a
// contact. Every route takes and answers JSON; the target is
// {brandId, channelId, customerId, threadId} as in POST /sandbox/agent/send.
//
//	POST /sandbox/agent/message  {…target, text, content: {type, payload, fallbackText}, attachments: [{url, friendlyName, mimeType}], keepAgent}
//	     a message from the agent: TEXT, QUICK_REPLIES, LIST_PICKER,
//	     RICH_LINK or ADAPTIVE_CARD (payload as the page receives it), with
//	     attachments; it mutes the scripted agent on the thread unless keepAgent
//	POST /sandbox/agent/stream   {…target, text}  a streamed (GenAI) reply of text, one delta per word
//	POST /sandbox/agent/typing   {…target, typing}  the agent starts or stops typing
//	POST /sandbox/agent/read     {…target}  the agent has read the customer's messages
//	POST /sandbox/agent/assign   {…target, assigned}  assign the contact to Mia, or unassign it
//	POST /sandbox/agent/status   {…target, status}  set the contact's status (new, open, pending, escalated, resolved, closed)
//	POST /sandbox/agent/queue    {…target, position}  push SetPositionInQueue
//	POST /sandbox/agent/end      {…target}  close the contact
//	POST /sandbox/agent/mute     {…target, muted}  mute the scripted agent on one thread; without customerId, everywhere
//	GET  /sandbox/agent/mute     {global}
//	GET  /sandbox/channels       [{id, name, isLiveChat, offline}]
//	POST /sandbox/channels/offline {channelId, offline}  take a channel offline (availability, offline form) or back
func (s *Server) consoleAPIRoutes() {
	s.mux.HandleFunc("POST /sandbox/agent/message", s.consoleAction(s.agentMessageAction))
	s.mux.HandleFunc("POST /sandbox/agent/stream", s.consoleAction(s.agentStreamAction))
	s.mux.HandleFunc("POST /sandbox/agent/typing", s.consoleAction(func(cu *customer, t *thread, req *consoleRequest) (any, int, string) {
		typ := "SenderTypingEnded"
		if req.Typing {
			typ = "SenderTypingStarted"
		}
		s.broadcast(cu, push(typ, s.agentTyping(cu, t)), nil)
		return map[string]bool{"typing": req.Typing}, 0, ""
	}))
	s.mux.HandleFunc("POST /sandbox/agent/read", s.consoleAction(func(cu *customer, t *thread, _ *consoleRequest) (any, int, string) {
		s.markDelivered(cu, t)
		s.markRead(cu, t)
		return map[string]bool{"read": true}, 0, ""
	}))
	s.mux.HandleFunc("POST /sandbox/agent/assign", s.consoleAction(s.agentAssignAction))
	s.mux.HandleFunc("POST /sandbox/agent/status", s.consoleAction(s.agentStatusAction))
	s.mux.HandleFunc("POST /sandbox/agent/queue", s.consoleAction(func(cu *customer, t *thread, req *consoleRequest) (any, int, string) {
		if t.contact == nil {
			return nil, http.StatusConflict, "the thread has no contact"
		}
		if req.Position < 0 || req.Position > 1000 {
			return nil, http.StatusBadRequest, "position must be between 0 and 1000"
		}
		t.queuePos = req.Position
		s.broadcast(cu, push("SetPositionInQueue", map[string]any{
			"positionInQueue": req.Position, "isAgentAvailable": req.Position <= 1,
			"consumerContact": map[string]any{"id": t.contact.id, "threadIdOnExternalPlatform": t.ext},
		}), nil)
		return map[string]int{"position": req.Position}, 0, ""
	}))
	s.mux.HandleFunc("POST /sandbox/agent/end", s.consoleAction(func(cu *customer, t *thread, req *consoleRequest) (any, int, string) {
		req.Status = statusClosed
		return s.agentStatusAction(cu, t, req)
	}))
	s.mux.HandleFunc("POST /sandbox/agent/mute", s.serveMute)
	s.mux.HandleFunc("GET /sandbox/agent/mute", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]bool{"global": s.console.mutedAll.Load()})
	})
	s.mux.HandleFunc("GET /sandbox/channels", func(w http.ResponseWriter, _ *http.Request) {
		out := []map[string]any{}
		for _, ch := range s.cfg.Channels {
			live := s.channels[ch.ID]
			out = append(out, map[string]any{"id": live.ID, "name": live.Name, "isLiveChat": live.IsLiveChat, "offline": live.isOffline()})
		}
		writeJSON(w, http.StatusOK, out)
	})
	s.mux.HandleFunc("POST /sandbox/channels/offline", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			ChannelID string `json:"channelId"`
			Offline   bool   `json:"offline"`
		}
		if json.NewDecoder(io.LimitReader(r.Body, maxBody)).Decode(&req) != nil {
			writeError(w, http.StatusBadRequest, "invalid JSON body")
			return
		}
		ch, ok := s.channels[req.ChannelID]
		if !ok {
			writeError(w, http.StatusNotFound, "channel not found")
			return
		}
		ch.offlineNow.Store(req.Offline)
		writeJSON(w, http.StatusOK, map[string]any{"channelId": ch.ID, "offline": req.Offline})
	})
}

// consoleState holds the console's global switch.
type consoleState struct {
	mutedAll atomic.Bool // the scripted agent answers nobody
}

// agentMuted tells whether the scripted agent stays quiet on t. The
// customer's mu must be held.
func (s *Server) agentMuted(t *thread) bool {
	return t.agentMuted || s.console.mutedAll.Load()
}

// consoleRequest is the body of every console route; each reads the
// fields it documents.
type consoleRequest struct {
	BrandID     json.RawMessage  `json:"brandId"`
	ChannelID   string           `json:"channelId"`
	CustomerID  string           `json:"customerId"`
	ThreadID    string           `json:"threadId"`
	Text        string           `json:"text"`
	Content     *consoleContent  `json:"content"`
	Attachments []wireAttachment `json:"attachments"`
	KeepAgent   bool             `json:"keepAgent"`
	Typing      bool             `json:"typing"`
	Assigned    bool             `json:"assigned"`
	Status      string           `json:"status"`
	Position    int              `json:"position"`
	Muted       bool             `json:"muted"`
}

// consoleContent is rich content the console sends, written to the wire as
// it is.
type consoleContent struct {
	Type         string          `json:"type"`
	Payload      json.RawMessage `json:"payload"`
	FallbackText string          `json:"fallbackText"`
}

// consoleAction decodes a console request, finds its customer and thread
// and runs fn with the customer's mu held. fn answers a value, or a status
// and message for an error.
func (s *Server) consoleAction(fn func(*customer, *thread, *consoleRequest) (any, int, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req consoleRequest
		if err := json.NewDecoder(io.LimitReader(r.Body, maxBody)).Decode(&req); err != nil {
			writeError(w, http.StatusBadRequest, "invalid JSON body")
			return
		}
		cu, t := s.adminThread(w, string(req.BrandID), req.ChannelID, req.CustomerID, req.ThreadID)
		if cu == nil {
			return
		}
		defer cu.mu.Unlock()
		v, status, msg := fn(cu, t, &req)
		if status != 0 {
			writeError(w, status, msg)
			return
		}
		writeJSON(w, http.StatusOK, v)
	}
}

// consoleTypes are the content types the console may send.
var consoleTypes = map[string]bool{"TEXT": true, "QUICK_REPLIES": true, "LIST_PICKER": true, "RICH_LINK": true, "ADAPTIVE_CARD": true}

// agentMessageAction sends a message from a person at the console.
func (s *Server) agentMessageAction(cu *customer, t *thread, req *consoleRequest) (any, int, string) {
	content := messageContent{Type: "TEXT", Payload: messagePayload{Text: req.Text}}
	if c := req.Content; c != nil && c.Type != "" && c.Type != "TEXT" {
		if !consoleTypes[c.Type] {
			return nil, http.StatusBadRequest, "content.type must be one of TEXT, QUICK_REPLIES, LIST_PICKER, RICH_LINK, ADAPTIVE_CARD"
		}
		var payload map[string]any
		if json.Unmarshal(c.Payload, &payload) != nil || payload == nil {
			return nil, http.StatusBadRequest, "content.payload must be an object"
		}
		content = messageContent{Type: c.Type, FallbackText: c.FallbackText, Rich: payload}
	} else if strings.TrimSpace(req.Text) == "" && len(req.Attachments) == 0 {
		return nil, http.StatusBadRequest, "text, content or attachments are required"
	}
	if !req.KeepAgent {
		t.agentMuted = true
	}
	s.openContact(cu, t)
	m := agentMessage(t, "")
	m.MessageContent = content
	if content.Rich == nil {
		m.MessageContent.FallbackText = req.Text
	}
	for _, a := range req.Attachments {
		if a.URL == "" {
			continue
		}
		if a.ID == "" {
			a.ID = newID()
		}
		if a.MimeType == "" {
			a.MimeType = mimeOf(a.FriendlyName, a.URL)
		}
		if a.PreviewURL == "" {
			a.PreviewURL = a.URL
		}
		m.Attachments = append(m.Attachments, a)
	}
	t.append(m)
	cu.touch(t)
	s.broadcast(cu, push("MessageCreated", cu.messageCreated(t, m)), nil)
	return map[string]any{"message": m}, 0, ""
}

// agentStreamAction sends text as a streamed reply.
func (s *Server) agentStreamAction(cu *customer, t *thread, req *consoleRequest) (any, int, string) {
	if strings.TrimSpace(req.Text) == "" {
		return nil, http.StatusBadRequest, "text is required"
	}
	if !req.KeepAgent {
		t.agentMuted = true
	}
	id := s.streams.add(req.Text)
	s.agentSayContent(cu, t, messageContent{Type: "STREAMED", FallbackText: req.Text, Rich: map[string]any{
		"protocol": "sse", "sourceUrl": "http://" + cu.host + "/sandbox/stream/" + id,
	}})
	return map[string]string{"stream": id}, 0, ""
}

// agentAssignAction assigns the contact to Mia or takes her off it.
func (s *Server) agentAssignAction(cu *customer, t *thread, req *consoleRequest) (any, int, string) {
	if t.contact == nil {
		return nil, http.StatusConflict, "the thread has no contact"
	}
	if req.Assigned {
		s.assignAgent(cu, t)
		return map[string]bool{"assigned": true}, 0, ""
	}
	if t.contact.assigned {
		t.contact.assigned = false
		prev := agentUser
		s.broadcast(cu, push("CaseInboxAssigneeChanged", assigneeData{
			Brand: cu.brand(), Channel: cu.channel.wire(), Case: cu.wireContact(t),
			PreviousInboxAssignee: &prev, RoutingQueue: defaultQueue,
		}), nil)
	}
	return map[string]bool{"assigned": false}, 0, ""
}

// contactStatuses are the statuses the console may set.
var contactStatuses = map[string]bool{"new": true, "open": true, "pending": true, "escalated": true, "resolved": true, "closed": true}

// agentStatusAction changes the contact's status and pushes CaseStatusChanged.
func (s *Server) agentStatusAction(cu *customer, t *thread, req *consoleRequest) (any, int, string) {
	if t.contact == nil {
		return nil, http.StatusConflict, "the thread has no contact"
	}
	if !contactStatuses[req.Status] {
		return nil, http.StatusBadRequest, "status must be one of new, open, pending, escalated, resolved, closed"
	}
	if t.contact.status != req.Status {
		t.setStatus(req.Status)
		s.broadcast(cu, push("CaseStatusChanged", caseData{
			Brand: cu.brand(), Channel: cu.channel.wire(), Case: cu.wireContact(t),
		}), nil)
	}
	return map[string]string{"status": req.Status}, 0, ""
}

// serveMute switches the scripted agent off (or on) for one thread, or for
// everyone when no customer is named.
func (s *Server) serveMute(w http.ResponseWriter, r *http.Request) {
	var req consoleRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, maxBody)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid JSON body")
		return
	}
	if req.CustomerID == "" {
		s.console.mutedAll.Store(req.Muted)
		writeJSON(w, http.StatusOK, map[string]bool{"global": req.Muted})
		return
	}
	cu, t := s.adminThread(w, string(req.BrandID), req.ChannelID, req.CustomerID, req.ThreadID)
	if cu == nil {
		return
	}
	defer cu.mu.Unlock()
	t.agentMuted = req.Muted
	writeJSON(w, http.StatusOK, map[string]bool{"muted": req.Muted})
}

// markDelivered marks the customer's undelivered messages on t as delivered
// to the agent's desk and pushes MessageDeliveryStatusChanged for each. The
// customer's mu must be held.
func (s *Server) markDelivered(cu *customer, t *thread) {
	at := now()
	for i := range t.messages {
		m := &t.messages[i]
		if m.Direction != inbound || len(m.Delivered) > 0 || m.IsRead {
			continue
		}
		m.Delivered = []any{map[string]string{"deliveredAt": at}}
		s.broadcast(cu, push("MessageDeliveryStatusChanged", cu.messageCreated(t, *m)), nil)
	}
}
