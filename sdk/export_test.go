package sdk

// Settle waits until the current session's loop has run every op posted
// before the call (what timers that came due, frames read and calls made
// handed it). A fence for tests that check that something did not happen:
// instead of sleeping, they wait until it would have. False when no
// session runs.
func Settle(c *Client) bool {
	l := c.cur.Load()
	return l != nil && l.call(func() {})
}

// Started returns how many goroutines the current session has started:
// timers that run blocking work (a token refresh) start one when they come
// due, within fakeclock's Advance, so an unchanged count after Advance
// means no such work began.
func Started(c *Client) int64 {
	if l := c.cur.Load(); l != nil {
		return l.started.Load()
	}
	return 0
}

// Running returns how many goroutines of the current session are running.
func Running(c *Client) int32 {
	if l := c.cur.Load(); l != nil {
		return l.running.Load()
	}
	return 0
}
