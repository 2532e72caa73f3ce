package sim

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"
)

// This file holds the envelopes of the gateway protocol (PROTOCOL.md §3
// and §4): the request frame the client sends and the three forms of frame
// the gateway answers with.

// timeLayout is how the platform writes times: RFC 3339, milliseconds, UTC.
const timeLayout = "2006-01-02T15:04:05.000Z"

// stamp formats t the way the platform does.
func stamp(t time.Time) string { return t.UTC().Format(timeLayout) }

// now is the current time, as the platform writes it.
func now() string { return stamp(time.Now()) }

// newID returns a fresh uuid v4 string, the form of every platform id here.
func newID() string { return uuid.NewString() }

// inboundFrame is any frame a client sends: `{"action":"heartbeat"}` or
// `{"action":"chatWindowEvent","eventId":…,"payload":{…}}` (PROTOCOL.md §3).
type inboundFrame struct {
	Action  string          `json:"action"`
	EventID string          `json:"eventId"`
	Payload *inboundPayload `json:"payload"`
}

// inboundPayload is the payload of a chatWindowEvent frame.
type inboundPayload struct {
	EventType        string           `json:"eventType"`
	Brand            inboundBrand     `json:"brand"`
	Channel          inboundChannel   `json:"channel"`
	ConsumerIdentity consumerIdentity `json:"consumerIdentity"`
	Data             json.RawMessage  `json:"data"`
	Destination      json.RawMessage  `json:"destination"`
	Visitor          json.RawMessage  `json:"visitor"`
	Visit            json.RawMessage  `json:"visit"`
}

// inboundBrand is `payload.brand`; the reference sends the id as a number,
// a numeric string is tolerated.
type inboundBrand struct {
	ID json.RawMessage `json:"id"`
}

// inboundChannel is `payload.channel`.
type inboundChannel struct {
	ID string `json:"id"`
}

// consumerIdentity is the customer as the client names itself.
type consumerIdentity struct {
	IDOnExternalPlatform string `json:"idOnExternalPlatform"`
	FirstName            string `json:"firstName,omitempty"`
	LastName             string `json:"lastName,omitempty"`
	Image                string `json:"image,omitempty"`
}

// dataFrame is the data form, used for pushes and some replies:
// `{eventId, eventType, createdAt, data}`.
type dataFrame struct {
	EventID   string `json:"eventId"`
	EventType string `json:"eventType,omitempty"`
	CreatedAt string `json:"createdAt"`
	Data      any    `json:"data"`
}

// postbackFrame is the postback form, used for most replies:
// `{eventId, createdAt, postback: {eventType, data}}`.
type postbackFrame struct {
	EventID   string   `json:"eventId"`
	CreatedAt string   `json:"createdAt"`
	Postback  postback `json:"postback"`
}

// postback is the body of a postbackFrame.
type postback struct {
	EventType string `json:"eventType"`
	Data      any    `json:"data"`
}

// errorFrame is the error form: `{eventId, createdAt, error: {…}}`. The
// client rejects the waiting call and dispatches nothing.
type errorFrame struct {
	EventID   string    `json:"eventId"`
	CreatedAt string    `json:"createdAt"`
	Error     wireError `json:"error"`
}

// wireError is the body of an errorFrame.
type wireError struct {
	ErrorCode     string `json:"errorCode"`
	ErrorMessage  string `json:"errorMessage"`
	TransactionID string `json:"transactionId"`
}

// Error codes the simulator answers with.
const (
	codeInvalidRequest   = "InvalidRequest"
	codeUnknownEventType = "UnknownEventType"
	codeRecoveringFailed = "RecoveringThreadFailed"
	codeThreadNotFound   = "ThreadNotFound"
)

// emptyObject marshals as `{}`.
type emptyObject struct{}

// push builds a data-form frame with a fresh eventId.
func push(eventType string, data any) dataFrame {
	return dataFrame{EventID: newID(), EventType: eventType, CreatedAt: now(), Data: data}
}

// replyData builds a data-form reply to the request eventID.
func replyData(eventID, eventType string, data any) dataFrame {
	return dataFrame{EventID: eventID, EventType: eventType, CreatedAt: now(), Data: data}
}

// replyPostback builds a postback-form reply to the request eventID.
func replyPostback(eventID, eventType string, data any) postbackFrame {
	return postbackFrame{EventID: eventID, CreatedAt: now(), Postback: postback{EventType: eventType, Data: data}}
}

// replyError builds an error-form reply to the request eventID.
func replyError(eventID, code, message string) errorFrame {
	return errorFrame{EventID: eventID, CreatedAt: now(), Error: wireError{
		ErrorCode: code, ErrorMessage: message, TransactionID: newID(),
	}}
}

// replyEmpty is the plain acknowledgement `{eventId, createdAt, data: {}}`.
func replyEmpty(eventID string) dataFrame {
	return dataFrame{EventID: eventID, CreatedAt: now(), Data: emptyObject{}}
}

// encode marshals a frame. The frames here are plain structs, so an error
// is a programming mistake; it is reported as an error frame rather than a
// panic so that a client still gets an answer.
func encode(frame any) []byte {
	b, err := json.Marshal(frame)
	if err != nil {
		b, _ = json.Marshal(replyError("", codeInvalidRequest, "internal: "+err.Error()))
	}
	return b
}
