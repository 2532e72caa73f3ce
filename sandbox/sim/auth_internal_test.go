package sim

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCodesPruned: issued codes expire and are forgotten, used or not, so
// a sandbox left running does not keep every code it ever issued; and no
// more than maxCodes are outstanding at once.
func TestCodesPruned(t *testing.T) {
	var mu sync.Mutex
	now := time.Unix(1_800_000_000, 0)
	s := New(Config{CodeTTL: time.Minute, Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	defer s.Close()
	mint := func() int {
		req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/sandbox/auth/code", strings.NewReader(`{"customerId":"cust-ann","brandId":1086}`))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec.Code
	}
	kept := func() int {
		s.auth.mu.Lock()
		defer s.auth.mu.Unlock()
		return len(s.auth.codes)
	}
	for range 50 {
		if code := mint(); code != http.StatusOK {
			t.Fatalf("mint: HTTP %d", code)
		}
	}
	mu.Lock()
	now = now.Add(3 * time.Minute)
	mu.Unlock()
	mint()
	if n := kept(); n != 1 {
		t.Fatalf("%d codes kept after the others expired, want 1", n)
	}
	for kept() < maxCodes {
		mint()
	}
	if code := mint(); code != http.StatusTooManyRequests {
		t.Fatalf("code beyond maxCodes: HTTP %d", code)
	}
}
