package sim

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestGuardCoversNewRoutes: a route registered today by another file under
// a control prefix (here a made-up channel switch and console API) is
// guarded without doing anything, and one under a chat path is not.
func TestGuardCoversNewRoutes(t *testing.T) {
	s := New(Config{})
	defer s.Close()
	reached := 0
	for _, p := range []string{"POST /sandbox/channels/{id}/offline", "POST /console/api/mute", "POST /sandbox/attachments/limits"} {
		s.mux.HandleFunc(p, func(w http.ResponseWriter, _ *http.Request) { reached++ })
	}
	for _, path := range []string{"/sandbox/channels/chat_abc/offline", "/console/api/mute", "/sandbox/attachments/limits"} {
		for _, origin := range []string{"null", "http://127.0.0.1:1"} {
			req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8080"+path, strings.NewReader(`{}`))
			req.Header.Set("Origin", origin)
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != http.StatusForbidden {
				t.Errorf("%s from %s: HTTP %d", path, origin, rec.Code)
			}
		}
		req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8080"+path, strings.NewReader(`{}`))
		req.Header.Set("Origin", "http://127.0.0.1:8080")
		req.Header.Set("Content-Type", "application/json")
		s.ServeHTTP(httptest.NewRecorder(), req)
	}
	if reached != 3 {
		t.Fatalf("same-origin requests reached %d of 3 new routes", reached)
	}
	for _, p := range []string{"/sandbox/files/x/y.png", "/sandbox/stream/x", "/gw", "/chat/1.0/brand/1/channel/c", "/oauth/token", "/replay/gw", "/replay/auth/oauth/token", "/index.html"} {
		if controlPath(p) {
			t.Errorf("%s is a chat route, not a control one", p)
		}
	}
}
