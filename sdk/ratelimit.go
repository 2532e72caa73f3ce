package sdk

import (
	"context"
	"sync"
	"time"
)

// rateWindow is the reference's request budget: RequestRateLimit requests
// in any 5 s. The reference throws past it; this client waits for room
// instead, up to the request's own timeout.
const rateWindow = 5 * time.Second

// limiter is one request budget. The page's requests and the requests the
// server causes (content of truncated messages) have one each, so that a
// server cannot spend the page's.
type limiter struct {
	mu    sync.Mutex
	times []time.Time
}

// limit takes room in lim for one request, waiting (on the clock) until
// there is some; it fails when none comes before ctx ends.
func (c *Client) limit(ctx context.Context, lim *limiter, op string) error {
	max := c.opts.RequestRateLimit
	if max <= 0 {
		return nil
	}
	for {
		lim.mu.Lock()
		now := c.opts.Clock.Now()
		for len(lim.times) > 0 && now.Sub(lim.times[0]) >= rateWindow {
			lim.times = lim.times[1:]
		}
		if len(lim.times) < max {
			lim.times = append(lim.times, now)
			lim.mu.Unlock()
			return nil
		}
		wait := rateWindow - now.Sub(lim.times[0])
		lim.mu.Unlock()
		if lim == &c.srvLim {
			// Server-driven work does not wait: events queue behind it. The
			// event goes out as it came and OnError says why.
			return &Error{Code: CodeTimeout, Kind: KindChatSDK, Op: op, Msg: "Maximum request count reached for server-driven requests"}
		}
		if !sleep(ctx, c.opts.Clock, wait) {
			return &Error{Code: CodeTimeout, Kind: KindChatSDK, Op: op, Msg: "Maximum request count reached"}
		}
	}
}
