package sdk

import "strconv"

// The outbound request frame (PROTOCOL.md §3; captured/reference-2.2.0-session.jsonl).
type request struct {
	Action  string  `json:"action"`
	EventID string  `json:"eventId"`
	Payload payload `json:"payload"`
}

type payload struct {
	EventType        string    `json:"eventType"`
	Brand            brandRef  `json:"brand"`
	Channel          idRef     `json:"channel"`
	ConsumerIdentity identity  `json:"consumerIdentity"`
	Data             jsonValue `json:"data"`
	Destination      idRef     `json:"destination"`
	Visitor          idRef     `json:"visitor"`
	Visit            idRef     `json:"visit"`
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

// envelope wraps data f// envelope wraps data for eventType with this client's identity.
func (c *Client) envelope(eventID, eventType string, data jsonValue) ([]byte, error) {
	return c.envelopeAction("chatWindowEvent", eventID, eventType, data, "")
}

// envelopeAction writes the request frame by hand, byte for byte what
// encoding/json's Marshal wrote for the request struct (FuzzEnvelope
// compares the two). A nil data is sent as {}.
func (c *Client) envelopeAction(action, eventID, eventType string, data jsonValue, visitor string) ([]byte, error) {
	if visitor == "" {
		visitor = c.opts.VisitorID
	}
	return request{
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
	}.appendJSON(make([]byte, 0, 2048)), nil // a message with its fingerprint is 1-2 KB
}

func (r request) appendJSON(b []byte) []byte {
	b = append(b, `{"action":`...)
	b = appendString(b, r.Action)
	b = append(b, `,"eventId":`...)
	b = appendString(b, r.EventID)
	b = append(b, `,"payload":`...)
	return append(r.Payload.appendJSON(b), '}')
}

func (p payload) appendJSON(b []byte) []byte {
	b = append(b, `{"eventType":`...)
	b = appendString(b, p.EventType)
	b = append(b, `,"brand":{"id":`...)
	b = strconv.AppendInt(b, p.Brand.ID, 10)
	b = append(b, `},"channel":`...)
	b = p.Channel.appendJSON(b)
	b = append(b, `,"consumerIdentity":`...)
	b = p.ConsumerIdentity.appendJSON(b)
	b = append(b, `,"data":`...)
	if p.Data == nil {
		b = append(b, "{}"...)
	} else {
		b = p.Data.appendJSON(b)
	}
	b = append(b, `,"destination":`...)
	b = p.Destination.appendJSON(b)
	b = append(b, `,"visitor":`...)
	b = p.Visitor.appendJSON(b)
	b = append(b, `,"visit":`...)
	b = p.Visit.appendJSON(b)
	return append(b, '}')
}

func (r idRef) appendJSON(b []byte) []byte {
	if r.ID == "" {
		return append(b, "{}"...)
	}
	b = append(b, `{"id":`...)
	b = appendString(b, r.ID)
	return append(b, '}')
}

func (r threadRef) appendJSON(b []byte) []byte {
	b = append(b, `{"idOnExternalPlatform":`...)
	b = appendString(b, r.IDOnExternalPlatform)
	return append(b, '}')
}

func (t threadOnly) appendJSON(b []byte) []byte {
	b = append(b, `{"thread":`...)
	return append(t.Thread.appendJSON(b), '}')
}
