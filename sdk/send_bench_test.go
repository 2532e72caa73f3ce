package sdk_test

import (
	"context"
	"testing"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

// BenchmarkSendTextMessage: one sendTextMessage round trip against the
// sandbox on loopback, natively (issue 9, round-trip target). Its
// allocations include the sandbox's, in the same process; a memory profile
// focused on the sdk package (-memprofile, pprof -focus sdk) shows the
// core's share.
func BenchmarkSendTextMessage(b *testing.B) {
	c, _, _ := setup(b, func(o *sdk.Options) { o.RequestRateLimit = -1 })
	th, err := c.Thread("bench-send")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := th.SendTextMessage(context.Background(), "first", nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := th.SendTextMessage(context.Background(), "round trip", nil); err != nil {
			b.Fatal(err)
		}
	}
}
