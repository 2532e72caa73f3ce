package sdk

import "encoding/json"

// The outbound request frame (PROTOCOL.md §3; captured/reference-2.2.0-session.jsonl).
type request struct {
	Action  string  `json:"action"`
	EventID string  `json:"eventId"`
	Payload payload `json:"payload"`
}

type payload struct {
	EventType        string   `json:"eventType"`
	Brand            brandRef `json:"brand"`
	Channel          idRef    `json:"channel"`
	ConsumerIdentity identity `json:"consumerIdentity"`
	Data             any      `json:"data"`
	Destination      idRef    `json:"destination"`
	Visitor          idRef    `json:"visitor"`
	Visit            idRef    `json:"visit"`
}

type brandRef struct {
	ID int64 `json:"id"`
}

// idRef is {id} when the id is known, else {}.
type idRef struct {
	ID string `json:"id,omitempty"`
}

type threadRef struct {
	IDOnExternalPlatform string `json:"idOnExternalPlatform"`
}

type threadOnly struct {
	Thread threadRef `json:"thread"`
}

var heartbeatFrame = []byte(`{"action":"heartbeat"}`)

// envelope wraps data for eventType with this client's identity.
func (c *Client) envelope(eventID, eventType string, data any) ([]byte, error) {
	return c.envelopeAction("chatWindowEvent", eventID, eventType, data, "")
}

func (c *Client) envelopeAction(action, eventID, eventType string, data any, visitor string) ([]byte, error) {
	if visitor == "" {
		visitor = c.opts.VisitorID
	}
	if data == nil {
		data = struct{}{}
	}
	return json.Marshal(request{
		Action:  action,
		EventID: eventID,
		Payload: payload{
			EventType:        eventType,
			Brand:            brandRef{c.opts.BrandID},
			Channel:          idRef{c.opts.ChannelID},
			ConsumerIdentity: c.customer.identity(),
			Data:             data,
			Destination:      idRef{c.opts.DestinationID},
			Visitor:          idRef{visitor},
			Visit:            idRef{c.opts.VisitID},
		},
	})
}
