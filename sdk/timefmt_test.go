package sdk

import (
	"strconv"
	"testing"
	"time"
)

// FuzzISOMillis: the same text as time.Format for years 0-9999, and
// toISOString's expanded form outside them.
func FuzzISOMillis(f *testing.F) {
	for _, s := range []int64{0, 1_800_000_000_123, -1, 253402300799999, 253402300800000, -62167219200001} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ms int64) {
		if ms > 8.64e15 || ms < -8.64e15 { // JavaScript's Date range
			return
		}
		tm := time.UnixMilli(ms)
		got := isoMillis(tm)
		y := tm.UTC().Year()
		if y >= 0 && y <= 9999 {
			if want := tm.UTC().Format("2006-01-02T15:04:05.000Z"); got != want {
				t.Fatalf("%d: %q, time.Format %q", ms, got, want)
			}
			return
		}
		rest := tm.UTC().Format("-01-02T15:04:05.000Z")
		sign, yy := "+", y
		if y < 0 {
			sign, yy = "-", -y
		}
		want := sign + pad6(yy) + rest
		if got != want {
			t.Fatalf("%d: %q, want %q", ms, got, want)
		}
	})
}

func pad6(n int) string {
	s := "000000" + strconv.Itoa(n)
	return s[len(s)-6:]
}
