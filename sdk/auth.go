package sdk

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Secured session kinds: the values of Options.SecuredSession (SecureSessions
// in the reference). The empty string means a plain guest session.
const (
	SecuredAnonymous  = "anonymous"
	SecuredCookies    = "securedCookies"
	SecuredThirdParty = "thirdParty"
)

// transactionTimeout bounds the transaction token request, as in the
// reference (it is longer than most requests: the authorize service may
// call the brand's identity provider).
const transactionTimeout = 30 * time.Second

// Messages of the reference that pages may match on.
const (
	msgTransactionToken = "Failed to fetch transaction token"
	msgIPBlocked        = "Your IP address is blocked."
	msgAuthFailed       = "Authorization failed"
	msgRefreshFailed    = "An error occurred while refreshing the access token"
	msgThirdPartyFailed = "Cannot refresh ThirdParty token"
)

// authState holds every token of the session. Tokens live in memory, the
// identity token and the cached transaction token also in Storage (as the
// reference keeps them); none is ever logged.
type authState struct {
	mu         sync.Mutex
	token      string // access token of the authorize flow (AuthorizeCustomer)
	expiresIn  float64
	enabled    bool   // the channel wants the token on messages
	code       string // authorization code from the options or connect(code)
	thirdParty *thirdPartyToken
	fields     fieldMap // contact custom fields from authorization, for the next new thread
	timer      stopper  // the pending token refresh
	gen        int      // bumped by reset, so a late refresh does nothing
	failed     bool     // a refresh failed and was reported; no more tries

	transaction    string    // the transaction token the session's sockets open with (memory only)
	transactionExp time.Time // when it expires (zero: not said)
}

// thirdPartyToken is the brand identity provider's token, relayed by the
// authorize service in secured third-party sessions.
type thirdPartyToken struct {
	AccessToken  string  `json:"access_token"`
	RefreshToken string  `json:"refresh_token"`
	ExpiresIn    float64 `json:"expires_in"`
	TokenType    string  `json:"token_type,omitempty"`
}

// wireIdentity is a customer identity as the authorize service and the
// ConsumerAuthorized reply give it.
type wireIdentity struct {
	IDOnExternalPlatform string `json:"idOnExternalPlatform"`
	FirstName            string `json:"firstName"`
	LastName             string `json:"lastName"`
	Image                string `json:"image"`
}

// transactionResponse is the authorize service's answer (PROTOCOL.md §6).
type transactionResponse struct {
	AccessToken      string           `json:"accessToken"`
	ExpiresIn        float64          `json:"expiresIn"`
	CustomerIdentity *wireIdentity    `json:"customerIdentity"`
	ThirdParty       *thirdPartyToken `json:"thirdParty"`
	Contact          *struct {
		CustomFields []CustomField `json:"customFields"`
	} `json:"contact"`
	IdentityToken string `json:"identityToken"`
}

// stopper cancels a scheduled function.
type stopper = Timer

func (c *Client) secured() bool { return c.opts.SecuredSession != "" }

func (c *Client) accessToken() string {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()
	if c.auth.thirdParty != nil && c.auth.thirdParty.AccessToken != "" {
		return c.auth.thirdParty.AccessToken
	}
	return c.auth.token
}

func (c *Client) authorizationEnabled() bool {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()
	return c.auth.enabled || c.opts.IsAuthorizationEnabled || c.opts.SecuredSession == SecuredThirdParty
}

// SetAuthorizationCode keeps the code for the next transaction token or
// AuthorizeCustomer request (connect(code) in the reference).
func (c *Client) SetAuthorizationCode(code string) {
	if code == "" {
		return
	}
	c.auth.mu.Lock()
	c.auth.code = code
	c.auth.mu.Unlock()
}

// refreshDelay is when to renew a token that expires in expiresIn seconds:
// at 90% of its life (rounded to seconds), but not sooner than the minimum
// (20 s by default), as in the reference. Unlike the reference, a token too
// short-lived for that minimum is renewed at 90% of its life rather than
// after it has died.
func (c *Client) refreshDelay(expiresIn float64) time.Duration {
	life := time.Duration(expiresIn * float64(time.Second))
	d := time.Duration(math.Round(expiresIn*0.9)) * time.Second
	if d < c.opts.TokenRefreshMinDelay {
		d = c.opts.TokenRefreshMinDelay
	}
	if d >= life*95/100 {
		d = life * 9 / 10
	}
	return d
}

// schedule arranges fn after the refresh delay for expiresIn, replacing any
// refresh already scheduled.
func (c *Client) schedule(expiresIn float64, fn func()) {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()
	if c.auth.timer != nil {
		c.auth.timer.Stop()
	}
	gen := c.auth.gen
	// The refresh belongs to the session under way: it does not outlive
	// Close.
	l := c.current()
	c.auth.timer = l.afterFunc(c.refreshDelay(expiresIn), func() {
		defer c.recoverTo(l, "tokenRefresh")
		c.auth.mu.Lock()
		stale := gen != c.auth.gen
		c.auth.mu.Unlock()
		if !stale {
			fn()
		}
	})
}

// refreshFailed reports a failed refresh once; later failures stay quiet so
// a broken token does not flood onError.
func (c *Client) refreshFailed(err error) {
	c.auth.mu.Lock()
	first := !c.auth.failed
	c.auth.failed = true
	c.auth.mu.Unlock()
	if first {
		c.report(c.current(), err)
	}
}

// ResetAuth forgets every token (resetSession): the access and third-party
// tokens, the cached transaction token and the stored identity token, and
// cancels a scheduled refresh.
func (c *Client) ResetAuth() {
	c.auth.mu.Lock()
	if c.auth.timer != nil {
		c.auth.timer.Stop()
		c.auth.timer = nil
	}
	c.auth.gen++
	c.auth.token, c.auth.expiresIn, c.auth.thirdParty = "", 0, nil
	c.auth.fields, c.auth.failed, c.auth.code = nil, false, ""
	c.auth.transaction, c.auth.transactionExp = "", time.Time{}
	c.auth.mu.Unlock()
	c.forgetTransaction()
	c.opts.Storage.Remove(identityTokenKey)
}

// identityTokenKey is where the secured-cookie fallback identity is kept:
// the name of the identity cookie, as in the reference.
const identityTokenKey = "cx_digital_wi"

func (c *Client) storageKey(name string) string {
	return "cxone-chat-wasm:" + strconv.FormatInt(c.opts.BrandID, 10) + ":" + c.opts.ChannelID + ":" + name
}

// visitorID is the visitor id for the authorize service: the session's
// (see resolveVisitorID).
func (c *Client) visitorID() string { return c.opts.VisitorID }

// authorizeURL is <authorize>/oauth/token with the session's query; like
// the reference it replaces the path of the configured base.
func (c *Client) authorizeURL(storageFallback bool) (string, error) {
	u, ok := parseAbsURL(c.ep.Authorize)
	if !ok {
		return "", invalidArg("connect", "Authorize hostname is not set")
	}
	u.rest = "/oauth/token"
	q := "brandId=" + strconv.FormatInt(c.opts.BrandID, 10) + "&channelId=" + queryEscape(c.opts.ChannelID) +
		"&visitorId=" + queryEscape(c.visitorID())
	if storageFallback {
		q += "&storageFallback=1"
	}
	return u.withQuery(q), nil
}

// transactionToken returns the token for the socket URL of a secured
// session: the cached one while it lasts (not for third-party sessions),
// else a new one from the authorize service. It applies what the answer
// carries: the customer identity, the third-party token and its refresh,
// contact custom fields and the fallback identity token.
//
// A reconnection of the same session reuses the token its first socket
// opened with, while it lasts (kept in memory only): asking the authorize
// service again without the third-party code, which is good for one
// exchange, would turn a logged-in customer into a new anonymous one.
func (c *Client) transactionToken(ctx context.Context, reconnect bool) (string, error) {
	const op = "connect"
	kind := c.opts.SecuredSession
	if reconnect {
		c.auth.mu.Lock()
		tok, exp := c.auth.transaction, c.auth.transactionExp
		c.auth.mu.Unlock()
		if tok != "" && (exp.IsZero() || c.opts.Clock.Now().Before(exp)) {
			return tok, nil
		}
	}
	if kind != SecuredThirdParty {
		if raw, ok := c.cachedTransaction(); ok {
			if tr, ok := parseTransaction(raw); ok && tr.AccessToken != "" {
				c.applyTransaction(&tr, raw)
				c.keepTransaction(&tr)
				return tr.AccessToken, nil
			}
			c.forgetTransaction()
		}
	}
	if c.opts.HTTP == nil {
		return "", invalidArg(op, "no HTTP client configured")
	}
	fallback := kind == SecuredCookies && !c.opts.IsThirdPartyCookiesSupported
	u, err := c.authorizeURL(fallback)
	if err != nil {
		return "", err
	}
	body := members{} // sorted keys: this was a map
	c.auth.mu.Lock()
	code := c.auth.code
	c.auth.mu.Unlock()
	if kind == SecuredAnonymous {
		body = append(body, member{"customerIdentity", members{{"idOnExternalPlatform", jstr(c.customer.ID())}}})
	}
	if code != "" && c.authorizationEnabled() {
		body = append(body, member{"thirdParty", members{{"authorization_code", jstr(code)}, {"grant_type", jstr("authorization_code")}}})
	}
	h := c.restHeaders()
	if tok, ok := c.opts.Storage.Get(identityTokenKey); fallback && ok && tok != "" {
		h["Authorization"] = "Bearer " + tok
	}
	raw, err := c.postAuthorize(ctx, op, u, h, body)
	if err != nil {
		if !errors.Is(err, errIPBlocked) {
			c.authorizationEvent("error", []byte("{}"))
		}
		return "", err
	}
	tr, ok := parseTransaction(raw)
	if !ok || tr.AccessToken == "" {
		c.authorizationEvent("error", []byte("{}"))
		return "", &Error{Code: CodeProtocol, Kind: KindChatSDK, Op: op, Msg: msgTransactionToken}
	}
	if code != "" {
		// A code is good for one exchange; a reconnect must not replay it.
		c.auth.mu.Lock()
		if c.auth.code == code {
			c.auth.code = ""
		}
		c.auth.mu.Unlock()
	}
	if kind != SecuredThirdParty && tr.ExpiresIn > 0 {
		c.cacheTransaction(raw, time.Duration(tr.ExpiresIn*float64(time.Second)))
	}
	c.applyTransaction(&tr, raw)
	c.keepTransaction(&tr)
	return tr.AccessToken, nil
}

// keepTransaction remembers the token a socket opened with, for the
// reconnections of this session.
func (c *Client) keepTransaction(tr *transactionResponse) {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()
	c.auth.transaction, c.auth.transactionExp = tr.AccessToken, time.Time{}
	if tr.ExpiresIn > 0 {
		c.auth.transactionExp = c.opts.Clock.Now().Add(time.Duration(tr.ExpiresIn * float64(time.Second)))
	}
}

// applyTransaction takes in what a transaction token answer (new or
// cached) carries, and tells the page.
func (c *Client) applyTransaction(tr *transactionResponse, raw RawJSON) {
	if tr.CustomerIdentity != nil && tr.CustomerIdentity.IDOnExternalPlatform != "" {
		c.customer.setIdentity(tr.CustomerIdentity)
	}
	if tr.ThirdParty != nil {
		c.setThirdParty(tr.ThirdParty)
	}
	if tr.Contact != nil && len(tr.Contact.CustomFields) > 0 {
		c.auth.mu.Lock()
		c.auth.fields = c.auth.fields.setAll(tr.Contact.CustomFields)
		c.auth.mu.Unlock()
	}
	if tr.IdentityToken != "" {
		c.opts.Storage.Set(identityTokenKey, tr.IdentityToken)
	}
	c.authorizationEvent("success", raw)
}

// forgetTransaction drops the cached transaction token (the gateway refused
// it), so the next attempt asks for a new one.
// A third-party session keeps its in-memory token: it cannot get another
// for the same customer without a new code.
func (c *Client) forgetTransaction() {
	if c.opts.CacheStorage != nil {
		c.opts.CacheStorage.RemoveItem(transactionCacheKey)
	}
	if c.opts.SecuredSession != SecuredThirdParty {
		c.auth.mu.Lock()
		c.auth.transaction = ""
		c.auth.mu.Unlock()
	}
}

func (c *Client) authorizationEvent(status string, data RawJSON) {
	if c.opts.OnAuthorization != nil {
		c.opts.OnAuthorization(status, data)
	}
}

var errIPBlocked = errors.New("ip_blocked")

// authServiceError is the error body of the authorize service.
type authServiceError struct {
	ErrorCode    string `json:"errorCode"`
	ErrorMessage string `json:"errorMessage"`
	Error        string `json:"error"`
	Description  string `json:"error_description"`
}

func (e authServiceError) reason() string {
	for _, s := range []string{e.ErrorMessage, e.Description, e.ErrorCode, e.Error} {
		if s != "" {
			return s
		}
	}
	return ""
}

// postAuthorize POSTs body to the authorize service with credentials (its
// cookies identify returning customers) and returns the JSON answer. A
// blocked IP is an IpAddressBlockedError; a refused grant an
// AuthorizationError with the service's reason.
func (c *Client) postAuthorize(ctx context.Context, op, u string, h map[string]string, body jsonValue) (RawJSON, error) {
	ctx, cancel := withTimeout(ctx, c.opts.Clock, transactionTimeout)
	defer cancel()
	resp, err := c.opts.HTTP.Do(ctx, &HTTPRequest{Method: "POST", URL: u, Header: h, Body: encode(body), Credentials: true})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctxError(op, ctx.Err())
		}
		return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: msgTransactionToken, Err: err}
	}
	if resp.Status < 200 || resp.Status > 299 {
		se := parseServiceError(resp.Body)
		if se.ErrorCode == "ip_blocked" {
			return nil, &Error{Code: CodeUnauthorized, Kind: KindIPBlocked, Op: op, Msg: msgIPBlocked, Err: errIPBlocked}
		}
		msg := msgTransactionToken
		if r := se.reason(); r != "" {
			msg += " because of (" + r + ")"
		}
		if resp.Status == 400 || resp.Status == 401 || resp.Status == 403 {
			return nil, &Error{Code: CodeUnauthorized, Kind: KindAuthorization, Op: op, Msg: msg}
		}
		return nil, &Error{Code: CodeServer, Kind: KindChatSDK, Op: op, Msg: msg + " (status " + strconv.Itoa(resp.Status) + ")"}
	}
	if !ValidJSON(resp.Body) {
		return nil, &Error{Code: CodeProtocol, Kind: KindChatSDK, Op: op, Msg: msgTransactionToken}
	}
	return resp.Body, nil
}

// setThirdParty keeps a third-party token and schedules its refresh.
func (c *Client) setThirdParty(t *thirdPartyToken) {
	c.auth.mu.Lock()
	c.auth.thirdParty = t
	c.auth.failed = false
	c.auth.mu.Unlock()
	if t.RefreshToken != "" && t.ExpiresIn > 0 {
		c.schedule(t.ExpiresIn, c.refreshThirdParty)
	}
}

// refreshThirdParty exchanges the third-party refresh token for a new
// token at the authorize service.
func (c *Client) refreshThirdParty() {
	const op = "refreshThirdPartyToken"
	c.auth.mu.Lock()
	t := c.auth.thirdParty
	c.auth.mu.Unlock()
	if t == nil || t.RefreshToken == "" {
		return
	}
	u, err := c.authorizeURL(false)
	if err != nil {
		c.refreshFailed(err)
		return
	}
	body := members{{"thirdParty", members{{"grant_type", jstr("refresh_token")}, {"refresh_token", jstr(t.RefreshToken)}}}}
	raw, err := c.postAuthorize(c.current().ctxOrDone(), op, u, c.restHeaders(), body)
	var tp *thirdPartyToken
	if err == nil {
		var ok bool
		if tp, ok = parseThirdPartyRefresh(raw); !ok || tp == nil || tp.AccessToken == "" {
			err = &Error{Code: CodeProtocol, Kind: KindChatSDK, Op: op, Msg: msgThirdPartyFailed}
		}
	}
	if err != nil {
		c.refreshFailed(&Error{Code: ErrorCode(err), Kind: KindChatSDK, Op: op, Msg: msgThirdPartyFailed, Err: err})
		return
	}
	c.setThirdParty(tp)
}

// setAccessToken keeps the authorize flow's access token and schedules its
// refresh over the socket (RefreshToken).
func (c *Client) setAccessToken(token string, expiresIn float64) {
	c.auth.mu.Lock()
	c.auth.token, c.auth.expiresIn = token, expiresIn
	c.auth.failed = false
	c.auth.mu.Unlock()
	if expiresIn > 0 {
		c.schedule(expiresIn, c.refreshAccessToken)
	}
}

func tokenOnly(token string) jsonValue {
	return members{{"accessToken", accessToken(token)}}
}

// accessToken is {token} as data carries it.
func accessToken(token string) jsonValue { return members{{"token", jstr(token)}} }

// refreshAccessToken renews the access token before it expires. A failure
// is reported once (onError) and not retried.
func (c *Client) refreshAccessToken() {
	const op = "refreshToken"
	c.auth.mu.Lock()
	token := c.auth.token
	c.auth.mu.Unlock()
	if token == "" {
		return
	}
	ev, err := c.requestOpts(c.current().ctxOrDone(), op, "RefreshToken", tokenOnly(token), true)
	var tok string
	var exp float64
	if err == nil {
		s, root := newStrict(ev.Data)
		tok, exp, _ = s.accessTokenOf(root)
		if ev.Error != nil || ev.Type != "TokenRefreshed" || !s.ok || tok == "" {
			err = authError(op, msgRefreshFailed, ev)
		}
	}
	if err != nil {
		c.refreshFailed(err)
		return
	}
	c.setAccessToken(tok, exp)
}

// authError is the reference's AuthorizationError: the message, and the
// server's reason in parentheses when it gave one.
func authError(op, msg string, ev *Event) *Error {
	if ev != nil && ev.Error != nil && ev.Error.ErrorMessage != "" {
		msg += " because of (" + ev.Error.ErrorMessage + ")"
	}
	return &Error{Code: CodeUnauthorized, Kind: KindAuthorization, Op: op, Msg: msg, Response: ev}
}

// reconnectConsumer re-authorizes a socket with the access token
// (ReconnectConsumer), as after a reconnect. It reports whether the
// gateway accepted the token.
func (c *Client) reconnectConsumer(ctx context.Context, token string) error {
	const op = "reconnectConsumer"
	ev, err := c.requestOpts(ctx, op, "ReconnectConsumer", tokenOnly(token), true)
	if err != nil {
		return err
	}
	if ev.Error != nil {
		return authError(op, "Authorization reconnect failed", ev)
	}
	return nil
}

// afterReconnect restores the authorization of a new socket before the
// missed messages are recovered.
func (c *Client) afterReconnect(l *life) {
	c.auth.mu.Lock()
	token, exp := c.auth.token, c.auth.expiresIn
	c.auth.mu.Unlock()
	if token != "" {
		if err := c.reconnectConsumer(l.ctx, token); err != nil {
			c.refreshFailed(err)
		} else if exp > 0 {
			c.schedule(exp, c.refreshAccessToken)
		}
	}
	c.recoverMissed(l)
}

// AuthorizeOptions are the optional arguments of Authorize.
type AuthorizeOptions struct {
	Code        string  // default: the code given to connect or the options
	VisitorID   string  // default: the session's visitor id
	Fingerprint RawJSON // default: Options.Fingerprint
}

// Authorize runs the older authorization flow over the socket (the
// reference's deprecated authorize()). With an access token from an
// earlier authorization it first tries ReconnectConsumer and returns
// {"reconnected":true}. Otherwise it sends AuthorizeCustomer with the code
// and returns the ConsumerAuthorized data, after applying the customer
// identity, custom fields and access token it carries. A refusal closes the
// socket and returns an AuthorizationError with the server's reason.
func (c *Client) Authorize(ctx context.Context, o AuthorizeOptions) (RawJSON, error) {
	const op = "authorize"
	if ctx == nil {
		ctx = context.Background()
	}
	visitor := o.VisitorID
	if visitor == "" {
		visitor = c.visitorID()
	}
	if token := c.accessToken(); token != "" {
		if err := c.reconnectConsumer(ctx, token); err == nil {
			c.auth.mu.Lock()
			exp := c.auth.expiresIn
			c.auth.mu.Unlock()
			if exp > 0 {
				c.schedule(exp, c.refreshAccessToken)
			}
			return RawJSON(`{"reconnected":true}`), nil
		}
		// The token is no longer good: authorize afresh.
	}
	code := o.Code
	if code == "" {
		c.auth.mu.Lock()
		code = c.auth.code
		c.auth.mu.Unlock()
	}
	fp := o.Fingerprint
	if len(fp) == 0 {
		fp = c.opts.Fingerprint.appendJSON(nil)
	}
	var codeJSON jsonValue // null without a code
	if code != "" {
		codeJSON = jstr(code)
	}
	data := object{
		{"authorization", members{{"authorizationCode", codeJSON}}.appendJSON(nil)},
		{"browserFingerprint", fp},
		{"disableChannelInfo", RawJSON("true")},
		{"sdkVersion", jsonString(Version)},
		{"sdkPlatform", RawJSON(`"web"`)},
	}

	// The channel settings decide whether messages carry the token; read
	// them while the gateway answers.
	type infoResult struct {
		enabled, livechat, ok bool
	}
	infoCh := make(chan infoResult, 1)
	if c.opts.HTTP != nil {
		go func() { // waited for below
			var r infoResult
			defer func() { infoCh <- r }()
			defer c.recoverTo(c.current(), "authorize")
			if raw, err := c.ChannelInfo(ctx); err == nil {
				if enabled, livechat, ok := parseAuthInfo(raw); ok {
					r = infoResult{enabled, livechat, true}
				}
			}
		}()
	} else {
		infoCh <- infoResult{}
	}

	ev, err := c.requestAction(ctx, op, "register", "AuthorizeCustomer", data, visitor, false)
	info := <-infoCh
	if err != nil {
		return nil, err
	}
	d, ok := parseAuthorized(ev.Data)
	if ev.Error != nil || ev.Type != "ConsumerAuthorized" || !ok || d.Status != "success" {
		_ = c.Close()
		return nil, authError(op, msgAuthFailed, ev)
	}
	if d.ConsumerIdentity == nil || strings.TrimSpace(d.ConsumerIdentity.IDOnExternalPlatform) == "" {
		_ = c.Close()
		return nil, &Error{Code: CodeProtocol, Kind: KindChatSDK, Op: op, Msg: "Invalid customer identity", Response: ev}
	}
	c.customer.setIdentity(d.ConsumerIdentity)
	if len(d.CustomerFields) > 0 {
		c.cust.mu.Lock()
		c.cust.fields = c.cust.fields.setAll(d.CustomerFields)
		c.cust.mu.Unlock()
	}
	c.auth.mu.Lock()
	if len(d.ContactFields) > 0 {
		c.auth.fields = c.auth.fields.setAll(d.ContactFields)
	}
	if info.ok {
		c.auth.enabled = info.enabled
	}
	if code != "" && c.auth.code == code {
		c.auth.code = ""
	}
	c.auth.mu.Unlock()
	if info.ok && c.opts.IsLivechat == nil {
		c.livechat.Store(info.livechat)
	}
	if d.Token != "" {
		c.setAccessToken(d.Token, d.ExpiresIn)
	}
	return ev.Data, nil
}

// takeContactFields hands the contact custom fields that came with an
// authorization to a new thread, once.
func (c *Client) takeContactFields() fieldMap {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()
	f := c.auth.fields
	c.auth.fields = nil
	return f
}

// setIdentity applies an identity from an authorization.
func (cu *Customer) setIdentity(id *wireIdentity) {
	cu.mu.Lock()
	defer cu.mu.Unlock()
	cu.id = id.IDOnExternalPlatform
	if name := strings.TrimSpace(id.FirstName + " " + id.LastName); name != "" {
		cu.name = name
	}
	if id.Image != "" {
		cu.image = id.Image
	}
}
