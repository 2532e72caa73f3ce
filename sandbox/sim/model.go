package sim

import "encoding/json"

// This file holds the objects that ride inside frames: users, contacts
// (cases), threads and messages, with the field sets the vectors show
// (shared/protocol/vectors/v1-steps.json) and PROTOCOL.md §5 describes.
// Fields that are always null in the simulator are typed `any`.

// wireUser is an agent (`authorUser`, `inboxAssigneeUser`, `user`).
type wireUser struct {
	ID             int    `json:"id"`
	IncontactID    string `json:"incontactId"`
	EmailAddress   string `json:"emailAddress"`
	LoginUsername  string `json:"loginUsername"`
	FirstName      string `json:"firstName"`
	Surname        string `json:"surname"`
	Nickname       any    `json:"nickname"`
	ImageURL       string `json:"imageUrl"`
	IsBotUser      bool   `json:"isBotUser"`
	IsSurveyUser   bool   `json:"isSurveyUser"`
	DivisionNumber any    `json:"divisionNumber"`
}

// agentUser is the one agent of the simulator, Mia.
var agentUser = wireUser{
	ID: 501, IncontactID: "inc-501", EmailAddress: "mia@example.com", LoginUsername: "mia",
	FirstName: "Mia", Surname: "Agent", ImageURL: "",
}

// wireBrand is `data.brand` of a push.
type wireBrand struct {
	ID int64 `json:"id"`
}

// wireChannel is `data.channel` of a push.
type wireChannel struct {
	ID                   string `json:"id"`
	Name                 string `json:"name"`
	IntegrationBoxIdent  string `json:"integrationBoxIdent"`
	IDOnExternalPlatform string `json:"idOnExternalPlatform"`
}

// wireThread is a thread as pushes and the thread list show it.
type wireThread struct {
	ID                   string `json:"id"`
	IDOnExternalPlatform string `json:"idOnExternalPlatform"`
	ThreadName           string `json:"threadName"`
	CanAddMoreMessages   bool   `json:"canAddMoreMessages"`
	ChannelID            string `json:"channelId"`
}

// wireThreadRef is the short thread of ThreadRecovered.
type wireThreadRef struct {
	ID                   string `json:"id"`
	IDOnExternalPlatform string `json:"idOnExternalPlatform"`
	ThreadName           string `json:"threadName"`
}

// customField is one `{ident, value}` pair.
type customField struct {
	Ident string `json:"ident"`
	Value string `json:"value"`
}

// wireContact is a contact, called a case in push data (`data.case`,
// ThreadRecovered's `contact`).
type wireContact struct {
	ID                          string        `json:"id"`
	ContactID                   string        `json:"contactId"`
	InteractionID               string        `json:"interactionId"`
	ThreadID                    string        `json:"threadId"`
	ThreadIDOnExternalPlatform  string        `json:"threadIdOnExternalPlatform"`
	ChannelID                   string        `json:"channelId"`
	Status                      string        `json:"status"`
	StatusUpdatedAt             string        `json:"statusUpdatedAt"`
	CreatedAt                   string        `json:"createdAt"`
	CustomFields                []customField `json:"customFields"`
	InboxAssignee               *int          `json:"inboxAssignee"`
	InboxAssigneeUser           *wireUser     `json:"inboxAssigneeUser"`
	OwnerAssignee               any           `json:"ownerAssignee"`
	OwnerAssigneeUser           any           `json:"ownerAssigneeUser"`
	InboxPreAssigneeUser        any           `json:"inboxPreAssigneeUser"`
	RoutingQueueID              string        `json:"routingQueueId"`
	RoutingQueuePriority        int           `json:"routingQueuePriority"`
	Recipients                  []any         `json:"recipients"`
	EndUser                     any           `json:"endUser"`
	AuthorEndUserIdentity       any           `json:"authorEndUserIdentity"`
	CustomerStatistics          seenAt        `json:"customerStatistics"`
	UserStatistics              unseenCount   `json:"userStatistics"`
	DetailURL                   string        `json:"detailUrl"`
	CustomerContactID           string        `json:"customerContactId"`
	ConsumerContactStorageID    string        `json:"consumerContactStorageId"`
	InboxAssigneeLastAssignedAt *string       `json:"inboxAssigneeLastAssignedAt"`
}

// seenAt is `{seenAt}`.
type seenAt struct {
	SeenAt *string `json:"seenAt"`
}

// unseenCount is a contact's `userStatistics`.
type unseenCount struct {
	UnseenMessagesCount int `json:"unseenMessagesCount"`
}

// endUserIdentity is a message's `authorEndUserIdentity`.
type endUserIdentity struct {
	ID                   string `json:"id"`
	IDOnExternalPlatform string `json:"idOnExternalPlatform"`
	FirstName            string `json:"firstName"`
	LastName             string `json:"lastName"`
	FullName             string `json:"fullName"`
	Image                string `json:"image"`
}

// messageContent is `message.messageContent`: TEXT, or with Rich set, a
// rich payload (quick replies, list picker, rich link, adaptive card,
// streamed) written as it is.
type messageContent struct {
	Type         string         `json:"type"`
	Payload      messagePayload `json:"payload"`
	FallbackText string         `json:"fallbackText,omitempty"`
	Postback     string         `json:"postback,omitempty"`
	Rich         any            `json:"-"`
}

// MarshalJSON writes Rich in place of the TEXT payload when it is set.
func (m messageContent) MarshalJSON() ([]byte, error) {
	type plain messageContent
	if m.Rich == nil {
		return json.Marshal(plain(m))
	}
	return json.Marshal(struct {
		Type         string `json:"type"`
		Payload      any    `json:"payload"`
		FallbackText string `json:"fallbackText,omitempty"`
	}{m.Type, m.Rich, m.FallbackText})
}

// messagePayload is the payload of a TEXT message.
type messagePayload struct {
	Text     string `json:"text"`
	Postback string `json:"postback,omitempty"`
}

// wireAttachment is one of `message.attachments`.
type wireAttachment struct {
	ID           string `json:"id"`
	FriendlyName string `json:"friendlyName"`
	URL          string `json:"url"`
	PreviewURL   string `json:"previewUrl"`
	MimeType     string `json:"mimeType"`
}

// userStatistics is a message's `userStatistics`.
type userStatistics struct {
	SeenAt               *string `json:"seenAt"`
	ReadAt               *string `json:"readAt"`
	CreatedToReadSeconds *int    `json:"createdToReadSeconds"`
}

// wireMessage is a message (PROTOCOL.md §5). HasAdditionalMessageContent
// is always false, so 3.x clients never fetch the full content.
type wireMessage struct {
	ID                          string           `json:"id"`
	IDOnExternalPlatform        string           `json:"idOnExternalPlatform"`
	ThreadID                    string           `json:"threadId"`
	ThreadIDOnExternalPlatform  string           `json:"threadIdOnExternalPlatform"`
	PostID                      string           `json:"postId"`
	ContactNumber               string           `json:"contactNumber"`
	CreatedAt                   string           `json:"createdAt"`
	CreatedAtWithMilliseconds   string           `json:"createdAtWithMilliseconds"`
	Direction                   string           `json:"direction"`
	MessageContent              messageContent   `json:"messageContent"`
	Attachments                 []wireAttachment `json:"attachments"`
	AuthorUser                  *wireUser        `json:"authorUser"`
	User                        *wireUser        `json:"user"`
	AuthorEndUserIdentity       *endUserIdentity `json:"authorEndUserIdentity"`
	IsMadeByUser                bool             `json:"isMadeByUser"`
	Delivered                   []any            `json:"delivered"`
	Seen                        []any            `json:"seen"`
	Recipients                  []any            `json:"recipients"`
	ReplyChannel                any              `json:"replyChannel"`
	Sentiment                   string           `json:"sentiment"`
	Tags                        []any            `json:"tags"`
	UserStatistics              userStatistics   `json:"userStatistics"`
	CustomerStatistics          seenAt           `json:"customerStatistics"`
	AuthorNameRemoved           any              `json:"authorNameRemoved"`
	ContentRemoved              any              `json:"contentRemoved"`
	IsRead                      bool             `json:"isRead"`
	HasAdditionalMessageContent bool             `json:"hasAdditionalMessageContent"`
}

// Message directions.
const (
	inbound  = "inbound"
	outbound = "outbound"
)

// Contact statuses used by the simulator (PROTOCOL.md §5).
const (
	statusNew    = "new"
	statusOpen   = "open"
	statusClosed = "closed"
)

// messageData is the data of MessageCreated.
type messageData struct {
	Brand   wireBrand   `json:"brand"`
	Channel wireChannel `json:"channel"`
	Case    wireContact `json:"case"`
	Thread  wireThread  `json:"thread"`
	Message wireMessage `json:"message"`
}

// caseData is the data of CaseCreated (with Thread) and CaseStatusChanged.
type caseData struct {
	Brand   wireBrand   `json:"brand"`
	Channel wireChannel `json:"channel"`
	Case    wireContact `json:"case"`
	Thread  *wireThread `json:"thread,omitempty"`
}

// assigneeData is the data of CaseInboxAssigneeChanged.
type assigneeData struct {
	Brand                 wireBrand    `json:"brand"`
	Channel               wireChannel  `json:"channel"`
	Case                  wireContact  `json:"case"`
	InboxAssignee         *wireUser    `json:"inboxAssignee"`
	PreviousInboxAssignee *wireUser    `json:"previousInboxAssignee"`
	RoutingQueue          routingQueue `json:"routingQueue"`
}

// routingQueue is the one queue of the simulator.
type routingQueue struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// defaultQueue is where every contact is routed.
var defaultQueue = routingQueue{ID: "q-1", Name: "Support"}

// typingData is the data of SenderTypingStarted/Ended pushed for the agent.
type typingData struct {
	Brand     wireBrand   `json:"brand"`
	Channel   wireChannel `json:"channel"`
	Thread    wireThread  `json:"thread"`
	User      wireUser    `json:"user"`
	Direction string      `json:"direction"`
}
