package sdk_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk/native"
)

// sseServer serves one Server-Sent Events stream of the given data lines;
// with stop false it closes without a finish_reason "stop".
func sseServer(t *testing.T, chunks []string, stop bool) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		f := w.(http.Flusher)
		fmt.Fprint(w, ": a comment line, ignored\n\n")
		fmt.Fprint(w, "data: {\"meta\":true}\n\n") // not a delta: skipped
		for i, c := range chunks {
			reason := "null"
			if stop && i == len(chunks)-1 {
				reason = `"stop"`
			}
			fmt.Fprintf(w, "event: delta\ndata: {\"delta\":{\"content\":%q,\"finish_reason\":%s}}\n\n", c, reason)
			f.Flush()
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// pushStreamed pushes a STREAMED MessageCreated to c.
func pushStreamed(t *testing.T, c *sdk.Client, sandbox, msgID string, payload string) {
	t.Helper()
	frame := fmt.Sprintf(`{"eventId":"ev-%s","eventType":"MessageCreated","createdAt":"2026-11-23T10:00:00.000Z","data":{"thread":{"idOnExternalPlatform":"s1"},"message":{"id":%q,"threadIdOnExternalPlatform":"s1","direction":"outbound","hasAdditionalMessageContent":false,"messageContent":{"type":"STREAMED","payload":%s}}}}`, msgID, msgID, payload)
	pushFrame(t, c, sandbox, frame)
}

func streamed(rec *recorder, msgID string) []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var out []string
	for _, ev := range rec.events {
		if !strings.HasPrefix(ev.Type, "Streamed") {
			continue
		}
		var d struct {
			MessageID   string `json:"messageId"`
			ThreadID    string `json:"threadId"`
			FullContent string `json:"fullContent"`
		}
		_ = json.Unmarshal(ev.Data, &d)
		if d.MessageID == msgID {
			out = append(out, strings.TrimPrefix(ev.Type, "StreamedMessage")+":"+d.FullContent+"@"+d.ThreadID)
		}
	}
	return out
}

// TestStreamedMessage: a STREAMED MessageCreated becomes Started, Deltas
// with the growing text, and Completed; the message itself is not
// dispatched.
func TestStreamedMessage(t *testing.T) {
	t.Parallel()
	c, rec, srv := setup(t, func(o *sdk.Options) { o.Streams = native.Streams{} })
	src := sseServer(t, []string{"Hello", ", ", "world"}, true)
	pushStreamed(t, c, srv.URL, "m-ok", fmt.Sprintf(`{"protocol":"sse","sourceUrl":%q}`, src.URL))
	rec.waitFor(t, "completion", func(ev *sdk.Event) bool { return ev.Type == "StreamedMessageCompleted" })
	got := strings.Join(streamed(rec, "m-ok"), " | ")
	want := "Started:@s1 | Delta:Hello@s1 | Delta:Hello, @s1 | Completed:Hello, world@s1"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, ev := range rec.events {
		if ev.Type == "MessageCreated" && strings.Contains(string(ev.Data), "m-ok") {
			t.Fatal("the STREAMED MessageCreated itself was dispatched")
		}
	}
}

// TestStreamedMessageFails: a source that closes before "stop", and a
// payload that is not SSE, both end in StreamedMessageFailed.
func TestStreamedMessageFails(t *testing.T) {
	t.Parallel()
	c, rec, srv := setup(t, func(o *sdk.Options) { o.Streams = native.Streams{} })
	src := sseServer(t, []string{"partial"}, false)
	pushStreamed(t, c, srv.URL, "m-cut", fmt.Sprintf(`{"protocol":"sse","sourceUrl":%q}`, src.URL))
	pushStreamed(t, c, srv.URL, "m-bad", `{"protocol":"websocket","sourceUrl":"x"}`)
	rec.waitFor(t, "failure", func(ev *sdk.Event) bool {
		return ev.Type == "StreamedMessageFailed" && strings.Contains(string(ev.Data), `"m-cut"`)
	})
	rec.waitFor(t, "failure of the bad payload", func(ev *sdk.Event) bool {
		return ev.Type == "StreamedMessageFailed" && strings.Contains(string(ev.Data), `"m-bad"`)
	})
	if got := strings.Join(streamed(rec, "m-cut"), " | "); got != "Started:@s1 | Delta:partial@s1 | Failed:partial@s1" {
		t.Fatalf("cut stream: %s", got)
	}
	if got := strings.Join(streamed(rec, "m-bad"), " | "); got != "Failed:@s1" {
		t.Fatalf("bad payload: %s", got)
	}
	_ = context.Background
}
