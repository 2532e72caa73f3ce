//go:build js && wasm

package main

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/hack-pad/safejs"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

// jsOptions is the JSON the shim sends for the page's ChatSDKOptions
// (functions and storage objects stay in JS and are passed separately).
type jsOptions struct {
	BrandID                sdk.RawJSON    `json:"brandId"`
	ChannelID              string         `json:"channelId"`
	Environment            string         `json:"environment"`
	CustomEnvironment      *sdk.Endpoints `json:"customEnvironment"`
	CustomerID             string         `json:"customerId"`
	CustomerName           string         `json:"customerName"`
	CustomerImage          string         `json:"customerImage"`
	VisitorID              string         `json:"visitorId"`
	VisitID                string         `json:"visitId"`
	DestinationID          string         `json:"destinationId"`
	IsLivechat             *bool          `json:"isLivechat"`
	AppName                string         `json:"appName"`
	AppVersion             sdk.RawJSON    `json:"appVersion"`
	Language               string         `json:"language"`
	RequestTimeout         float64        `json:"requestTimeout"` // ms
	RawEvents              bool           `json:"rawEvents"`      // the page set onRawEvent
	IsAuthorizationEnabled bool           `json:"isAuthorizationEnabled"`
	SecuredSession         *string        `json:"securedSession"`
	ThirdPartyCookies      bool           `json:"isThirdPartyCookiesSupported"`
	AuthorizationCode      string         `json:"authorizationCode"`
	TokenRefreshMinDelay   float64        `json:"tokenRefreshMinDelay"` // ms; ours, for tests

	// Connection tuning (ours; the defaults are the reference's timings).
	HeartbeatInterval      float64 `json:"heartbeatInterval"`    // ms
	HeartbeatTimeout       float64 `json:"heartbeatTimeout"`     // ms
	ReconnectMinDelay      float64 `json:"reconnectMinDelay"`    // ms
	ReconnectMaxDelay      float64 `json:"reconnectMaxDelay"`    // ms
	MaxReconnectAttempts   int     `json:"maxReconnectAttempts"` // then WebSocketConnectionError
	RequestRateLimit       int     `json:"requestRateLimit"`     // per 5 s; negative = none
	NetworkRequestMetadata struct {
		HTTPHeaders    map[string]string `json:"httpHeaders"`
		WebsocketQuery map[string]any    `json:"websocketQuery"`
	} `json:"networkRequestMetadata"`
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
		VisitorID:         in.VisitorID,
		VisitID:           in.VisitID,
		DestinationID:     in.DestinationID,
		IsLivechat:        in.IsLivechat,
		AppName:           in.AppName,
		AppVersion:        scalarString(in.AppVersion),
		Language:          in.Language,
		RequestTimeout:    time.Duration(in.RequestTimeout * float64(time.Millisecond)),
		HTTPHeaders:       in.NetworkRequestMetadata.HTTPHeaders,

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
	for k, v := range in.NetworkRequestMetadata.WebsocketQuery {
		o.WebsocketQuery = append(o.WebsocketQuery, [2]string{k, scalarString(mustMarshal(v))})
	}
	return o, nil
}

func ms(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

// parseBrand accepts a number or a numeric string, as Number(brandId) would.
func parseBrand(raw sdk.RawJSON) (int64, error) {
	s := scalarString(raw)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, &sdk.Error{Code: sdk.CodeInvalidArgument, Kind: sdk.KindChatSDK, Op: "options", Msg: "Missing BrandID"}
	}
	return n, nil
}

// scalarString renders a JSON string or number as text ("" for others).
func scalarString(raw sdk.RawJSON) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

func mustMarshal(v any) sdk.RawJSON {
	b, _ := json.Marshal(v)
	return b
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
	tz := ""
	if intl, err := safejs.Global().Get("Intl"); err == nil {
		if dtf, err := intl.Call("DateTimeFormat"); err == nil {
			if ro, err := dtf.Call("resolvedOptions"); err == nil {
				tz = get(ro, "timeZone")
			}
		}
	}
	return sdk.FingerprintFromBrowser(ua, lang, tz)
}
