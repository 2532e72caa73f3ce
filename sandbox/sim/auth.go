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
	// Family names the authorization code a token descends from; a
	// replayed code or refresh token revokes the whole family.
	Family string `json:"f,omitempty"`
	// LoggedIn marks a transaction token of an authorization code grant:
	// only such a socket (or one that authorized) reaches a test
	// customer's threads on a channel that requires authorization.
	LoggedIn bool `json:"li,omitempty"`
}

// authCode is one issued authorization code: good once, on the brand and
// channel it was issued for, until it expires. A used code is kept until
// then, so that a replay is recognised (and revokes what it granted).
type authCode struct {
	customer TestCustomer
	brand    int64
	channel  string
	expires  time.Time
	used     bool
}

// maxCodes bounds the codes outstanding at once; expired ones are pruned
// first.
const maxCodes = 10000

// refreshTTL is the life of a third-party refresh token.
const refreshTTL = 24 * time.Hour

// authServer is the simulated OAuth authorization server and token checker.
type authServer struct {
	key      []byte
	tokenTTL time.Duration
	codeTTL  time.Duration
	now      func() time.Time

	mu        sync.Mutex
	customers map[string]TestCustomer
	codes     map[string]*authCode
	used      map[string]time.Time // nonces of redeemed refresh tokens, until they expire
	revoked   map[string]time.Time // token families revoked by a replay, until their tokens expire
	pruned    time.Time            // the last sweep of the three maps above
	blocked   map[string]bool      // client IPs refused with ip_blocked
	counts    map[string]int       // token requests by grant, for tests
}

func newAuthServer(cfg Config) *authServer {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	a := &authServer{
		key: key, tokenTTL: cfg.TokenTTL, codeTTL: cfg.CodeTTL, now: time.Now,
		customers: map[string]TestCustomer{}, codes: map[string]*authCode{},
		used: map[string]time.Time{}, revoked: map[string]time.Time{},
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
	errTokenRevoked = errors.New("token was revoked: its authorization code or refresh token was replayed")
	errTokenReused  = errors.New("token was already used")
)

// verify checks a token's signature, kind, brand and channel (channel ""
// matches any), expiry and family (not revoked).
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
	if c.Family != "" {
		a.mu.Lock()
		_, revoked := a.revoked[c.Family]
		a.mu.Unlock()
		if revoked {
			return c, errTokenRevoked
		}
	}
	return c, nil
}

// revokeLocked revokes a token family until every token it can hold has
// expired. a.mu is held.
func (a *authServer) revokeLocked(family string) {
	a.revoked[family] = a.now().Add(max(a.tokenTTL, refreshTTL))
}

// pruneLocked forgets codes long expired, and expired refresh nonces and
// revocations, so that a sandbox left running does not grow. It sweeps at
// most once a second, unless the codes are at their bound. a.mu is held.
func (a *authServer) pruneLocked() {
	now := a.now()
	if now.Sub(a.pruned) < time.Second && !now.Before(a.pruned) && len(a.codes) < maxCodes {
		return
	}
	a.pruned = now
	for k, c := range a.codes {
		// An expired code is kept one more life, to be refused as expired
		// (not unknown), and a used one to recognise its replay.
		if now.After(c.expires.Add(a.codeTTL)) {
			delete(a.codes, k)
		}
	}
	for k, until := range a.used {
		if now.After(until) {
			delete(a.used, k)
		}
	}
	for k, until := range a.revoked {
		if now.After(until) {
			delete(a.revoked, k)
		}
	}
}

// rotate uses up a refresh token (RFC 9700 §4.14.2: refresh tokens of a
// public client are rotated): a second use is a replay, which revokes the
// family the token belongs to, the token that replaced it included.
func (a *authServer) rotate(c claims) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.pruneLocked()
	if _, seen := a.used[c.Nonce]; seen {
		a.revokeLocked(c.Family)
		return errTokenReused
	}
	a.used[c.Nonce] = time.UnixMilli(c.Expires)
	return nil
}

// registered reports whether id is a test customer: a person who logs in
// with an authorization code. On a channel that requires authorization,
// only a logged-in socket reaches their threads.
func (a *authServer) registered(id string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, ok := a.customers[id]
	return ok
}

func (a *authServer) count(name string) {
	a.mu.Lock()
	a.counts[name]++
	a.mu.Unlock()
}

var errTooManyCodes = errors.New("too many authorization codes outstanding")

// issueCode makes a single-use authorization code for a test customer on
// one brand and channel.
func (a *authServer) issueCode(customerID string, brand int64, channel string) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	cu, ok := a.customers[customerID]
	if !ok {
		return "", errors.New("unknown test customer " + strconv.Quote(customerID))
	}
	a.pruneLocked()
	if len(a.codes) >= maxCodes {
		return "", errTooManyCodes
	}
	code := "code-" + newID()
	a.codes[code] = &authCode{customer: cu, brand: brand, channel: channel, expires: a.now().Add(a.codeTTL)}
	return code, nil
}

// redeem uses up a code: it must exist, be unused, unexpired and issued
// for brand and channel. It returns the customer and the token family of
// the grant (the code itself). A replayed code is refused and revokes
// every token its first use granted (RFC 6749 §4.1.2).
func (a *authServer) redeem(code string, brand int64, channel string) (TestCustomer, string, string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.pruneLocked()
	ac, ok := a.codes[code]
	switch {
	case !ok:
		return TestCustomer{}, "", "Authorization code is invalid"
	case ac.used:
		a.revokeLocked(code)
		return TestCustomer{}, "", "Authorization code was already used"
	case a.now().After(ac.expires):
		return TestCustomer{}, "", "Authorization code has expired"
	case ac.brand != brand:
		return TestCustomer{}, "", "Authorization code was issued for another brand"
	case ac.channel != channel:
		return TestCustomer{}, "", "Authorization code was issued for another channel"
	}
	ac.used = true
	return ac.customer, code, ""
}

// outstanding is how many codes are kept (issued, not yet expired).
func (a *authServer) outstanding() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.codes)
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
//	POST /sandbox/auth/code   {customerId, brandId, channelId} → {code}
//	     channelId may be left out when one channel requires authorization
//	POST /sandbox/auth/block  {ip, blocked}         → {}
//	GET  /sandbox/auth/stats  token requests by grant, and codesIssued
func (s *Server) authRoutes() {
	s.mux.HandleFunc("POST /oauth/token", s.serveToken)
	s.mux.HandleFunc("POST /sandbox/auth/code", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			CustomerID string `json:"customerId"`
			BrandID    int64  `json:"brandId"`
			ChannelID  string `json:"channelId"`
		}
		if err := readJSON(r, &in); err != nil || in.BrandID <= 0 {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "want {customerId, brandId, channelId}"})
			return
		}
		if in.ChannelID == "" {
			in.ChannelID = s.authChannel()
		}
		if _, ok := s.channels[in.ChannelID]; !ok {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "channelId must name a channel the sandbox serves"})
			return
		}
		code, err := s.auth.issueCode(in.CustomerID, in.BrandID, in.ChannelID)
		if errors.Is(err, errTooManyCodes) {
			writeJSON(w, http.StatusTooManyRequests, map[string]string{"error": err.Error()})
			return
		}
		if err != nil {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
			return
		}
		s.auth.count("codesIssued")
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

// authChannel is the channel a code is issued for when the request names
// none: the one channel that requires authorization, or "" (refused) if
// there is not exactly one.
func (s *Server) authChannel() string {
	id := ""
	for _, ch := range s.cfg.Channels {
		if ch.RequireAuthorization {
			if id != "" {
				return ""
			}
			id = ch.ID
		}
	}
	return id
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
	thirdPartyToken := func(id, family string) map[string]any {
		return map[string]any{
			"access_token":  a.sign(claims{Kind: kindThirdParty, Customer: id, Brand: brand, Channel: chID, Family: family}),
			"refresh_token": a.sign(claims{Kind: kindRefresh, Customer: id, Brand: brand, Channel: chID, Family: family, Expires: a.now().Add(refreshTTL).UnixMilli()}),
			"expires_in":    expiresIn,
			"token_type":    "Bearer",
		}
	}
	if tp := in.ThirdParty; tp != nil && tp.GrantType == "refresh_token" {
		a.count("refresh_token")
		c, err := a.verify(tp.RefreshToken, kindRefresh, brand, chID)
		if err == nil {
			err = a.rotate(c)
		}
		if err != nil {
			oauthError(w, http.StatusUnauthorized, "invalid_grant", "Refresh token "+err.Error()[len("token "):])
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"thirdParty": thirdPartyToken(c.Customer, c.Family)})
		return
	}
	answer := map[string]any{"expiresIn": expiresIn}
	var id, family string
	loggedIn := false
	switch {
	case in.ThirdParty != nil:
		a.count("authorization_code")
		if in.ThirdParty.GrantType != "authorization_code" {
			oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type")
			return
		}
		cu, fam, reason := a.redeem(in.ThirdParty.AuthorizationCode, brand, chID)
		if reason != "" {
			oauthError(w, http.StatusBadRequest, "invalid_grant", reason)
			return
		}
		id, family, loggedIn = cu.ID, fam, true
		answer["customerIdentity"] = map[string]string{"idOnExternalPlatform": cu.ID, "firstName": cu.FirstName, "lastName": cu.LastName}
		answer["thirdParty"] = thirdPartyToken(cu.ID, family)
		answer["contact"] = map[string]any{"customFields": fieldList(cu.ContactFields)}
	case in.CustomerIdentity != nil && in.CustomerIdentity.IDOnExternalPlatform != "":
		a.count("anonymous")
		id = in.CustomerIdentity.IDOnExternalPlatform
		if s.channels[chID].RequireAuthorization && a.registered(id) {
			// Naming a customer who logs in is no way to become them.
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Customer "+strconv.Quote(id)+" logs in on this channel: an anonymous session cannot name them")
			return
		}
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
	answer["accessToken"] = a.sign(claims{Kind: kindTransaction, Customer: id, Brand: brand, Channel: chID, Family: family, LoggedIn: loggedIn})
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
		cu, family, reason := s.auth.redeem(code, key.brand, key.channel)
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
				"token":     s.auth.sign(claims{Kind: kindAccess, Customer: cu.ID, Brand: key.brand, Channel: key.channel, Family: family}),
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
				"token":     s.auth.sign(claims{Kind: kindAccess, Customer: cl.Customer, Brand: key.brand, Channel: key.channel, Family: cl.Family}),
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
	if c.customer.held {
		return "Socket is not authorized for this customer: send ReconnectConsumer or AuthorizeCustomer first"
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
	if old.key.customer == id && !old.held {
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
