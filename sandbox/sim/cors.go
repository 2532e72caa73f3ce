package sim

import (
	"net"
	"net/http"
	"net/url"
)

// cors sets the CORS headers of the chat routes (the gateway, REST, OAuth
// and the files the SDK fetches), so that a page on any loopback origin (a
// dev server on another port) can call the simulator with credentials, as
// the authorize service is called. Other origins get no CORS grant (and
// the guard refuses them): the simulator's cookies are for local pages.
// The control routes never get these headers (guard.go). It reports
// whether r is a preflight (OPTIONS) request.
func cors(w http.ResponseWriter, r *http.Request) bool {
	h := w.Header()
	if origin := r.Header.Get("Origin"); origin != "" && loopbackOrigin(origin) {
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Credentials", "true")
	}
	h.Add("Vary", "Origin")
	h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
	if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
		h.Set("Access-Control-Allow-Headers", req)
	}
	if r.Header.Get("Access-Control-Request-Private-Network") == "true" {
		h.Set("Access-Control-Allow-Private-Network", "true")
	}
	h.Set("Access-Control-Max-Age", "600")
	return r.Method == http.MethodOptions
}

// loopbackOrigin reports whether origin is a page on this machine
// (127.0.0.0/8, ::1, localhost). An opaque origin ("null": a sandboxed
// iframe, a file:// page, a data: URL) is not: any site can make one.
func loopbackOrigin(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
