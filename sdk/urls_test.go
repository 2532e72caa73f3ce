package sdk

import (
	"net/url"
	"strings"
	"testing"
)

var urlSeeds = []string{
	"wss://chat-gw-de-na1.niceincontact.com",
	"wss://chat-gw-de-na1.niceincontact.com/",
	"https://channels-de-na1.niceincontact.com/chat",
	"ws://127.0.0.1:8080/gw",
	"ws://127.0.0.1:8080/gw?old=1#frag",
	"http://[::1]:9000/path/x",
	"http://[2001:db8::7]/x",
	"http://[::ffff:192.0.2.1]:80",
	"http://[1:2:3:4:5:6:7:8]",
	"http://[0]",
	"http://[1::2::3]",
	"http://::",
	"https://user:pw@example.com/base?x=y",
	"https://example.com:443",
	"wss://host.example/p%20q",
	"//no-scheme.example",
	"no-scheme",
	"https://",
	"https:///path",
	"https://exa mple.com",
	"https://example.com/a b",
	"https://example.com:port",
	"https://example.com/%zz",
	"1http://example.com",
	"https://exam\x00ple.com",
	"https://[::1/x",
	"",
}

// FuzzParseAbsURL: what parseAbsURL accepts, net/url accepts with the same
// scheme and host, and the query built on it parses back (with net/url) to
// the same scheme, host, path and query.
func FuzzParseAbsURL(f *testing.F) {
	for _, s := range urlSeeds {
		f.Add(s, "brandId=1&channelId=chat_abc")
	}
	f.Fuzz(func(t *testing.T, s, q string) {
		u, ok := parseAbsURL(s)
		if !ok {
			return
		}
		p, err := url.Parse(s)
		if err != nil {
			t.Fatalf("ours accepts %q, net/url does not: %v", s, err)
		}
		if p.Scheme == "" || p.Host == "" {
			t.Fatalf("ours accepts %q, net/url finds scheme %q host %q", s, p.Scheme, p.Host)
		}
		if !strings.EqualFold(u.scheme, p.Scheme) || u.host != p.Host {
			t.Fatalf("%q: ours scheme %q host %q, net/url %q %q", s, u.scheme, u.host, p.Scheme, p.Host)
		}
		query := queryEscape("k") + "=" + queryEscape(q)
		back, err := url.Parse(u.withQuery(query))
		if err != nil {
			t.Fatalf("%q with query: %v", u.withQuery(query), err)
		}
		if back.Host != p.Host || back.EscapedPath() != p.EscapedPath() || back.Query().Get("k") != q {
			t.Fatalf("%q: rebuilt %q (host %q path %q k %q)", s, u.withQuery(query), back.Host, back.EscapedPath(), back.Query().Get("k"))
		}
		// As the net/url code it replaced: the query and fragment replaced.
		p.RawQuery, p.Fragment, p.RawFragment = query, "", ""
		if got, want := u.withQuery(query), p.String(); got != want {
			t.Fatalf("%q: ours %q, net/url %q", s, got, want)
		}
	})
}

// TestParseAbsURLAcceptsRealEndpoints: every region's endpoints and the
// sandbox's are accepted (stricter than net/url must not mean refusing
// a real configuration).
func TestParseAbsURLAcceptsRealEndpoints(t *testing.T) {
	var all []string
	for _, r := range Regions() {
		ep, err := ResolveEndpoints(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ep.Chat, ep.Gateway, ep.Authorize)
	}
	all = append(all, "ws://127.0.0.1:8080/gw", "http://127.0.0.1:8080", "http://[::1]:8080/auth")
	for _, s := range all {
		if _, ok := parseAbsURL(s); !ok {
			t.Errorf("%q refused", s)
		}
	}
	for _, s := range []string{"https://user:pw@example.com", "no-scheme", "https://", "https://exa mple.com", "https://example.com:port", "https://example.com/%zz"} {
		if _, ok := parseAbsURL(s); ok {
			t.Errorf("%q accepted", s)
		}
	}
}

// FuzzQueryEscape: the same bytes as net/url's QueryEscape.
func FuzzQueryEscape(f *testing.F) {
	for _, s := range []string{"", "chat_abc", "a b+c&d=e", "ünïcode ✓", "~-._", "%41", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := queryEscape(s), url.QueryEscape(s); got != want {
			t.Fatalf("queryEscape(%q) = %q, net/url %q", s, got, want)
		}
	})
}
