package sdk_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

// TestNumericMessageIDDeliveredOnce (issue 9, finding 14): a message whose
// id the server sent as a number is still delivered exactly once when it
// arrives twice. Before, a non-string id skipped the exactly-once check.
func TestNumericMessageIDDeliveredOnce(t *testing.T) {
	c, rec, srv := setup(t, nil)
	// A round trip first: the sandbox registers a socket just after its
	// handshake, and a push before that reaches no one (it timed out here
	// under load).
	if _, err := c.ThreadList(context.Background()); err != nil {
		t.Fatal(err)
	}
	push := func(frame string) {
		t.Helper()
		resp, err := http.Post(srv.URL+"/sandbox/push?brandId=1086&channelId=chat_abc&customerId="+c.Customer().ID(), "application/json", strings.NewReader(frame))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r struct{ Count int }
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || r.Count != 1 {
			t.Fatalf("push reached %d sockets (%v), want 1", r.Count, err)
		}
	}
	msg := func(eventID, id string) string {
		return `{"eventId":"` + eventID + `","eventType":"MessageCreated","data":{"message":{"id":` + id + `,"threadIdOnExternalPlatform":"t1","direction":"outbound","messageContent":{"type":"TEXT","payload":{"text":"n"}}}}}`
	}
	push(msg("e1", `4242`))
	push(msg("e2", `4242`))
	push(msg("e3", `4.242e3`)) // the same number, as JSON.parse reads it
	push(msg("e4", `"marker"`))
	rec.waitFor(t, "the marker", func(ev *sdk.Event) bool { return ev.MessageID == "marker" })
	n := 0
	rec.mu.Lock()
	for _, ev := range rec.events {
		if ev.Type == "MessageCreated" && ev.MessageID == "4242" {
			n++
		}
	}
	rec.mu.Unlock()
	if n != 1 {
		t.Fatalf("message 4242 delivered %d times, want once", n)
	}
}

// TestUntypedFrameKeysOnce: a frame in none of the three forms keeps its
// other members, but its own "id" (and, when the event has a type, "type")
// gives way to the event's: no key appears twice in the event's JSON (the
// fuzzer found a doubled "id"; JSON.parse would keep the last one).
func TestUntypedFrameKeysOnce(t *testing.T) {
	ev, err := sdk.DecodeFrame([]byte(`{"eventId":"e1","eventType":"SandboxThing","id":{"x":1},"type":"other","note":"kept"}`))
	if err != nil {
		t.Fatal(err)
	}
	out := string(ev.AppendJSON(nil))
	for key, want := range map[string]int{`"id":`: 1, `"type":`: 1, `"note":"kept"`: 1} {
		if n := strings.Count(out, key); n != want {
			t.Errorf("%s appears %d times in %s", key, n, out)
		}
	}
	if !strings.Contains(out, `"id":"e1"`) || !strings.Contains(out, `"type":"SandboxThing"`) {
		t.Errorf("the event's own id and type are not the ones written: %s", out)
	}
}
