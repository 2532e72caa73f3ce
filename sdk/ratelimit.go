package sdk

import (
	"sync"
	"time"
)

// rateWindow is the reference's request budget: RequestRateLimit requests
// in any 5 s. The reference throws past it; this client waits for room
// instead, up to the request's own timeout.
const rateWindow = 5 * time.Second

type limiter struct {
	mu    sync.Mutex
	times []time.Time
}

func (c *Client) limit(op string) error {
	max := c.opts.RequestRateLimit
	if max <= 0 {
		return nil
	}
	deadline := time.Now().Add(c.opts.RequestTimeout)
	for {
		c.lim.mu.Lock()
		now := time.Now()
		for len(c.lim.times) > 0 && now.Sub(c.lim.times[0]) >= rateWindow {
			c.lim.times = c.lim.times[1:]
		}
		if len(c.lim.times) < max {
			c.lim.times = append(c.lim.times, now)
			c.lim.mu.Unlock()
			return nil
		}
		wait := rateWindow - now.Sub(c.lim.times[0])
		c.lim.mu.Unlock()
		if now.Add(wait).After(deadline) {
			return &Error{Code: CodeTimeout, Kind: KindChatSDK, Op: op, Msg: "Maximum request count reached"}
		}
		time.Sleep(wait)
	}
}
