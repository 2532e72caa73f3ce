//go:build js && wasm

package main

import (
	"errors"
	"strconv"
	"time"

	"github.com/hack-pad/safejs"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

// jsOptions is the JSON the shim sends for the page's ChatSDKOptions
// (functions and storage objects stay in JS and are passed separately).
type jsOptions struct {
	BrandID                sdk.JSONValue // brandId: a number or a numeric string
	ChannelID              string
	Environment            string
	CustomEnvironment      *sdk.Endpoints
	CustomerID             string
	CustomerName           string
	CustomerImage          string
	FirstCustomerID        string // the shim's: the id an early socket named (js/predial.js)
	VisitorID              string
	VisitID                string
	DestinationID          string
	IsLivechat             *bool
	AppName                string
	AppVersion             sdk.JSONValue
	Language               string
	RequestTimeout         float64 // ms
	RawEvents              bool    // the page set onRawEvent
	IsAuthorizationEnabled bool
	SecuredSession         *string
	ThirdPartyCookies      bool // isThirdPartyCookiesSupported
	AuthorizationCode      string
	TokenRefreshMinDelay   float64 // ms; ours, for tests

	// Connection tuning (ours; the defaults are the reference's timings).
	HeartbeatInterval    float64 // ms
	HeartbeatTimeout     float64 // ms
	ReconnectMinDelay    float64 // ms
	ReconnectMaxDelay    float64 // ms
	MaxReconnectAttempts int     // then WebSocketConnectionError
	RequestRateLimit     int     // per 5 s; negative = none

	// networkRequestMetadata
	HTTPHeaders    map[string]string
	WebsocketQuery [][2]string // in the page's order
}

// parseOptions reads the options JSON; members are named as the reference
// names them.
func parseOptions(raw []byte) (*jsOptions, error) {
	f, err := decode(raw)
	if err != nil {
		return nil, err
	}
	in := &jsOptions{
		BrandID:                f.v.Get("brandId"),
		ChannelID:              f.str("channelId"),
		Environment:            f.str("environment"),
		CustomerID:             f.str("customerId"),
		CustomerName:           f.str("customerName"),
		CustomerImage:          f.str("customerImage"),
		FirstCustomerID:        f.str("firstCustomerId"),
		VisitorID:              f.str("visitorId"),
		VisitID:                f.str("visitId"),
		DestinationID:          f.str("destinationId"),
		IsLivechat:             f.boolPtr("isLivechat"),
		AppName:                f.str("appName"),
		AppVersion:             f.v.Get("appVersion"),
		Language:               f.str("language"),
		RequestTimeout:         f.num("requestTimeout"),
		RawEvents:              f.boolean("rawEvents"),
		IsAuthorizationEnabled: f.boolean("isAuthorizationEnabled"),
		SecuredSession:         f.strPtr("securedSession"),
		ThirdPartyCookies:      f.boolean("isThirdPartyCookiesSupported"),
		AuthorizationCode:      f.str("authorizationCode"),
		TokenRefreshMinDelay:   f.num("tokenRefreshMinDelay"),
		HeartbeatInterval:      f.num("heartbeatInterval"),
		HeartbeatTimeout:       f.num("heartbeatTimeout"),
		ReconnectMinDelay:      f.num("reconnectMinDelay"),
		ReconnectMaxDelay:      f.num("reconnectMaxDelay"),
		MaxReconnectAttempts:   f.integer("maxReconnectAttempts"),
		RequestRateLimit:       f.integer("requestRateLimit"),
	}
	if env := f.object("customEnvironment"); env.v.IsObject() {
		in.CustomEnvironment = &sdk.Endpoints{Name: env.str("name"), Chat: env.str("chat"), Gateway: env.str("gateway"), Authorize: env.str("authorize")}
		f.merge("customEnvironment", env)
	}
	meta := f.object("networkRequestMetadata")
	in.HTTPHeaders = meta.stringMap("httpHeaders")
	q := meta.object("websocketQuery")
	q.v.Members(func(k string, v sdk.JSONValue) {
		if _, ok := v.Float(); v.IsNumber() && !ok {
			q.fail(k, "a number in range")
		}
		in.WebsocketQuery = append(in.WebsocketQuery, [2]string{k, queryValue(v)})
	})
	meta.merge("websocketQuery", q)
	f.merge("networkRequestMetadata", meta)
	if f.err != "" {
		return nil, errors.New(f.err)
	}
	return in, nil
}

func (in *jsOptions) toOptions() (*sdk.Options, error) {
	brand, err := parseBrand(in.BrandID)
	if err != nil {
		return nil, err
	}
	o := &sdk.Options{
		BrandID:           brand,
		ChannelID:         in.ChannelID,
		Environment:       in.Environment,
		CustomEnvironment: in.CustomEnvironment,
		CustomerID:        in.CustomerID,
		CustomerName:      in.CustomerName,
		CustomerImage:     in.CustomerImage,
		FirstCustomerID:   in.FirstCustomerID,
		VisitorID:         in.VisitorID,
		VisitID:           in.VisitID,
		DestinationID:     in.DestinationID,
		IsLivechat:        in.IsLivechat,
		AppName:           in.AppName,
		AppVersion:        scalarString(in.AppVersion),
		Language:          in.Language,
		RequestTimeout:    time.Duration(in.RequestTimeout * float64(time.Millisecond)),
		HTTPHeaders:       in.HTTPHeaders,

		IsAuthorizationEnabled:       in.IsAuthorizationEnabled,
		IsThirdPartyCookiesSupported: in.ThirdPartyCookies,
		AuthorizationCode:            in.AuthorizationCode,
		TokenRefreshMinDelay:         time.Duration(in.TokenRefreshMinDelay * float64(time.Millisecond)),
		HeartbeatInterval:            ms(in.HeartbeatInterval),
		HeartbeatTimeout:             ms(in.HeartbeatTimeout),
		ReconnectMinDelay:            ms(in.ReconnectMinDelay),
		ReconnectMaxDelay:            ms(in.ReconnectMaxDelay),
		MaxReconnectAttempts:         in.MaxReconnectAttempts,
		RequestRateLimit:             in.RequestRateLimit,
	}
	if in.SecuredSession != nil {
		o.SecuredSession = *in.SecuredSession
	}
	o.WebsocketQuery = in.WebsocketQuery
	return o, nil
}

func ms(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

// parseBrand accepts a number or a numeric string, as Number(brandId) would.
func parseBrand(raw sdk.JSONValue) (int64, error) {
	s := scalarString(raw)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, &sdk.Error{Code: sdk.CodeInvalidArgument, Kind: sdk.KindChatSDK, Op: "options", Msg: "Missing BrandID"}
	}
	return n, nil
}

// browserFingerprint reads the browser's user agent, language and time zone.
func browserFingerprint() sdk.Fingerprint {
	get := func(v safejs.Value, path ...string) string {
		for _, p := range path {
			var err error
			if v, err = v.Get(p); err != nil || v.IsUndefined() || v.IsNull() {
				return ""
			}
		}
		s, _ := v.String()
		return s
	}
	nav := safejs.Global()
	ua := get(nav, "navigator", "userAgent")
	lang := get(nav, "navigator", "language")
	// Temporal.Now.timeZoneId() answers in about 0.1 ms; the first
	// Intl.DateTimeFormat() of a page loads locale data and took 40-320 ms
	// in Chromium 156, on the way to the first socket. Intl is the fallback
	// for browsers without Temporal.
	tz := ""
	if now, err := nav.Get("Temporal"); err == nil && now.Type() == safejs.TypeObject {
		if n, err := now.Get("Now"); err == nil && n.Type() == safejs.TypeObject {
			if id, err := n.Call("timeZoneId"); err == nil && id.Type() == safejs.TypeString {
				tz, _ = id.String()
			}
		}
	}
	if tz != "" {
		return sdk.FingerprintFromBrowser(ua, lang, tz)
	}
	if intl, err := safejs.Global().Get("Intl"); err == nil {
		if dtf, err := intl.Call("DateTimeFormat"); err == nil {
			if ro, err := dtf.Call("resolvedOptions"); err == nil {
				tz = get(ro, "timeZone")
			}
		}
	}
	return sdk.FingerprintFromBrowser(ua, lang, tz)
}
