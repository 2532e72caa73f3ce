package sim

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// The scripted agent answers some texts with rich content instead of an
// echo, so that pages (and tests) can see every content kind:
//
//	"quick replies"  QUICK_REPLIES with two buttons
//	"list picker"    LIST_PICKER with two items
//	"rich link"      RICH_LINK
//	"adaptive card"  ADAPTIVE_CARD
//	"stream"         a STREAMED (GenAI) reply whose text comes over SSE
//	                 from /sandbox/stream/{id}
//	"send files"     a TEXT message with a PNG image and a PDF attached
//	                 (agentfiles.go)
//
// Postbacks of the buttons come back as messages with that postback; the
// agent echoes them like any text.
func richReply(s *Server, host, text string) (messageContent, bool) {
	icon := map[string]string{"fileName": "star.png", "url": "https://example.invalid/star.png", "mimeType": "image/png"}
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "quick replies":
		return messageContent{Type: "QUICK_REPLIES", FallbackText: "Pick one: Yes, No", Rich: map[string]any{
			"text": map[string]string{"content": "Pick one"},
			"actions": []map[string]any{
				{"type": "REPLY_BUTTON", "text": "Yes", "postback": "answer-yes", "icon": icon},
				{"type": "REPLY_BUTTON", "text": "No", "postback": "answer-no"},
			},
		}}, true
	case "list picker":
		return messageContent{Type: "LIST_PICKER", FallbackText: "Choose a size", Rich: map[string]any{
			"title": map[string]string{"content": "Sizes"},
			"text":  map[string]string{"content": "Choose a size"},
			"actions": []map[string]any{
				{"type": "REPLY_BUTTON", "text": "Small", "description": "S", "postback": "size-s", "icon": icon},
				{"type": "REPLY_BUTTON", "text": "Large", "description": "L", "postback": "size-l", "icon": icon},
			},
		}}, true
	case "rich link":
		return messageContent{Type: "RICH_LINK", FallbackText: "Our store https://example.invalid/store", Rich: map[string]any{
			"media": icon, "title": map[string]string{"content": "Our store"}, "url": "https://example.invalid/store",
		}}, true
	case "adaptive card":
		return messageContent{Type: "ADAPTIVE_CARD", FallbackText: "Order summary", Rich: map[string]any{
			"jsonSchemaVersion": "1.5",
			"card": map[string]any{"type": "AdaptiveCard", "version": "1.5", "body": []map[string]any{
				{"type": "TextBlock", "text": "Order summary", "weight": "Bolder"},
			}},
		}}, true
	case "stream":
		const reply = `Streaming works. Each word came as its own delta.`
		id := s.streams.add(reply)
		// The stored message keeps the whole text as its fallback, so a
		// recovered history shows what was streamed.
		return messageContent{Type: "STREAMED", FallbackText: reply, Rich: map[string]any{
			"protocol": "sse", "sourceUrl": "http://" + host + "/sandbox/stream/" + id,
		}}, true
	}
	return messageContent{}, false
}

// sseStreams are the texts of streamed replies waiting to be read.
type sseStreams struct {
	mu    sync.Mutex
	texts map[string]string
}

func (st *sseStreams) add(text string) string {
	id := newID()
	st.mu.Lock()
	if st.texts == nil {
		st.texts = map[string]string{}
	}
	st.texts[id] = text
	st.mu.Unlock()
	return id
}

// serveStream sends a streamed reply as server-sent events: one `delta`
// event per word, then one with finish_reason "stop".
func (s *Server) serveStream(w http.ResponseWriter, r *http.Request) {
	s.streams.mu.Lock()
	text, ok := s.streams.texts[r.PathValue("id")]
	s.streams.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	flusher, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	words := strings.SplitAfter(text, " ")
	for _, word := range words {
		fmt.Fprintf(w, "event: delta\ndata: {\"delta\":{\"content\":%q,\"finish_reason\":null}}\n\n", word)
		if flusher != nil {
			flusher.Flush()
		}
		select {
		case <-time.After(10 * time.Millisecond):
		case <-r.Context().Done():
			return
		}
	}
	fmt.Fprint(w, "event: delta\ndata: {\"delta\":{\"content\":\"\",\"finish_reason\":\"stop\"}}\n\n")
	if flusher != nil {
		flusher.Flush()
	}
}
