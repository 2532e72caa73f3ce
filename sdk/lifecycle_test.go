package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/internal/fakeclock"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

// fakeGW is an in-memory gateway: each Dial opens a fakeConn; reply
// scripts the answers to written frames. Tests that need the sandbox's
// real behaviour use it instead; these need control of every socket.
type fakeGW struct {
	mu     sync.Mutex
	conns  []*fakeConn
	dialed chan *fakeConn
	// hold, when set, makes Dial wait for it (or for its context).
	hold         chan struct{}
	holding      chan struct{} // a Dial waits on hold
	dialCanceled chan struct{}
	// reply answers a written request; nil: no answer.
	reply func(c *fakeConn, eventType, eventID string, data sdk.RawJSON)
	// wrote, when set, hears the type of every frame written, heartbeats
	// included ("heartbeat").
	wrote chan string
	// refuse, when set, makes Dial fail.
	refuse bool
	// stall, when set, makes a Write of a frame it picks hang until the
	// socket is closed, whatever its context says (a stuck native write).
	stall func(eventType string) bool
}

func newFakeGW() *fakeGW {
	return &fakeGW{dialed: make(chan *fakeConn, 64), dialCanceled: make(chan struct{}, 64), holding: make(chan struct{}, 64)}
}

type fakeConn struct {
	gw      *fakeGW
	in      chan []byte
	done    chan struct{}
	once    sync.Once
	reading chan struct{}
	rOnce   sync.Once
	mu      sync.Mutex
	written []string // event types written ("heartbeat" for heartbeats)
}

func (g *fakeGW) Dial(ctx context.Context, url string) (sdk.Conn, error) {
	g.mu.Lock()
	hold, refuse := g.hold, g.refuse
	g.mu.Unlock()
	if refuse {
		return nil, errors.New("refused")
	}
	if hold != nil {
		g.holding <- struct{}{}
		select {
		case <-hold:
		case <-ctx.Done():
			g.dialCanceled <- struct{}{}
			return nil, ctx.Err()
		}
	}
	c := &fakeConn{gw: g, in: make(chan []byte, 64), done: make(chan struct{}), reading: make(chan struct{})}
	g.mu.Lock()
	g.conns = append(g.conns, c)
	g.mu.Unlock()
	g.dialed <- c
	return c, nil
}

func (c *fakeConn) Read(ctx context.Context) ([]byte, error) {
	c.rOnce.Do(func() { close(c.reading) })
	select {
	case f := <-c.in:
		return f, nil
	case <-c.done:
		return nil, errors.New("closed")
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (c *fakeConn) Write(_ context.Context, p []byte) error {
	select {
	case <-c.done:
		return errors.New("closed")
	default:
	}
	var f struct {
		Action  string `json:"action"`
		EventID string `json:"eventId"`
		Payload struct {
			EventType string      `json:"eventType"`
			Data      sdk.RawJSON `json:"data"`
		} `json:"payload"`
	}
	_ = json.Unmarshal(p, &f)
	typ := f.Payload.EventType
	if f.Action == "heartbeat" {
		typ = "heartbeat"
	}
	c.mu.Lock()
	c.written = append(c.written, typ)
	c.mu.Unlock()
	if st := c.gw.stall; st != nil && st(typ) {
		<-c.done
		return errors.New("closed")
	}
	if c.gw.wrote != nil {
		c.gw.wrote <- typ
	}
	if r := c.gw.reply; r != nil && typ != "heartbeat" {
		r(c, typ, f.EventID, f.Payload.Data)
	}
	return nil
}

func (c *fakeConn) Close() error {
	c.once.Do(func() { close(c.done) })
	return nil
}

// push queues an inbound frame.
func (c *fakeConn) push(frame string) { c.in <- []byte(frame) }

func (c *fakeConn) writes(typ string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, w := range c.written {
		if w == typ {
			n++
		}
	}
	return n
}

// ack answers eventID with eventType and data.
func (c *fakeConn) ack(eventID, eventType, data string) {
	c.push(`{"eventId":"` + eventID + `","eventType":"` + eventType + `","data":` + data + `}`)
}

// fakeOptions are options for a client of gw on clock.
func fakeOptions(gw *fakeGW, clock sdk.Clock) *sdk.Options {
	lc := false
	return &sdk.Options{
		BrandID: 1086, ChannelID: "chat_abc", CustomerID: "cust-" + sdk.NewID(), Environment: "custom",
		CustomEnvironment: &sdk.Endpoints{Chat: "http://127.0.0.1:1", Gateway: "ws://127.0.0.1:1/gw"},
		Dialer:            gw, IsLivechat: &lc, Clock: clock,
		Storage: sdk.NewMemoryStorage(),
	}
}

func newFakeClient(t *testing.T, o *sdk.Options) *sdk.Client {
	t.Helper()
	c, err := sdk.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func codeOf(err error) sdk.Code {
	var e *sdk.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// TestCloseDuringSlowReconnect (finding 5): Close while a reconnection is
// dialing cancels that dial and no socket comes back; on the old design the
// dial went on and installed a socket after Close.
func TestCloseDuringSlowReconnect(t *testing.T) {
	t.Parallel()
	gw := newFakeGW()
	clock := fakeclock.New(time.Unix(1_800_000_000, 0))
	o := fakeOptions(gw, clock)
	o.ReconnectMinDelay, o.ReconnectMaxDelay = time.Millisecond, time.Millisecond
	c := newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	first := <-gw.dialed
	hold := make(chan struct{})
	gw.mu.Lock()
	gw.hold = hold
	gw.mu.Unlock()
	first.Close()    // the socket drops; the reconnection's dial hangs
	c.ReconnectNow() // no backoff
	<-gw.holding
	_ = c.Close()
	close(hold)
	select {
	case <-gw.dialCanceled:
	case s := <-gw.dialed:
		select {
		case <-s.reading:
			t.Fatal("a socket came back after Close")
		case <-s.done:
		}
	}
	if c.Connected() {
		t.Fatal("connected after Close")
	}
}

// TestNoReplayOfNonIdempotent (finding 7): a SendOfflineMessage written to a
// socket that drops before its reply settles with unknown-outcome and is
// not written again; a message (own id) is written again and acknowledged.
func TestNoReplayOfNonIdempotent(t *testing.T) {
	t.Parallel()
	gw := newFakeGW()
	o := fakeOptions(gw, nil)
	o.ReconnectMinDelay, o.ReconnectMaxDelay = time.Millisecond, 2*time.Millisecond
	var mu sync.Mutex
	var sockets []*fakeConn
	written := make(chan string, 16)
	gw.reply = func(fc *fakeConn, typ, id string, _ sdk.RawJSON) {
		gw.mu.Lock()
		n := len(gw.conns)
		gw.mu.Unlock()
		written <- typ
		if n > 1 && typ == "SendMessage" { // answered on the second socket only
			fc.ack(id, "MessageSent", `{"message":{"id":"m1"}}`)
		}
		if typ == "RecoverThread" { // the recovery after the reconnect: nothing there
			fc.ack(id, "ThreadRecovered", `{}`)
		}
	}
	c := newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	sockets = append(sockets, <-gw.dialed)
	mu.Unlock()
	th, _ := c.Thread("t1")
	offline := make(chan error, 1)
	go func() {
		_, err := c.SendOfflineMessage(context.Background(), "Ann", "a@example.com", "hi")
		offline <- err
	}()
	sent := make(chan error, 1)
	go func() { _, err := th.SendTextMessage(context.Background(), "hello", nil); sent <- err }()
	<-written
	<-written
	// The redial's socket, received whenever it comes (the send's answer on
	// it may settle before a goroutine that stored it had run: CI failed so).
	second := make(chan *fakeConn, 1)
	go func() { second <- <-gw.dialed }()
	mu.Lock()
	sockets[0].Close()
	mu.Unlock()
	if err := <-offline; codeOf(err) != sdk.CodeUnknownOutcome {
		t.Fatalf("offline message after the drop: %v, want unknown-outcome", err)
	}
	if err := <-sent; err != nil {
		t.Fatalf("message after the drop: %v", err)
	}
	if n := (<-second).writes("SendOfflineMessage"); n != 0 {
		t.Fatalf("SendOfflineMessage written %d times to the new socket", n)
	}
}

// TestOutgoingFrameLimit (finding 3): a message over the frame limit is an
// invalid-argument error and nothing is queued.
func TestOutgoingFrameLimit(t *testing.T) {
	t.Parallel()
	gw := newFakeGW()
	c := newFakeClient(t, fakeOptions(gw, nil))
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := <-gw.dialed
	th, _ := c.Thread("t1")
	_, err := th.SendTextMessage(context.Background(), strings.Repeat("x", 1536<<10), nil)
	if codeOf(err) != sdk.CodeInvalidArgument {
		t.Fatalf("1.5 MB message: %v, want invalid-argument", err)
	}
	if c.Pending() != 0 || s.writes("SendMessage") != 0 {
		t.Fatalf("queued %d, written %d", c.Pending(), s.writes("SendMessage"))
	}
}

// TestPoisonMessageGivenUp (finding 3): a message whose every write makes
// the gateway close the socket at once is given up after a bounded number
// of sockets (the attempt count is not reset by a dial that is closed
// straight away) and leaves storage.
func TestPoisonMessageGivenUp(t *testing.T) {
	t.Parallel()
	gw := newFakeGW()
	o := fakeOptions(gw, nil)
	o.ReconnectMinDelay, o.ReconnectMaxDelay = time.Millisecond, 2*time.Millisecond
	o.MaxReconnectAttempts = 1000
	gw.reply = func(fc *fakeConn, typ, _ string, _ sdk.RawJSON) {
		if typ == "SendMessage" {
			fc.Close()
		}
	}
	store := o.Storage
	c := newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	th, _ := c.Thread("t1")
	_, err := th.SendTextMessage(context.Background(), "poison", nil)
	if err == nil {
		t.Fatal("a message the gateway never takes was acknowledged")
	}
	gw.mu.Lock()
	dials := len(gw.conns)
	gw.mu.Unlock()
	if dials > 10 {
		t.Fatalf("%d sockets for one poison message", dials)
	}
	key := "cxone-chat-wasm:1086:chat_abc:" + o.CustomerID + ":outbox"
	if v, ok := store.Get(key); ok {
		t.Fatalf("given-up message still stored: %s", v)
	}
}

// TestConnectWhileReconnecting (finding 9): connect() during a long
// backoff does not wait it out.
func TestConnectWhileReconnecting(t *testing.T) {
	t.Parallel()
	gw := newFakeGW()
	clock := fakeclock.New(time.Unix(1_800_000_000, 0))
	o := fakeOptions(gw, clock)
	o.ReconnectMinDelay, o.ReconnectMaxDelay = time.Hour, time.Hour
	reconnecting := make(chan struct{}, 4)
	o.OnConnection = func(state string, _ error) {
		if state == "reconnecting" {
			reconnecting <- struct{}{}
		}
	}
	c := newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	first := <-gw.dialed
	first.Close()
	<-reconnecting // the hour of backoff has begun
	done := make(chan error, 1)
	go func() { _, err := c.Connect(context.Background()); done <- err }()
	select {
	case <-gw.dialed:
	case <-time.After(5 * time.Second):
		t.Fatal("connect() while reconnecting waited for the backoff")
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestConnectAfterRetriesRanOut: once a session's reconnection attempts
// have run out, Connect starts a new session and ends the old one; on the
// design before the session loop the old session's dispatch goroutine (with
// its client) stayed behind, one per such Connect.
func TestConnectAfterRetriesRanOut(t *testing.T) {
	t.Parallel()
	gw := newFakeGW()
	clock := fakeclock.New(time.Unix(1_800_000_000, 0))
	o := fakeOptions(gw, clock)
	o.ReconnectMinDelay, o.ReconnectMaxDelay, o.MaxReconnectAttempts = time.Second, time.Second, 2
	var gaveUp atomic.Bool
	o.OnConnection = func(state string, _ error) {
		if state == "error" {
			gaveUp.Store(true)
		}
	}
	c := newFakeClient(t, o)
	connectThenLose(t, c, gw)
	waitUntil(t, "the attempts to run out", func() bool {
		clock.Advance(2 * time.Second) // each backoff is at most 1.5 s
		return gaveUp.Load()
	})
	gw.mu.Lock()
	gw.refuse = false
	gw.mu.Unlock()
	if opened, err := c.Connect(context.Background()); err != nil || !opened {
		t.Fatalf("connect after the attempts ran out: %v, %v", opened, err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	// Close waits for its session's goroutines: none of this client's may
	// remain, of either session.
	if left := clientStacks(c); left != "" {
		t.Fatalf("goroutines of the client remain after Close:\n%s", left)
	}
}

// clientStacks returns the stacks of live goroutines that run sdk code
// with c as an argument (the runtime prints arguments as words: c's
// address appears in them).
func clientStacks(c *sdk.Client) string {
	addr := fmt.Sprintf("%p", c)
	var out []string
	for _, g := range strings.Split(allStacks(), "\n\n") {
		if strings.Contains(g, "cxone-chat-wasm/sdk.") && strings.Contains(g, "("+addr) {
			out = append(out, g)
		}
	}
	return strings.Join(out, "\n\n")
}

// TestAuthorizeBeforeConnect: Authorize before Connect settles at once
// with an error (the core always did; the browser test of finding 9 checks
// the shim).
func TestAuthorizeBeforeConnect(t *testing.T) {
	t.Parallel()
	c := newFakeClient(t, fakeOptions(newFakeGW(), nil))
	if _, err := c.Authorize(context.Background(), sdk.AuthorizeOptions{Code: "x"}); codeOf(err) != sdk.CodeClosed {
		t.Fatalf("authorize before connect: %v", err)
	}
}

// TestStopTypingForPreviewDoesNotWait (finding 6): the synchronous entry
// point returns while the preview's reply never comes.
func TestStopTypingForPreviewDoesNotWait(t *testing.T) {
	t.Parallel()
	gw := newFakeGW()
	clock := fakeclock.New(time.Unix(1_800_000_000, 0))
	o := fakeOptions(gw, clock)
	gw.reply = func(fc *fakeConn, typ, id string, _ sdk.RawJSON) {
		if typ == "SendMessage" {
			fc.ack(id, "MessageSent", `{"message":{"id":"m1"}}`)
		}
	}
	c := newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := <-gw.dialed
	th, _ := c.Thread("t1")
	// The preview is sent only once a contact exists.
	s.push(`{"eventId":"e1","eventType":"CaseCreated","data":{"case":{"id":"c1","threadIdOnExternalPlatform":"t1"},"thread":{"idOnExternalPlatform":"t1"}}}`)
	s.push(`{"eventId":"e2","eventType":"ContactCreated","data":{"case":{"id":"c1","threadIdOnExternalPlatform":"t1"},"thread":{"idOnExternalPlatform":"t1"}}}`)
	_, _ = th.SendTextMessage(context.Background(), "x", nil) // in order after the pushes
	th.KeystrokeForPreview("typing…", 0)
	returned := make(chan struct{})
	go func() { th.StopTypingForPreview(true); close(returned) }()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatal("StopTypingForPreview waited for the network")
	}
}

// TestServerWorkHasItsOwnBudget (finding 11): content fetches for
// truncated messages do not spend the page's request budget.
func TestServerWorkHasItsOwnBudget(t *testing.T) {
	t.Parallel()
	gw := newFakeGW()
	clock := fakeclock.New(time.Unix(1_800_000_000, 0))
	o := fakeOptions(gw, clock)
	o.RequestRateLimit = 3
	c := newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := <-gw.dialed
	gen := make(chan struct{}, 16)
	gw.reply = func(fc *fakeConn, typ, id string, _ sdk.RawJSON) {
		switch typ {
		case "GenerateAuthorizationToken":
			gen <- struct{}{}
			fc.ack(id, "AuthorizationTokenGenerated", `{"authorizationToken":{"token":"tok"}}`)
		case "FetchThreadList":
			fc.ack(id, "ThreadListFetched", `{"threads":[]}`)
		}
	}
	for i := range 6 { // twice the budget
		s.push(`{"eventId":"t` + string(rune('a'+i)) + `","eventType":"MessageCreated","data":{"thread":{"idOnExternalPlatform":"t1"},"message":{"id":"m` + string(rune('a'+i)) + `","threadIdOnExternalPlatform":"t1","messageContent":{"type":"TEXT","payload":{"text":"…"}}}}}`)
	}
	for range 3 {
		<-gen // the server's budget is spent
	}
	done := make(chan error, 1)
	go func() { _, err := c.ThreadList(context.Background()); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the page's request waited for budget the server's work took")
	}
}

// TestThirdPartyIdentityKeptAcrossReconnect (finding 4): a customer logged
// in with a third-party code stays that customer after the socket drops:
// the thread list and sends still work, and no new anonymous identity is
// minted.
func TestThirdPartyIdentityKeptAcrossReconnect(t *testing.T) {
	t.Parallel()
	srv, _ := authSandbox(t, time.Hour, nil)
	px := newProxy(t, strings.TrimPrefix(srv.URL, "http://"))
	o := sandboxOptions(srv, "chat_secure")
	o.CustomEnvironment.Gateway = "ws://" + px.ln.Addr().String() + "/gw"
	o.SecuredSession, o.AuthorizationCode = sdk.SecuredThirdParty, newCode(t, srv, "cust-ann")
	o.ReconnectMinDelay, o.ReconnectMaxDelay = time.Millisecond, 5*time.Millisecond
	opens := make(chan struct{}, 8)
	o.OnConnection = func(state string, _ error) {
		if state == "open" {
			opens <- struct{}{}
		}
	}
	c, err := connect(t, o)
	if err != nil {
		t.Fatal(err)
	}
	<-opens
	th, _ := c.Thread("th-ann-2")
	if _, err := th.SendTextMessage(context.Background(), "before", nil); err != nil {
		t.Fatal(err)
	}
	px.cut()
	<-opens // the new socket
	if id := c.Customer().ID(); id != "cust-ann" {
		t.Fatalf("customer after the reconnect: %q, want cust-ann", id)
	}
	list, err := c.ThreadList(context.Background())
	if err != nil || !strings.Contains(string(list), "th-ann-2") {
		t.Fatalf("thread list after the reconnect: %s %v", list, err)
	}
	if _, err := th.SendTextMessage(context.Background(), "after", nil); err != nil {
		t.Fatalf("send after the reconnect: %v", err)
	}
}

// panicHTTP is an HTTP doer that panics (a bug, or a hostile response
// driving one).
type panicHTTP struct{}

func (panicHTTP) Do(context.Context, *sdk.HTTPRequest) (*sdk.HTTPResponse, error) {
	panic("doer failed")
}

// TestCompletionPanicDoesNotStallDispatch: when completing a truncated
// message panics, the event goes out as it came and the events behind it
// follow; the panic is reported. (The first version of the session loop
// left the job waiting at the head of the queue for good.)
func TestCompletionPanicDoesNotStallDispatch(t *testing.T) {
	t.Parallel()
	gw, _, o := fakeSetup()
	o.HTTP = panicHTTP{}
	got := make(chan string, 4)
	o.OnEvent = func(ev *sdk.Event) { got <- ev.ID }
	var internal atomic.Bool
	o.OnError = func(err error) {
		if codeOf(err) == sdk.CodeInternal {
			internal.Store(true)
		}
	}
	c := newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := <-gw.dialed
	gw.reply = func(fc *fakeConn, typ, id string, _ sdk.RawJSON) {
		if typ == "GenerateAuthorizationToken" {
			fc.ack(id, "AuthorizationTokenGenerated", `{"authorizationToken":{"token":"tok"}}`)
		}
	}
	s.push(`{"eventId":"e-truncated","eventType":"MessageCreated","data":{"thread":{"idOnExternalPlatform":"t1"},"message":{"id":"m1","threadIdOnExternalPlatform":"t1","messageContent":{"type":"TEXT","payload":{"text":"…"}}}}}`)
	s.push(`{"eventId":"e-after","eventType":"AgentTypingStarted","data":{"thread":{"idOnExternalPlatform":"t1"}}}`)
	for _, want := range []string{"e-truncated", "e-after"} {
		select {
		case id := <-got:
			if id != want {
				t.Fatalf("got %s, want %s", id, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("dispatch stalled before %s", want)
		}
	}
	if !internal.Load() {
		t.Fatal("the panic was not reported")
	}
}

// TestCanceledConnectDropsWaitingRequests: a request made while the first
// connection is being made fails when that Connect is canceled, and is not
// written on a later socket. (The first version of the session loop handed
// it back with the restored messages: Pending stayed 1 and the next
// Connect wrote it.)
func TestCanceledConnectDropsWaitingRequests(t *testing.T) {
	t.Parallel()
	gw, _, o := fakeSetup()
	c := newFakeClient(t, o)
	gw.mu.Lock()
	gw.hold = make(chan struct{})
	gw.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	connected := make(chan error, 1)
	go func() { _, err := c.Connect(ctx); connected <- err }()
	<-gw.holding
	listed := make(chan error, 1)
	go func() { _, err := c.ThreadList(context.Background()); listed <- err }()
	waitUntil(t, "the request to wait in the outbox", func() bool { return c.Pending() == 1 })
	cancel()
	if err := <-connected; err == nil {
		t.Fatal("a canceled Connect succeeded")
	}
	if err := <-listed; codeOf(err) != sdk.CodeClosed {
		t.Fatalf("request: %v, want closed", err)
	}
	if n := c.Pending(); n != 0 {
		t.Fatalf("%d requests left after the canceled Connect", n)
	}
	gw.mu.Lock()
	gw.hold = nil
	gw.mu.Unlock()
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := <-gw.dialed
	if _, err := c.ThreadList(ctxTimeout(t)); err == nil {
		t.Fatal("no reply was set up: the list cannot succeed")
	}
	if n := s.writes("FetchThreadList"); n != 1 {
		t.Fatalf("FetchThreadList written %d times on the new socket, want 1 (the new request alone)", n)
	}
}

func ctxTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	t.Cleanup(cancel)
	return ctx
}

// TestConnectFromGiveUpCallback: a native OnConnection that calls Connect
// when the attempts have run out (on the session's loop) gets a new
// session when the gateway is back, an error when it still refuses, and a
// Close made while that Connect dials returns. (Versions of the session
// loop waited there for the loop the callback ran on, holding the lock
// Connect and Close take.)
func TestConnectFromGiveUpCallback(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		back        bool // the gateway takes the callback's dial
		closeDuring bool // Close while the callback's dial waits
	}{{"back", true, false}, {"still refused", false, false}, {"close during", true, true}} {
		gw, clock, o := fakeSetup()
		o.ReconnectMinDelay, o.ReconnectMaxDelay, o.MaxReconnectAttempts = time.Second, time.Second, 1
		var c *sdk.Client
		again := make(chan error, 1)
		o.OnConnection = func(state string, _ error) {
			if state == "error" {
				gw.mu.Lock()
				gw.refuse = !tc.back
				if tc.closeDuring {
					gw.hold = make(chan struct{}) // the dial waits
				}
				gw.mu.Unlock()
				_, err := c.Connect(context.Background())
				again <- err
			}
		}
		c = newFakeClient(t, o)
		connectThenLose(t, c, gw)
		waitUntil(t, tc.name+": Connect from the callback", func() bool {
			clock.Advance(2 * time.Second)
			if tc.closeDuring {
				return len(gw.holding) > 0
			}
			return len(again) > 0
		})
		if tc.back && !tc.closeDuring {
			if err := <-again; err != nil || !c.Connected() {
				t.Fatalf("%s: %v, connected %v", tc.name, err, c.Connected())
			}
		}
		closed := make(chan error, 1)
		go func() { closed <- c.Close() }()
		select {
		case <-closed:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: Close hung", tc.name)
		}
		if !tc.back || tc.closeDuring {
			if err := <-again; err == nil {
				t.Fatalf("%s: the callback's Connect succeeded", tc.name)
			}
		}
	}
}

// TestRequestFromListenerFailsAtOnce: a native OnEvent that makes a
// request and would wait for it (on the session's loop, which must answer
// it) gets a clear error at once, not a wait until the request timeout
// that holds every event up (with the test's clock standing still, it used
// to wait for ever), and the session goes on: later events arrive.
func TestRequestFromListenerFailsAtOnce(t *testing.T) {
	t.Parallel()
	gw, _, o := fakeSetup()
	gw.reply = func(s *fakeConn, typ, id string, _ sdk.RawJSON) {
		if typ == "FetchThreadList" {
			s.ack(id, "ThreadListFetched", `{"threads":[]}`)
		}
	}
	var c *sdk.Client
	got := make(chan string, 4)
	o.OnEvent = func(ev *sdk.Event) {
		if ev.ID == "e-1" {
			_, err := c.ThreadList(context.Background())
			got <- "listed: " + string(codeOf(err))
		}
		got <- ev.ID
	}
	c = newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := <-gw.dialed
	s.push(`{"eventId":"e-1","eventType":"AgentTypingStarted","data":{"thread":{"idOnExternalPlatform":"t1"}}}`)
	s.push(`{"eventId":"e-2","eventType":"AgentTypingEnded","data":{"thread":{"idOnExternalPlatform":"t1"}}}`)
	for _, want := range []string{"listed: invalid-argument", "e-1", "e-2"} {
		select {
		case g := <-got:
			if g != want {
				t.Fatalf("got %q, want %q", g, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("the session froze before %q", want)
		}
	}
	// The same request from another goroutine is answered.
	if _, err := c.ThreadList(context.Background()); err != nil {
		t.Fatalf("ThreadList off the loop: %v", err)
	}
}

// TestConnectFromReconnectingCallback: Connect called from inside
// OnConnection("reconnecting") (on the loop that reconnects) cannot wait
// for the connection: it returns at once with a clear error (it used to
// wait until the request timeout, for ever on the test's clock), and the
// reconnection's backoff is cut short: the next dial comes without the
// clock moving.
func TestConnectFromReconnectingCallback(t *testing.T) {
	t.Parallel()
	gw, _, o := fakeSetup()
	o.ReconnectMinDelay, o.ReconnectMaxDelay = time.Hour, time.Hour
	var c *sdk.Client
	got := make(chan error, 1)
	var once sync.Once
	o.OnConnection = func(state string, _ error) {
		if state == "reconnecting" {
			once.Do(func() { _, err := c.Connect(context.Background()); got <- err })
		}
	}
	c = newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	(<-gw.dialed).Close()
	select {
	case err := <-got:
		if codeOf(err) != sdk.CodeInvalidArgument {
			t.Fatalf("Connect from the callback: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("Connect from the callback hung:\n%s", clientStacks(c))
	}
	select {
	case <-gw.dialed: // the backoff of an hour was cut short
	case <-time.After(5 * time.Second):
		t.Fatal("no dial after Connect from the callback")
	}
	waitUntil(t, "the connection to open again", c.Connected)
}

// fakeSetup is a fake gateway, a fake clock and options for a client of
// both.
func fakeSetup() (*fakeGW, *fakeclock.Clock, *sdk.Options) {
	gw := newFakeGW()
	clock := fakeclock.New(time.Unix(1_800_000_000, 0))
	return gw, clock, fakeOptions(gw, clock)
}

// connectThenLose connects c, then makes gw refuse new sockets and closes
// the open one: c starts reconnecting, in vain.
func connectThenLose(t *testing.T, c *sdk.Client, gw *fakeGW) {
	t.Helper()
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	gw.mu.Lock()
	gw.refuse = true
	gw.mu.Unlock()
	(<-gw.dialed).Close()
}

// TestCloseFromCallback: a native callback runs on the session's loop, and
// Close waits for the session's goroutines. Close called from inside a
// callback must not wait for the loop that is calling it (it used to wait
// forever): it returns, and the session's goroutines end once the callback
// has returned.
func TestCloseFromCallback(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		state string // the OnConnection state to Close from; "" for OnEvent
	}{{"OnEvent", ""}, {"reconnecting", "reconnecting"}, {"error after the attempts ran out", "error"}} {
		gw, clock, o := fakeSetup()
		o.ReconnectMinDelay, o.ReconnectMaxDelay, o.MaxReconnectAttempts = time.Second, time.Second, 1
		var c *sdk.Client
		closed := make(chan error, 1)
		var once sync.Once
		closeHere := func() { once.Do(func() { closed <- c.Close() }) }
		o.OnConnection = func(state string, _ error) {
			if tc.state != "" && state == tc.state {
				closeHere()
			}
		}
		o.OnEvent = func(ev *sdk.Event) {
			if tc.state == "" && ev.ID == "e-1" {
				closeHere()
			}
		}
		c = newFakeClient(t, o)
		if tc.state == "" {
			if _, err := c.Connect(context.Background()); err != nil {
				t.Fatal(err)
			}
			(<-gw.dialed).push(`{"eventId":"e-1","eventType":"AgentTypingStarted","data":{"thread":{"idOnExternalPlatform":"t1"}}}`)
		} else {
			connectThenLose(t, c, gw)
		}
		deadline := time.After(5 * time.Second)
	wait:
		for {
			select {
			case err := <-closed:
				if err != nil {
					t.Fatalf("%s: Close: %v", tc.name, err)
				}
				break wait
			case <-deadline:
				t.Fatalf("%s: Close from the callback hung:\n%s", tc.name, clientStacks(c))
			default:
				clock.Advance(2 * time.Second) // the backoff to the give-up (at most 1.5 s each)
				runtime.Gosched()
			}
		}
		if c.Connected() {
			t.Fatalf("%s: connected after Close", tc.name)
		}
		waitUntil(t, tc.name+": the session's goroutines to end", func() bool { return clientStacks(c) == "" })
	}
}

// TestHungWriteClosesSocket: a native socket whose Write hangs (and ignores
// its context) holds every later frame behind it. The heartbeat finds the
// writer inside the same write at two beats in a row, closes the socket,
// and the session reconnects; the request written again on the new socket
// is answered. Inbound frames keep coming, so the silence check never
// fires: the hung write alone closes the socket.
func TestHungWriteClosesSocket(t *testing.T) {
	t.Parallel()
	gw, clock, o := fakeSetup()
	o.ReconnectMinDelay, o.ReconnectMaxDelay = time.Second, time.Second
	o.RequestTimeout = time.Hour // longer than the two heartbeats the check takes
	var stalled atomic.Int32
	gw.stall = func(typ string) bool { return typ == "FetchThreadList" && stalled.Add(1) == 1 }
	gw.reply = func(s *fakeConn, typ, id string, _ sdk.RawJSON) {
		if typ == "FetchThreadList" {
			s.ack(id, "ThreadListFetched", `{"threads":[]}`)
		}
	}
	c := newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	first := <-gw.dialed
	listed := make(chan error, 1)
	go func() { _, err := c.ThreadList(context.Background()); listed <- err }()
	waitUntil(t, "the write to hang", func() bool { return stalled.Load() == 1 })
	beat := 15 * time.Second // the default interval; the silence limit is 45 s
	for i := 0; ; i++ {
		select {
		case <-first.done:
		default:
			if i == 4 { // the check runs on the loop after the clock moved: wait for it
				waitUntil(t, "the socket with the hung write to close after four heartbeats", func() bool {
					select {
					case <-first.done:
						return true
					default:
						return false
					}
				})
				continue
			}
			first.push(`"pong"`)
			waitUntil(t, "the pong to be read", func() bool {
				select {
				case <-first.done: // the last heartbeat's check closed it meanwhile
					return true
				default:
					return len(first.in) == 0
				}
			})
			clock.Advance(beat)
			continue
		}
		break
	}
	waitUntil(t, "a new socket", func() bool {
		clock.Advance(time.Second) // the backoff
		return len(gw.dialed) > 0
	})
	select {
	case err := <-listed:
		if err != nil {
			t.Fatalf("ThreadList after the hung socket: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ThreadList not answered on the new socket")
	}
}

// TestStorageNotWrittenAfterCloseFromRawFrame: Close from OnRawFrame on the
// acknowledgement of a stored message clears storage; the frame's handling
// must not write the outbox back afterwards (a reload would resend it).
func TestStorageNotWrittenAfterCloseFromRawFrame(t *testing.T) {
	t.Parallel()
	gw, _, o := fakeSetup()
	ids := make(chan string, 4)
	gw.reply = func(fc *fakeConn, typ, id string, _ sdk.RawJSON) {
		if typ == "SendMessage" {
			ids <- id
		}
	}
	var c *sdk.Client
	var ackA string
	var mu sync.Mutex
	closed := make(chan struct{})
	o.OnRawFrame = func(f []byte) {
		mu.Lock()
		a := ackA
		mu.Unlock()
		if a != "" && strings.Contains(string(f), a) {
			c.Close()
			close(closed)
		}
	}
	c = newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := <-gw.dialed
	th, _ := c.Thread("t1")
	go th.SendTextMessage(context.Background(), "A", nil)
	idA := <-ids
	go th.SendTextMessage(context.Background(), "B", nil)
	<-ids
	mu.Lock()
	ackA = idA
	mu.Unlock()
	s.ack(idA, "MessageSent", `{"message":{"id":"mA"}}`)
	<-closed
	waitUntil(t, "the session to end", func() bool { return clientStacks(c) == "" })
	if v, ok := o.Storage.Get(outboxKey("chat_abc", o.CustomerID)); ok {
		t.Fatalf("storage after Close: %s", v)
	}
}

// Close from OnConnection("close"): the same op goes on to retry and the
// page hears "reconnecting" after its Close returned.

// truncatedPush is a MessageCreated whose text is cut short: the client
// fetches the full message before dispatch, on a goroutine of its own.
const truncatedPush = `{"eventId":"e1","eventType":"MessageCreated","data":{"thread":{"idOnExternalPlatform":"t1"},"message":{"id":"m1","threadIdOnExternalPlatform":"t1","messageContent":{"type":"TEXT","payload":{"text":"…"}}}}}`

// failFetches makes gw answer GenerateAuthorizationToken without a token,
// so that every content fetch fails (and OnError hears of it).
func failFetches(gw *fakeGW, also func(s *fakeConn, typ, id string)) {
	gw.reply = func(s *fakeConn, typ, id string, _ sdk.RawJSON) {
		if typ == "GenerateAuthorizationToken" {
			s.ack(id, "AuthorizationTokenGenerated", `{}`)
		} else if also != nil {
			also(s, typ, id)
		}
	}
}

// TestCloseFromErrorOfAFetch: a failed content fetch is reported from the
// fetch's own goroutine. OnError used to be called right there, so a
// Close from it waited for that very goroutine, for ever. OnError now runs
// on the loop like every callback: Close returns and the session ends.
func TestCloseFromErrorOfAFetch(t *testing.T) {
	t.Parallel()
	gw, _, o := fakeSetup()
	failFetches(gw, nil)
	var c *sdk.Client
	closed := make(chan struct{})
	var once sync.Once
	o.OnError = func(error) { once.Do(func() { c.Close(); close(closed) }) }
	c = newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	(<-gw.dialed).push(truncatedPush)
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatalf("Close from OnError hung:\n%s", clientStacks(c))
	}
	waitUntil(t, "the session's goroutines to end", func() bool { return clientStacks(c) == "" })
}

// TestRequestFromErrorOfAFetch: a request made from the OnError of a
// failed fetch used to wait for its timeout (for ever on the test's
// clock): its reply queued behind the very event the fetch held up. It
// now fails at once, as from any callback, and the event then arrives.
func TestRequestFromErrorOfAFetch(t *testing.T) {
	t.Parallel()
	gw, _, o := fakeSetup()
	failFetches(gw, func(s *fakeConn, typ, id string) {
		if typ == "FetchThreadList" {
			s.ack(id, "ThreadListFetched", `{"threads":[]}`)
		}
	})
	var c *sdk.Client
	got := make(chan string, 2)
	var once sync.Once
	o.OnError = func(error) {
		once.Do(func() { _, err := c.ThreadList(context.Background()); got <- "listed: " + string(codeOf(err)) })
	}
	o.OnEvent = func(ev *sdk.Event) {
		if ev.Type == "MessageCreated" {
			got <- "event"
		}
	}
	c = newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	(<-gw.dialed).push(truncatedPush)
	for _, want := range []string{"listed: invalid-argument", "event"} {
		select {
		case g := <-got:
			if g != want {
				t.Fatalf("got %q, want %q", g, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("nothing before %q:\n%.1500s", want, clientStacks(c))
		}
	}
}

// TestNoCallbackAfterCloseFromCallback: Close from OnConnection("close")
// used to be followed by "reconnecting" from the same op, after the page's
// Close had returned. No callback of a session follows its Close.
func TestNoCallbackAfterCloseFromCallback(t *testing.T) {
	t.Parallel()
	gw, _, o := fakeSetup()
	var c *sdk.Client
	var mu sync.Mutex
	var states []string
	o.OnConnection = func(state string, _ error) {
		mu.Lock()
		states = append(states, state)
		mu.Unlock()
		if state == "close" {
			c.Close()
		}
	}
	c = newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	(<-gw.dialed).Close()
	waitUntil(t, "the session to end", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(states) >= 2 && clientStacks(c) == ""
	})
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(states, " "); got != "open close" {
		t.Fatalf("states: %s, want open close", got)
	}
}

// TestSecondCloseWaitsForSessionClosedFromCallback: after a Close from a
// callback (which cannot wait for its own loop), a Close from another
// goroutine used to return while that session's loop still ran. It now
// waits for it.
func TestSecondCloseWaitsForSessionClosedFromCallback(t *testing.T) {
	t.Parallel()
	gw, _, o := fakeSetup()
	var c *sdk.Client
	inCb, release := make(chan struct{}), make(chan struct{})
	o.OnEvent = func(ev *sdk.Event) {
		if ev.ID == "e-1" {
			c.Close()
			close(inCb)
			<-release
		}
	}
	c = newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	(<-gw.dialed).push(`{"eventId":"e-1","eventType":"AgentTypingStarted","data":{"thread":{"idOnExternalPlatform":"t1"}}}`)
	<-inCb
	returned := make(chan struct{})
	go func() { c.Close(); close(returned) }()
	select {
	case <-returned:
		t.Fatal("the second Close returned while the session's callback still ran")
	case <-time.After(50 * time.Millisecond): // a bound on a wrong return, not a wait for success
	}
	close(release)
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatalf("the second Close hung:\n%s", clientStacks(c))
	}
	if st := clientStacks(c); st != "" {
		t.Fatalf("Close returned with the session's goroutines running:\n%.600s", st)
	}
}

// TestClosesFromCallbackAndElsewhere: Close from inside a callback while
// another goroutine calls Close too: neither hangs, and the session ends.
func TestClosesFromCallbackAndElsewhere(t *testing.T) {
	t.Parallel()
	for i := 0; i < 50; i++ {
		gw, _, o := fakeSetup()
		var c *sdk.Client
		in, done := make(chan struct{}), make(chan struct{})
		o.OnEvent = func(*sdk.Event) {
			close(in)
			c.Close()
			close(done)
		}
		c = newFakeClient(t, o)
		if _, err := c.Connect(context.Background()); err != nil {
			t.Fatal(err)
		}
		(<-gw.dialed).push(`{"eventId":"e-1","eventType":"AgentTypingStarted","data":{"thread":{"idOnExternalPlatform":"t1"}}}`)
		<-in
		c.Close()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("run %d: Close from the callback hung", i)
		}
		if st := clientStacks(c); st != "" {
			t.Fatalf("run %d: Close returned with the session's goroutines running:\n%.600s", i, st)
		}
	}
}

// TestTypingAfterCloseAndConnect: the typing and preview timers belong to
// the session, so a Close during a keystroke burst ended them without
// their end running: the thread kept thinking the customer was typing, and
// in the next session a keystroke sent no SenderTypingStarted and a
// preview was never sent again. The next session starts with neither.
func TestTypingAfterCloseAndConnect(t *testing.T) {
	t.Parallel()
	gw, clock, o := fakeSetup()
	sent := make(chan string, 64)
	gw.reply = func(s *fakeConn, typ, id string, _ sdk.RawJSON) {
		switch typ {
		case "SenderTypingStarted", "SenderTypingEnded", "SendMessagePreview":
			sent <- typ
		}
		if typ == "SendMessagePreview" {
			s.ack(id, "MessagePreviewSent", `{}`)
		}
	}
	created := make(chan struct{}, 1)
	o.OnEvent = func(ev *sdk.Event) {
		if ev.Type == "ContactCreated" {
			created <- struct{}{}
		}
	}
	c := newFakeClient(t, o)
	connect := func() *fakeConn {
		if _, err := c.Connect(context.Background()); err != nil {
			t.Fatal(err)
		}
		return <-gw.dialed
	}
	s := connect()
	th, _ := c.Thread("t1")
	s.push(`{"eventId":"e1","eventType":"ContactCreated","data":{"case":{"id":"c1","threadIdOnExternalPlatform":"t1"},"thread":{"idOnExternalPlatform":"t1"}}}`)
	<-created // dispatched after the thread took note of it
	th.Keystroke(time.Minute, nil)
	th.KeystrokeForPreview("first draft", time.Minute)
	if got := <-sent; got != "SenderTypingStarted" {
		t.Fatalf("first session: %s", got)
	}
	c.Close()
	connect()
	th.Keystroke(time.Second, nil)
	th.KeystrokeForPreview("second draft", time.Second)
	expectNext(t, sent, "SenderTypingStarted", "in the second session") // at once
	// Both bursts end.
	clock.Advance(time.Second)
	got := map[string]bool{}
	for range 2 {
		select {
		case typ := <-sent:
			got[typ] = true
		case <-time.After(5 * time.Second):
		}
	}
	if !got["SenderTypingEnded"] || !got["SendMessagePreview"] {
		t.Fatalf("second session, after the bursts: %v", got)
	}
}

// TestPanickingOnError: a panic in OnEvent is reported through OnError;
// an OnError that panics too must not be reported through itself again
// (on the loop, that would repeat for ever and hold every event up). It
// is called once, and the next event arrives.
func TestPanickingOnError(t *testing.T) {
	t.Parallel()
	gw, _, o := fakeSetup()
	var reports atomic.Int32
	got := make(chan string, 4)
	o.OnError = func(error) {
		reports.Add(1)
		panic("OnError panics")
	}
	o.OnEvent = func(ev *sdk.Event) {
		if ev.ID == "e-1" {
			panic("OnEvent panics")
		}
		got <- ev.ID
	}
	c := newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := <-gw.dialed
	s.push(`{"eventId":"e-1","eventType":"AgentTypingStarted","data":{"thread":{"idOnExternalPlatform":"t1"}}}`)
	s.push(`{"eventId":"e-2","eventType":"AgentTypingEnded","data":{"thread":{"idOnExternalPlatform":"t1"}}}`)
	expectNext(t, got, "e-2", "after the panics")
	waitUntil(t, "the report", func() bool { return reports.Load() >= 1 })
	// One more trip through the loop, after the report: a report of
	// OnError's own panic would have run by then.
	s.push(`{"eventId":"e-3","eventType":"AgentTypingStarted","data":{"thread":{"idOnExternalPlatform":"t1"}}}`)
	expectNext(t, got, "e-3", "after the report")
	if n := reports.Load(); n != 1 {
		t.Fatalf("OnError called %d times, want 1", n)
	}
}

// expectNext fails t unless the next value from ch, within 5 s, is want.
func expectNext(t *testing.T, ch <-chan string, want, when string) {
	t.Helper()
	select {
	case got := <-ch:
		if got != want {
			t.Fatalf("%s: got %s, want %s", when, got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: no %s", when, want)
	}
}
