package sdk

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// Event is an inbound frame normalised the way the reference SDK does it
// (PROTOCOL.md §4). Its JSON form is the `detail` a page's listener receives.
type Event struct {
	ID        string
	Type      string          // "" when the frame named none
	CreatedAt json.RawMessage // nil when the frame had none
	Data      json.RawMessage // nil when absent; "null" for the error form
	Context   json.RawMessage
	Error     *ServerError
	rest      object // extra top-level fields of a frame in none of the three forms

	// ThreadID is the thread the event belongs to ("" for none); thread
	// listeners receive only their thread's events.
	ThreadID string
	// Silent events settle a request but are not dispatched to listeners.
	Silent bool
	// untyped events leave type out of their JSON: the reference's
	// StreamedMessage* details are {id, createdAt, data} only.
	untyped bool
}

// ServerError is the error object of an error-form frame.
type ServerError struct {
	ErrorCode     string `json:"errorCode"`
	ErrorMessage  string `json:"errorMessage"`
	TransactionID string `json:"transactionId"`
	raw           json.RawMessage
}

// MarshalJSON returns the error as the server sent it.
func (e *ServerError) MarshalJSON() ([]byte, error) {
	if e.raw != nil {
		return e.raw, nil
	}
	type plain ServerError
	return json.Marshal((*plain)(e))
}

// Frame decoding errors. Frames that fail are ignored, as the reference does.
var (
	ErrNotJSON   = errors.New("cxone: frame is not a JSON object")
	ErrNoEventID = errors.New("cxone: frame has no eventId")
	ErrPong      = errors.New("cxone: heartbeat answer")
)

// MaxFrameSize bounds an inbound frame; larger ones are dropped unread.
const MaxFrameSize = 4 << 20

// DecodeFrame normalises one inbound text frame. It returns ErrPong for the
// heartbeat answer, and ErrNotJSON or ErrNoEventID for frames the reference
// ignores.
func DecodeFrame(frame []byte) (*Event, error) {
	frame = bytes.TrimSpace(frame)
	if string(frame) == `"pong"` {
		return nil, ErrPong
	}
	if len(frame) > MaxFrameSize || !utf8.Valid(frame) {
		// WebSocket text frames are UTF-8 by definition; anything else
		// could not round-trip through JSON to the page unchanged.
		return nil, ErrNotJSON
	}
	o, err := parseObject(frame)
	if err != nil {
		return nil, ErrNotJSON
	}
	rawID := o.get("eventId")
	if rawID == nil {
		return nil, ErrNoEventID
	}
	ev := &Event{ID: jsString(rawID), CreatedAt: o.get("createdAt")}
	if t := o.get("eventType"); t != nil {
		ev.Type = jsString(t)
	}
	switch {
	case o.has("error"):
		ev.Data = json.RawMessage("null")
		se := &ServerError{raw: o.get("error")}
		_ = json.Unmarshal(se.raw, se) // wrong field types leave zero values
		ev.Error = se
		ev.Type = ""
	case o.has("data"):
		ev.Data = o.get("data")
		ev.Context = o.get("context")
	case !isEmptyJS(o.get("postback")):
		var pb struct {
			EventType json.RawMessage `json:"eventType"`
			Data      json.RawMessage `json:"data"`
		}
		_ = json.Unmarshal(o.get("postback"), &pb)
		ev.Type = jsString(pb.EventType)
		var merged object
		for _, f := range o {
			if f.Key != "eventId" && f.Key != "postback" {
				merged = append(merged, f)
			}
		}
		if pd, err := parseObject(pb.Data); err == nil {
			for _, f := range pd {
				merged = merged.with(f.Key, f.Value)
			}
		}
		if merged == nil {
			merged = object{}
		}
		ev.Data = mustJSON(merged)
	default:
		for _, f := range o {
			if f.Key != "eventId" && f.Key != "eventType" && f.Key != "createdAt" {
				ev.rest = append(ev.rest, f)
			}
		}
	}
	ev.ThreadID = threadOf(ev.Data)
	return ev, nil
}

// jsString reads a JSON string; other JSON values give their text, as a JS
// template would show them.
func jsString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if isNullish(raw) {
		return ""
	}
	return string(raw)
}

// threadOf finds the thread an event's data names, in the reference's order:
// thread.idOnExternalPlatform, case.threadIdOnExternalPlatform,
// message.threadIdOnExternalPlatform, messagePreview.threadIdOnExternalPlatform.
func threadOf(data json.RawMessage) string {
	if len(data) == 0 || data[0] != '{' {
		return ""
	}
	o, err := parseObject(data)
	if err != nil {
		return ""
	}
	for _, k := range [...][2]string{{"thread", "idOnExternalPlatform"}, {"case", "threadIdOnExternalPlatform"}, {"message", "threadIdOnExternalPlatform"}, {"messagePreview", "threadIdOnExternalPlatform"}} {
		inner := o.get(k[0])
		if len(inner) == 0 || inner[0] != '{' {
			continue
		}
		io, err := parseObject(inner)
		if err != nil {
			continue
		}
		if s, ok := str(io.get(k[1])); ok {
			return s
		}
	}
	return ""
}

// str reads a JSON string; ok is false for anything else (absent, null, a
// number). Strings without escapes are sliced, not decoded.
func str(raw json.RawMessage) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	if inner := raw[1 : len(raw)-1]; bytes.IndexByte(inner, '\\') < 0 {
		return string(inner), true
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// MarshalJSON writes the event as the page sees it: {createdAt, context,
// data, error, id, type} with absent members left out.
func (e *Event) MarshalJSON() ([]byte, error) {
	var o object
	if e.CreatedAt != nil {
		o = append(o, field{"createdAt", e.CreatedAt})
	}
	if e.Context != nil {
		o = append(o, field{"context", e.Context})
	}
	if e.Data != nil {
		o = append(o, field{"data", e.Data})
	}
	if e.Error != nil {
		o = append(o, field{"error", mustJSON(e.Error)})
	}
	o = append(o, e.rest...)
	o = append(o, field{"id", mustJSON(e.ID)})
	if e.Type != "" && !e.untyped {
		o = append(o, field{"type", mustJSON(e.Type)})
	}
	return o.MarshalJSON()
}

// dataField reads one top-level member of the event's data.
func (e *Event) dataField(key string) json.RawMessage {
	if len(e.Data) == 0 || e.Data[0] != '{' {
		return nil
	}
	o, err := parseObject(e.Data)
	if err != nil {
		return nil
	}
	return o.get(key)
}
