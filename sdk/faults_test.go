package sdk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sandbox/sim"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk/native"
)

// These tests drive the native client against the in-process sandbox
// while its fault API (sandbox/sim/fault_admin.go) makes the gateway
// misbehave, the way the browser tests in js/test/faults.test.mjs do.

// faultEnv is a connected client, its sandbox and what it heard.
type faultEnv struct {
	t        *testing.T
	c        *sdk.Client
	rec      *recorder
	srv      *httptest.Server
	customer string

	mu     sync.Mutex
	states []string
	closes []error // what each "close" carried
	errs   []error
}

// faultSetup connects a client with short heartbeat and reconnect delays.
func faultSetup(t *testing.T, agentDelay time.Duration, mutate func(*sdk.Options)) *faultEnv {
	t.Helper()
	s := sim.New(sim.Config{AgentDelay: agentDelay})
	srv := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); srv.Close() })
	e := &faultEnv{t: t, rec: newRecorder(), srv: srv, customer: "cust-" + sdk.NewID()}
	o := &sdk.Options{
		BrandID: 1086, ChannelID: "chat_abc", CustomerID: e.customer, Environment: "custom",
		CustomEnvironment: &sdk.Endpoints{Chat: srv.URL, Gateway: "ws" + strings.TrimPrefix(srv.URL, "http") + "/gw"},
		Dialer:            native.Dialer{}, HTTP: native.HTTP{}, OnEvent: e.rec.add,
		HeartbeatInterval: 30 * time.Millisecond, HeartbeatTimeout: 150 * time.Millisecond,
		ReconnectMinDelay: 20 * time.Millisecond, ReconnectMaxDelay: 60 * time.Millisecond,
		RequestTimeout: 5 * time.Second,
		OnConnection: func(s string, err error) {
			e.mu.Lock()
			e.states = append(e.states, s)
			if s == "close" {
				e.closes = append(e.closes, err)
			}
			e.mu.Unlock()
		},
		OnError: func(err error) {
			e.mu.Lock()
			e.errs = append(e.errs, err)
			e.mu.Unlock()
		},
	}
	if mutate != nil {
		mutate(o)
	}
	c, err := sdk.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	// A round trip: the sandbox registers a socket just after its
	// handshake, so a fault aimed at it now could find nothing.
	if _, err := c.ThreadList(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.c = c
	return e
}

// fault posts body (with this client's customerId) to /sandbox/faults/kind.
func (e *faultEnv) fault(kind, body string) map[string]any {
	e.t.Helper()
	var m map[string]any
	if body != "" {
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			e.t.Fatal(err)
		}
	} else {
		m = map[string]any{}
	}
	m["customerId"] = e.customer
	b, _ := json.Marshal(m)
	return e.admin(http.MethodPost, "/sandbox/faults/"+kind, string(b))
}

// admin calls the sandbox's admin API and decodes the JSON answer.
func (e *faultEnv) admin(method, path, body string) map[string]any {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json") // the sandbox's control routes take JSON only
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("%s %s: HTTP %d %s", method, path, resp.StatusCode, raw)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	return out
}

// count reads one fault counter.
func (e *faultEnv) count(name string) int {
	e.t.Helper()
	v := e.admin(http.MethodGet, "/sandbox/faults", "")
	n, _ := v["counts"].(map[string]any)[name].(float64)
	return int(n)
}

// stored returns the texts the sandbox holds for thread, in order.
func (e *faultEnv) stored(thread string) []string {
	e.t.Helper()
	resp, err := http.Get(e.srv.URL + "/sandbox/threads")
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var threads []struct {
		CustomerID string `json:"customerId"`
		ThreadID   string `json:"threadId"`
		Messages   []struct {
			Direction      string `json:"direction"`
			MessageContent struct {
				Payload struct {
					Text string `json:"text"`
				} `json:"payload"`
			} `json:"messageContent"`
		} `json:"messages"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&threads); err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, th := range threads {
		if th.CustomerID == e.customer && th.ThreadID == thread {
			for _, m := range th.Messages {
				out = append(out, m.Direction+":"+m.MessageContent.Payload.Text)
			}
		}
	}
	return out
}

// opens counts "open" notifications (one per socket after the first).
func (e *faultEnv) opens() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, s := range e.states {
		if s == "open" {
			n++
		}
	}
	return n
}

// waitOpens waits until the client has opened n sockets after the first.
func (e *faultEnv) waitOpens(n int) {
	e.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for e.opens() < n+1 {
		if time.Now().After(deadline) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.t.Fatalf("no reconnect: states %v", e.states)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// internalErrors returns the recovered panics OnError heard.
func (e *faultEnv) internalErrors() []error {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []error
	for _, err := range e.errs {
		if sdk.ErrorCode(err) == sdk.CodeInternal {
			out = append(out, err)
		}
	}
	return out
}

// TestFaultDropReconnectsAndRecovers: the sandbox drops the socket and
// refuses reconnects while the agent answers; the client reconnects
// (close, reconnecting, open), the missed reply reaches listeners once,
// and sending works.
func TestFaultDropReconnectsAndRecovers(t *testing.T) {
	t.Parallel()
	e := faultSetup(t, 40*time.Millisecond, nil)
	th, _ := e.c.Thread("drop-1")
	e.fault("refuse", `{"ms":400}`) // the agent answers (3×40 ms) meanwhile
	if _, err := th.SendTextMessage(context.Background(), "hi", nil); err != nil {
		t.Fatal(err)
	}
	if n := e.fault("drop", ``)["count"].(float64); n != 1 {
		t.Fatalf("dropped %v sockets", n)
	}
	e.waitOpens(1)
	e.rec.waitFor(t, "the recovered reply", func(ev *sdk.Event) bool { return text(ev) == `outbound:Mia: you said "hi"` })
	if _, err := th.SendTextMessage(context.Background(), "after", nil); err != nil {
		t.Fatalf("send after the drop: %v", err)
	}
	e.rec.waitFor(t, "the second reply", func(ev *sdk.Event) bool { return text(ev) == `outbound:Mia: you said "after"` })
	if got := countMessages(e.rec, "outbound:"); got[`outbound:Mia: you said "hi"`] != 1 {
		t.Fatalf("replies delivered %v", got)
	}
	e.mu.Lock()
	states := strings.Join(e.states, ",")
	e.mu.Unlock()
	if !strings.Contains(states, "open,close,reconnecting") || e.count("refused") == 0 {
		t.Fatalf("states %s", states)
	}
}

// TestFaultAckLostIsResent: every third message is stored but its
// acknowledgement is lost with the socket; the outbox sends it again with
// the same id, and the sandbox holds each message once, in order.
func TestFaultAckLostIsResent(t *testing.T) {
	t.Parallel()
	e := faultSetup(t, time.Hour, nil)
	e.fault("drop", `{"everyMessages":3}`)
	th, _ := e.c.Thread("ack-1")
	var want []string
	for i := 1; i <= 8; i++ {
		msg := fmt.Sprintf("m%d", i)
		if _, err := th.SendTextMessage(context.Background(), msg, nil); err != nil {
			t.Fatalf("send %s: %v", msg, err)
		}
		want = append(want, "inbound:"+msg)
	}
	if got := e.stored("ack-1"); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("stored %v", got)
	}
	if d := e.count("dropped"); d < 2 {
		t.Fatalf("only %d drops", d)
	}
	for msg, n := range countMessages(e.rec, "inbound:") {
		if n != 1 {
			t.Fatalf("%s delivered %d times", msg, n)
		}
	}
}

// TestFaultHeartbeatStall: with heartbeats unanswered and nothing else
// arriving, the client declares the socket dead and opens a new one.
func TestFaultHeartbeatStall(t *testing.T) {
	t.Parallel()
	e := faultSetup(t, time.Hour, nil)
	e.fault("heartbeat", `{"ms":300}`)
	e.waitOpens(1)
	if e.count("heartbeatsUnanswered") == 0 {
		t.Fatal("no heartbeat went unanswered")
	}
	e.mu.Lock()
	var se *sdk.Error
	if !errors.As(e.closes[0], &se) || se.Code != sdk.CodeClosed || se.Kind != sdk.KindWebSocketClient {
		t.Errorf("close carried %#v", e.closes[0])
	}
	e.mu.Unlock()
	th, _ := e.c.Thread("hb-1")
	if _, err := th.SendTextMessage(context.Background(), "alive", nil); err != nil {
		t.Fatalf("send after the stall: %v", err)
	}
}

// TestFaultSilentStallRecoversManyMissed: a half-open socket swallows a
// send's acknowledgement and more agent messages than one recovery page
// holds; after the dead socket is replaced, the send resolves (resent,
// stored once) and every missed message reaches listeners once, in order.
func TestFaultSilentStallRecoversManyMissed(t *testing.T) {
	t.Parallel()
	e := faultSetup(t, time.Hour, func(o *sdk.Options) { o.HeartbeatTimeout = 400 * time.Millisecond })
	th, _ := e.c.Thread("stall-1")
	if _, err := th.SendTextMessage(context.Background(), "first", nil); err != nil {
		t.Fatal(err)
	}
	e.fault("heartbeat", `{"silent":true}`)
	done := make(chan error, 1)
	go func() {
		_, err := th.SendTextMessage(context.Background(), "during", nil)
		done <- err
	}()
	const missed = 45 // more than two recovery pages of 20
	for i := 0; i < missed; i++ {
		body := fmt.Sprintf(`{"brandId":1086,"channelId":"chat_abc","customerId":%q,"threadId":"stall-1","text":"agent %02d"}`, e.customer, i)
		e.admin(http.MethodPost, "/sandbox/agent/send", body)
	}
	if err := <-done; err != nil {
		t.Fatalf("send during the stall: %v", err)
	}
	e.rec.waitFor(t, "the last missed message", func(ev *sdk.Event) bool { return text(ev) == fmt.Sprintf("outbound:agent %02d", missed-1) })
	var got []string
	e.rec.mu.Lock()
	for _, ev := range e.rec.events {
		if s := text(ev); ev.Type == "MessageCreated" && strings.HasPrefix(s, "outbound:agent") {
			got = append(got, strings.TrimPrefix(s, "outbound:"))
		}
	}
	e.rec.mu.Unlock()
	if len(got) != missed {
		t.Fatalf("delivered %d of %d: %v", len(got), missed, got)
	}
	for i, s := range got {
		if s != fmt.Sprintf("agent %02d", i) {
			t.Fatalf("out of order at %d: %v", i, got)
		}
	}
	stored := e.stored("stall-1")
	if len(stored) != 2+missed || strings.Count(strings.Join(stored, ","), "inbound:during") != 1 {
		t.Fatalf("stored %d messages: %v", len(stored), stored)
	}
}

// TestFaultRefusedReconnects: reconnects are refused three times; the
// client keeps retrying with backoff and gets through on the fourth.
func TestFaultRefusedReconnects(t *testing.T) {
	t.Parallel()
	e := faultSetup(t, time.Hour, nil)
	e.fault("refuse", `{"count":3}`)
	if n := e.fault("drop", ``)["count"].(float64); n != 1 {
		t.Fatalf("dropped %v sockets", n)
	}
	e.waitOpens(1)
	if n := e.count("refused"); n != 3 {
		t.Fatalf("refused %d upgrades", n)
	}
	e.mu.Lock()
	reconnecting := strings.Count(strings.Join(e.states, ","), "reconnecting")
	e.mu.Unlock()
	if reconnecting < 4 {
		t.Fatalf("%d attempts", reconnecting)
	}
	th, _ := e.c.Thread("refuse-1")
	if _, err := th.SendTextMessage(context.Background(), "through", nil); err != nil {
		t.Fatal(err)
	}
}

// TestFaultErrorAnswer: an error answer rejects the call with a typed
// error that carries the server's reply; the next call works.
func TestFaultErrorAnswer(t *testing.T) {
	t.Parallel()
	e := faultSetup(t, time.Hour, nil)
	th, _ := e.c.Thread("err-1")
	e.fault("error", `{"eventType":"SendMessage","errorCode":"MessageRejected","errorMessage":"not now"}`)
	_, err := th.SendTextMessage(context.Background(), "refused", nil)
	var se *sdk.Error
	if !errors.As(err, &se) || se.Code != sdk.CodeServer || se.Kind != sdk.KindSendMessage ||
		se.Response == nil || se.Response.Error == nil || se.Response.Error.ErrorCode != "MessageRejected" {
		t.Fatalf("err %#v", err)
	}
	e.fault("error", `{"eventType":"FetchThreadList"}`)
	if _, err := e.c.ThreadList(context.Background()); sdk.ErrorCode(err) != sdk.CodeProtocol {
		t.Fatalf("thread list: %v", err)
	}
	if _, err := th.SendTextMessage(context.Background(), "accepted", nil); err != nil {
		t.Fatal(err)
	}
	if got := e.stored("err-1"); len(got) != 1 || got[0] != "inbound:accepted" {
		t.Fatalf("stored %v", got)
	}
}

// TestFaultMalformedFrames: every kind of malformed frame is ignored (a
// huge one costs the native client its socket, which it replaces); no
// panic, and the client keeps working.
//
// The heartbeat is not under test here, so its timeout is long: with
// faultSetup's 150ms a loaded machine (the race detector, two shared cores)
// took longer than that to deliver a frame, the 5 MiB one especially, and
// the heartbeat closed a healthy socket. A fault then found the client
// between sockets ("sent to 0 sockets"), or the close of a socket still
// mid-way through the huge frame blocked in the native close handshake
// for seconds and the next send timed out.
func TestFaultMalformedFrames(t *testing.T) {
	t.Parallel()
	e := faultSetup(t, time.Hour, func(o *sdk.Options) { o.HeartbeatTimeout = 5 * time.Second })
	th, _ := e.c.Thread("bad-1")
	for _, kind := range []string{"not-json", "unknown-event", "wrong-types", "invalid-utf8", "no-event-id", "huge"} {
		if n := e.fault("malformed", `{"kind":"`+kind+`"}`)["count"].(float64); n != 1 {
			t.Fatalf("%s sent to %v sockets", kind, n)
		}
		if _, err := th.SendTextMessage(context.Background(), "after "+kind, nil); err != nil {
			t.Fatalf("send after %s: %v", kind, err)
		}
	}
	if errs := e.internalErrors(); len(errs) > 0 {
		t.Fatalf("internal errors: %v", errs)
	}
	if got := e.stored("bad-1"); len(got) != 6 {
		t.Fatalf("stored %v", got)
	}
	e.rec.mu.Lock()
	defer e.rec.mu.Unlock()
	for _, ev := range e.rec.events {
		if strings.Contains(string(ev.Data), "padding") {
			t.Fatal("the huge frame was dispatched")
		}
	}
}

// TestFaultDelayAndTimeout: replies held back longer than RequestTimeout
// reject with a timeout naming the request (and leave the outbox); held
// back less, they are waited for.
func TestFaultDelayAndTimeout(t *testing.T) {
	t.Parallel()
	metadata := make(chan struct{}, 4) // a ThreadMetadataLoaded frame has come in
	e := faultSetup(t, time.Hour, func(o *sdk.Options) {
		o.RequestTimeout = 800 * time.Millisecond
		o.HeartbeatTimeout = 5 * time.Second
		o.OnRawFrame = func(f []byte) {
			if bytes.Contains(f, []byte(`"ThreadMetadataLoaded"`)) {
				metadata <- struct{}{}
			}
		}
	})
	th, _ := e.c.Thread("delay-1")
	if _, err := th.SendTextMessage(context.Background(), "seed", nil); err != nil {
		t.Fatal(err)
	}
	e.fault("delay", `{"delayMs":100}`)
	if _, err := th.GetMetadata(context.Background()); err != nil {
		t.Fatalf("short delay: %v", err)
	}
	select {
	case <-metadata:
	case <-time.After(5 * time.Second):
		t.Fatal("the reply's frame was not seen")
	}
	e.fault("delay", `{"delayMs":1600}`)
	_, err := th.GetMetadata(context.Background())
	var se *sdk.Error
	if !errors.As(err, &se) || se.Code != sdk.CodeTimeout || !strings.Contains(se.Msg, "getMetadata") {
		t.Fatalf("long delay: %v", err)
	}
	if e.c.Pending() != 0 {
		t.Fatalf("%d requests left waiting", e.c.Pending())
	}
	e.admin(http.MethodDelete, "/sandbox/faults", "")
	// The late reply comes in (OnRawFrame runs in the loop's handling of
	// it; Settle waits until that is over): it must be ignored.
	select {
	case <-metadata:
	case <-time.After(5 * time.Second):
		t.Fatal("the late reply never came")
	}
	if !sdk.Settle(e.c) {
		t.Fatal("the session ended")
	}
	if e.c.Pending() != 0 {
		t.Fatalf("%d requests waiting after the late reply", e.c.Pending())
	}
	// Frames the delay held after that reply (heartbeat answers) still
	// come first on the socket, each 1.6 s after it was sent: the next
	// request's answer would queue behind them.
	waitUntil(t, "the frames the delay held", func() bool {
		return e.admin(http.MethodGet, "/sandbox/faults", "")["waiting"].(float64) == 0
	})
	if _, err := th.GetMetadata(context.Background()); err != nil {
		t.Fatalf("after the delay: %v", err)
	}
}

// TestFaultCanceled: a caller that gives up gets a canceled error at once
// and its request leaves the outbox.
func TestFaultCanceled(t *testing.T) {
	t.Parallel()
	e := faultSetup(t, time.Hour, func(o *sdk.Options) { o.HeartbeatTimeout = 5 * time.Second })
	th, _ := e.c.Thread("cancel-1")
	e.fault("delay", `{"delayMs":2000}`)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// Gives up once the request waits for its (held) reply.
		for deadline := time.Now().Add(5 * time.Second); e.c.Pending() == 0 && time.Now().Before(deadline); {
			runtime.Gosched()
		}
		cancel()
	}()
	_, err := th.SendTextMessage(ctx, "never mind", nil)
	if sdk.ErrorCode(err) != sdk.CodeCanceled || !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if e.c.Pending() != 0 {
		t.Fatalf("%d requests left waiting", e.c.Pending())
	}
}

// TestFaultReorderedReplies: replies that arrive swapped still settle the
// calls they answer.
func TestFaultReorderedReplies(t *testing.T) {
	t.Parallel()
	e := faultSetup(t, time.Hour, nil)
	th, _ := e.c.Thread("reorder-1")
	if _, err := th.SendTextMessage(context.Background(), "seed", nil); err != nil {
		t.Fatal(err)
	}
	e.fault("reorder", `{"count":3}`)
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	wg.Add(3)
	go func() {
		defer wg.Done()
		if _, err := th.GetMetadata(context.Background()); err != nil {
			errs <- fmt.Errorf("metadata: %w", err)
		}
	}()
	go func() {
		defer wg.Done()
		if list, err := e.c.ThreadList(context.Background()); err != nil || !strings.Contains(string(list), "reorder-1") {
			errs <- fmt.Errorf("thread list %s: %v", list, err)
		}
	}()
	go func() {
		defer wg.Done()
		if ev, err := th.SendTextMessage(context.Background(), "two", nil); err != nil || text(ev) != "inbound:two" {
			errs <- fmt.Errorf("send: %v", err)
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if e.count("framesReordered") == 0 {
		t.Fatal("nothing was reordered")
	}
}

// TestFaultFirstMessageReplyRecovered: the socket goes half-open before the
// first message of a thread; its acknowledgement and the agent's reply are
// lost with it. After the reconnect the send resolves and the reply,
// recovered from the first message on, reaches listeners once.
func TestFaultFirstMessageReplyRecovered(t *testing.T) {
	t.Parallel()
	e := faultSetup(t, 20*time.Millisecond, func(o *sdk.Options) { o.HeartbeatTimeout = 300 * time.Millisecond })
	th, _ := e.c.Thread("first-1")
	if n := e.fault("heartbeat", `{"silent":true}`)["count"].(float64); n != 1 {
		t.Fatalf("silenced %v sockets", n)
	}
	if _, err := th.SendTextMessage(context.Background(), "anyone?", nil); err != nil {
		t.Fatalf("send across the stall: %v", err)
	}
	e.rec.waitFor(t, "the recovered reply", func(ev *sdk.Event) bool { return text(ev) == `outbound:Mia: you said "anyone?"` })
	// A fence, not a pause: this reply comes after everything the sandbox
	// sent before it, and Settle after the loop has handled all of that.
	if _, err := e.c.ThreadList(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !sdk.Settle(e.c) {
		t.Fatal("the session ended")
	}
	if got := countMessages(e.rec, ""); got[`outbound:Mia: you said "anyone?"`] != 1 || got["inbound:anyone?"] != 1 {
		t.Fatalf("delivered %v", got)
	}
}

// TestFaultLiveMessageDoesNotOvertakeRecovery: on the new socket a live
// message arrives before the recovery's answer (the sandbox holds that
// answer back until the next frame has gone out); listeners still get the
// missed messages first, then the live one.
func TestFaultLiveMessageDoesNotOvertakeRecovery(t *testing.T) {
	t.Parallel()
	e := faultSetup(t, time.Hour, func(o *sdk.Options) {
		// Detection at the first tick after 300 ms of silence; no heartbeat
		// answer may be the first frame on the new socket.
		o.HeartbeatInterval = time.Second
		o.HeartbeatTimeout = 300 * time.Millisecond
	})
	th, _ := e.c.Thread("order-1")
	if _, err := th.SendTextMessage(context.Background(), "first", nil); err != nil {
		t.Fatal(err)
	}
	agent := func(text string) {
		e.admin(http.MethodPost, "/sandbox/agent/send", fmt.Sprintf(`{"brandId":1086,"channelId":"chat_abc","customerId":%q,"threadId":"order-1","text":%q}`, e.customer, text))
	}
	e.fault("heartbeat", `{"silent":true}`)
	for i := 0; i < 5; i++ {
		agent(fmt.Sprintf("missed %d", i))
	}
	e.fault("reorder", `{"holdMs":5000}`) // the new socket's first frame: the recovery's answer
	waitUntil(t, "a frame held (the recovery's answer)", func() bool {
		return e.admin(http.MethodGet, "/sandbox/faults", "")["active"].(map[string]any)["reorder"].(float64) == 0
	})
	agent("live")
	e.rec.waitFor(t, "the live message", func(ev *sdk.Event) bool { return text(ev) == "outbound:live" })
	e.rec.waitFor(t, "the missed messages", func(ev *sdk.Event) bool { return text(ev) == "outbound:missed 4" })
	var got []string
	e.rec.mu.Lock()
	for _, ev := range e.rec.events {
		if s := text(ev); ev.Type == "MessageCreated" && strings.HasPrefix(s, "outbound:") {
			got = append(got, strings.TrimPrefix(s, "outbound:"))
		}
	}
	e.rec.mu.Unlock()
	if want := "missed 0,missed 1,missed 2,missed 3,missed 4,live"; strings.Join(got, ",") != want {
		t.Fatalf("delivered %v, want %s", got, want)
	}
	if e.count("framesReordered") != 1 {
		t.Fatal("the answer was not overtaken")
	}
}
