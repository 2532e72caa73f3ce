package sdk

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"unicode/utf8"
)

// Event is an inbound frame normalised the way the reference SDK does it
// (PROTOCOL.md §4). Its JSON form is the `detail` a page's listener receives.
//
// A frame is decoded once (DecodeFrame): the fields below are what the
// later stages (reply matching, dedupe, completion, streams, dispatch)
// read, so none of them parses the frame again.
type Event struct {
	ID        string
	Type      string  // "" when the frame named none
	CreatedAt RawJSON // nil when the frame had none
	Data      RawJSON // nil when absent; "null" for the error form
	Context   RawJSON
	Error     *ServerError
	rest      object // extra top-level fields of a frame in none of the three forms

	// ThreadID is the thread the event belongs to ("" for none); thread
	// listeners receive only their thread's events.
	ThreadID string
	// MessageID is data.message's id, else its idOnExternalPlatform, as
	// text even when the server sent a number ("" for none).
	MessageID string
	// Direction is data.direction, else data.message.direction.
	Direction string
	// Silent events settle a request but are not dispatched to listeners.
	Silent bool
	// untyped events leave type out of their JSON: the reference's
	// StreamedMessage* details are {id, createdAt, data} only.
	untyped bool

	tr *tree // Data decoded, when Data is what tr was decoded from
	dn int32 // Data's node in tr
}

// ServerError is the error object of an error-form frame.
type ServerError struct {
	ErrorCode     string `json:"errorCode"`
	ErrorMessage  string `json:"errorMessage"`
	TransactionID string `json:"transactionId"`
	raw           RawJSON
}

// MarshalJSON returns the error as the server sent it.
func (e *ServerError) MarshalJSON() ([]byte, error) { return e.appendTo(nil), nil }

func (e *ServerError) appendTo(b []byte) []byte {
	if e.raw != nil {
		return append(b, e.raw...)
	}
	b = append(b, `{"errorCode":`...)
	b = appendQuoted(b, e.ErrorCode)
	b = append(b, `,"errorMessage":`...)
	b = appendQuoted(b, e.ErrorMessage)
	b = append(b, `,"transactionId":`...)
	b = appendQuoted(b, e.TransactionID)
	return append(b, '}')
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
// ignores. The frame is decoded once, iteratively and within the limits of
// jsontree.go; the Event aliases it.
func DecodeFrame(frame []byte) (*Event, error) {
	ev, _, err := decodeFrame(frame)
	return ev, err
}

// decodeFrame is DecodeFrame that also returns the frame's tree when it
// is a JSON object (nil otherwise), event or not, for what else the
// reader reads off the frame.
func decodeFrame(frame []byte) (*Event, *tree, error) {
	frame = bytes.TrimSpace(frame)
	if string(frame) == `"pong"` {
		return nil, nil, ErrPong
	}
	if len(frame) > MaxFrameSize || !utf8.Valid(frame) {
		// WebSocket text frames are UTF-8 by definition; anything else
		// could not round-trip through JSON to the page unchanged.
		return nil, nil, ErrNotJSON
	}
	t, err := parseTree(frame)
	if err != nil || !t.isObject(0) {
		return nil, nil, ErrNotJSON
	}
	v, ok := t.view(0)
	if !ok {
		return nil, t, ErrNoEventID
	}
	ev := &Event{ID: v.id, Type: v.typ, CreatedAt: t.raw(v.createdAt), dn: -1}
	switch v.form {
	case formError:
		ev.Data = RawJSON("null")
		ev.Error = t.serverError(v.err)
	case formData:
		ev.Data = t.raw(v.data)
		ev.Context = t.raw(v.context)
		ev.tr, ev.dn = t, v.data
	case formPostback:
		ev.setData(v.fields.appendTo(t, nil))
	default:
		for _, f := range v.fields {
			key, _ := t.str(f.k)
			ev.rest = append(ev.rest, field{key, t.raw(f.v)})
		}
	}
	ev.index()
	return ev, t, nil
}

// setData replaces Data and decodes it (new bytes, decoded once).
func (e *Event) setData(data RawJSON) {
	e.Data = data
	e.tr, e.dn = nil, -1
	if t, err := parseTree(data); err == nil {
		e.tr, e.dn = t, 0
	}
	e.index()
}

// index fills in what later stages read from Data.
func (e *Event) index() {
	t, d := e.dataTree()
	e.ThreadID = t.threadOf(d)
	e.MessageID, e.Direction = "", ""
	if t == nil {
		return
	}
	msg := t.get(d, "message")
	e.MessageID = t.messageID(msg)
	if s, ok := t.str(t.get(d, "direction")); ok {
		e.Direction = s
	} else {
		e.Direction, _ = t.str(t.get(msg, "direction"))
	}
}

// dataTree returns Data decoded (nil when it is not JSON). Events built by
// the client itself are decoded here, on each call; decoded frames carry
// their tree.
func (e *Event) dataTree() (*tree, int32) {
	if e.tr != nil && e.dn >= 0 && sameBytes(e.tr.raw(e.dn), e.Data) {
		return e.tr, e.dn
	}
	if len(e.Data) == 0 {
		return nil, -1
	}
	t, err := parseTree(e.Data)
	if err != nil {
		return nil, -1
	}
	return t, 0
}

func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// serverError reads an error object; wrong member types give zero values.
func (t *tree) serverError(i int32) *ServerError {
	se := &ServerError{raw: t.raw(i)}
	se.ErrorCode, _ = t.str(t.get(i, "errorCode"))
	se.ErrorMessage, _ = t.str(t.get(i, "errorMessage"))
	se.TransactionID, _ = t.str(t.get(i, "transactionId"))
	return se
}

// messageID reads a message's id (its platform id, else the id the client
// gave it), as text when the server sent a number.
func (t *tree) messageID(msg int32) string {
	if !t.isObject(msg) {
		return ""
	}
	if id := t.idText(t.get(msg, "id")); id != "" {
		return id
	}
	return t.idText(t.get(msg, "idOnExternalPlatform"))
}

// idText is a string or a number as text; "" for anything else.
func (t *tree) idText(i int32) string {
	switch t.kind(i) {
	case kindString:
		s, _ := t.str(i)
		return s
	case kindNumber:
		return numberText(t.raw(i))
	}
	return ""
}

// numberText is a JSON number as JavaScript's String(JSON.parse(raw))
// shows it, for integers (4.242e3 is "4242"); other numbers keep their text.
func numberText(raw []byte) string {
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) >= 1e21 {
		return string(raw)
	}
	if f == 0 {
		return "0"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// messageKey is the message id the exactly-once check uses: MessageID, or
// for an event the client built itself, read from its data.
func (e *Event) messageKey() string {
	if e.MessageID != "" {
		return e.MessageID
	}
	t, d := e.dataTree()
	if t == nil {
		return ""
	}
	return t.messageID(t.get(d, "message"))
}

// jsString reads a JSON string; other JSON values give their text, as a JS
// template would show them.
func jsString(raw RawJSON) string {
	if isNullish(raw) {
		return ""
	}
	var s string
	if readTree(raw, func(t *tree) { s = t.text(0) }) != nil {
		return string(raw)
	}
	return s
}

// threadOf finds the thread an event's data names, in the reference's order:
// thread.idOnExternalPlatform, case.threadIdOnExternalPlatform,
// message.threadIdOnExternalPlatform, messagePreview.threadIdOnExternalPlatform.
func (t *tree) threadOf(d int32) string {
	if t == nil || !t.isObject(d) {
		return ""
	}
	for _, k := range [...][2]string{{"thread", "idOnExternalPlatform"}, {"case", "threadIdOnExternalPlatform"}, {"message", "threadIdOnExternalPlatform"}, {"messagePreview", "threadIdOnExternalPlatform"}} {
		if s, ok := t.str(t.path(d, k[0], k[1])); ok {
			return s
		}
	}
	return ""
}

// threadOf is threadOf for raw data.
func threadOf(data RawJSON) string {
	var s string
	_ = readTree(data, func(t *tree) { s = t.threadOf(0) })
	return s
}

// str reads a JSON string; ok is false for anything else (absent, null, a
// number). Strings without escapes are sliced, not decoded.
func str(raw RawJSON) (s string, ok bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	if inner := raw[1 : len(raw)-1]; bytes.IndexByte(inner, '\\') < 0 && bytes.IndexByte(inner, '"') < 0 && utf8.Valid(inner) {
		return string(inner), true
	}
	_ = readTree(raw, func(t *tree) { s, ok = t.str(0) })
	return s, ok
}

// MarshalJSON writes the event as the page sees it: {createdAt, context,
// data, error, id, type} with absent members left out.
func (e *Event) MarshalJSON() ([]byte, error) { return e.AppendJSON(nil), nil }

// AppendJSON appends the event's JSON form (MarshalJSON) to b.
func (e *Event) AppendJSON(b []byte) []byte {
	b = append(b, '{')
	sep := func(key string) {
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		b = append(b, key...)
	}
	if e.CreatedAt != nil {
		sep(`"createdAt":`)
		b = append(b, e.CreatedAt...)
	}
	if e.Context != nil {
		sep(`"context":`)
		b = append(b, e.Context...)
	}
	if e.Data != nil {
		sep(`"data":`)
		b = append(b, e.Data...)
	}
	if e.Error != nil {
		sep(`"error":`)
		b = e.Error.appendTo(b)
	}
	typed := e.Type != "" && !e.untyped
	for _, f := range e.rest {
		// The event's own id and type are written last and stand for a
		// frame's member of the same name (as an object spread and then
		// overridden would), so no key appears twice.
		if f.Key == "id" || (typed && f.Key == "type") {
			continue
		}
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		b = appendQuoted(b, f.Key)
		b = append(b, ':')
		b = append(b, f.Value...)
	}
	sep(`"id":`)
	b = appendQuoted(b, e.ID)
	if typed {
		b = append(b, `,"type":`...)
		b = appendQuoted(b, e.Type)
	}
	return append(b, '}')
}

// dataField reads one top-level member of the event's data.
func (e *Event) dataField(key string) RawJSON {
	t, d := e.dataTree()
	if t == nil {
		return nil
	}
	return t.raw(t.get(d, key))
}

// message returns data.message as a node of the event's tree (-1 when
// absent).
func (e *Event) message() (*tree, int32) {
	t, d := e.dataTree()
	if t == nil {
		return nil, -1
	}
	return t, t.get(d, "message")
}

// dataIsObject reports whether Data is a JSON object, and whether it holds
// a message object.
func (e *Event) dataIsObject() (isObject, hasMessage bool) {
	t, d := e.dataTree()
	if t == nil || !t.isObject(d) {
		return false, false
	}
	return true, t.isObject(t.get(d, "message"))
}

// truncatedMessage returns the id of data.message when the server says its
// content is cut short (hasAdditionalMessageContent not false, a string id).
func (e *Event) truncatedMessage() (string, bool) {
	t, m := e.message()
	if !t.isObject(m) {
		return "", false
	}
	id, ok := t.str(t.get(m, "id"))
	if !ok || id == "" || string(t.raw(t.get(m, "hasAdditionalMessageContent"))) == "false" {
		return "", false
	}
	return id, true
}

// contentType is data.message.messageContent.type ("" for none).
func (e *Event) contentType() string {
	t, m := e.message()
	if t == nil {
		return ""
	}
	s, _ := t.str(t.path(m, "messageContent", "type"))
	return s
}

// withDataMember sets one member of Data (an object) to raw and decodes the
// result once.
func (e *Event) withDataMember(key string, raw RawJSON) {
	t, d := e.dataTree()
	if t == nil || !t.isObject(d) {
		return
	}
	if readTree(raw, nil) != nil {
		return // not JSON: the event goes out as it came
	}
	o, _ := t.object(d)
	e.setData(o.with(key, raw).appendTo(make([]byte, 0, len(e.Data)+len(raw))))
}

// ValidJSON reports whether b is one JSON value (within the decoder's
// limits), without reflection.
func ValidJSON(b []byte) bool {
	return readTree(b, nil) == nil
}
