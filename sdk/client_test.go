package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
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

// recorder collects dispatched events.
type recorder struct {
	mu     sync.Mutex
	events []*sdk.Event
	notify chan struct{}
}

func newRecorder() *recorder { return &recorder{notify: make(chan struct{}, 1)} }

func (r *recorder) add(ev *sdk.Event) {
	r.mu.Lock()
	r.events = append(r.events, ev)
	r.mu.Unlock()
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

// waitFor waits until pred holds for some event.
func (r *recorder) waitFor(t *testing.T, what string, pred func(*sdk.Event) bool) *sdk.Event {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		r.mu.Lock()
		for _, ev := range r.events {
			if pred(ev) {
				r.mu.Unlock()
				return ev
			}
		}
		r.mu.Unlock()
		select {
		case <-r.notify:
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// setup starts the sandbox on loopback and returns a connected client.
func setup(t testing.TB, mutate func(*sdk.Options)) (*sdk.Client, *recorder, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(sim.New(sim.Config{AgentDelay: 20 * time.Millisecond}))
	t.Cleanup(srv.Close)
	rec := newRecorder()
	o := &sdk.Options{
		BrandID:      1086,
		ChannelID:    "chat_abc",
		CustomerID:   "cust-" + sdk.NewID(),
		CustomerName: "Ann Example",
		Environment:  "custom",
		CustomEnvironment: &sdk.Endpoints{
			Name: "sandbox", Chat: srv.URL, Gateway: "ws" + strings.TrimPrefix(srv.URL, "http") + "/gw", Authorize: srv.URL + "/auth",
		},
		Dialer:  native.Dialer{},
		HTTP:    native.HTTP{},
		OnEvent: rec.add,
	}
	if mutate != nil {
		mutate(o)
	}
	c, err := sdk.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if made, err := c.Connect(context.Background()); err != nil || !made {
		t.Fatalf("connect: %v %v", made, err)
	}
	return c, rec, srv
}

func text(ev *sdk.Event) string {
	var d struct {
		Message struct {
			Direction      string `json:"direction"`
			MessageContent struct {
				Payload struct {
					Text string `json:"text"`
				} `json:"payload"`
			} `json:"messageContent"`
		} `json:"message"`
	}
	_ = json.Unmarshal(ev.Data, &d)
	return d.Message.Direction + ":" + d.Message.MessageContent.Payload.Text
}

// TestSendAndAgentReply proves the slice natively: a message is
// acknowledged, and the scripted agent's assignment, typing and reply arrive
// in order, routed to the thread.
func TestSendAndAgentReply(t *testing.T) {
	t.Parallel()
	c, rec, _ := setup(t, nil)
	th, err := c.Thread("thread-1")
	if err != nil {
		t.Fatal(err)
	}
	ack, err := th.SendTextMessage(context.Background(), "hello", nil)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Type != "MessageCreated" || text(ack) != "inbound:hello" {
		t.Fatalf("ack %s %s", ack.Type, text(ack))
	}
	reply := rec.waitFor(t, "the agent reply", func(ev *sdk.Event) bool {
		return ev.Type == "MessageCreated" && strings.HasPrefix(text(ev), "outbound:")
	})
	if got := text(reply); got != `outbound:Mia: you said "hello"` || reply.ThreadID != "thread-1" {
		t.Fatalf("reply %q on thread %q", got, reply.ThreadID)
	}
	var order []string
	rec.mu.Lock()
	for _, ev := range rec.events {
		order = append(order, ev.Type)
	}
	rec.mu.Unlock()
	joined := strings.Join(order, ",")
	for _, want := range []string{"ContactCreated", "AssignedAgentChanged", "AgentTypingStarted", "AgentTypingEnded"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no %s among %s", want, joined)
		}
	}
	if strings.Index(joined, "AgentTypingStarted") > strings.LastIndex(joined, "MessageCreated") {
		t.Errorf("typing after the reply: %s", joined)
	}
}

// TestRecoverPagingAndList: recover returns the messages and a scroll
// token; loadMoreMessages pages back to the start and then returns nil.
func TestRecoverPagingAndList(t *testing.T) {
	t.Parallel()
	c, _, _ := setup(t, nil)
	ctx := context.Background()
	th, _ := c.Thread("paged")
	for i := 0; i < 25; i++ {
		if _, err := th.SendTextMessage(ctx, "m"+string(rune('a'+i)), nil); err != nil {
			t.Fatal(err)
		}
	}
	ev, err := th.Recover(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Messages []sdk.RawJSON `json:"messages"`
	}
	_ = json.Unmarshal(ev.Data, &d)
	total := len(d.Messages)
	for page := 0; page < 10; page++ {
		more, err := th.LoadMoreMessages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if more == nil {
			break
		}
		var m struct {
			Messages []sdk.RawJSON `json:"messages"`
		}
		_ = json.Unmarshal(more.Data, &m)
		total += len(m.Messages)
	}
	// 25 customer messages, plus the agent's replies that arrived meanwhile.
	if total < 25 {
		t.Fatalf("paged through %d messages, want at least 25", total)
	}
	list, err := c.ThreadList(ctx)
	if err != nil || !strings.Contains(string(list), `"paged"`) {
		t.Fatalf("thread list %s %v", list, err)
	}
}

// TestErrors: typed errors for bad input, an unknown thread, and a request
// that gets no answer in time.
func TestErrors(t *testing.T) {
	t.Parallel()
	c, _, _ := setup(t, func(o *sdk.Options) { o.RequestTimeout = 300 * time.Millisecond })
	ctx := context.Background()
	if _, err := c.Thread(""); sdk.ErrorCode(err) != sdk.CodeInvalidArgument {
		t.Fatalf("empty id: %v", err)
	}
	th, _ := c.Thread("x")
	if _, err := th.SendTextMessage(ctx, "", nil); sdk.ErrorCode(err) != sdk.CodeInvalidArgument {
		t.Fatalf("empty text: %v", err)
	}
	_, err := th.Recover(ctx)
	var e *sdk.Error
	if !errors.As(err, &e) || e.Kind != sdk.KindThreadRecover || e.Response == nil || e.Response.Error == nil {
		t.Fatalf("recover of an unknown thread: %#v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := th.SendTextMessage(cctx, "x", nil); sdk.ErrorCode(err) != sdk.CodeCanceled {
		t.Fatalf("canceled: %v", err)
	}
	if _, err := sdk.New(&sdk.Options{ChannelID: "c"}); sdk.ErrorCode(err) != sdk.CodeInvalidArgument || !strings.Contains(err.Error(), "Missing BrandID") {
		t.Fatalf("missing brand: %v", err)
	}
	if _, err := sdk.New(&sdk.Options{BrandID: 1, ChannelID: "c", Environment: "XX1"}); err == nil || !strings.Contains(err.Error(), "Unknown environment: XX1") {
		t.Fatalf("unknown environment: %v", err)
	}
}

// TestRefusedConnection: a gateway that refuses the socket (unknown
// channel) fails Connect with a typed error instead of hanging.
func TestRefusedConnection(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(sim.New(sim.Config{AgentDelay: 20 * time.Millisecond}))
	defer srv.Close()
	c, err := sdk.New(&sdk.Options{
		BrandID: 1086, ChannelID: "no_such_channel", CustomerID: "c1", Environment: "custom",
		CustomEnvironment: &sdk.Endpoints{Chat: srv.URL, Gateway: "ws" + strings.TrimPrefix(srv.URL, "http") + "/gw"},
		Dialer:            native.Dialer{}, HTTP: native.HTTP{},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Connect(context.Background()); sdk.ErrorCode(err) != sdk.CodeClosed {
		t.Fatalf("connect to a refused channel: %v", err)
	}
	if _, err := c.Thread("t"); sdk.ErrorCode(err) != sdk.CodeClosed {
		t.Fatalf("thread before connect: %v", err)
	}
}

// TestCustomerIDPersisted: without a customerId the client makes one and
// finds it again in the same storage.
func TestCustomerIDPersisted(t *testing.T) {
	t.Parallel()
	store := sdk.NewMemoryStorage()
	mk := func() string {
		c, err := sdk.New(&sdk.Options{BrandID: 1, ChannelID: "c", Storage: store})
		if err != nil {
			t.Fatal(err)
		}
		return c.Customer().ID()
	}
	a, b := mk(), mk()
	if a == "" || a != b {
		t.Fatalf("ids %q and %q", a, b)
	}
}

// TestFirstCustomerID: the id the browser shim put on an early socket is
// taken and kept when none is given or stored, and never over one that is.
func TestFirstCustomerID(t *testing.T) {
	t.Parallel()
	store := sdk.NewMemoryStorage()
	mk := func(first string) string {
		c, err := sdk.New(&sdk.Options{BrandID: 1, ChannelID: "c", Storage: store, FirstCustomerID: first})
		if err != nil {
			t.Fatal(err)
		}
		return c.Customer().ID()
	}
	if got := mk("early-1"); got != "early-1" {
		t.Fatalf("first visit: %q, want the shim's id", got)
	}
	if got := mk("early-2"); got != "early-1" {
		t.Fatalf("returning visitor: %q, want the kept id", got)
	}
}

// pushFrame has the sandbox push frame to c's socket. The sandbox takes a
// socket just after the handshake that ended Connect, so a push right
// then could reach nobody: a round trip first makes sure it has it.
func pushFrame(t *testing.T, c *sdk.Client, sandbox, frame string) {
	t.Helper()
	if _, err := c.ThreadList(context.Background()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(sandbox+"/sandbox/push?brandId=1086&channelId=chat_abc&customerId="+c.Customer().ID(), "application/json", strings.NewReader(frame))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Count int }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Count != 1 {
		t.Fatalf("push reached %d sockets (%v)", out.Count, err)
	}
}

// TestSdkVersionRefused: the gateway's SdkVersionNotSupported answer is
// reported through OnError as that kind, as the reference does.
func TestSdkVersionRefused(t *testing.T) {
	t.Parallel()
	errs := make(chan error, 4)
	c, _, srv := setup(t, func(o *sdk.Options) { o.OnError = func(err error) { errs <- err } })
	frame := `{"eventId":"v-1","createdAt":"2026-11-25T10:00:00.000Z","error":{"errorCode":"SdkVersionNotSupported","errorMessage":"too old","transactionId":"x"}}`
	pushFrame(t, c, srv.URL, frame)
	select {
	case err := <-errs:
		var e *sdk.Error
		if !errors.As(err, &e) || e.Kind != sdk.KindVersion {
			t.Fatalf("reported %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("no SdkVersionNotSupported report")
	}
}
