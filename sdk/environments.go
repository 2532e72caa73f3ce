package sdk

import (
	"strings"
)

// Endpoints are the three base URLs of a CXone environment.
type Endpoints struct {
	Name      string `json:"name"`
	Chat      string `json:"chat"`      // REST base, e.g. https://channels-de-na1.niceincontact.com
	Gateway   string `json:"gateway"`   // WebSocket base, e.g. wss://chat-gw-de-na1.niceincontact.com
	Authorize string `json:"authorize"` // OAuth base, e.g. https://digital-oauth-de-na1.niceincontact.com
}

// EnvironmentCustom selects Options.CustomEnvironment.
const EnvironmentCustom = "custom"

// regionDNS maps each CXone region to its public DNS suffix (PROTOCOL.md §1).
var regionDNS = map[string]string{
	"AE1": "nicecxone.com",
	"AU1": "niceincontact.com",
	"AU2": "nicecxone-sov1.au",
	"CA1": "niceincontact.com",
	"EU1": "niceincontact.com",
	"EU2": "nicecxone-sov1.eu",
	"JO1": "nicecxone.com",
	"JP1": "niceincontact.com",
	"KR1": "nicecxone.com",
	"NA1": "niceincontact.com",
	"NA2": "nicecxone-gov.com",
	"UK1": "niceincontact.com",
	"UK2": "nicecxone-sov1.uk",
	"ZA1": "nicecxone.com",
}

// Regions lists the region names in alphabetical order.
func Regions() []string {
	return []string{"AE1", "AU1", "AU2", "CA1", "EU1", "EU2", "JO1", "JP1", "KR1", "NA1", "NA2", "UK1", "UK2", "ZA1"}
}

// ResolveEndpoints returns the endpoints of a region, or custom verbatim when
// env is "custom". custom must then be given and name absolute chat, gateway
// and authorize URLs.
func ResolveEndpoints(env string, custom *Endpoints) (Endpoints, error) {
	if env == EnvironmentCustom {
		if custom == nil || (custom.Chat == "" && custom.Gateway == "" && custom.Authorize == "") {
			return Endpoints{}, invalidArg("environment", `customEnvironment must be provided when environment is set to "custom"`)
		}
		for _, u := range []struct{ field, v string }{{"chat", custom.Chat}, {"gateway", custom.Gateway}} {
			if _, ok := parseAbsURL(u.v); !ok {
				return Endpoints{}, invalidArg("environment", "customEnvironment."+u.field+" must be an absolute URL, got "+quote(u.v))
			}
		}
		return *custom, nil
	}
	dns, ok := regionDNS[env]
	if !ok {
		return Endpoints{}, invalidArg("environment", "Unknown environment: "+env)
	}
	r := strings.ToLower(env)
	return Endpoints{
		Name:      env,
		Chat:      "https://channels-de-" + r + "." + dns,
		Gateway:   "wss://chat-gw-de-" + r + "." + dns,
		Authorize: "https://digital-oauth-de-" + r + "." + dns,
	}, nil
}
