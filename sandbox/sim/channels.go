package sim

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
}

// DefaultChannels are the channels served when Config.Channels is nil:
// "chat_abc", a messaging channel with many threads per customer, and
// "chat_live", a live chat with one thread.
func DefaultChannels() []Channel {
	return []Channel{
		{ID: "chat_abc", Name: "Web chat", MultipleThreads: true},
		{ID: "chat_live", Name: "Live chat", IsLiveChat: true},
	}
}

// availability is the channel's `availability.status`.
func (c *Channel) availability() string {
	if c.Offline {
		return "offline"
	}
	return "online"
}

// wire is the channel as push data names it.
func (c *Channel) wire() wireChannel {
	return wireChannel{ID: c.ID, Name: c.Name, IntegrationBoxIdent: "chat", IDOnExternalPlatform: c.ID}
}
