package sim

import (
	"mime"
	"net"
	"net/http"
	"strings"
)

// The guard keeps the sandbox drivable only by its own pages. It runs in
// ServeHTTP before any route, so a route is covered by where its path is,
// not by remembering to call something in its handler:
//
//   - every request must name the sandbox by a loopback Host (127.0.0.0/8,
//     [::1], localhost): a DNS-rebound name (attacker.example resolving to
//     127.0.0.1) is refused, whatever the route;
//   - a path with a "." or ".." segment is 404 before the mux cleans it;
//   - the control paths (controlPath) take requests only from the
//     sandbox's own origin or an origin of Config.AllowedOrigins ("null" is
//     never one), and any method but GET and HEAD needs
//     Content-Type: application/json, which no cross-origin page can send
//     without a preflight, and the guard answers no preflight except for
//     those origins;
//   - every other path (the gateway, REST, OAuth and the files the SDK
//     fetches) keeps the CORS a page on another loopback port needs (see
//     cors.go) and refuses browsers on any other origin, "null" included.

// controlPrefixes are the sandbox's own control paths: admin, faults, the
// received log, code minting, the console and its API, the replay
// gateway's controls. Anything registered under them is guarded.
var controlPrefixes = []string{"/sandbox/", "/console", "/replay/respond", "/replay/push", "/replay/log", "/replay/reset"}

// chatUnderControl are paths under a control prefix that the SDK itself
// reads from the customer's page, so they are chat routes: uploaded files
// served back, and streamed (GenAI) replies.
var chatUnderControl = []string{"/sandbox/files/", "/sandbox/stream/"}

// controlPath reports whether the guard's control rules apply to path.
func controlPath(path string) bool {
	for _, p := range chatUnderControl {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	if path == "/sandbox" {
		return true
	}
	for _, p := range controlPrefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// guard applies the rules above. It returns false after answering a
// refused request, or a preflight it handled.
func (s *Server) guard(w http.ResponseWriter, r *http.Request) bool {
	if !loopbackHost(r.Host) {
		refuse(w, http.StatusMisdirectedRequest, "the sandbox answers only to a loopback Host (127.0.0.1, [::1], localhost), not "+r.Host)
		return false
	}
	if dotSegment(r.URL.Path) {
		http.NotFound(w, r)
		return false
	}
	if !controlPath(r.URL.Path) {
		return s.chatGuard(w, r)
	}
	h := w.Header()
	h.Set("X-Frame-Options", "SAMEORIGIN") // the console is not to be framed by another page
	h.Set("Cache-Control", "no-store")
	h.Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	allowed := false // a cross-origin page the flag allows
	switch {
	case origin != "":
		if origin == "null" || !(s.sameOrigin(r, origin) || s.allowedOrigin(origin)) {
			refuse(w, http.StatusForbidden, "admin routes take requests only from the sandbox's own pages (Origin "+origin+" is not allowed; see -allow-origin)")
			return false
		}
		allowed = !s.sameOrigin(r, origin)
	case !fetchSiteOK(r):
		// No Origin: a same-origin GET, a top-level navigation, or a
		// client that is not a browser. Fetch metadata tells the rest: an
		// <img>, <script> or <iframe> of another site.
		refuse(w, http.StatusForbidden, "admin routes take requests only from the sandbox's own pages (Sec-Fetch-Site "+r.Header.Get("Sec-Fetch-Site")+")")
		return false
	}
	if allowed {
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Content-Type")
		h.Set("Access-Control-Max-Age", "600")
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		return true
	case http.MethodOptions:
		if !allowed {
			refuse(w, http.StatusForbidden, "admin routes answer no cross-origin preflight")
			return false
		}
		w.WriteHeader(http.StatusNoContent)
		return false
	}
	if !jsonContentType(r.Header.Get("Content-Type")) {
		refuse(w, http.StatusUnsupportedMediaType, "admin routes take Content-Type: application/json, not "+strconvQuote(r.Header.Get("Content-Type")))
		return false
	}
	return true
}

// chatGuard refuses a browser on an origin that is neither loopback nor
// the sandbox's own (an opaque "null" origin included), then sets the
// chat CORS headers. It returns false after answering.
func (s *Server) chatGuard(w http.ResponseWriter, r *http.Request) bool {
	if origin := r.Header.Get("Origin"); origin != "" && !loopbackOrigin(origin) && !s.sameOrigin(r, origin) && !s.allowedOrigin(origin) {
		refuse(w, http.StatusForbidden, "the sandbox serves pages on loopback origins only, not "+origin)
		return false
	}
	if cors(w, r) && !strings.HasPrefix(r.URL.Path, "/replay/") {
		w.WriteHeader(http.StatusNoContent)
		return false
	}
	return true
}

// refuse answers a plain-text refusal; the body says which rule refused.
func refuse(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write([]byte("sandbox: " + msg + "\n"))
}

// sameOrigin reports whether origin is the origin the request was sent to.
func (s *Server) sameOrigin(r *http.Request, origin string) bool {
	scheme := "http://"
	if r.TLS != nil {
		scheme = "https://"
	}
	return strings.EqualFold(origin, scheme+r.Host)
}

// allowedOrigin reports whether Config.AllowedOrigins names origin.
func (s *Server) allowedOrigin(origin string) bool {
	for _, o := range s.cfg.AllowedOrigins {
		if o != "null" && strings.EqualFold(strings.TrimSuffix(o, "/"), origin) {
			return true
		}
	}
	return false
}

// fetchSiteOK reports whether a request without Origin may reach a
// control path by its fetch metadata: absent (not a browser, or one too
// old to send it), same-origin, a visit the user started ("none"), or a
// GET navigation of a whole tab, which shows the answer to the user and
// never to the page that linked it.
func fetchSiteOK(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return true
	}
	return r.Method == http.MethodGet && r.Header.Get("Sec-Fetch-Mode") == "navigate" && r.Header.Get("Sec-Fetch-Dest") == "document"
}

// jsonContentType reports whether ct is application/json (any parameters).
func jsonContentType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

// loopbackHost reports whether a Host header names this machine by a
// loopback address or "localhost", with or without a port.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// dotSegment reports whether a decoded path has a "." or ".." segment
// (such as /%2e%2e/), which no route has and the mux would only redirect.
func dotSegment(path string) bool {
	for _, seg := range strings.Split(path, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

func strconvQuote(s string) string {
	if s == "" {
		return "none"
	}
	return `"` + s + `"`
}
