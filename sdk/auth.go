package sdk

import "sync"

// authState holds the customer's access token (authorization flows) and
// whether the channel wants it on messages.
type authState struct {
	mu      sync.Mutex
	token   string
	enabled bool
}

func (c *Client) accessToken() string {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()
	return c.auth.token
}

func (c *Client) authorizationEnabled() bool {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()
	return c.auth.enabled || c.opts.IsAuthorizationEnabled
}
