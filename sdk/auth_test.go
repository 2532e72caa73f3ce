package sdk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/internal/fakeclock"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sandbox/sim"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk/native"
)

// authSandbox starts a sandbox whose tokens live ttl on clock.
func authSandbox(t *testing.T, ttl time.Duration, clock *fakeclock.Clock) (*httptest.Server, *sim.Server) {
	t.Helper()
	cfg := sim.Config{AgentDelay: 20 * time.Millisecond, TokenTTL: ttl}
	if clock != nil {
		cfg.Now = clock.Now
	}
	s := sim.New(cfg)
	srv := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); srv.Close() })
	return srv, s
}

func sandboxOptions(srv *httptest.Server, channel string) *sdk.Options {
	return &sdk.Options{
		BrandID: 1086, ChannelID: channel, Environment: "custom",
		CustomEnvironment: &sdk.Endpoints{
			Name: "sandbox", Chat: srv.URL, Gateway: "ws" + strings.TrimPrefix(srv.URL, "http") + "/gw", Authorize: srv.URL + "/auth",
		},
		Dialer: native.Dialer{}, HTTP: native.HTTP{},
	}
}

func newCode(t *testing.T, srv *httptest.Server, customer string) string {
	t.Helper()
	resp, err := http.Post(srv.URL+"/sandbox/auth/code", "application/json", strings.NewReader(`{"customerId":"`+customer+`","brandId":1086}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct{ Code string }
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || v.Code == "" {
		t.Fatalf("code: %v %+v", err, v)
	}
	return v.Code
}

func authStats(t *testing.T, srv *httptest.Server) map[string]int {
	t.Helper()
	resp, err := http.Get(srv.URL + "/sandbox/auth/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	m := map[string]int{}
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func connect(t *testing.T, o *sdk.Options) (*sdk.Client, error) {
	t.Helper()
	c, err := sdk.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	_, err = c.Connect(context.Background())
	return c, err
}

func kindOf(err error) string {
	var e *sdk.Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// TestSecuredAnonymousSession: the socket opens with a transaction token
// for the customer id, the chat works, onAuthorization hears success, and
// a second client on the same CacheStorage reuses the cached token.
func TestSecuredAnonymousSession(t *testing.T) {
	t.Parallel()
	srv, _ := authSandbox(t, time.Hour, nil)
	cache := sdk.NewMemoryCacheStorage(nil)
	var statuses []string
	o := sandboxOptions(srv, "chat_abc")
	o.CustomerID, o.SecuredSession, o.CacheStorage = "guest-42", sdk.SecuredAnonymous, cache
	o.OnAuthorization = func(status string, data sdk.RawJSON) {
		statuses = append(statuses, status)
		if !bytes.Contains(data, []byte(`"accessToken"`)) {
			t.Errorf("authorization data without a token: %s", data)
		}
	}
	rec := newRecorder()
	o.OnEvent = rec.add
	c, err := connect(t, o)
	if err != nil {
		t.Fatal(err)
	}
	th, _ := c.Thread("th-anon")
	if _, err := th.SendTextMessage(context.Background(), "hi", nil); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, "agent reply", func(ev *sdk.Event) bool { return strings.HasPrefix(text(ev), "outbound:") })
	if strings.Join(statuses, ",") != "success" {
		t.Fatalf("onAuthorization: %v", statuses)
	}

	o2 := sandboxOptions(srv, "chat_abc")
	o2.CustomerID, o2.SecuredSession, o2.CacheStorage = "guest-42", sdk.SecuredAnonymous, cache
	c2, err := connect(t, o2)
	if err != nil {
		t.Fatal(err)
	}
	list, err := c2.ThreadList(context.Background())
	if err != nil || !bytes.Contains(list, []byte("th-anon")) {
		t.Fatalf("same customer's threads: %s %v", list, err)
	}
	if n := authStats(t, srv)["anonymous"]; n != 1 {
		t.Fatalf("transaction token requests: %d, want 1 (the second client uses the cache)", n)
	}
	c2.ResetAuth()
	if _, ok := cache.GetItem("TTR"); ok {
		t.Fatal("ResetAuth left the cached transaction token")
	}
}

// TestThirdPartyCodeSession: an authorization code names the customer;
// two devices with codes for the same customer share threads, a guest does
// not, and a reused code is refused with an AuthorizationError.
func TestThirdPartyCodeSession(t *testing.T) {
	t.Parallel()
	srv, _ := authSandbox(t, time.Hour, nil)
	device := func(code string) (*sdk.Client, error) {
		o := sandboxOptions(srv, "chat_secure")
		o.SecuredSession, o.AuthorizationCode = sdk.SecuredThirdParty, code
		return connect(t, o)
	}
	code := newCode(t, srv, "cust-ann")
	a, err := device(code)
	if err != nil {
		t.Fatal(err)
	}
	if a.Customer().ID() != "cust-ann" || a.Customer().Name() != "Ann Example" {
		t.Fatalf("identity %q %q", a.Customer().ID(), a.Customer().Name())
	}
	th, _ := a.Thread("th-ann")
	if _, err := th.SendTextMessage(context.Background(), "from the laptop", nil); err != nil {
		t.Fatalf("message on a channel that requires authorization: %v", err)
	}
	b, err := device(newCode(t, srv, "cust-ann"))
	if err != nil {
		t.Fatal(err)
	}
	if list, _ := b.ThreadList(context.Background()); !bytes.Contains(list, []byte("th-ann")) {
		t.Fatalf("second device does not see the thread: %s", list)
	}
	o := sandboxOptions(srv, "chat_secure")
	o.SecuredSession, o.CustomerID = sdk.SecuredAnonymous, "guest-1"
	g, err := connect(t, o)
	if err != nil {
		t.Fatal(err)
	}
	if list, _ := g.ThreadList(context.Background()); bytes.Contains(list, []byte("th-ann")) {
		t.Fatalf("a guest sees the customer's thread: %s", list)
	}
	gt, _ := g.Thread("th-guest")
	if _, err := gt.SendTextMessage(context.Background(), "no token", nil); err == nil {
		t.Fatal("a guest without an access token sent on an authorized channel")
	}

	_, err = device(code)
	if kindOf(err) != sdk.KindAuthorization || !strings.Contains(err.Error(), "already used") {
		t.Fatalf("reused code: %v (kind %q)", err, kindOf(err))
	}
}

// TestBlockedIPRefused: a blocked address yields IpAddressBlockedError.
func TestBlockedIPRefused(t *testing.T) {
	t.Parallel()
	srv, _ := authSandbox(t, time.Hour, nil)
	resp, err := http.Post(srv.URL+"/sandbox/auth/block", "application/json", strings.NewReader(`{"ip":"127.0.0.1","blocked":true}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var statuses []string
	o := sandboxOptions(srv, "chat_abc")
	o.SecuredSession, o.CustomerID = sdk.SecuredAnonymous, "g"
	o.OnAuthorization = func(s string, _ sdk.RawJSON) { statuses = append(statuses, s) }
	_, err = connect(t, o)
	if kindOf(err) != sdk.KindIPBlocked || !strings.Contains(err.Error(), "Your IP address is blocked.") {
		t.Fatalf("blocked: %v (kind %q)", err, kindOf(err))
	}
	if len(statuses) != 0 {
		t.Fatalf("onAuthorization on a blocked IP: %v", statuses)
	}
}

// TestTokenLifecycle drives the authorize flow on a fake clock: the access
// token is renewed at 90% of its life and the renewed one is accepted after
// the first expired; a refresh that fails is reported once and not retried;
// after a reconnect the socket is re-authorized with ReconnectConsumer.
func TestTokenLifecycle(t *testing.T) {
	t.Parallel()
	clock := fakeclock.New(time.Unix(1_800_000_000, 0))
	srv, _ := authSandbox(t, 10*time.Second, clock)
	px := newProxy(t, strings.TrimPrefix(srv.URL, "http://"))
	var mu sync.Mutex
	var reported []error
	o := sandboxOptions(srv, "chat_secure")
	o.CustomEnvironment.Gateway = "ws://" + px.ln.Addr().String() + "/gw"
	o.CustomerID, o.Clock = "guest-1", clock
	o.TokenRefreshMinDelay = time.Second
	o.HeartbeatTimeout = time.Hour // the fake clock jumps; only tokens should notice
	o.ReconnectMinDelay, o.ReconnectMaxDelay = 20*time.Millisecond, 50*time.Millisecond
	o.OnError = func(err error) { mu.Lock(); reported = append(reported, err); mu.Unlock() }
	c, err := connect(t, o)
	if err != nil {
		t.Fatal(err)
	}
	th, _ := c.Thread("th-1")
	if _, err := th.SendTextMessage(context.Background(), "before", nil); err == nil {
		t.Fatal("sent without authorization")
	}
	data, err := c.Authorize(context.Background(), sdk.AuthorizeOptions{Code: newCode(t, srv, "cust-ann")})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`"cust-ann"`)) || c.Customer().ID() != "cust-ann" {
		t.Fatalf("authorize: %s, customer %q", data, c.Customer().ID())
	}
	if _, err := th.SendTextMessage(context.Background(), "after", nil); err != nil {
		t.Fatal(err)
	}

	clock.Advance(9 * time.Second) // 90% of 10 s: the refresh goes out
	waitUntil(t, "the refresh", func() bool { return authStats(t, srv)["RefreshToken"] == 1 })
	clock.Advance(4 * time.Second) // the first token is dead now
	var sendErr error
	waitUntil(t, "a send with the renewed token", func() bool {
		_, sendErr = th.SendTextMessage(context.Background(), "renewed", nil)
		return sendErr == nil
	})

	// A new socket is re-authorized before anything else.
	px.cut()
	waitUntil(t, "ReconnectConsumer", func() bool {
		c.ReconnectNow() // the backoff runs on the fake clock
		return authStats(t, srv)["ReconnectConsumer"] == 1
	})
	if _, err := th.SendTextMessage(context.Background(), "after the reconnect", nil); err != nil {
		t.Fatal(err)
	}

	// The next refresh comes too late (the token expired): reported once.
	running := sdk.Running(c)
	clock.Advance(30 * time.Second)
	waitUntil(t, "the failed refresh", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(reported) > 0
	})
	// The refresh's goroutine has ended (whatever it scheduled is armed).
	waitUntil(t, "the refresh to end", func() bool { return sdk.Running(c) <= running })
	// No retry: nothing starts when the next minute passes (a refresh is a
	// session goroutine a timer starts within Advance), and nothing waits.
	started := sdk.Started(c)
	clock.Advance(time.Minute)
	if !sdk.Settle(c) {
		t.Fatal("the session ended")
	}
	if n := sdk.Started(c); n != started || c.Pending() != 0 {
		t.Fatalf("after the failed refresh: %d goroutines started, %d requests waiting", n-started, c.Pending())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reported) != 1 || kindOf(reported[0]) != sdk.KindAuthorization {
		t.Fatalf("reported %v", reported)
	}
	if n := authStats(t, srv)["RefreshToken"]; n != 2 {
		t.Fatalf("refreshes %d, want 2 (no retry loop)", n)
	}
}

// TestAuthorizeRefused: a bad code is an AuthorizationError with the
// server's reason.
func TestAuthorizeRefused(t *testing.T) {
	t.Parallel()
	srv, _ := authSandbox(t, time.Hour, nil)
	o := sandboxOptions(srv, "chat_secure")
	o.CustomerID = "guest"
	c, err := connect(t, o)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Authorize(context.Background(), sdk.AuthorizeOptions{Code: "nope"})
	if kindOf(err) != sdk.KindAuthorization || !strings.Contains(err.Error(), "Authorization failed because of (Authorization code is invalid)") {
		t.Fatalf("refused: %v", err)
	}
}

// waitUntil polls cond until it holds, and fails the test after 5 s. It
// waits for a state, never for time to pass: a test that must see that
// something did not happen uses a fence (sdk.Settle, a round trip, a
// fake clock's Advance) instead.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
