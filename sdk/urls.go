package sdk

import "strings"

// The few URL operations the client needs, without net/url: in the wasm
// build net/url brought net/netip and unique with it (about 15 KB brotli)
// for parsing three configured base URLs and escaping a query.
// urls_test.go checks them against net/url.

// absURL is an absolute URL split where the client needs it.
type absURL struct {
	scheme    string // as written, e.g. "wss"
	authority string // host:port, as written
	host      string // the same (no userinfo is accepted)
	rest      string // path, without query and fragment
}

// parseAbsURL splits s as scheme://authority/path?query#fragment and
// refuses what is not an absolute URL with a host: no scheme, an empty
// host, credentials (user@), spaces, control characters or non-ASCII bytes, a malformed percent escape, a port
// that is not a number.
func parseAbsURL(s string) (absURL, bool) {
	i := strings.Index(s, "://")
	if i <= 0 || !validScheme(s[:i]) {
		return absURL{}, false
	}
	for k := 0; k < len(s); k++ {
		c := s[k]
		if c <= ' ' || c >= 0x7f { // configured endpoints are ASCII (an IDN host in its xn-- form)
			return absURL{}, false
		}
		if c == '%' && (k+2 >= len(s) || !isHex(s[k+1]) || !isHex(s[k+2])) {
			return absURL{}, false
		}
	}
	u := absURL{scheme: s[:i]}
	after := s[i+3:]
	end := strings.IndexAny(after, "/?#")
	if end < 0 {
		end = len(after)
	}
	u.authority = after[:end]
	u.host = u.authority // no user:password@: endpoints carry no credentials
	if u.host == "" || !validHostPort(u.host) {
		return absURL{}, false
	}
	path := after[end:]
	if q := strings.IndexAny(path, "?#"); q >= 0 {
		path = path[:q]
	}
	for i := 0; i < len(path); i++ {
		if c := path[i]; !(unreserved(c) || strings.IndexByte("!$&'()*+,;=:@/%", c) >= 0) {
			return absURL{}, false // a character a URL writer would escape
		}
	}
	u.rest = path
	return u, true
}

func validScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// validHostPort: a host name or [IPv6] literal, then an optional :port of
// digits.
func validHostPort(h string) bool {
	host, port := h, ""
	if strings.HasPrefix(h, "[") {
		j := strings.IndexByte(h, ']')
		if j < 0 {
			return false
		}
		host, port = h[:j+1], h[j+1:]
		if port != "" && port[0] != ':' {
			return false
		}
	} else if j := strings.LastIndexByte(h, ':'); j >= 0 {
		host, port = h[:j], h[j:]
	}
	if host == "" || host == "[]" {
		return false
	}
	if port != "" {
		for _, c := range port[1:] {
			if c < '0' || c > '9' {
				return false
			}
		}
	}
	if host[0] == '[' {
		return validIPv6(host[1 : len(host)-1])
	}
	// A registered name or IPv4 address: the characters net/url allows.
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !(unreserved(c) || strings.IndexByte("!$&'()*+,;=", c) >= 0) {
			return false
		}
	}
	return true
}

// withQuery is the URL with its query and fragment replaced by q (and
// the scheme in lower case, as net/url writes it).
func (u absURL) withQuery(q string) string {
	s := strings.ToLower(u.scheme) + "://" + u.authority + u.rest
	if q != "" {
		s += "?" + q
	}
	return s
}

// queryEscape escapes s for a query component as net/url's QueryEscape:
// letters, digits and -_.~ stay, a space becomes +, every other byte %XX.
func queryEscape(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hexDigits = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case unreserved(c):
			b = append(b, c)
		case c == ' ':
			b = append(b, '+')
		default:
			b = append(b, '%', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return string(b)
}

func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
}

// validIPv6: eight groups of 1-4 hex digits separated by colons, one "::"
// standing for one or more zero groups, the last two groups possibly an
// IPv4 address (no zone: endpoints are not link-local).
func validIPv6(s string) bool {
	groups, gap := 0, false
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], "::") {
			if gap {
				return false
			}
			gap = true
			i += 2
			if i == len(s) {
				break
			}
		} else if i > 0 {
			if s[i] != ':' {
				return false
			}
			i++
		}
		j := i
		for j < len(s) && j-i < 5 && isHex(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '.' { // an IPv4 tail
			if !validIPv4(s[i:]) {
				return false
			}
			groups += 2
			break
		}
		if j == i || j-i > 4 {
			return false
		}
		groups++
		i = j
	}
	if gap {
		return groups <= 7
	}
	return groups == 8
}

func validIPv4(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 3 || (len(p) > 1 && p[0] == '0') {
			return false
		}
		n := 0
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return false
			}
			n = n*10 + int(p[i]-'0')
		}
		if n > 255 {
			return false
		}
	}
	return true
}
