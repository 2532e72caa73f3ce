package sim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sandbox/sim"
)

// fastAgent is the agent delay of tests that watch the agent.
const fastAgent = 20 * time.Millisecond

// idleAgent is the agent delay of tests that do not want it in the way.
const idleAgent = time.Hour

// waitFrame bounds the wait for one frame.
const waitFrame = 30 * time.Second

// setup starts a simulator on loopback, stopped when the test ends.
func setup(t *testing.T, delay time.Duration) *httptest.Server {
	t.Helper()
	s := sim.New(sim.Config{AgentDelay: delay})
	srv := httptest.NewServer(s)
	t.Cleanup(func() {
		s.Close()
		srv.Close()
	})
	return srv
}

// client is a test WebSocket client whose frames are read in the
// background, so a timed-out wait does not close the socket.
type client struct {
	t      *testing.T
	ws     *websocket.Conn
	frames chan string
}

// defaultQuery is the query the reference sent in the captured session.
const defaultQuery = "v=0&sdkPlatform=web&sdkVersion=2.2.0&brandId=1086&channelId=chat_abc&customerId=cust-1&visitorId="

// dial opens path?query on srv, failing the test if it cannot.
func dial(t *testing.T, srv *httptest.Server, path, query string) *client {
	t.Helper()
	ws, resp, err := dialRaw(srv, path, query)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial %s?%s: %v (HTTP %d)", path, query, err, status)
	}
	ws.SetReadLimit(4 << 20) // room for the huge-frame fault
	c := &client{t: t, ws: ws, frames: make(chan string, 1024)}
	go func() {
		defer close(c.frames)
		for {
			_, b, err := ws.Read(context.Background())
			if err != nil {
				return
			}
			c.frames <- string(b)
		}
	}()
	t.Cleanup(func() { ws.CloseNow() })
	return c
}

// dialRaw dials without failing the test.
func dialRaw(srv *httptest.Server, path, query string) (*websocket.Conn, *http.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), waitFrame)
	defer cancel()
	u := "ws" + strings.TrimPrefix(srv.URL, "http") + path + "?" + query
	return websocket.Dial(ctx, u, &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {"http://127.0.0.1"}}})
}

// sendText sends one text frame.
func (c *client) sendText(s string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFrame)
	defer cancel()
	if err := c.ws.Write(ctx, websocket.MessageText, []byte(s)); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// next returns the next frame as text, failing the test after waitFrame.
func (c *client) next() string {
	c.t.Helper()
	select {
	case f, ok := <-c.frames:
		if !ok {
			c.t.Fatal("socket closed while waiting for a frame")
		}
		return f
	case <-time.After(waitFrame):
		c.t.Fatal("no frame within", waitFrame)
		return ""
	}
}

// nextJSON returns the next frame decoded.
func (c *client) nextJSON() obj {
	c.t.Helper()
	return decode(c.t, c.next())
}

// replyTo returns the first frame whose eventId is id, skipping pushes.
func (c *client) replyTo(id string) obj {
	c.t.Helper()
	for {
		f := c.nextJSON()
		if f.str("eventId") == id {
			return f
		}
	}
}

// request sends a chatWindowEvent of eventType with data and returns its
// eventId.
func (c *client) request(eventType string, data any) string {
	c.t.Helper()
	id := uuid.NewString()
	c.sendText(chatFrame(c.t, id, 1086, "chat_abc", eventType, data))
	return id
}

// chatFrame builds a chatWindowEvent frame shaped like the captured ones.
func chatFrame(t *testing.T, id string, brand int, channel, eventType string, data any) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"action": "chatWindowEvent", "eventId": id,
		"payload": map[string]any{
			"eventType": eventType, "brand": map[string]any{"id": brand}, "channel": map[string]any{"id": channel},
			"consumerIdentity": map[string]any{"idOnExternalPlatform": "cust-1", "firstName": "Ann", "lastName": "Example"},
			"data":             data, "destination": map[string]any{}, "visitor": map[string]any{}, "visit": map[string]any{},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// textMessage is SendMessage data for text on thread with message id.
func textMessage(thread, id, text string) map[string]any {
	return map[string]any{
		"messageContent":       map[string]any{"type": "TEXT", "payload": map[string]any{"text": text}},
		"idOnExternalPlatform": id, "thread": map[string]any{"idOnExternalPlatform": thread},
		"consumer": map[string]any{"customFields": []any{}}, "consumerContact": map[string]any{"customFields": []any{}},
		"attachments": []any{}, "browserFingerprint": map[string]any{},
	}
}

// quiet asserts that no frame arrives within d.
func (c *client) quiet(d time.Duration) {
	c.t.Helper()
	select {
	case f, ok := <-c.frames:
		if ok {
			c.t.Fatalf("unexpected frame: %s", f)
		}
	case <-time.After(d):
	}
}

// obj is a decoded JSON object with path helpers.
type obj map[string]any

// decode parses s as a JSON object.
func decode(t *testing.T, s string) obj {
	t.Helper()
	var o obj
	if err := json.Unmarshal([]byte(s), &o); err != nil {
		t.Fatalf("frame is not a JSON object: %v: %s", err, s)
	}
	return o
}

// get follows a dotted path ("data.message.id"); nil if absent.
func (o obj) get(path string) any {
	var v any = map[string]any(o)
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			if om, ok2 := v.(obj); ok2 {
				m = om
			} else {
				return nil
			}
		}
		v = m[k]
	}
	return v
}

// str is get as a string ("" if not one).
func (o obj) str(path string) string {
	s, _ := o.get(path).(string)
	return s
}

// list is get as an array.
func (o obj) list(path string) []any {
	l, _ := o.get(path).([]any)
	return l
}

// has reports whether path is present (even if null).
func (o obj) has(path string) bool {
	i := strings.LastIndex(path, ".")
	parent := map[string]any(o)
	if i >= 0 {
		m, ok := o.get(path[:i]).(map[string]any)
		if !ok {
			return false
		}
		parent = m
	}
	_, ok := parent[path[i+1:]]
	return ok
}

// equal fails the test if got != want.
func equal[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: got %#v, want %#v", what, got, want)
	}
}

// httpDo sends a request and returns status, headers and body. Any method
// but GET and HEAD is sent as application/json unless hdr names another
// Content-Type (the control routes take JSON only).
func httpDo(t *testing.T, method, url string, hdr http.Header, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if method != http.MethodGet && method != http.MethodHead {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// getJSON GETs url and decodes the JSON body into v.
func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	status, _, body := httpDo(t, http.MethodGet, url, nil, "")
	equal(t, "GET "+url+" status", status, http.StatusOK)
	if err := json.NewDecoder(bytes.NewReader([]byte(body))).Decode(v); err != nil {
		t.Fatalf("GET %s: %v: %s", url, err, body)
	}
}

// capturedFrames returns the frames of one kind in the captured 2.2.0
// session, testdata/protocol/captured at the repository root (its README
// says from where).
func capturedFrames(t *testing.T, kind string) []json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "protocol", "captured", "reference-2.2.0-session.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var out []json.RawMessage
	for _, line := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var e struct {
			Kind string          `json:"kind"`
			V    json.RawMessage `json:"v"`
		}
		if err := json.Unmarshal(line, &e); err != nil {
			t.Fatalf("captured line: %v", err)
		}
		if e.Kind == kind {
			out = append(out, e.V)
		}
	}
	return out
}
