package sim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxBody bounds admin request bodies.
const maxBody = 4 << 20

// adminRoutes registers the admin/test API, JSON over loopback:
//
//	GET  /sandbox/threads      every thread, with customer, contact and messages
//	GET  /sandbox/received     every chatWindowEvent frame received, in order
//	POST /sandbox/push?brandId=&channelId=&customerId=   body sent verbatim
//	     to every connection of that customer; answers {"count": n}
//	POST /sandbox/agent/send   {brandId, channelId, customerId, threadId, text}
//	     sends a message from the agent; answers {"message": …}
//	POST /sandbox/agent/burst  {brandId, channelId, customerId, threadId, count, text}
//	     pushes count agent messages at once (benchmarks); answers {"count": n}
func (s *Server) adminRoutes() {
	s.mux.HandleFunc("GET /sandbox/threads", s.serveThreads)
	s.mux.HandleFunc("GET /sandbox/received", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.received.list())
	})
	s.mux.HandleFunc("POST /sandbox/push", s.servePush)
	s.mux.HandleFunc("POST /sandbox/agent/send", s.serveAgentSend)
	s.mux.HandleFunc("POST /sandbox/agent/burst", s.serveAgentBurst)
}

// threadView is one thread as GET /sandbox/threads shows it.
type threadView struct {
	BrandID        int64           `json:"brandId"`
	ChannelID      string          `json:"channelId"`
	CustomerID     string          `json:"customerId"`
	Customer       endUserIdentity `json:"customer"`
	Connections    int             `json:"connections"`
	ID             string          `json:"id"`
	ThreadID       string          `json:"threadId"`
	ThreadName     string          `json:"threadName"`
	Archived       bool            `json:"archived"`
	CustomerTyping bool            `json:"customerTyping"`
	Preview        string          `json:"preview"`
	Contact        *contactView    `json:"contact"`
	Messages       []wireMessage   `json:"messages"`
	AgentMuted     bool            `json:"agentMuted"`    // the scripted agent is quiet on this thread (console)
	QueuePosition  int             `json:"queuePosition"` // the last position the console set
	IsLiveChat     bool            `json:"isLiveChat"`
}

// contactView is a thread's current contact in a threadView.
type contactView struct {
	ID            string        `json:"id"`
	Status        string        `json:"status"`
	InboxAssignee *int          `json:"inboxAssignee"`
	CustomFields  []customField `json:"customFields"`
}

// serveThreads lists every thread of every customer, oldest first.
func (s *Server) serveThreads(w http.ResponseWriter, _ *http.Request) {
	views := []threadView{}
	for _, cu := range s.store.all() {
		cu.mu.Lock()
		for _, t := range cu.order {
			v := threadView{
				BrandID: cu.key.brand, ChannelID: cu.key.channel, CustomerID: cu.key.customer,
				Customer: *cu.endUser(), Connections: len(cu.conns),
				ID: t.id, ThreadID: t.ext, ThreadName: t.name, Archived: t.archived,
				CustomerTyping: t.typing, Preview: t.preview,
				Messages:   append([]wireMessage{}, t.messages...),
				AgentMuted: t.agentMuted, QueuePosition: t.queuePos, IsLiveChat: cu.channel.IsLiveChat,
			}
			if t.contact != nil {
				v.Contact = &contactView{
					ID: t.contact.id, Status: t.contact.status,
					InboxAssignee: cu.wireContact(t).InboxAssignee, CustomFields: sortedFields(t.contact.fields),
				}
			}
			views = append(views, v)
		}
		cu.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, views)
}

// servePush sends the request body verbatim to every connection of one
// customer: a test's way to push any frame, well-formed or not.
func (s *Server) servePush(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	key, ok := s.adminKey(q.Get("brandId"), q.Get("channelId"), q.Get("customerId"))
	if !ok {
		writeError(w, http.StatusBadRequest, "brandId, channelId and customerId are required")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		writeError(w, http.StatusBadRequest, "cannot read body")
		return
	}
	n := 0
	if cu := s.store.lookup(key); cu != nil {
		cu.mu.Lock()
		for c := range cu.conns {
			if c.enqueue(body) {
				n++
			}
		}
		cu.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, map[string]int{"count": n})
}

// agentSendRequest is the body of POST /sandbox/agent/send. Ids may be
// numbers or strings.
type agentSendRequest struct {
	BrandID    json.RawMessage `json:"brandId"`
	ChannelID  string          `json:"channelId"`
	CustomerID string          `json:"customerId"`
	ThreadID   string          `json:"threadId"`
	Text       string          `json:"text"`
}

// serveAgentSend sends a message from the agent to one thread, as the
// console's reply box does.
func (s *Server) serveAgentSend(w http.ResponseWriter, r *http.Request) {
	var req agentSendRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, maxBody)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid JSON body")
		return
	}
	if strings.TrimSpace(req.Text) == "" {
		writeError(w, http.StatusBadRequest, "text is required")
		return
	}
	cu, t := s.adminThread(w, string(req.BrandID), req.ChannelID, req.CustomerID, req.ThreadID)
	if cu == nil {
		return
	}
	defer cu.mu.Unlock()
	m := s.agentSay(cu, t, req.Text)
	writeJSON(w, http.StatusOK, map[string]any{"message": m})
}

// maxBurst bounds the count of one POST /sandbox/agent/burst.
const maxBurst = 100000

// agentBurstRequest is the body of POST /sandbox/agent/burst.
type agentBurstRequest struct {
	agentSendRequest
	Count int `json:"count"`
}

// serveAgentBurst pushes count MessageCreated events from the agent to
// every connection of a customer as fast as the sockets take them: the
// benchmarks' inbound burst. The frames are all encoded first, then queued
// without the slow-client limit (the request waits for queue space instead),
// and they skip the fault injector. The messages are not stored, so a long
// benchmark does not grow the simulator; each is "<text> <n>", n from 1.
func (s *Server) serveAgentBurst(w http.ResponseWriter, r *http.Request) {
	var req agentBurstRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, maxBody)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid JSON body")
		return
	}
	if req.Count < 1 || req.Count > maxBurst {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("count must be between 1 and %d", maxBurst))
		return
	}
	if strings.TrimSpace(req.Text) == "" {
		req.Text = "burst"
	}
	cu := s.adminCustomer(w, string(req.BrandID), req.ChannelID, req.CustomerID)
	if cu == nil {
		return
	}
	cu.mu.Lock()
	t := cu.thread(req.ThreadID)
	if t == nil {
		cu.mu.Unlock()
		writeError(w, http.StatusNotFound, "unknown thread")
		return
	}
	if _, created := cu.openContact(t); created {
		th := cu.wireThread(t)
		s.broadcast(cu, push("CaseCreated", caseData{
			Brand: cu.brand(), Channel: cu.channel.wire(), Case: cu.wireContact(t), Thread: &th,
		}), nil)
	}
	cu.touch(t)
	frames := make([][]byte, req.Count)
	for i := range frames {
		m := agentMessage(t, fmt.Sprintf("%s %d", req.Text, i+1))
		frames[i] = encode(push("MessageCreated", cu.messageCreated(t, m)))
	}
	conns := make([]*conn, 0, len(cu.conns))
	for c := range cu.conns {
		conns = append(conns, c)
	}
	cu.mu.Unlock()
	n := 0
	for _, c := range conns {
		for _, b := range frames {
			if !c.enqueueWait(r.Context(), b) {
				break
			}
			n++
		}
	}
	writeJSON(w, http.StatusOK, map[string]int{"count": n})
}

// adminKey names a customer from admin parameters.
func (s *Server) adminKey(brand, channel, customer string) (customerKey, bool) {
	b, err := strconv.ParseInt(strings.Trim(brand, `"`), 10, 64)
	if err != nil || b <= 0 || channel == "" || customer == "" {
		return customerKey{}, false
	}
	return customerKey{brand: b, channel: channel, customer: customer}, true
}

// adminCustomer finds the customer an admin request names, or answers the
// error (400 for a bad name, 404 for an unknown customer) and returns nil.
// adminThread finds the thread an admin request names and returns it with
// its customer locked (the caller unlocks cu.mu); on nil it has answered
// the request.
func (s *Server) adminThread(w http.ResponseWriter, brand, channel, customerID, threadID string) (*customer, *thread) {
	cu := s.adminCustomer(w, brand, channel, customerID)
	if cu == nil {
		return nil, nil
	}
	cu.mu.Lock()
	t := cu.thread(threadID)
	if t == nil {
		cu.mu.Unlock()
		writeError(w, http.StatusNotFound, "unknown thread")
		return nil, nil
	}
	return cu, t
}

func (s *Server) adminCustomer(w http.ResponseWriter, brand, channel, customer string) *customer {
	key, ok := s.adminKey(brand, channel, customer)
	if !ok {
		writeError(w, http.StatusBadRequest, "brandId, channelId and customerId are required")
		return nil
	}
	cu := s.store.lookup(key)
	if cu == nil {
		writeError(w, http.StatusNotFound, "unknown customer")
	}
	return cu
}

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "cannot encode response", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

// writeError answers `{"error": {"errorCode", "errorMessage"}}` with status.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{
		"errorCode": http.StatusText(status), "errorMessage": msg,
	}})
}
