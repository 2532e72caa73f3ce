package sim_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// secureFrame is chatFrame on chat_secure.
func secureFrame(t *testing.T, id, eventType string, data any) string {
	return chatFrame(t, id, 1086, "chat_secure", eventType, data)
}

// loginAnn authorizes a socket on chat_secure as cust-ann with a code,
// posts "for Ann only" on thread, and returns the socket and its access
// token.
func loginAnn(t *testing.T, srv *httptest.Server, thread string) (*client, string) {
	t.Helper()
	c := dial(t, srv, "/gw", "brandId=1086&channelId=chat_secure&customerId=guest-login&visitorId=")
	c.sendText(registerFrame(t, "login", "chat_secure", issueCode(t, srv, "cust-ann", 1086)))
	r := c.replyTo("login")
	equal(t, "logged in", r.str("postback.data.consumerIdentity.idOnExternalPlatform"), "cust-ann")
	token := r.str("postback.data.accessToken.token")
	data := textMessage(thread, "ann-m-1", "for Ann only")
	data["accessToken"] = map[string]any{"token": token}
	c.sendText(secureFrame(t, "ann-send", "SendMessage", data))
	if r := c.replyTo("ann-send"); r.has("error") {
		t.Fatalf("Ann's message refused: %v", r)
	}
	return c, token
}

// jsonText is o as JSON text.
func jsonText(o obj) string {
	b, _ := json.Marshal(o)
	return string(b)
}

// threadIDs lists the thread ids of a ThreadListFetched reply.
func threadIDs(r obj) []string {
	var out []string
	for _, th := range r.list("postback.data.threads") {
		if m, ok := th.(map[string]any); ok {
			out = append(out, obj(m).str("idOnExternalPlatform"))
		}
	}
	return out
}

// TestGuestSocketCannotReadLoggedInCustomer: on a channel that requires
// authorization, a socket that merely names a logged-in customer's id
// (customerId=cust-ann, no proof) reads none of their threads or
// messages, gets none of their pushes and cannot post as them; once it
// proves who it is (ReconnectConsumer with Ann's token) it is Ann.
func TestGuestSocketCannotReadLoggedInCustomer(t *testing.T) {
	t.Parallel()
	srv := setupAuth(t, &fakeNow{t: time.Now()})
	_, token := loginAnn(t, srv, "ann-thread")

	g := dial(t, srv, "/gw", "brandId=1086&channelId=chat_secure&customerId=cust-ann&visitorId=")
	g.sendText(secureFrame(t, "g-list", "FetchThreadList", map[string]any{}))
	equal(t, "threads a guest sees", threadIDs(g.replyTo("g-list")), []string(nil))
	g.sendText(secureFrame(t, "g-recover", "RecoverThread", map[string]any{"thread": map[string]any{"idOnExternalPlatform": "ann-thread"}}))
	if r := g.replyTo("g-recover"); !r.has("error") || strings.Contains(jsonText(r), "for Ann only") {
		t.Fatalf("a guest recovered Ann's thread: %v", r)
	}
	g.sendText(secureFrame(t, "g-more", "LoadMoreMessages", map[string]any{"thread": map[string]any{"idOnExternalPlatform": "ann-thread"}}))
	if r := g.replyTo("g-more"); strings.Contains(jsonText(r), "for Ann only") {
		t.Fatalf("a guest paged Ann's messages: %v", r)
	}
	// The agent answers Ann: the guest's next frame is its own pong.
	status, _, _ := httpDo(t, http.MethodPost, srv.URL+"/sandbox/agent/send", nil,
		`{"brandId":1086,"channelId":"chat_secure","customerId":"cust-ann","threadId":"ann-thread","text":"agent to Ann"}`)
	equal(t, "agent send", status, http.StatusOK)
	g.sendText(`{"action":"heartbeat"}`)
	equal(t, "a guest gets none of Ann's pushes", g.next(), `"pong"`)
	// Ann's own token, carried by a socket that did not authorize, does
	// not post into her threads either.
	data := textMessage("ann-thread", "g-m-1", "posing as Ann")
	data["accessToken"] = map[string]any{"token": token}
	g.sendText(secureFrame(t, "g-send", "SendMessage", data))
	equal(t, "guest posting", g.replyTo("g-send").has("error"), true)

	g.sendText(secureFrame(t, "g-reconnect", "ReconnectConsumer", map[string]any{"accessToken": map[string]any{"token": token}}))
	equal(t, "reconnected", g.replyTo("g-reconnect").get("postback.data.reconnected"), any(true))
	g.sendText(secureFrame(t, "g-list-2", "FetchThreadList", map[string]any{}))
	equal(t, "threads once authorized", threadIDs(g.replyTo("g-list-2")), []string{"ann-thread"})
}

// TestAnonymousGrantCannotNameLoggedInCustomer: the authorize service does
// not hand an anonymous session a transaction token for a customer who
// logs in on that channel; on a channel without authorization an id is
// still just an id.
func TestAnonymousGrantCannotNameLoggedInCustomer(t *testing.T) {
	t.Parallel()
	srv := setupAuth(t, &fakeNow{t: time.Now()})
	loginAnn(t, srv, "ann-thread")
	status, _, body := httpDo(t, http.MethodPost, tokenURL(srv, "chat_secure"), nil, `{"customerIdentity":{"idOnExternalPlatform":"cust-ann"}}`)
	ans := decode(t, body)
	equal(t, "anonymous grant naming Ann", []any{status, ans.str("errorCode"), ans.str("accessToken")}, []any{http.StatusBadRequest, "invalid_grant", ""})
	status, _, _ = httpDo(t, http.MethodPost, tokenURL(srv, "chat_abc"), nil, `{"customerIdentity":{"idOnExternalPlatform":"cust-ann"}}`)
	equal(t, "the same id on a channel without authorization", status, http.StatusOK)
}

// TestCodeBoundToChannel: a code is accepted only on the channel it was
// issued for, by the token endpoint and over the socket alike.
func TestCodeBoundToChannel(t *testing.T) {
	t.Parallel()
	srv := setupAuth(t, &fakeNow{t: time.Now()})
	grant := func(channel, code string) obj {
		_, _, body := httpDo(t, http.MethodPost, tokenURL(srv, channel), nil,
			`{"thirdParty":{"authorization_code":"`+code+`","grant_type":"authorization_code"}}`)
		return decode(t, body)
	}
	code := issueCode(t, srv, "cust-ann", 1086) // no channelId: the one channel that requires authorization
	equal(t, "code on another channel", grant("chat_abc", code).str("errorMessage"), "Authorization code was issued for another channel")

	c := dial(t, srv, "/gw", "brandId=1086&channelId=chat_abc&customerId=guest-x&visitorId=")
	c.sendText(registerFrame(t, "r-abc", "chat_abc", issueCode(t, srv, "cust-ann", 1086)))
	equal(t, "socket on another channel", c.replyTo("r-abc").str("error.errorMessage"), "Authorization code was issued for another channel")

	status, _, body := httpDo(t, http.MethodPost, srv.URL+"/sandbox/auth/code", nil, `{"customerId":"cust-ann","brandId":1086,"channelId":"chat_abc"}`)
	equal(t, "code for chat_abc", status, http.StatusOK)
	abc := decode(t, body).str("code")
	equal(t, "not on chat_secure", grant("chat_secure", abc).str("errorMessage"), "Authorization code was issued for another channel")
	abc2 := decode(t, func() string {
		_, _, b := httpDo(t, http.MethodPost, srv.URL+"/sandbox/auth/code", nil, `{"customerId":"cust-ann","brandId":1086,"channelId":"chat_abc"}`)
		return b
	}()).str("code")
	equal(t, "on its own channel", grant("chat_abc", abc2).str("customerIdentity.idOnExternalPlatform"), "cust-ann")
	status, _, _ = httpDo(t, http.MethodPost, srv.URL+"/sandbox/auth/code", nil, `{"customerId":"cust-ann","brandId":1086,"channelId":"chat_nowhere"}`)
	equal(t, "code for an unknown channel", status, http.StatusBadRequest)
}

// codeGrant redeems a fresh code for cust-ann on chat_secure.
func codeGrant(t *testing.T, srv *httptest.Server) (string, obj) {
	t.Helper()
	code := issueCode(t, srv, "cust-ann", 1086)
	status, _, body := httpDo(t, http.MethodPost, tokenURL(srv, "chat_secure"), nil,
		`{"thirdParty":{"authorization_code":"`+code+`","grant_type":"authorization_code"}}`)
	equal(t, "code grant", status, http.StatusOK)
	return code, decode(t, body)
}

// refresh exchanges a third-party refresh token.
func refresh(t *testing.T, srv *httptest.Server, token string) (int, obj) {
	t.Helper()
	status, _, body := httpDo(t, http.MethodPost, tokenURL(srv, "chat_secure"), nil,
		`{"thirdParty":{"grant_type":"refresh_token","refresh_token":"`+token+`"}}`)
	return status, decode(t, body)
}

// TestRefreshTokenRotation: a refresh token is good once and is replaced
// by the answer's; replaying a used one is refused and revokes its family,
// so the token that replaced it, and the family's access token, stop
// working too (RFC 9700 §4.14.2).
func TestRefreshTokenRotation(t *testing.T) {
	t.Parallel()
	srv := setupAuth(t, &fakeNow{t: time.Now()})
	_, ans := codeGrant(t, srv)
	c := dial(t, srv, "/gw", "brandId=1086&channelId=chat_secure&transactionToken="+ans.str("accessToken"))
	r1 := ans.str("thirdParty.refresh_token")
	status, next := refresh(t, srv, r1)
	equal(t, "first refresh", status, http.StatusOK)
	r2 := next.str("thirdParty.refresh_token")
	access := next.str("thirdParty.access_token")
	if r2 == "" || r2 == r1 {
		t.Fatalf("the refresh token was not rotated: %v", next)
	}
	status, replay := refresh(t, srv, r1)
	equal(t, "replayed refresh token", []any{status, replay.str("errorCode"), replay.str("errorMessage")},
		[]any{http.StatusUnauthorized, "invalid_grant", "Refresh token was already used"})
	status, _ = refresh(t, srv, r2)
	equal(t, "its successor, after the replay", status, http.StatusUnauthorized)

	// The family's third-party access token no longer posts.
	data := textMessage("th-r", "m-r", "hello")
	data["accessToken"] = map[string]any{"token": access}
	c.sendText(secureFrame(t, "m-r", "SendMessage", data))
	if msg := c.replyTo("m-r").str("error.errorMessage"); !strings.Contains(msg, "revoked") {
		t.Fatalf("a revoked family's token posted: %q", msg)
	}
}

// TestCodeReplayRevokesGrant: replaying a used code is refused and
// revokes what its first use granted: the refresh token and the
// transaction token that opens the socket (RFC 6749 §4.1.2).
func TestCodeReplayRevokesGrant(t *testing.T) {
	t.Parallel()
	srv := setupAuth(t, &fakeNow{t: time.Now()})
	code, ans := codeGrant(t, srv)
	status, _, _ := httpDo(t, http.MethodPost, tokenURL(srv, "chat_secure"), nil,
		`{"thirdParty":{"authorization_code":"`+code+`","grant_type":"authorization_code"}}`)
	equal(t, "replayed code", status, http.StatusBadRequest)
	status, _ = refresh(t, srv, ans.str("thirdParty.refresh_token"))
	equal(t, "refresh after the replay", status, http.StatusUnauthorized)
	if ws, resp, err := dialRaw(srv, "/gw", "brandId=1086&channelId=chat_secure&transactionToken="+ans.str("accessToken")); err == nil {
		ws.CloseNow()
		t.Fatal("a revoked transaction token opened the socket")
	} else {
		equal(t, "socket after the replay", resp.StatusCode, http.StatusUnauthorized)
	}
}
