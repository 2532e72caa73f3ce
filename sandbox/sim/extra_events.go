package sim

import (
	"net/http"
	"strings"
	"sync"
)

// sendOutbound stores a message the page sends on the brand's behalf
// (SendOutbound: a proactive welcome text, say) as an outbound message.
func (r *request) sendOutbound() any {
	var d sendMessageData
	if err := r.decode(&d); err != nil {
		return r.invalid("Invalid data: " + err.Error())
	}
	if d.Thread.IDOnExternalPlatform == "" {
		return r.invalid("Missing thread.idOnExternalPlatform")
	}
	cu := r.cu
	t := cu.ensureThread(d.Thread.IDOnExternalPlatform)
	if d.IDOnExternalPlatform != "" {
		if m, dup := t.stored(d.IDOnExternalPlatform); dup {
			return replyData(r.eventID, "MessageCreated", cu.messageCreated(t, m))
		}
	}
	content := d.MessageContent
	if content.Type == "" {
		content.Type = "TEXT"
	}
	m := newMessage(t, d.IDOnExternalPlatform, outbound, content)
	t.append(m)
	cu.touch(t)
	data := cu.messageCreated(t, m)
	r.s.broadcast(cu, push("MessageCreated", data), r.c)
	return replyData(r.eventID, "MessageCreated", data)
}

// contentTokens are the tokens GenerateAuthorizationToken handed out, each
// good for one message URL.
type contentTokens struct {
	mu     sync.Mutex
	byTok  map[string]string    // token → URL path it authorizes
	owners map[string]*customer // token → customer whose message it is
}

// generateAuthorizationToken answers a token for one message URL
// ({thread, url}), which GET /chat/1.0/brand/{b}/messages/{id} requires.
func (r *request) generateAuthorizationToken() any {
	var d struct {
		Thread threadID `json:"thread"`
		URL    string   `json:"url"`
	}
	if err := r.decode(&d); err != nil || !strings.Contains(d.URL, "/messages/") {
		return r.invalid("want {thread, url: /chat/1.0/brand/<b>/messages/<id>}")
	}
	tok := "content-" + newID()
	ct := &r.s.contentTokens
	ct.mu.Lock()
	if ct.byTok == nil {
		ct.byTok, ct.owners = map[string]string{}, map[string]*customer{}
	}
	ct.byTok[tok], ct.owners[tok] = d.URL, r.cu
	ct.mu.Unlock()
	return replyPostback(r.eventID, "AuthorizationTokenGenerated", map[string]any{"authorizationToken": map[string]string{"token": tok}})
}

func init() {
	eventHandlers["SendOutbound"] = (*request).sendOutbound
	eventHandlers["GenerateAuthorizationToken"] = (*request).generateAuthorizationToken
}

// serveFullMessage answers a message's full content to a holder of the
// token generated for its URL (PROTOCOL.md §4, "Full message content").
func (s *Server) serveFullMessage(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	ct := &s.contentTokens
	ct.mu.Lock()
	url, known := ct.byTok[tok]
	cu := ct.owners[tok]
	ct.mu.Unlock()
	if !ok || !known || !strings.HasSuffix(r.URL.Path, url) && url != r.URL.Path {
		writeError(w, http.StatusUnauthorized, "a token from GenerateAuthorizationToken for this URL is required")
		return
	}
	id := r.PathValue("messageId")
	cu.mu.Lock()
	defer cu.mu.Unlock()
	for _, t := range cu.order {
		for _, m := range t.messages {
			if m.ID == id {
				writeJSON(w, http.StatusOK, m)
				return
			}
		}
	}
	writeError(w, http.StatusNotFound, "no such message")
}
