package sdk

import (
	"strconv"
	"time"
)

// Version is the reference Chat Web SDK API level this core speaks. It goes
// on the wire (sdkVersion, X-Sdk-Version), where the gateway checks it.
const Version = "3.3.0"

// Options configure a Client. The zero value of every optional field means
// the default written beside it.
type Options struct {
	BrandID           int64      // required, > 0
	ChannelID         string     // required
	Environment       string     // a region (NA1, EU1, …) or "custom"; default NA1
	CustomEnvironment *Endpoints // required when Environment is "custom"

	CustomerID string // default: the id kept in Storage, else a new uuid (then stored)
	// FirstCustomerID is the id to take (and store) instead of a new uuid
	// when neither CustomerID nor Storage has one: the browser shim names the
	// id it put on a socket opened before the runtime started.
	FirstCustomerID string
	CustomerName    string // split at the first space into firstName/lastName on the wire
	CustomerImage   string
	VisitorID       string // default: the one kept in Storage ("visitorId"), else a new uuid (then stored)
	VisitID         string // default none
	DestinationID   string // default none

	IsLivechat             *bool // default: learned from the channel info at Connect
	IsAuthorizationEnabled bool  // attach the access token to messages

	// SecuredSession is "" (a guest session with a customerId on the socket
	// URL) or one of SecuredAnonymous, SecuredCookies, SecuredThirdParty: a
	// transaction token from the authorize service then opens the socket.
	SecuredSession               string
	IsThirdPartyCookiesSupported bool   // secured cookies: false asks for the storage fallback
	AuthorizationCode            string // exchanged for an identity (third-party sessions, Authorize)
	// OnAuthorization hears "success" (with the authorize service's answer)
	// or "error" (with {}) for each transaction token request.
	OnAuthorization func(status string, data RawJSON)
	// TokenRefreshMinDelay is the earliest a token is renewed; default 20s
	// (tokens are renewed at 90% of their life, but not sooner than this).
	TokenRefreshMinDelay time.Duration

	AppName        string            // X-Caller-Service-Id; default "chat-web-sdk"
	AppVersion     string            // the socket's v; default "0"
	Language       string            // locale for channel info (en-US or en_US); default "en-US"
	WebsocketQuery [][2]string       // extra socket query pairs, sent first
	HTTPHeaders    map[string]string // extra REST headers
	Fingerprint    Fingerprint       // sent with every message; default applicationType "browser" only

	RequestTimeout    time.Duration // bound on every request; default 20s
	HeartbeatInterval time.Duration // default 15s
	HeartbeatTimeout  time.Duration // silence after which the socket is dead; default 45s

	ReconnectMinDelay    time.Duration // first retry waits about this (±50% jitter); default 1s
	ReconnectMaxDelay    time.Duration // cap of the ×1.3 backoff; default 30s
	MaxReconnectAttempts int           // then the session ends with a WebSocketConnectionError; default 20
	RequestRateLimit     int           // requests allowed in any 5 s (more wait); default 100, negative = no limit

	Dialer  Dialer      // required for Connect
	HTTP    HTTPDoer    // required for REST calls
	Streams EventStream // for streamed (GenAI) messages; without it they fail
	Storage Storage     // default: in memory
	// CacheStorage keeps the transaction token answer of a secured session
	// until it expires (the reference's cacheStorage option). Default none:
	// every connect asks the authorize service, as with the reference.
	CacheStorage CacheStorage
	Clock        Clock // default: the system clock
	NewID        func() string

	// privateStorage: Storage is the in-memory default, which no other
	// Client (and no later page) can read, so the outbox is not stored.
	privateStorage bool

	// The callbacks all run on the session's loop, one at a time, so they
	// never overlap; none must block for long (events wait meanwhile). A
	// request made from one fails at once with invalid-argument (its reply
	// could only come once the callback returned); Close from one returns
	// at once, and no callback of that session follows.

	// OnEvent receives every dispatched event in arrival order.
	OnEvent func(*Event)
	// OnConnection receives connection state changes: "open", "close",
	// "reconnecting", "error" (see the WebSocketClientEvent names).
	OnConnection func(state string, err error)
	// OnRawFrame receives every inbound text frame before it is decoded.
	OnRawFrame func(frame []byte)
	// OnError receives errors that have no caller to return to (a panic
	// recovered in a background goroutine, a failed content fetch or
	// token refresh, a dead heartbeat).
	OnError func(error)
}

// Fingerprint describes the browser on every SendMessage (browserFingerprint).
type Fingerprint struct {
	Browser         *string `json:"browser"`
	BrowserVersion  *string `json:"browserVersion"`
	Country         string  `json:"country"`
	IP              *string `json:"ip"`
	Language        string  `json:"language"`
	Location        string  `json:"location"`
	OS              *string `json:"os"`
	OSVersion       *string `json:"osVersion"`
	DeviceType      string  `json:"deviceType"`
	ApplicationType string  `json:"applicationType"`
}

func (f Fingerprint) appendJSON(b []byte) []byte {
	opt := func(b []byte, key string, s *string) []byte {
		b = append(b, key...)
		if s == nil {
			return append(b, "null"...)
		}
		return appendString(b, *s)
	}
	b = opt(b, `{"browser":`, f.Browser)
	b = opt(b, `,"browserVersion":`, f.BrowserVersion)
	b = append(b, `,"country":`...)
	b = appendString(b, f.Country)
	b = opt(b, `,"ip":`, f.IP)
	b = append(b, `,"language":`...)
	b = appendString(b, f.Language)
	b = append(b, `,"location":`...)
	b = appendString(b, f.Location)
	b = opt(b, `,"os":`, f.OS)
	b = opt(b, `,"osVersion":`, f.OSVersion)
	b = append(b, `,"deviceType":`...)
	b = appendString(b, f.DeviceType)
	b = append(b, `,"applicationType":`...)
	b = appendString(b, f.ApplicationType)
	return append(b, '}')
}

// withDefaults validates o and returns a copy with defaults filled in.
func (o *Options) withDefaults() (Options, Endpoints, error) {
	if o == nil {
		return Options{}, Endpoints{}, invalidArg("options", "No options was provided for initialization of ChatSdk")
	}
	c := *o
	if c.BrandID <= 0 {
		return c, Endpoints{}, invalidArg("options", "Missing BrandID")
	}
	if c.ChannelID == "" {
		return c, Endpoints{}, invalidArg("options", "Missing ChannelId")
	}
	if c.Environment == "" {
		c.Environment = "NA1"
	}
	ep, err := ResolveEndpoints(c.Environment, c.CustomEnvironment)
	if err != nil {
		return c, Endpoints{}, err
	}
	if c.AppName == "" {
		c.AppName = "chat-web-sdk"
	}
	if c.AppVersion == "" {
		c.AppVersion = "0"
	}
	if c.Language == "" {
		c.Language = "en-US"
	}
	if c.Fingerprint.ApplicationType == "" {
		c.Fingerprint.ApplicationType = "browser"
	}
	if c.Fingerprint.DeviceType == "" {
		c.Fingerprint.DeviceType = "desktop"
	}
	switch c.SecuredSession {
	case "", SecuredAnonymous, SecuredCookies, SecuredThirdParty:
	default:
		return c, Endpoints{}, invalidArg("options", "Expected a SecureSessions value, got "+c.SecuredSession)
	}
	if c.TokenRefreshMinDelay <= 0 {
		c.TokenRefreshMinDelay = 20 * time.Second
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 20 * time.Second
	}
	if c.HeartbeatInterval <= 0 {
		c.HeartbeatInterval = 15 * time.Second
	}
	if c.HeartbeatTimeout <= 0 {
		c.HeartbeatTimeout = 45 * time.Second
	}
	if c.ReconnectMinDelay <= 0 {
		c.ReconnectMinDelay = time.Second
	}
	if c.ReconnectMaxDelay <= 0 {
		c.ReconnectMaxDelay = 30 * time.Second
	}
	if c.MaxReconnectAttempts <= 0 {
		c.MaxReconnectAttempts = 20
	}
	if c.RequestRateLimit == 0 {
		c.RequestRateLimit = 100
	}
	if c.Storage == nil {
		c.Storage = NewMemoryStorage()
		c.privateStorage = true
	}
	if c.Clock == nil {
		c.Clock = systemClock{}
	}
	if c.NewID == nil {
		c.NewID = NewID
	}
	return c, ep, nil
}

// socketURL builds the gateway URL with the reference's query order
// (PROTOCOL.md §2): extra pairs, v, sdkPlatform, sdkVersion, brandId,
// channelId, customerId, visitorId.
func (c *Client) socketURL(transactionToken string) (string, error) {
	u, ok := parseAbsURL(c.ep.Gateway)
	if !ok {
		return "", invalidArg("connect", "Invalid URL: "+c.ep.Gateway+". Make sure it is a valid URL.")
	}
	var q []byte
	add := func(k, v string) {
		if len(q) > 0 {
			q = append(q, '&')
		}
		q = append(q, queryEscape(k)...)
		q = append(q, '=')
		q = append(q, queryEscape(v)...)
	}
	for _, kv := range c.opts.WebsocketQuery {
		add(kv[0], kv[1])
	}
	add("v", c.opts.AppVersion)
	add("sdkPlatform", "web")
	add("sdkVersion", Version)
	add("brandId", strconv.FormatInt(c.opts.BrandID, 10))
	add("channelId", c.opts.ChannelID)
	if !c.secured() {
		add("customerId", c.customer.ID())
	}
	add("visitorId", c.opts.VisitorID)
	if c.secured() {
		add("transactionToken", transactionToken)
	}
	return u.withQuery(string(q)), nil
}
