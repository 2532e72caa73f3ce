package sdk

import (
	"strings"
	"testing"
)

// TestFingerprintFromBrowser checks the user agents the captured session and
// common browsers send.
func TestFingerprintFromBrowser(t *testing.T) {
	t.Parallel()
	cases := []struct{ ua, browser, version, os, osVersion, device string }{
		// The captured reference session: Chrome Headless 156 on Linux x86_64.
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", "Chrome Headless", "156.0.0.0", "Linux", "x86_64", "desktop"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0", "Edge", "120.0.0.0", "Windows", "10", "desktop"},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1", "Mobile Safari", "17.2", "iOS", "17.2", "mobile"},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", "Safari", "17.1", "macOS", "10.15.7", "desktop"},
		{"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36", "Chrome", "120.0.0.0", "Android", "14", "mobile"},
		{"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", "Firefox", "121.0", "Linux", "x86_64", "desktop"},
	}
	for _, c := range cases {
		f := FingerprintFromBrowser(c.ua, "en-US", "UTC")
		got := []string{deref(f.Browser), deref(f.BrowserVersion), deref(f.OS), deref(f.OSVersion), f.DeviceType}
		want := []string{c.browser, c.version, c.os, c.osVersion, c.device}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: got %v, want %v", c.ua, got, want)
				break
			}
		}
	}
	if f := FingerprintFromBrowser("curl/8", "", ""); f.Browser != nil || f.OS != nil || f.ApplicationType != "browser" {
		t.Errorf("unknown agent: %+v", f)
	}
}

func deref(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// TestNewID checks the uuid v4 form and that ids differ.
func TestNewID(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		id := NewID()
		if len(id) != 36 || id[14] != '4' || !strings.ContainsRune("89ab", rune(id[19])) || id[8] != '-' || id[23] != '-' {
			t.Fatalf("not a uuid v4: %q", id)
		}
		if seen[id] {
			t.Fatalf("repeated id %q", id)
		}
		seen[id] = true
	}
}
