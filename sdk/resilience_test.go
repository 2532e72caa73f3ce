package sdk_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sandbox/sim"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk/native"
)

// proxy is a loopback TCP proxy in front of the sandbox whose connections
// can be cut, stalled or refused: real network faults for the client.
type proxy struct {
	ln       net.Listener
	upstream string
	mu       sync.Mutex
	conns    []net.Conn
	refuse   bool
	stall    bool
	unstall  *sync.Cond // on mu: stall was cleared
}

func newProxy(t *testing.T, upstream string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, upstream: upstream}
	p.unstall = sync.NewCond(&p.mu)
	t.Cleanup(func() { ln.Close(); p.set(false, false); p.cut() })
	go p.serve()
	return p
}

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		refuse := p.refuse
		p.mu.Unlock()
		if refuse {
			c.Close()
			continue
		}
		u, err := net.Dial("tcp", p.upstream)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, u)
		p.mu.Unlock()
		go p.pipe(c, u)
		go p.pipe(u, c)
	}
}

// pipe copies until either side closes; while stalled it holds the bytes.
func (p *proxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		p.mu.Lock()
		for p.stall {
			p.unstall.Wait()
		}
		p.mu.Unlock()
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				dst.Close()
			}
			dst.Close()
			return
		}
	}
}

func (p *proxy) cut() {
	p.mu.Lock()
	conns := p.conns
	p.conns = nil
	p.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

func (p *proxy) set(refuse, stall bool) {
	p.mu.Lock()
	p.refuse, p.stall = refuse, stall
	p.mu.Unlock()
	p.unstall.Broadcast()
}

// states records a client's connection states and lets a test wait for
// one instead of sleeping until it has probably come.
type states struct {
	mu   sync.Mutex
	seen []string
	ch   chan struct{}
}

func newStates() *states { return &states{ch: make(chan struct{}, 1)} }

func (s *states) add(state string, _ error) {
	s.mu.Lock()
	s.seen = append(s.seen, state)
	s.mu.Unlock()
	select {
	case s.ch <- struct{}{}:
	default:
	}
}

// waitFor waits until state has been seen n times in all.
func (s *states) waitFor(t *testing.T, state string, n int) {
	t.Helper()
	s.waitWithin(t, state, n, 5*time.Second)
}

// waitWithin is waitFor with a limit of its own.
func (s *states) waitWithin(t *testing.T, state string, n int, limit time.Duration) {
	t.Helper()
	deadline := time.After(limit)
	for {
		s.mu.Lock()
		k := 0
		for _, x := range s.seen {
			if x == state {
				k++
			}
		}
		all := strings.Join(s.seen, ",")
		s.mu.Unlock()
		if k >= n {
			return
		}
		select {
		case <-s.ch:
		case <-deadline:
			t.Fatalf("timed out waiting for %q ×%d: states %s", state, n, all)
		}
	}
}

func (s *states) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.seen, ",")
}

// faulty returns a client whose gateway traffic goes through a proxy.
func faulty(t *testing.T, delay time.Duration, mutate func(*sdk.Options)) (*sdk.Client, *recorder, *proxy, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(sim.New(sim.Config{AgentDelay: delay}))
	t.Cleanup(srv.Close)
	px := newProxy(t, strings.TrimPrefix(srv.URL, "http://"))
	rec := newRecorder()
	o := &sdk.Options{
		BrandID: 1086, ChannelID: "chat_abc", CustomerID: "cust-" + sdk.NewID(), Environment: "custom",
		CustomEnvironment: &sdk.Endpoints{Chat: srv.URL, Gateway: "ws://" + px.ln.Addr().String() + "/gw"},
		Dialer:            native.Dialer{}, HTTP: native.HTTP{}, OnEvent: rec.add,
		ReconnectMinDelay: 30 * time.Millisecond, ReconnectMaxDelay: 100 * time.Millisecond,
		RequestTimeout: 5 * time.Second,
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
	return c, rec, px, srv
}

// agentSend has the sandbox's agent write text into a thread of customer
// (POST /sandbox/agent/send: stored, and pushed to the sockets it has).
func agentSend(t *testing.T, srv *httptest.Server, customer, thread, text string) {
	t.Helper()
	body := fmt.Sprintf(`{"brandId":1086,"channelId":"chat_abc","customerId":%q,"threadId":%q,"text":%q}`, customer, thread, text)
	resp, err := http.Post(srv.URL+"/sandbox/agent/send", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("agent/send: %d %s", resp.StatusCode, b)
	}
}

func countMessages(rec *recorder, prefix string) map[string]int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	n := map[string]int{}
	for _, ev := range rec.events {
		if ev.Type == "MessageCreated" {
			if s := text(ev); strings.HasPrefix(s, prefix) {
				n[s]++
			}
		}
	}
	return n
}

// TestSendWhileDisconnected: a message sent while the socket is down is
// queued, sent after the reconnect, acknowledged, and delivered once.
func TestSendWhileDisconnected(t *testing.T) {
	t.Parallel()
	st := newStates()
	c, rec, px, _ := faulty(t, time.Hour, func(o *sdk.Options) { o.OnConnection = st.add })
	th, _ := c.Thread("t1")
	if _, err := th.SendTextMessage(context.Background(), "before", nil); err != nil {
		t.Fatal(err)
	}
	px.set(true, false)
	px.cut()
	st.waitFor(t, "reconnecting", 1)
	done := make(chan error, 1)
	go func() {
		_, err := th.SendTextMessage(context.Background(), "while down", nil)
		done <- err
	}()
	waitUntil(t, "the send to wait in the outbox", func() bool { return c.Pending() == 1 })
	px.set(false, false)
	if err := <-done; err != nil {
		t.Fatalf("queued send: %v", err)
	}
	got := countMessages(rec, "inbound:")
	if got["inbound:before"] != 1 || got["inbound:while down"] != 1 {
		t.Fatalf("delivered %v", got)
	}
}

// TestMissedReplyRecovered: the agent replies while the socket is down; the
// reply reaches listeners once, after the reconnect.
func TestMissedReplyRecovered(t *testing.T) {
	t.Parallel()
	st := newStates()
	c, rec, px, srv := faulty(t, time.Hour, func(o *sdk.Options) { o.OnConnection = st.add })
	th, _ := c.Thread("t2")
	if _, err := th.SendTextMessage(context.Background(), "hi", nil); err != nil {
		t.Fatal(err)
	}
	px.set(true, false)
	px.cut()
	st.waitFor(t, "reconnecting", 1)
	// The agent answers while the socket is down (the call returns once the
	// sandbox has stored the message and found no socket to push it to).
	agentSend(t, srv, c.Customer().ID(), "t2", "missed while away")
	px.set(false, false)
	rec.waitFor(t, "the recovered reply", func(ev *sdk.Event) bool { return text(ev) == "outbound:missed while away" })
	// A fence instead of a pause: the reply to this request comes after
	// everything the sandbox sent before it, and Settle after the loop has
	// handled it; a second copy of the recovered message would be in by then.
	if _, err := c.ThreadList(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !sdk.Settle(c) {
		t.Fatal("the session ended")
	}
	if got := countMessages(rec, "outbound:"); got["outbound:missed while away"] != 1 {
		t.Fatalf("reply delivered %v", got)
	}
}

// TestDeadSocketDetected: a socket that goes silent (frames held by the
// network) is declared dead by the heartbeat, aborted at once (not closed
// with a handshake that holds the session's loop for 5 s), and replaced.
func TestDeadSocketDetected(t *testing.T) {
	t.Parallel()
	st := newStates()
	c, _, px, _ := faulty(t, time.Hour, func(o *sdk.Options) {
		o.HeartbeatInterval = 40 * time.Millisecond
		o.HeartbeatTimeout = 150 * time.Millisecond
		o.OnConnection = st.add
	})
	px.set(false, true)
	// The heartbeat finds the socket dead within 200 ms and aborts it. A
	// closing handshake instead would wait 5 s (coder/websocket's bound)
	// for an answer the stalled network holds, and the loop with it: a
	// limit under that tells the two apart.
	st.waitWithin(t, "reconnecting", 1, 3*time.Second)
	px.set(false, false)
	px.cut() // the stalled pipe is gone; the next dial gets a fresh one
	th, _ := c.Thread("t3")
	if _, err := th.SendTextMessage(context.Background(), "after", nil); err != nil {
		t.Fatalf("send after the dead socket: %v", err)
	}
	if s := st.String(); !strings.Contains(s, "close,reconnecting") || !strings.HasSuffix(s, "open") {
		t.Fatalf("states %s", s)
	}
}

// TestReconnectGivesUp: with the gateway unreachable, retries stop after
// MaxReconnectAttempts; waiting requests fail and OnError hears why.
func TestReconnectGivesUp(t *testing.T) {
	t.Parallel()
	errs := make(chan error, 4)
	c, _, px, _ := faulty(t, time.Hour, func(o *sdk.Options) {
		o.MaxReconnectAttempts = 3
		o.OnError = func(err error) { errs <- err }
	})
	th, _ := c.Thread("t4")
	px.set(true, false)
	px.cut()
	_, err := th.SendTextMessage(context.Background(), "lost", nil) // waits in the outbox until the retries run out
	if sdk.ErrorCode(err) != sdk.CodeClosed {
		t.Fatalf("send after giving up: %v", err)
	}
	select {
	case e := <-errs:
		var se *sdk.Error
		if !errors.As(e, &se) || se.Kind != sdk.KindWebSocketConnect {
			t.Fatalf("OnError got %v", e)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("no terminal error reported")
	}
}

// TestRequestTimeout: a request with no reply fails with a typed timeout
// naming the request, instead of hanging.
func TestRequestTimeout(t *testing.T) {
	t.Parallel()
	c, _, px, _ := faulty(t, time.Hour, func(o *sdk.Options) { o.RequestTimeout = 200 * time.Millisecond })
	th, _ := c.Thread("t5")
	px.set(false, true) // frames are held: no reply ever comes
	start := time.Now()
	_, err := th.GetMetadata(context.Background())
	px.set(false, false)
	var se *sdk.Error
	if !errors.As(err, &se) || se.Code != sdk.CodeTimeout || !strings.Contains(se.Msg, "getMetadata") {
		t.Fatalf("err %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v", d)
	}
	if c.Pending() != 0 {
		t.Fatalf("%d requests left in the outbox", c.Pending())
	}
}

// TestOutboxSurvivesReload: messages unacknowledged when a page goes away
// are sent by the next client that opens the same storage.
func TestOutboxSurvivesReload(t *testing.T) {
	t.Parallel()
	store := sdk.NewMemoryStorage()
	customer := "cust-" + sdk.NewID()
	st := newStates()
	first, _, px, srv := faulty(t, time.Hour, func(o *sdk.Options) { o.Storage = store; o.CustomerID = customer; o.OnConnection = st.add })
	th, _ := first.Thread("t6")
	px.set(true, false)
	px.cut()
	st.waitFor(t, "reconnecting", 1)
	ctx, cancel := context.WithCancel(context.Background())
	go th.SendTextMessage(ctx, "survives", nil)
	waitUntil(t, "the send to wait in the outbox", func() bool { return first.Pending() == 1 })
	// The page goes away: its client stops without clearing the stored outbox.
	first.Close()
	cancel()
	px.set(false, false)
	_ = srv
	rec := newRecorder()
	second, err := sdk.New(&sdk.Options{
		BrandID: 1086, ChannelID: "chat_abc", CustomerID: customer, Environment: "custom", Storage: store,
		CustomEnvironment: &sdk.Endpoints{Chat: srv.URL, Gateway: "ws" + strings.TrimPrefix(srv.URL, "http") + "/gw"},
		Dialer:            native.Dialer{}, HTTP: native.HTTP{}, OnEvent: rec.add,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	_ = first
	if second.Pending() != 1 {
		t.Skipf("the first client dropped its message before the reload (%d pending)", second.Pending())
	}
	if _, err := second.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, "the restored message", func(ev *sdk.Event) bool { return text(ev) == "inbound:survives" })
}
