package sdk

import (
	"testing"
	"time"
)

// TestRefreshDelay: 90% of the life, at least 20 s, but always before the
// token dies (the reference would wait 20 s for a 6 s token).
func TestRefreshDelay(t *testing.T) {
	c := &Client{opts: Options{TokenRefreshMinDelay: 20 * time.Second}}
	for _, tc := range []struct {
		expiresIn float64
		want      time.Duration
	}{
		{3600, 3240 * time.Second},
		{100, 90 * time.Second},
		{21, 18900 * time.Millisecond},
		{22.3, 20 * time.Second},
		{20, 18 * time.Second},
		{6, 5400 * time.Millisecond},
	} {
		if got := c.refreshDelay(tc.expiresIn); got != tc.want {
			t.Errorf("expiresIn %v: %v, want %v", tc.expiresIn, got, tc.want)
		}
	}
}

// TestWellFormed: a push a listener cannot use is held back; replies,
// errors and events without data pass.
func TestWellFormed(t *testing.T) {
	for _, tc := range []struct {
		typ, data string
		want      bool
	}{
		{"MessageCreated", `{"message":{"id":"m"}}`, true},
		{"MessageCreated", `null`, false},
		{"MessageCreated", `"text"`, false},
		{"MessageCreated", `{"message":null}`, false},
		{"MessageCreated", ``, false},
		{"CaseCreated", `{"case":{}}`, true},
		{"CaseCreated", `[]`, false},
		{"SetPositionInQueue", ``, true},
		{"", `null`, true},
	} {
		ev := &Event{Type: tc.typ}
		if tc.data != "" {
			ev.Data = []byte(tc.data)
		}
		if got := wellFormed(ev); got != tc.want {
			t.Errorf("%s %s: %v, want %v", tc.typ, tc.data, got, tc.want)
		}
	}
}
