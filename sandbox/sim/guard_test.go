package sim_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sandbox/sim"
)

// otherPort is a page on another loopback port: same site, another origin.
const otherPort = "http://127.0.0.1:1"

// controlRoutes are every control route the simulator has today, with a
// body each would accept. The guard must refuse each from another origin.
var controlRoutes = []struct{ method, path, body string }{
	{http.MethodGet, "/sandbox/threads", ""},
	{http.MethodGet, "/sandbox/received", ""},
	{http.MethodGet, "/sandbox/faults", ""},
	{http.MethodGet, "/sandbox/auth/stats", ""},
	{http.MethodGet, "/console", ""},
	{http.MethodGet, "/replay/log", ""},
	{http.MethodPost, "/sandbox/push?brandId=1086&channelId=chat_abc&customerId=cust-1", `{"eventId":"x","eventType":"MessageCreated","data":{}}`},
	{http.MethodPost, "/sandbox/agent/send", `{"brandId":1086,"channelId":"chat_abc","customerId":"cust-1","threadId":"th-1","text":"forged"}`},
	{http.MethodPost, "/sandbox/agent/burst", `{"brandId":1086,"channelId":"chat_abc","customerId":"cust-1","threadId":"th-1","count":1}`},
	{http.MethodPost, "/sandbox/proactive", `{"brandId":1086,"channelId":"chat_abc","customerId":"cust-1","actionType":"PopupBox"}`},
	{http.MethodPost, "/sandbox/faults/drop", `{}`},
	{http.MethodPost, "/sandbox/faults/error", `{"eventType":"*","count":5}`},
	{http.MethodDelete, "/sandbox/faults", ""},
	{http.MethodPost, "/sandbox/auth/code", `{"customerId":"cust-ann","brandId":1086}`},
	{http.MethodPost, "/sandbox/auth/block", `{"ip":"127.0.0.1","blocked":true}`},
	{http.MethodPost, "/replay/push", `{}`},
	{http.MethodPost, "/replay/respond", `{}`},
	{http.MethodPost, "/replay/reset", ``},
}

// TestGuardRefusesOtherOrigins: every control route refuses a request from
// a page on another loopback port, from an opaque origin ("null": a
// sandboxed iframe), and a no-Origin subresource of another site, whatever
// its content type; none of them gets a CORS grant.
func TestGuardRefusesOtherOrigins(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	cases := []struct {
		name string
		hdr  http.Header
	}{
		{"another loopback port, text/plain", http.Header{"Origin": {otherPort}, "Content-Type": {"text/plain"}}},
		{"another loopback port, JSON", http.Header{"Origin": {otherPort}, "Content-Type": {"application/json"}}},
		{"opaque origin", http.Header{"Origin": {"null"}, "Content-Type": {"text/plain"}}},
		{"another site", http.Header{"Origin": {"https://attacker.example"}, "Content-Type": {"application/x-www-form-urlencoded"}}},
		{"a subresource of another site", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"no-cors"}, "Sec-Fetch-Dest": {"image"}}},
		{"a frame of another port", http.Header{"Sec-Fetch-Site": {"same-site"}, "Sec-Fetch-Mode": {"navigate"}, "Sec-Fetch-Dest": {"iframe"}}},
	}
	for _, c := range cases {
		for _, r := range controlRoutes {
			status, hdr, body := httpDo(t, r.method, srv.URL+r.path, c.hdr, r.body)
			if status != http.StatusForbidden || hdr.Get("Access-Control-Allow-Origin") != "" {
				t.Errorf("%s: %s %s: HTTP %d ACAO %q: %s", c.name, r.method, r.path, status, hdr.Get("Access-Control-Allow-Origin"), body)
			}
		}
	}
	// Nothing took effect: no fault, no block, no message.
	var faults struct{ Active map[string]int }
	getJSON(t, srv.URL+"/sandbox/faults", &faults)
	equal(t, "no fault set", faults.Active["error"], 0)
	var threads []any
	getJSON(t, srv.URL+"/sandbox/threads", &threads)
	equal(t, "no thread", len(threads), 0)
}

// TestGuardPreflight: a cross-origin preflight to a control route is
// refused without CORS headers, so a page cannot send JSON there either.
func TestGuardPreflight(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	for _, origin := range []string{otherPort, "null"} {
		status, hdr, _ := httpDo(t, http.MethodOptions, srv.URL+"/sandbox/agent/send", http.Header{
			"Origin": {origin}, "Access-Control-Request-Method": {"POST"}, "Access-Control-Request-Headers": {"content-type"},
		}, "")
		equal(t, origin+" preflight", []any{status, hdr.Get("Access-Control-Allow-Origin"), hdr.Get("Access-Control-Allow-Headers")},
			[]any{http.StatusForbidden, "", ""})
	}
}

// TestGuardContentType: even from the sandbox's own origin (or a client
// that is not a browser) a control route takes only JSON: a cross-site
// simple POST (text/plain, a form) never gets through.
func TestGuardContentType(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	for _, ct := range []string{"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "none"} {
		hdr := http.Header{"Origin": {srv.URL}, "Content-Type": {ct}}
		if ct == "none" {
			hdr["Content-Type"] = nil
		}
		status, _, _ := httpDo(t, http.MethodPost, srv.URL+"/sandbox/faults/drop", hdr, `{}`)
		equal(t, ct, status, http.StatusUnsupportedMediaType)
		status, _, _ = httpDo(t, http.MethodDelete, srv.URL+"/sandbox/faults", hdr, ``)
		equal(t, "DELETE "+ct, status, http.StatusUnsupportedMediaType)
	}
	status, _, _ := httpDo(t, http.MethodPost, srv.URL+"/sandbox/faults/drop", http.Header{"Origin": {srv.URL}, "Content-Type": {"application/json; charset=utf-8"}}, `{}`)
	equal(t, "same origin, JSON", status, http.StatusOK)
}

// TestGuardSameOrigin: the sandbox's own pages keep every control route:
// a same-origin fetch (Origin on POST, Sec-Fetch-Site on GET), a tab the
// user opened, a link followed from elsewhere (a top-level navigation
// shows the answer to the user, never to the linking page), and clients
// that are not browsers.
func TestGuardSameOrigin(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	for _, hdr := range []http.Header{
		{"Origin": {srv.URL}},
		{"Sec-Fetch-Site": {"same-origin"}, "Sec-Fetch-Mode": {"cors"}},
		{"Sec-Fetch-Site": {"none"}, "Sec-Fetch-Mode": {"navigate"}, "Sec-Fetch-Dest": {"document"}},
		{"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"navigate"}, "Sec-Fetch-Dest": {"document"}},
		{},
	} {
		for _, path := range []string{"/sandbox/threads", "/console"} {
			status, hdr2, _ := httpDo(t, http.MethodGet, srv.URL+path, hdr, "")
			equal(t, path+" "+strings.Join(hdr.Values("Sec-Fetch-Site"), ""), status, http.StatusOK)
			equal(t, "not framed", hdr2.Get("X-Frame-Options"), "SAMEORIGIN")
		}
	}
	status, _, _ := httpDo(t, http.MethodPost, srv.URL+"/sandbox/auth/code", http.Header{"Origin": {srv.URL}}, `{"customerId":"cust-ann","brandId":1086}`)
	equal(t, "same-origin code", status, http.StatusOK)
	// A navigation is a GET: a cross-site form POST is no navigation excuse.
	status, _, _ = httpDo(t, http.MethodPost, srv.URL+"/sandbox/faults/drop", http.Header{
		"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"navigate"}, "Sec-Fetch-Dest": {"document"},
	}, `{}`)
	equal(t, "cross-site navigation POST", status, http.StatusForbidden)
}

// TestGuardAllowedOrigins: an origin Config.AllowedOrigins names may use
// the control routes, with CORS; "null" stays refused even when listed.
func TestGuardAllowedOrigins(t *testing.T) {
	t.Parallel()
	s := sim.New(sim.Config{AgentDelay: idleAgent, AllowedOrigins: []string{"http://127.0.0.1:5173", "null"}})
	srv := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); srv.Close() })
	status, hdr, _ := httpDo(t, http.MethodOptions, srv.URL+"/sandbox/faults/drop", http.Header{
		"Origin": {"http://127.0.0.1:5173"}, "Access-Control-Request-Method": {"POST"}, "Access-Control-Request-Headers": {"content-type"},
	}, "")
	equal(t, "allowed preflight", []any{status, hdr.Get("Access-Control-Allow-Origin")}, []any{http.StatusNoContent, "http://127.0.0.1:5173"})
	status, hdr, _ = httpDo(t, http.MethodPost, srv.URL+"/sandbox/faults/drop", http.Header{"Origin": {"http://127.0.0.1:5173"}}, `{}`)
	equal(t, "allowed POST", []any{status, hdr.Get("Access-Control-Allow-Origin")}, []any{http.StatusOK, "http://127.0.0.1:5173"})
	status, _, _ = httpDo(t, http.MethodPost, srv.URL+"/sandbox/faults/drop", http.Header{"Origin": {"http://127.0.0.1:5173"}, "Content-Type": {"text/plain"}}, `{}`)
	equal(t, "allowed origin still needs JSON", status, http.StatusUnsupportedMediaType)
	status, _, _ = httpDo(t, http.MethodGet, srv.URL+"/sandbox/received", http.Header{"Origin": {"null"}}, "")
	equal(t, "null is never allowed", status, http.StatusForbidden)
}

// TestGuardHost: a request that names the sandbox by anything but a
// loopback Host (DNS rebinding: attacker.example resolving to 127.0.0.1)
// is refused on every route, chat routes and the socket included.
func TestGuardHost(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	for _, path := range []string{"/sandbox/threads", "/sandbox/received", "/chat/1.0/brand/1086/channel/chat_abc", "/healthz", "/gw?" + defaultQuery} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Host = "attacker.example:" + srv.URL[strings.LastIndex(srv.URL, ":")+1:]
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		equal(t, "rebound Host on "+path, resp.StatusCode, http.StatusMisdirectedRequest)
	}
	for _, host := range []string{"localhost", "127.0.0.2:80", "[::1]:8080", "LOCALHOST:1"} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/healthz", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		equal(t, "loopback Host "+host, resp.StatusCode, http.StatusOK)
	}
}

// TestChatRoutesCORS: the chat routes keep the credentialed CORS a page on
// another loopback port needs, and refuse pages of other sites and opaque
// origins, the socket included.
func TestChatRoutesCORS(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	url := srv.URL + "/chat/1.0/brand/1086/channel/chat_abc"
	status, hdr, _ := httpDo(t, http.MethodGet, url, http.Header{"Origin": {otherPort}}, "")
	equal(t, "other port", []any{status, hdr.Get("Access-Control-Allow-Origin"), hdr.Get("Access-Control-Allow-Credentials")}, []any{http.StatusOK, otherPort, "true"})
	status, hdr, _ = httpDo(t, http.MethodPost, srv.URL+"/oauth/token?brandId=1086&channelId=chat_abc", http.Header{"Origin": {otherPort}}, `{"customerIdentity":{"idOnExternalPlatform":"x-1"}}`)
	equal(t, "token from other port", []any{status, hdr.Get("Access-Control-Allow-Origin")}, []any{http.StatusOK, otherPort})
	for _, origin := range []string{"null", "https://attacker.example"} {
		status, hdr, _ = httpDo(t, http.MethodGet, url, http.Header{"Origin": {origin}}, "")
		equal(t, origin, []any{status, hdr.Get("Access-Control-Allow-Origin")}, []any{http.StatusForbidden, ""})
		ws, resp, err := dialOrigin(srv, origin)
		if err == nil {
			ws.CloseNow()
			t.Fatalf("socket from %s opened", origin)
		}
		equal(t, "socket from "+origin, resp.StatusCode, http.StatusForbidden)
	}
	ws, _, err := dialOrigin(srv, "http://localhost:3000")
	if err != nil {
		t.Fatalf("socket from another loopback origin: %v", err)
	}
	ws.CloseNow()
}

func dialOrigin(srv *httptest.Server, origin string) (*websocket.Conn, *http.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), waitFrame)
	defer cancel()
	u := "ws" + strings.TrimPrefix(srv.URL, "http") + "/gw?" + defaultQuery
	return websocket.Dial(ctx, u, &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {origin}}})
}

// TestDotSegments: an encoded ".." or "." segment is 404 on every route,
// before the mux would clean it into another path.
func TestDotSegments(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	for _, p := range []string{"/%2e%2e/", "/%2e%2e/go.mod", "/sandbox/%2e%2e/healthz", "/chat/./1.0/brand/1086/channel/chat_abc", "/sandbox/faults/%2E%2E"} {
		status, _, _ := httpDo(t, http.MethodGet, srv.URL+p, nil, "")
		equal(t, p, status, http.StatusNotFound)
	}
}
