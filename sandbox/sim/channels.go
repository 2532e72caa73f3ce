package sim

import "sync/atomic"

// Channel is one chat channel the simulator serves. Any positive brand id is
// accepted with any channel.
type Channel struct {
	// ID is the channelId of the URLs and frames, e.g. "chat_abc".
	ID string
	// Name is the display name in channel info.
	Name string
	// IsLiveChat marks a live chat channel (ChannelInfo.isLiveChat).
	IsLiveChat bool
	// MultipleThreads is settings.hasMultipleThreadsPerEndUser.
	MultipleThreads bool
	// Offline makes availability report "offline" (default online).
	Offline bool
	// RequireAuthorization makes messages carry a live access token of
	// their customer (ChannelInfo.isAuthorizationEnabled).
	RequireAuthorization bool
	// SecuredSessions refuses sockets without a transaction token (only
	// together with RequireAuthorization).
	SecuredSessions bool

	// offlineNow is the switch of POST /sandbox/channels/offline, set from
	// Offline when the server starts (nil: Offline alone decides).
	offlineNow *atomic.Bool
}

// DefaultChannels are the channels served when Config.Channels is nil:
// "chat_abc", a messaging channel with many threads per customer, and
// "chat_live", a live chat with one thread; "chat_secure", a messaging
// channel whose messages need a customer's access token.
func DefaultChannels() []Channel {
	return []Channel{
		{ID: "chat_abc", Name: "Web chat", MultipleThreads: true},
		{ID: "chat_live", Name: "Live chat", IsLiveChat: true},
		{ID: "chat_secure", Name: "Members chat", MultipleThreads: true, RequireAuthorization: true},
	}
}

// availability is the channel's `availability.status`.
func (c *Channel) availability() string {
	if c.isOffline() {
		return "offline"
	}
	return "online"
}

// wire is the channel as push data names it.
func (c *Channel) wire() wireChannel {
	return wireChannel{ID: c.ID, Name: c.Name, IntegrationBoxIdent: "chat", IDOnExternalPlatform: c.ID}
}

// isOffline tells whether the channel is offline now.
func (c *Channel) isOffline() bool {
	if c.offlineNow != nil {
		return c.offlineNow.Load()
	}
	return c.Offline
}

// initSwitches gives every channel its offline switch, starting from
// Channel.Offline. It runs once, from New (through the routes).
func (s *Server) initSwitches() {
	for _, ch := range s.channels {
		ch.offlineNow = &atomic.Bool{}
		ch.offlineNow.Store(ch.Offline)
	}
}
