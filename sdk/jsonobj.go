package sdk

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// field is one key of a JSON object with its raw value.
type field struct {
	Key   string
	Value json.RawMessage
}

// object is a JSON object that keeps its key order, so that what a page sees
// reads in the order the server wrote it.
type object []field

var errNotObject = errors.New("not a JSON object")

// parseObject splits a JSON object into its fields. Duplicate keys keep the
// first position and the last value, as JavaScript's JSON.parse does.
//
// It is one validating pass over raw with no allocation per value: every
// frame goes through it, often more than once, and in the browser
// encoding/json's Decoder was most of the cost of an inbound message
// (bench/RESULTS.md). Values alias raw, capped so that an append to one
// cannot overwrite the next. It accepts exactly what encoding/json accepts
// (FuzzParseObject compares the two).
func parseObject(raw []byte) (object, error) {
	s := jsonScanner{b: raw}
	s.space()
	if !s.eat('{') {
		if s.pos < len(raw) && s.b[s.pos] != '[' && s.value(0) != nil {
			return nil, errBadJSON
		}
		return nil, errNotObject
	}
	var o object
	s.space()
	if !s.eat('}') {
		for {
			s.space()
			ks := s.pos
			if s.peek() != '"' || s.str() != nil {
				return nil, errBadJSON
			}
			key, err := jsonKey(raw[ks:s.pos])
			if err != nil {
				return nil, err
			}
			s.space()
			if !s.eat(':') {
				return nil, errBadJSON
			}
			s.space()
			vs := s.pos
			if err := s.value(0); err != nil {
				return nil, err
			}
			o = o.with(key, json.RawMessage(raw[vs:s.pos:s.pos]))
			s.space()
			if s.eat(',') {
				continue
			}
			if s.eat('}') {
				break
			}
			return nil, errBadJSON
		}
	}
	s.space()
	if s.pos != len(raw) {
		return nil, errors.New("trailing data after JSON object")
	}
	return o, nil
}

var errBadJSON = errors.New("invalid JSON")

// maxJSONDepth is encoding/json's nesting limit.
const maxJSONDepth = 10000

// jsonKey unquotes an object key; plain keys skip encoding/json.
func jsonKey(q []byte) (string, error) {
	inner := q[1 : len(q)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner), nil
	}
	var k string
	err := json.Unmarshal(q, &k)
	return k, err
}

// jsonScanner validates JSON values in place (RFC 8259, as encoding/json).
type jsonScanner struct {
	b   []byte
	pos int
}

func (s *jsonScanner) peek() byte {
	if s.pos < len(s.b) {
		return s.b[s.pos]
	}
	return 0
}

func (s *jsonScanner) eat(c byte) bool {
	if s.pos < len(s.b) && s.b[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

func (s *jsonScanner) space() {
	for s.pos < len(s.b) {
		switch s.b[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// value skips one value starting at pos (no leading space).
func (s *jsonScanner) value(depth int) error {
	switch c := s.peek(); {
	case c == '"':
		return s.str()
	case c == '{':
		if depth >= maxJSONDepth {
			return errBadJSON
		}
		s.pos++
		s.space()
		if s.eat('}') {
			return nil
		}
		for {
			s.space()
			if s.peek() != '"' || s.str() != nil {
				return errBadJSON
			}
			s.space()
			if !s.eat(':') {
				return errBadJSON
			}
			s.space()
			if err := s.value(depth + 1); err != nil {
				return err
			}
			s.space()
			if s.eat(',') {
				continue
			}
			if s.eat('}') {
				return nil
			}
			return errBadJSON
		}
	case c == '[':
		if depth >= maxJSONDepth {
			return errBadJSON
		}
		s.pos++
		s.space()
		if s.eat(']') {
			return nil
		}
		for {
			s.space()
			if err := s.value(depth + 1); err != nil {
				return err
			}
			s.space()
			if s.eat(',') {
				continue
			}
			if s.eat(']') {
				return nil
			}
			return errBadJSON
		}
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return errBadJSON
}

func (s *jsonScanner) literal(word string) error {
	if len(s.b)-s.pos >= len(word) && string(s.b[s.pos:s.pos+len(word)]) == word {
		s.pos += len(word)
		return nil
	}
	return errBadJSON
}

// str skips a string starting at its opening quote.
func (s *jsonScanner) str() error {
	s.pos++
	for s.pos < len(s.b) {
		c := s.b[s.pos]
		switch {
		case c == '"':
			s.pos++
			return nil
		case c < 0x20:
			return errBadJSON
		case c == '\\':
			s.pos++
			switch s.peek() {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.pos++
			case 'u':
				s.pos++
				for range 4 {
					if !isHex(s.peek()) {
						return errBadJSON
					}
					s.pos++
				}
			default:
				return errBadJSON
			}
		default:
			s.pos++
		}
	}
	return errBadJSON
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func (s *jsonScanner) digits() int {
	n := 0
	for s.pos < len(s.b) && s.b[s.pos] >= '0' && s.b[s.pos] <= '9' {
		s.pos++
		n++
	}
	return n
}

// number skips -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *jsonScanner) number() error {
	s.eat('-')
	if s.eat('0') {
		// no more integer digits after a leading zero
	} else if s.digits() == 0 {
		return errBadJSON
	}
	if s.eat('.') && s.digits() == 0 {
		return errBadJSON
	}
	if s.eat('e') || s.eat('E') {
		if !s.eat('+') {
			s.eat('-')
		}
		if s.digits() == 0 {
			return errBadJSON
		}
	}
	return nil
}

// get returns the raw value of key, or nil.
func (o object) get(key string) json.RawMessage {
	for _, f := range o {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}

func (o object) has(key string) bool { return o.get(key) != nil }

// with sets key: in place when present (like a JS spread), else appended.
func (o object) with(key string, v json.RawMessage) object {
	for i := range o {
		if o[i].Key == key {
			o[i].Value = v
			return o
		}
	}
	return append(o, field{key, v})
}

// MarshalJSON writes the fields in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.Key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(f.Value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// isNullish reports whether raw is absent or JSON null.
func isNullish(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

// isEmptyJS mirrors the reference's isEmpty: null, "", [], {} are empty.
func isEmptyJS(raw json.RawMessage) bool {
	if isNullish(raw) {
		return true
	}
	switch string(bytes.TrimSpace(raw)) {
	case `""`, "[]", "{}":
		return true
	}
	if raw[0] == '{' {
		o, err := parseObject(raw)
		return err == nil && len(o) == 0
	}
	if raw[0] == '[' {
		var a []json.RawMessage
		return json.Unmarshal(raw, &a) == nil && len(a) == 0
	}
	return false
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		// Only our own wire structs reach here; they always marshal.
		return json.RawMessage("null")
	}
	return b
}
