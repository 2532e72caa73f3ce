package sim

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// TestCustomer is a person who can log in to the simulated brand site:
// authorization codes are issued for them by name, and an authorization
// gives the SDK their identity and custom fields.
type TestCustomer struct {
	ID            string            `json:"id"` // idOnExternalPlatform
	FirstName     string            `json:"firstName"`
	LastName      string            `json:"lastName"`
	CustomFields  map[string]string `json:"customFields"`  // customer custom fields
	ContactFields map[string]string `json:"contactFields"` // contact custom fields
}

// DefaultTestCustomers are the customers known when Config.Customers is nil.
func DefaultTestCustomers() []TestCustomer {
	return []TestCustomer{
		{ID: "cust-ann", FirstName: "Ann", LastName: "Example", CustomFields: map[string]string{"tier": "gold"}, ContactFields: map[string]string{"orderId": "A-1001"}},
		{ID: "cust-bob", FirstName: "Bob", LastName: "Builder"},
	}
}

// Token kinds: each signed token names what it is for, so one kind cannot
// stand in for another.
const (
	kindTransaction = "transaction" // opens a gateway socket (secured sessions)
	kindAccess      = "access"      // rides on messages; AuthorizeCustomer / RefreshToken
	kindThirdParty  = "thirdParty"  // the brand identity provider's access token
	kindRefresh     = "refresh"     // renews a third-party token
	kindIdentity    = "identity"    // the secured-cookie identity (cookie or fallback token)
)

// identityCookie is the secured-cookie identity's cookie name, as the
// reference names the fallback token.
const identityCookie = "cx_digital_wi"

// claims are what a token says. Tokens are "cxs." + base64url(claims) + "."
// + base64url(HMAC-SHA256), signed with a key made when the server starts.
type claims struct {
	Kind     string `json:"k"`
	Customer string `json:"sub"`
	Brand    int64  `json:"b"`
	Channel  string `json:"c"`
	Expires  int64  `json:"exp"` // unix ms
	Nonce    string `json:"n"`
}

// authCode is one issued authorization code: good once, until it expires.
type authCode struct {
	customer TestCustomer
	brand    int64
	expires  time.Time
	used     bool
}

// authServer is the simulated OAuth authorization server and token checker.
type authServer struct {
	key      []byte
	tokenTTL time.Duration
	codeTTL  time.Duration
	now      func() time.Time

	mu        sync.Mutex
	customers map[string]TestCustomer
	codes     map[string]*authCode
	blocked   map[string]bool // client IPs refused with ip_blocked
	counts    map[string]int  // token requests by grant, for tests
}

func newAuthServer(cfg Config) *authServer {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	a := &authServer{
		key: key, tokenTTL: cfg.TokenTTL, codeTTL: cfg.CodeTTL, now: time.Now,
		customers: map[string]TestCustomer{}, codes: map[string]*authCode{},
		blocked: map[string]bool{}, counts: map[string]int{},
	}
	if cfg.Now != nil {
		a.now = cfg.Now
	}
	if a.tokenTTL <= 0 {
		a.tokenTTL = time.Hour
	}
	if a.codeTTL <= 0 {
		a.codeTTL = 5 * time.Minute
	}
	cs := cfg.Customers
	if cs == nil {
		cs = DefaultTestCustomers()
	}
	for _, c := range cs {
		a.customers[c.ID] = c
	}
	return a
}

func (a *authServer) sign(c claims) string {
	if c.Expires == 0 {
		c.Expires = a.now().Add(a.tokenTTL).UnixMilli()
	}
	c.Nonce = newID()
	body, _ := json.Marshal(c)
	m := hmac.New(sha256.New, a.key)
	m.Write(body)
	enc := base64.RawURLEncoding
	return "cxs." + enc.EncodeToString(body) + "." + enc.EncodeToString(m.Sum(nil))
}

var (
	errTokenInvalid = errors.New("token is invalid")
	errTokenExpired = errors.New("token has expired")
	errTokenScope   = errors.New("token was issued for another brand, channel or use")
)

// verify checks a token's signature, kind, brand and channel (channel ""
// matches any) and expiry.
func (a *authServer) verify(tok, kind string, brand int64, channel string) (claims, error) {
	var c claims
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || parts[0] != "cxs" {
		return c, errTokenInvalid
	}
	enc := base64.RawURLEncoding
	body, err1 := enc.DecodeString(parts[1])
	sig, err2 := enc.DecodeString(parts[2])
	if err1 != nil || err2 != nil {
		return c, errTokenInvalid
	}
	m := hmac.New(sha256.New, a.key)
	m.Write(body)
	if !hmac.Equal(sig, m.Sum(nil)) || json.Unmarshal(body, &c) != nil {
		return c, errTokenInvalid
	}
	if c.Kind != kind || c.Brand != brand || (channel != "" && c.Channel != "" && c.Channel != channel) {
		return c, errTokenScope
	}
	if a.now().UnixMilli() >= c.Expires {
		return c, errTokenExpired
	}
	return c, nil
}

func (a *authServer) count(name string) {
	a.mu.Lock()
	a.counts[name]++
	a.mu.Unlock()
}

// issueCode makes a single-use authorization code for a test customer.
func (a *authServer) issueCode(customerID string, brand int64) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	cu, ok := a.customers[customerID]
	if !ok {
		return "", errors.New("unknown test customer " + strconv.Quote(customerID))
	}
	code := "code-" + newID()
	a.codes[code] = &authCode{customer: cu, brand: brand, expires: a.now().Add(a.codeTTL)}
	return code, nil
}

// redeem uses up a code: it must exist, be unused, unexpired and for brand.
func (a *authServer) redeem(code string, brand int64) (TestCustomer, string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ac, ok := a.codes[code]
	switch {
	case !ok:
		return TestCustomer{}, "Authorization code is invalid"
	case ac.used:
		return TestCustomer{}, "Authorization code was already used"
	case a.now().After(ac.expires):
		return TestCustomer{}, "Authorization code has expired"
	case ac.brand != brand:
		return TestCustomer{}, "Authorization code was issued for another brand"
	}
	ac.used = true
	return ac.customer, ""
}

func (a *authServer) isBlocked(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.blocked[host]
}

// customerFor names the known customer with id, or a bare identity.
func (a *authServer) customerFor(id string) TestCustomer {
	a.mu.Lock()
	defer a.mu.Unlock()
	if c, ok := a.customers[id]; ok {
		return c
	}
	return TestCustomer{ID: id}
}

func fieldList(m map[string]string) []customField {
	if len(m) == 0 {
		return []customField{}
	}
	return sortedFields(m)
}

// authRoutes registers the authorize service and its admin routes:
//
//	POST /oauth/token?brandId=&channelId=&visitorId=[&storageFallback=1]
//	     the transaction token endpoint (PROTOCOL.md §6)
//	POST /sandbox/auth/code   {customerId, brandId} → {code}
//	POST /sandbox/auth/block  {ip, blocked}         → {}
//	GET  /sandbox/auth/stats  token requests by grant
func (s *Server) authRoutes() {
	s.mux.HandleFunc("POST /oauth/token", s.serveToken)
	s.mux.HandleFunc("POST /sandbox/auth/code", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			CustomerID string `json:"customerId"`
			BrandID    int64  `json:"brandId"`
		}
		if err := readJSON(r, &in); err != nil || in.BrandID <= 0 {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "want {customerId, brandId}"})
			return
		}
		code, err := s.auth.issueCode(in.CustomerID, in.BrandID)
		if err != nil {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"code": code})
	})
	s.mux.HandleFunc("POST /sandbox/auth/block", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			IP      string `json:"ip"`
			Blocked bool   `json:"blocked"`
		}
		if err := readJSON(r, &in); err != nil || net.ParseIP(in.IP) == nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "want {ip, blocked}"})
			return
		}
		s.auth.mu.Lock()
		if in.Blocked {
			s.auth.blocked[in.IP] = true
		} else {
			delete(s.auth.blocked, in.IP)
		}
		s.auth.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{})
	})
	s.mux.HandleFunc("GET /sandbox/auth/stats", func(w http.ResponseWriter, _ *http.Request) {
		s.auth.mu.Lock()
		out := map[string]int{}
		for k, v := range s.auth.counts {
			out[k] = v
		}
		s.auth.mu.Unlock()
		writeJSON(w, http.StatusOK, out)
	})
}

func readJSON(r *http.Request, v any) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// oauthError answers the authorize service's error body.
func oauthError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]string{"errorCode": code, "errorMessage": message})
}

// tokenRequest is the body of POST /oauth/token.
type tokenRequest struct {
	CustomerIdentity *struct {
		IDOnExternalPlatform string `json:"idOnExternalPlatform"`
	} `json:"customerIdentity"`
	ThirdParty *struct {
		AuthorizationCode string `json:"authorization_code"`
		GrantType         string `json:"grant_type"`
		RefreshToken      string `json:"refresh_token"`
	} `json:"thirdParty"`
}

// serveToken is the transaction token endpoint. Three grants:
//   - thirdParty authorization_code: a code from /sandbox/auth/code becomes
//     that customer's identity, a transaction token and a third-party token;
//   - thirdParty refresh_token: a new third-party token;
//   - otherwise: the anonymous customer named in customerIdentity, or (secured
//     cookies) the identity in the cx_digital_wi cookie or Bearer fallback
//     token, else a new identity, which the answer sets as a cookie.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	a := s.auth
	q := r.URL.Query()
	if a.isBlocked(r) {
		a.count("blocked")
		oauthError(w, http.StatusForbidden, "ip_blocked", "Requests from this IP address are blocked")
		return
	}
	brand, err := strconv.ParseInt(q.Get("brandId"), 10, 64)
	chID := q.Get("channelId")
	if err != nil || brand <= 0 || chID == "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "brandId and channelId are required")
		return
	}
	if _, ok := s.channels[chID]; !ok {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Unknown channel")
		return
	}
	var in tokenRequest
	if err := readJSON(r, &in); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "Body must be JSON")
		return
	}
	expiresIn := int64(a.tokenTTL / time.Second)
	if expiresIn < 1 {
		expiresIn = 1
	}
	thirdPartyToken := func(id string) map[string]any {
		return map[string]any{
			"access_token":  a.sign(claims{Kind: kindThirdParty, Customer: id, Brand: brand, Channel: chID}),
			"refresh_token": a.sign(claims{Kind: kindRefresh, Customer: id, Brand: brand, Channel: chID, Expires: a.now().Add(24 * time.Hour).UnixMilli()}),
			"expires_in":    expiresIn,
			"token_type":    "Bearer",
		}
	}
	if tp := in.ThirdParty; tp != nil && tp.GrantType == "refresh_token" {
		a.count("refresh_token")
		c, err := a.verify(tp.RefreshToken, kindRefresh, brand, chID)
		if err != nil {
			oauthError(w, http.StatusUnauthorized, "invalid_grant", "Refresh token "+err.Error()[len("token "):])
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"thirdParty": thirdPartyToken(c.Customer)})
		return
	}
	answer := map[string]any{"expiresIn": expiresIn}
	var id string
	switch {
	case in.ThirdParty != nil:
		a.count("authorization_code")
		if in.ThirdParty.GrantType != "authorization_code" {
			oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type")
			return
		}
		cu, reason := a.redeem(in.ThirdParty.AuthorizationCode, brand)
		if reason != "" {
			oauthError(w, http.StatusBadRequest, "invalid_grant", reason)
			return
		}
		id = cu.ID
		answer["customerIdentity"] = map[string]string{"idOnExternalPlatform": cu.ID, "firstName": cu.FirstName, "lastName": cu.LastName}
		answer["thirdParty"] = thirdPartyToken(cu.ID)
		answer["contact"] = map[string]any{"customFields": fieldList(cu.ContactFields)}
	case in.CustomerIdentity != nil && in.CustomerIdentity.IDOnExternalPlatform != "":
		a.count("anonymous")
		id = in.CustomerIdentity.IDOnExternalPlatform
		answer["customerIdentity"] = map[string]string{"idOnExternalPlatform": id}
	default:
		a.count("cookie")
		var tok string
		if ck, err := r.Cookie(identityCookie); err == nil {
			tok = ck.Value
		} else if b, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			tok = b
		}
		if c, err := a.verify(tok, kindIdentity, brand, ""); err == nil {
			id = c.Customer
		} else {
			id = newID()
		}
		identity := a.sign(claims{Kind: kindIdentity, Customer: id, Brand: brand, Expires: a.now().Add(365 * 24 * time.Hour).UnixMilli()})
		http.SetCookie(w, &http.Cookie{Name: identityCookie, Value: identity, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
		if q.Get("storageFallback") == "1" {
			answer["identityToken"] = identity
		}
		answer["customerIdentity"] = map[string]string{"idOnExternalPlatform": id}
	}
	answer["accessToken"] = a.sign(claims{Kind: kindTransaction, Customer: id, Brand: brand, Channel: chID})
	writeJSON(w, http.StatusOK, answer)
}

// tokenField is `{accessToken: {token}}` in request data.
type tokenField struct {
	AccessToken struct {
		Token string `json:"token"`
	} `json:"accessToken"`
}

// authorizeFrame answers the socket's authorization events, which may move
// the connection to another customer; they run before the customer lock is
// taken. It reports whether it handled the frame.
func (s *Server) authorizeFrame(c *conn, f *inboundFrame) bool {
	switch f.Payload.EventType {
	case "AuthorizeCustomer", "AuthorizeConsumer":
		var d struct {
			Authorization struct {
				AuthorizationCode *string `json:"authorizationCode"`
			} `json:"authorization"`
		}
		_ = json.Unmarshal(f.Payload.Data, &d)
		key := c.customer.key
		code := ""
		if d.Authorization.AuthorizationCode != nil {
			code = *d.Authorization.AuthorizationCode
		}
		s.auth.count("AuthorizeCustomer")
		cu, reason := s.auth.redeem(code, key.brand)
		if reason != "" {
			s.send(c, encode(replyError(f.EventID, "AuthorizationFailed", reason)))
			return true
		}
		s.moveConn(c, cu.ID)
		expiresIn := int64(s.auth.tokenTTL / time.Second)
		s.send(c, encode(replyPostback(f.EventID, "ConsumerAuthorized", map[string]any{
			"status":           "success",
			"consumerIdentity": map[string]string{"idOnExternalPlatform": cu.ID, "firstName": cu.FirstName, "lastName": cu.LastName},
			"customer":         map[string]any{"customFields": fieldList(cu.CustomFields)},
			"contact":          map[string]any{"customFields": fieldList(cu.ContactFields)},
			"accessToken": map[string]any{
				"token":     s.auth.sign(claims{Kind: kindAccess, Customer: cu.ID, Brand: key.brand, Channel: key.channel}),
				"expiresIn": expiresIn,
			},
		})))
		return true
	case "ReconnectConsumer":
		s.auth.count("ReconnectConsumer")
		cl, err := s.accessClaims(c, f)
		if err != nil {
			s.send(c, encode(replyError(f.EventID, "AuthorizationFailed", "Access token "+err.Error()[len("token "):])))
			return true
		}
		s.moveConn(c, cl.Customer)
		s.send(c, encode(replyPostback(f.EventID, "ConsumerReconnected", map[string]any{"reconnected": true})))
		return true
	case "RefreshToken":
		s.auth.count("RefreshToken")
		cl, err := s.accessClaims(c, f)
		key := c.customer.key
		if err != nil {
			s.send(c, encode(replyError(f.EventID, "TokenRefreshFailed", "Access token "+err.Error()[len("token "):])))
			return true
		}
		s.send(c, encode(replyPostback(f.EventID, "TokenRefreshed", map[string]any{
			"accessToken": map[string]any{
				"token":     s.auth.sign(claims{Kind: kindAccess, Customer: cl.Customer, Brand: key.brand, Channel: key.channel}),
				"expiresIn": int64(s.auth.tokenTTL / time.Second),
			},
		})))
		return true
	}
	return false
}

// accessClaims verifies the access token a request carries in
// data.accessToken.token for the connection's brand and channel.
func (s *Server) accessClaims(c *conn, f *inboundFrame) (claims, error) {
	var d tokenField
	_ = json.Unmarshal(f.Payload.Data, &d)
	key := c.customer.key
	return s.auth.verify(d.AccessToken.Token, kindAccess, key.brand, key.channel)
}

// checkMessageToken enforces authorization on channels that require it:
// a message must carry a live access token of the connection's customer.
// It returns the refusal, or "" to let the message through.
func (s *Server) checkMessageToken(c *conn, f *inboundFrame) string {
	ch := c.customer.channel
	if ch == nil || !ch.RequireAuthorization {
		return ""
	}
	if f.Payload.EventType != "SendMessage" && f.Payload.EventType != "SendOutbound" {
		return ""
	}
	var d tokenField
	_ = json.Unmarshal(f.Payload.Data, &d)
	key := c.customer.key
	tok := d.AccessToken.Token
	if tok == "" {
		return "Access token is missing"
	}
	cl, err := s.auth.verify(tok, kindAccess, key.brand, key.channel)
	if errors.Is(err, errTokenScope) {
		cl, err = s.auth.verify(tok, kindThirdParty, key.brand, key.channel)
	}
	if err != nil {
		return "Access token " + err.Error()[len("token "):]
	}
	if cl.Customer != key.customer {
		return "Access token belongs to another customer"
	}
	return ""
}

// moveConn makes c a connection of customer id on the same brand and
// channel (an authorization named who is chatting).
func (s *Server) moveConn(c *conn, id string) {
	old := c.customer
	if old.key.customer == id {
		return
	}
	key := old.key
	key.customer = id
	cu := s.store.customer(key, old.channel)
	old.mu.Lock()
	delete(old.conns, c)
	old.mu.Unlock()
	cu.mu.Lock()
	cu.conns[c] = struct{}{}
	cu.mu.Unlock()
	c.customer = cu // only this connection's reader goroutine reads it
}
