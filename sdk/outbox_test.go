package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/internal/fakeclock"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

// The stored outbox across a page close (issue 9, finding 8). A page that
// closes does not call Close (which clears what it stored), so a page close
// is modelled by copying the storage as it is at that moment (clone) and
// giving the copy to the next page's client.

// pageStorage is a Storage like localStorage: shared by the clients given
// it, copied by clone; every Set is announced on sets (if not full).
type pageStorage struct {
	mu   sync.Mutex
	m    map[string]string
	sets chan string
}

func newPageStorage() *pageStorage {
	return &pageStorage{m: map[string]string{}, sets: make(chan string, 256)}
}

func (s *pageStorage) Get(k string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[k]
	return v, ok
}

func (s *pageStorage) Set(k, v string) {
	s.mu.Lock()
	s.m[k] = v
	s.mu.Unlock()
	select {
	case s.sets <- k:
	default:
	}
}

func (s *pageStorage) Remove(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, k)
}

// Keys lists the keys that start with prefix, in order.
func (s *pageStorage) Keys(prefix string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k := range s.m {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// clone is what a closed page leaves behind.
func (s *pageStorage) clone() *pageStorage {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := newPageStorage()
	for k, v := range s.m {
		c.m[k] = v
	}
	return c
}

// outboxKey is where the outbox of customer (the id the page started with)
// is stored.
func outboxKey(channel, customer string) string {
	return "cxone-chat-wasm:1086:" + channel + ":" + customer + ":outbox"
}

// storedIDs lists the message ids stored under key, and under the keys of
// pages (key + ":" + tab) when pages keep their own.
func storedIDs(t *testing.T, s *pageStorage, key string) []string {
	t.Helper()
	var ids []string
	for _, k := range append([]string{key}, s.Keys(key+":")...) {
		raw, ok := s.Get(k)
		if !ok {
			continue
		}
		var entries []struct {
			Data struct {
				ID string `json:"idOnExternalPlatform"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(raw), &entries); err != nil {
			t.Fatalf("stored outbox %s: %v", raw, err)
		}
		for _, e := range entries {
			ids = append(ids, e.Data.ID)
		}
	}
	return ids
}

// waitStored waits (on the storage's Set announcements) until key holds n
// messages.
func waitStored(t *testing.T, s *pageStorage, key string, n int) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for len(storedIDs(t, s, key)) != n {
		select {
		case <-s.sets:
		case <-deadline:
			t.Fatalf("storage never held %d messages under %s: %v", n, key, storedIDs(t, s, key))
		}
	}
}

// TestStoredOutboxReloadUnderSecuredSession (finding 8a, 8e): a message of
// a third-party secured session, unacknowledged when the page closes, is
// sent by the next page: the outbox is stored under the id the page starts
// with, not the one authorization gives (cust-ann), which the next page
// does not know before it authorizes. The stored copy holds neither the
// access token nor the third-party code, although authorization is enabled
// (messages carry the token on the wire).
func TestStoredOutboxReloadUnderSecuredSession(t *testing.T) {
	t.Parallel()
	srv, _ := authSandbox(t, time.Hour, nil)
	px := newProxy(t, strings.TrimPrefix(srv.URL, "http://"))
	store := newPageStorage()
	pre := "page-" + sdk.NewID()
	options := func(storage sdk.Storage, code string, onAuth func(string, sdk.RawJSON)) *sdk.Options {
		o := sandboxOptions(srv, "chat_secure")
		o.CustomEnvironment.Gateway = "ws://" + px.ln.Addr().String() + "/gw"
		o.CustomerID, o.Storage = pre, storage
		o.SecuredSession, o.AuthorizationCode, o.IsAuthorizationEnabled = sdk.SecuredThirdParty, code, true
		o.ReconnectMinDelay, o.ReconnectMaxDelay = time.Hour, time.Hour
		o.OnAuthorization = onAuth
		return o
	}
	var mu sync.Mutex
	var secrets []string // the code and every token authorization handed the page
	code := newCode(t, srv, "cust-ann")
	secrets = append(secrets, code)
	first, err := connect(t, options(store, code, func(_ string, data sdk.RawJSON) {
		var v any
		_ = json.Unmarshal(data, &v)
		mu.Lock()
		defer mu.Unlock()
		secrets = appendTokens(secrets, v, false)
	}))
	if err != nil {
		t.Fatal(err)
	}
	if id := first.Customer().ID(); id != "cust-ann" {
		t.Fatalf("authorized customer %q, want cust-ann", id)
	}
	th, _ := first.Thread("th-reload-" + sdk.NewID())
	if _, err := th.SendTextMessage(context.Background(), "before the drop", nil); err != nil {
		t.Fatal(err)
	}
	px.set(true, false)
	px.cut()
	sent := make(chan error, 1)
	go func() { _, err := th.SendTextMessage(context.Background(), "survives the reload", nil); sent <- err }()
	key := outboxKey("chat_secure", pre)
	waitStored(t, store, key, 1)
	left := store.clone() // the page closes now
	raw, _ := left.Get(key)
	mu.Lock()
	if len(secrets) < 2 {
		t.Fatalf("authorization gave no token to check for: %v", secrets)
	}
	for _, s := range secrets {
		if strings.Contains(raw, s) {
			t.Fatalf("the stored outbox holds a token or code: %s", raw)
		}
	}
	mu.Unlock()
	if strings.Contains(strings.ToLower(raw), "token") {
		t.Fatalf("the stored outbox names a token: %s", raw)
	}
	_ = first.Close()
	if err := <-sent; err == nil {
		t.Fatal("the send resolved without a socket")
	}

	px.set(false, false)
	rec := newRecorder()
	o := options(left, newCode(t, srv, "cust-ann"), nil)
	o.OnEvent = rec.add
	second, err := sdk.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = second.Close() })
	if second.Pending() != 1 {
		t.Fatalf("the reloaded page found %d stored messages, want 1", second.Pending())
	}
	if _, err := second.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, "the restored message acknowledged", func(ev *sdk.Event) bool { return text(ev) == "inbound:survives the reload" })
	waitUntil(t, "the stored copy removed", func() bool { return len(storedIDs(t, left, key)) == 0 })
}

// restoredSetup stores one message under customer as a closed page would
// have left it and returns a client that restores it, on a fake gateway.
func restoredSetup(t *testing.T, gw *fakeGW, onError func(error)) (*sdk.Client, *pageStorage, string) {
	t.Helper()
	o := fakeOptions(gw, nil)
	store := newPageStorage()
	key := outboxKey("chat_abc", o.CustomerID)
	at := time.Now().UnixMilli()
	store.m[key] = `[{"id":"req-1","eventType":"SendMessage","data":{"thread":{"idOnExternalPlatform":"t1"},"messageContent":{"type":"TEXT","payload":{"text":"stored"}},"idOnExternalPlatform":"msg-1"},"at":` + jsonInt64(at) + `,"tab":"closed-tab","attempts":1}]`
	o.Storage, o.OnError = store, onError
	c := newFakeClient(t, o)
	if c.Pending() != 1 {
		t.Fatalf("restored %d messages, want 1", c.Pending())
	}
	return c, store, key
}

// appendTokens appends every string found in v under a key that names a
// token (accessToken, token, refresh_token…).
func appendTokens(out []string, v any, underToken bool) []string {
	switch v := v.(type) {
	case string:
		if underToken && v != "" {
			out = append(out, v)
		}
	case []any:
		for _, x := range v {
			out = appendTokens(out, x, underToken)
		}
	case map[string]any:
		for k, x := range v {
			out = appendTokens(out, x, underToken || strings.Contains(strings.ToLower(k), "token"))
		}
	}
	return out
}

func jsonInt64(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestRestoredMessageRefusedIsReported (finding 8b): a message restored
// from storage that the server refuses reaches the page through OnError
// (nobody waits on its promise: the page that sent it is gone) with code
// server, and leaves storage.
func TestRestoredMessageRefusedIsReported(t *testing.T) {
	t.Parallel()
	gw := newFakeGW()
	gw.reply = func(c *fakeConn, typ, id string, _ sdk.RawJSON) {
		if typ == "SendMessage" {
			c.push(`{"eventId":"` + id + `","error":{"errorCode":"MessageRejected","errorMessage":"no"}}`)
		}
	}
	errs := make(chan error, 4)
	c, store, key := restoredSetup(t, gw, func(err error) { errs <- err })
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errs:
		var se *sdk.Error
		if !errors.As(err, &se) || se.Code != sdk.CodeServer {
			t.Fatalf("onError got %v, want a server error", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a refused restored message gave no onError")
	}
	waitUntil(t, "the refused message leaves storage", func() bool { return len(storedIDs(t, store, key)) == 0 })
	if c.Pending() != 0 {
		t.Fatalf("%d left in the outbox", c.Pending())
	}
}

// TestCloseForgetsStoredSends (finding 8d): Close (disconnect(),
// resetSession()) rejects the sends under way and removes their stored
// copies, restored ones included, so the next page does not send them
// again after the page's own retry (two orders).
func TestCloseForgetsStoredSends(t *testing.T) {
	t.Parallel()
	gw := newFakeGW()
	c, store, key := restoredSetup(t, gw, nil) // a restored message, never answered
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	conn := <-gw.dialed
	th, _ := c.Thread("t1")
	sent := make(chan error, 1)
	go func() { _, err := th.SendTextMessage(context.Background(), "pending", nil); sent <- err }()
	waitStored(t, store, key, 2)
	_ = conn
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-sent; codeOf(err) != sdk.CodeClosed {
		t.Fatalf("send after Close: %v, want closed", err)
	}
	if ids := storedIDs(t, store, key); len(ids) != 0 {
		t.Fatalf("Close left stored sends: %v", ids)
	}
	next := fakeOptions(newFakeGW(), nil)
	next.Storage = store.clone()
	next.CustomerID = strings.TrimSuffix(strings.TrimPrefix(key, "cxone-chat-wasm:1086:chat_abc:"), ":outbox")
	if n := newFakeClient(t, next).Pending(); n != 0 {
		t.Fatalf("the next page would send %d messages again", n)
	}
}

// tabView is one page's view of a storage shared by pages (localStorage):
// it names the page and tells which pages are open, as the browser
// build's Web Locks do.
type tabView struct {
	*pageStorage
	tab  string
	open func(tab string) bool
}

func (v tabView) Tab() string              { return v.tab }
func (v tabView) TabAlive(tab string) bool { return v.open(tab) }

// TestTwoTabsKeepAndSendTheirOwn (finding 8c): two open tabs of one
// customer, each with a message waiting for the socket, store both (each
// under its own key, which no other tab writes); a third tab opened meanwhile leaves them to their
// tabs, and its Close leaves them stored; once the sockets are back each
// message is written exactly once and storage is empty. (Before TabStorage
// the third tab took both messages over and they were written twice.)
func TestTwoTabsKeepAndSendTheirOwn(t *testing.T) {
	t.Parallel()
	gw := newFakeGW()
	var mu sync.Mutex
	acking := false
	writes := map[string]int{} // message id → SendMessage writes
	gw.reply = func(c *fakeConn, typ, id string, data sdk.RawJSON) {
		if typ != "SendMessage" {
			c.ack(id, "ThreadListFetched", `{"threads":[]}`)
			return
		}
		var d struct {
			ID string `json:"idOnExternalPlatform"`
		}
		_ = json.Unmarshal(data, &d)
		mu.Lock()
		writes[d.ID]++
		ack := acking
		mu.Unlock()
		if ack {
			c.ack(id, "MessageCreated", `{"message":{"idOnExternalPlatform":"`+d.ID+`","threadIdOnExternalPlatform":"t1"}}`)
		}
	}
	clock := fakeclock.New(time.Unix(1_800_000_000, 0))
	store := newPageStorage()
	customer := "cust-" + sdk.NewID()
	open := map[string]bool{"A": true, "B": true, "C": true}
	isOpen := func(tab string) bool { mu.Lock(); defer mu.Unlock(); return open[tab] }
	tab := func(name string) (*sdk.Client, chan struct{}) {
		o := fakeOptions(gw, clock)
		o.CustomerID, o.Storage = customer, tabView{store, name, isOpen}
		o.ReconnectMinDelay, o.ReconnectMaxDelay = time.Hour, time.Hour
		reconnecting := make(chan struct{}, 8)
		o.OnConnection = func(state string, _ error) {
			if state == "reconnecting" {
				reconnecting <- struct{}{}
			}
		}
		return newFakeClient(t, o), reconnecting
	}
	key := outboxKey("chat_abc", customer)
	sends := make(chan error, 2)
	var ids []string
	var tabs []*sdk.Client
	for _, name := range []string{"A", "B"} {
		c, reconnecting := tab(name)
		if _, err := c.Connect(context.Background()); err != nil {
			t.Fatal(err)
		}
		(<-gw.dialed).Close()
		<-reconnecting // an hour of backoff: the message waits in the outbox
		th, _ := c.Thread("t1")
		id := sdk.NewID()
		ids = append(ids, id)
		go func() {
			_, err := th.SendTextMessage(context.Background(), "from "+name, &sdk.SendOptions{MessageID: id})
			sends <- err
		}()
		waitStored(t, store, key, len(ids))
		tabs = append(tabs, c)
	}
	if got := storedIDs(t, store, key); len(got) != 2 || !(got[0] == ids[0] && got[1] == ids[1] || got[0] == ids[1] && got[1] == ids[0]) {
		t.Fatalf("stored %v, want both tabs' %v", got, ids)
	}
	third, _ := tab("C")
	if n := third.Pending(); n != 0 {
		t.Errorf("a tab opened meanwhile took over %d messages of open tabs", n)
	}
	mu.Lock()
	acking = true
	mu.Unlock()
	if _, err := third.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-gw.dialed
	if _, err := third.ThreadList(context.Background()); err != nil { // a round trip on its socket
		t.Fatal(err)
	}
	_ = third.Close()
	if got := storedIDs(t, store, key); len(got) != 2 {
		t.Fatalf("the third tab's Close left %v stored, want both tabs' messages", got)
	}
	for _, c := range tabs {
		c.ReconnectNow() // each tab's socket comes back and sends its message
	}
	for range tabs {
		if err := <-sends; err != nil {
			t.Fatal(err)
		}
	}
	waitUntil(t, "storage emptied", func() bool { return len(storedIDs(t, store, key)) == 0 })
	mu.Lock()
	defer mu.Unlock()
	for _, id := range ids {
		if writes[id] != 1 {
			t.Errorf("message %s written %d times, want once (%v)", id, writes[id], writes)
		}
	}
}

// TestStoredMessageOfAnotherCustomerNotSent (finding 8a, the other side of
// keying before authorization): secured sessions have no customer id
// before they authorize, so every customer of one browser shares that
// outbox key. A message stored by another customer is not sent under this
// one's identity: it is reported through OnError and leaves storage. (Before,
// it was sent as the customer who opened the next page.)
func TestStoredMessageOfAnotherCustomerNotSent(t *testing.T) {
	t.Parallel()
	gw := newFakeGW()
	errs := make(chan error, 4)
	o := fakeOptions(gw, nil)
	store := newPageStorage()
	key := outboxKey("chat_abc", o.CustomerID)
	entry := func(id, customer string) string {
		return `{"id":"req-` + id + `","eventType":"SendMessage","data":{"thread":{"idOnExternalPlatform":"t1"},"messageContent":{"type":"TEXT","payload":{"text":"stored"}},"idOnExternalPlatform":"` + id + `"},"at":` + jsonInt64(time.Now().UnixMilli()) + `,"tab":"closed-tab","attempts":0,"customer":"` + customer + `"}`
	}
	store.m[key] = "[" + entry("theirs", "someone-else") + "," + entry("mine", o.CustomerID) + "]"
	o.Storage, o.OnError = store, func(err error) { errs <- err }
	sent := make(chan string, 4)
	gw.reply = func(c *fakeConn, typ, id string, data sdk.RawJSON) {
		var d struct {
			ID string `json:"idOnExternalPlatform"`
		}
		_ = json.Unmarshal(data, &d)
		sent <- d.ID
		c.ack(id, "MessageCreated", `{"message":{"idOnExternalPlatform":"`+d.ID+`","threadIdOnExternalPlatform":"t1"}}`)
	}
	c := newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errs:
		if codeOf(err) != sdk.CodeUnauthorized {
			t.Fatalf("onError got %v, want unauthorized", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no onError for another customer's stored message")
	}
	if id := <-sent; id != "mine" {
		t.Fatalf("sent %q: another customer's message went out", id)
	}
	waitUntil(t, "storage emptied", func() bool { return len(storedIDs(t, store, key)) == 0 })
	select {
	case id := <-sent:
		t.Fatalf("also sent %q", id)
	default:
	}
}
