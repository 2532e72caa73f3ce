package sim_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sandbox/sim"
)

// fakeNow is a settable clock for token expiry.
type fakeNow struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeNow) now() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.t }
func (f *fakeNow) add(d time.Duration) {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.mu.Unlock()
}

func setupAuth(t *testing.T, clock *fakeNow) *httptest.Server {
	t.Helper()
	s := sim.New(sim.Config{AgentDelay: idleAgent, TokenTTL: 10 * time.Second, CodeTTL: time.Minute, Now: clock.now})
	srv := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); srv.Close() })
	return srv
}

func issueCode(t *testing.T, srv *httptest.Server, customer string, brand int) string {
	t.Helper()
	status, _, body := httpDo(t, http.MethodPost, srv.URL+"/sandbox/auth/code", nil,
		`{"customerId":"`+customer+`","brandId":`+itoa(brand)+`}`)
	equal(t, "issue code status", status, http.StatusOK)
	return decode(t, body).str("code")
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func tokenURL(srv *httptest.Server, channel string) string {
	return srv.URL + "/oauth/token?brandId=1086&channelId=" + channel + "&visitorId=v-1"
}

// TestAuthorizationCodeGrant: a code is good once, for its brand, until it
// expires, and its answer names the customer and carries the tokens.
func TestAuthorizationCodeGrant(t *testing.T) {
	t.Parallel()
	clock := &fakeNow{t: time.Unix(1_800_000_000, 0)}
	srv := setupAuth(t, clock)
	grant := func(code string) (int, obj) {
		status, _, body := httpDo(t, http.MethodPost, tokenURL(srv, "chat_secure"), nil,
			`{"thirdParty":{"authorization_code":"`+code+`","grant_type":"authorization_code"}}`)
		return status, decode(t, body)
	}
	code := issueCode(t, srv, "cust-ann", 1086)
	status, ans := grant(code)
	equal(t, "grant status", status, http.StatusOK)
	equal(t, "identity", ans.str("customerIdentity.idOnExternalPlatform"), "cust-ann")
	equal(t, "first name", ans.str("customerIdentity.firstName"), "Ann")
	if ans.str("accessToken") == "" || ans.str("thirdParty.access_token") == "" || ans.str("thirdParty.refresh_token") == "" {
		t.Fatalf("tokens missing: %v", ans)
	}
	equal(t, "expiresIn", ans.get("expiresIn"), any(float64(10)))
	equal(t, "contact fields", len(ans.list("contact.customFields")), 1)

	status, ans = grant(code)
	equal(t, "reused code", []any{status, ans.str("errorCode"), ans.str("errorMessage")},
		[]any{http.StatusBadRequest, "invalid_grant", "Authorization code was already used"})

	late := issueCode(t, srv, "cust-ann", 1086)
	clock.add(2 * time.Minute)
	status, ans = grant(late)
	equal(t, "expired code", []any{status, ans.str("errorMessage")}, []any{http.StatusBadRequest, "Authorization code has expired"})

	other := issueCode(t, srv, "cust-ann", 42)
	_, ans = grant(other)
	equal(t, "wrong brand", ans.str("errorMessage"), "Authorization code was issued for another brand")

	_, ans = grant("forged")
	equal(t, "unknown code", ans.str("errorMessage"), "Authorization code is invalid")
}

// TestTransactionTokenOpensSocket: the gateway accepts a signed transaction
// token, names the customer from it, and refuses it once expired.
func TestTransactionTokenOpensSocket(t *testing.T) {
	t.Parallel()
	clock := &fakeNow{t: time.Unix(1_800_000_000, 0)}
	srv := setupAuth(t, clock)
	status, _, body := httpDo(t, http.MethodPost, tokenURL(srv, "chat_abc"), nil, `{"customerIdentity":{"idOnExternalPlatform":"guest-7"}}`)
	equal(t, "anonymous status", status, http.StatusOK)
	tok := decode(t, body).str("accessToken")
	c := dial(t, srv, "/gw", "brandId=1086&channelId=chat_abc&visitorId=&transactionToken="+tok)
	id := c.request("FetchThreadList", map[string]any{})
	equal(t, "thread list on a secured socket", c.replyTo(id).str("postback.eventType"), "ThreadListFetched")

	// A token for one channel does not open another.
	if ws, resp, err := dialRaw(srv, "/gw", "brandId=1086&channelId=chat_live&visitorId=&transactionToken="+tok); err == nil {
		ws.CloseNow()
		t.Fatal("token of chat_abc opened chat_live")
	} else {
		equal(t, "other channel", resp.StatusCode, http.StatusUnauthorized)
	}
	clock.add(11 * time.Second)
	if ws, resp, err := dialRaw(srv, "/gw", "brandId=1086&channelId=chat_abc&visitorId=&transactionToken="+tok); err == nil {
		ws.CloseNow()
		t.Fatal("expired token accepted")
	} else {
		equal(t, "expired", resp.StatusCode, http.StatusUnauthorized)
	}
}

// TestSecuredCookieIdentity: without a customer id the identity comes from
// the cookie (or, in fallback mode, the identity token), so a returning
// browser is the same customer.
func TestSecuredCookieIdentity(t *testing.T) {
	t.Parallel()
	srv := setupAuth(t, &fakeNow{t: time.Now()})
	status, hdr, body := httpDo(t, http.MethodPost, tokenURL(srv, "chat_abc")+"&storageFallback=1", nil, `{}`)
	equal(t, "status", status, http.StatusOK)
	first := decode(t, body)
	id, identity := first.str("customerIdentity.idOnExternalPlatform"), first.str("identityToken")
	if id == "" || identity == "" || !strings.Contains(hdr.Get("Set-Cookie"), "cx_digital_wi=") {
		t.Fatalf("no identity: %v %q", first, hdr.Get("Set-Cookie"))
	}
	_, _, body = httpDo(t, http.MethodPost, tokenURL(srv, "chat_abc"), http.Header{"Cookie": {"cx_digital_wi=" + identity}}, `{}`)
	equal(t, "same customer by cookie", decode(t, body).str("customerIdentity.idOnExternalPlatform"), id)
	_, _, body = httpDo(t, http.MethodPost, tokenURL(srv, "chat_abc")+"&storageFallback=1", http.Header{"Authorization": {"Bearer " + identity}}, `{}`)
	equal(t, "same customer by fallback token", decode(t, body).str("customerIdentity.idOnExternalPlatform"), id)
	_, _, body = httpDo(t, http.MethodPost, tokenURL(srv, "chat_abc"), nil, `{}`)
	if decode(t, body).str("customerIdentity.idOnExternalPlatform") == id {
		t.Fatal("a browser without the cookie got the same customer")
	}
}

// TestBlockedIP: a blocked address gets ip_blocked from the authorize
// service and cannot open the gateway.
func TestBlockedIP(t *testing.T) {
	t.Parallel()
	srv := setupAuth(t, &fakeNow{t: time.Now()})
	block := func(on bool) {
		status, _, _ := httpDo(t, http.MethodPost, srv.URL+"/sandbox/auth/block", nil, `{"ip":"127.0.0.1","blocked":`+map[bool]string{true: "true", false: "false"}[on]+`}`)
		equal(t, "block status", status, http.StatusOK)
	}
	block(true)
	status, _, body := httpDo(t, http.MethodPost, tokenURL(srv, "chat_abc"), nil, `{"customerIdentity":{"idOnExternalPlatform":"x"}}`)
	equal(t, "blocked", []any{status, decode(t, body).str("errorCode")}, []any{http.StatusForbidden, "ip_blocked"})
	if ws, resp, err := dialRaw(srv, "/gw", defaultQuery); err == nil {
		ws.CloseNow()
		t.Fatal("blocked IP opened the gateway")
	} else {
		equal(t, "gateway blocked", resp.StatusCode, http.StatusForbidden)
	}
	block(false)
	status, _, _ = httpDo(t, http.MethodPost, tokenURL(srv, "chat_abc"), nil, `{"customerIdentity":{"idOnExternalPlatform":"x"}}`)
	equal(t, "unblocked", status, http.StatusOK)
}

// registerFrame is an AuthorizeCustomer frame as the reference sends it.
func registerFrame(t *testing.T, id, channel, code string) string {
	t.Helper()
	f := decode(t, chatFrame(t, id, 1086, channel, "AuthorizeCustomer", map[string]any{
		"authorization": map[string]any{"authorizationCode": code}, "disableChannelInfo": true, "sdkPlatform": "web",
	}))
	f["action"] = "register"
	b, _ := json.Marshal(f)
	return string(b)
}

// TestSocketAuthorization: AuthorizeCustomer moves the socket to the
// customer of the code and hands out an access token; messages on a
// channel that requires authorization need it; RefreshToken renews it
// and ReconnectConsumer restores the identity on a new socket.
func TestSocketAuthorization(t *testing.T) {
	t.Parallel()
	clock := &fakeNow{t: time.Unix(1_800_000_000, 0)}
	srv := setupAuth(t, clock)
	q := "brandId=1086&channelId=chat_secure&customerId=guest-1&visitorId="
	c := dial(t, srv, "/gw", q)
	send := func(id, token string) obj {
		data := textMessage("th-1", id+"-m", "hello")
		if token != "" {
			data["accessToken"] = map[string]any{"token": token}
		}
		c.sendText(chatFrame(t, id, 1086, "chat_secure", "SendMessage", data))
		return c.replyTo(id)
	}
	equal(t, "no token", send("m-0", "").str("error.errorMessage"), "Access token is missing")

	c.sendText(registerFrame(t, "a-1", "chat_secure", "forged"))
	equal(t, "bad code", c.replyTo("a-1").str("error.errorMessage"), "Authorization code is invalid")

	c.sendText(registerFrame(t, "a-2", "chat_secure", issueCode(t, srv, "cust-ann", 1086)))
	r := c.replyTo("a-2")
	equal(t, "authorized", []any{r.str("postback.eventType"), r.str("postback.data.status"), r.str("postback.data.consumerIdentity.idOnExternalPlatform")},
		[]any{"ConsumerAuthorized", "success", "cust-ann"})
	access := r.str("postback.data.accessToken.token")
	if sent := send("m-1", access); sent.has("error") {
		t.Fatalf("message with token refused: %v", sent)
	}
	var threads []struct {
		CustomerID string `json:"customerId"`
		ThreadID   string `json:"threadId"`
	}
	getJSON(t, srv.URL+"/sandbox/threads", &threads)
	equal(t, "thread belongs to the authorized customer", len(threads) == 1 && threads[0].CustomerID == "cust-ann", true)

	c.sendText(chatFrame(t, "r-1", 1086, "chat_secure", "RefreshToken", map[string]any{"accessToken": map[string]any{"token": access}}))
	r = c.replyTo("r-1")
	equal(t, "refreshed", r.str("postback.eventType"), "TokenRefreshed")
	fresh := r.str("postback.data.accessToken.token")

	clock.add(11 * time.Second) // the first token has expired; the fresh one too (same TTL)
	equal(t, "expired token", send("m-2", access).str("error.errorMessage"), "Access token has expired")
	c.sendText(chatFrame(t, "r-2", 1086, "chat_secure", "RefreshToken", map[string]any{"accessToken": map[string]any{"token": fresh}}))
	equal(t, "refresh of an expired token", c.replyTo("r-2").has("error"), true)

	// A new socket, as after a reconnect, gets its identity back.
	code := issueCode(t, srv, "cust-ann", 1086)
	c.sendText(registerFrame(t, "a-3", "chat_secure", code))
	access = c.replyTo("a-3").str("postback.data.accessToken.token")
	c2 := dial(t, srv, "/gw", "brandId=1086&channelId=chat_secure&customerId=guest-2&visitorId=")
	c2.sendText(chatFrame(t, "rc-1", 1086, "chat_secure", "ReconnectConsumer", map[string]any{"accessToken": map[string]any{"token": access}}))
	equal(t, "reconnected", c2.replyTo("rc-1").get("postback.data.reconnected"), any(true))
	c2.sendText(chatFrame(t, "rc-2", 1086, "chat_secure", "ReconnectConsumer", map[string]any{"accessToken": map[string]any{"token": "forged"}}))
	equal(t, "forged reconnect", c2.replyTo("rc-2").str("error.errorCode"), "AuthorizationFailed")
}
