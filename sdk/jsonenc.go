package sdk

import (
	"strconv"
)

// RawJSON is one encoded JSON value, kept as its text: what encoding/json's
// RawMessage is, without pulling that package (and reflect) into the wasm
// (issue 9). Its Marshal and Unmarshal methods make it behave as RawMessage
// does for Go programs that do use encoding/json.
type RawJSON []byte

// MarshalJSON returns m, or null when m is nil.
func (m RawJSON) MarshalJSON() ([]byte, error) {
	if m == nil {
		return []byte("null"), nil
	}
	return m, nil
}

// UnmarshalJSON keeps a copy of data.
func (m *RawJSON) UnmarshalJSON(data []byte) error {
	*m = append((*m)[0:0], data...)
	return nil
}

// A jsonValue writes itself as JSON, the way encoding/json's Marshal wrote
// the wire structs it replaces: same member order, maps' keys sorted, and
// strings escaped as Marshal escapes them (appendString).
type jsonValue interface {
	appendJSON(b []byte) []byte
}

// appendJSON writes m as Marshal writes a RawMessage: compacted, with <, >,
// & and U+2028/U+2029 escaped; null when m is empty or not valid JSON.
func (m RawJSON) appendJSON(b []byte) []byte { return appendRaw(b, m) }

// encode is v's JSON text, "{}" for a nil v (a request without data).
func encode(v jsonValue) RawJSON {
	if v == nil {
		return RawJSON("{}")
	}
	return v.appendJSON(nil)
}

// jstr is a string value.
type jstr string

func (s jstr) appendJSON(b []byte) []byte { return appendString(b, string(s)) }

// jsonString is s as a JSON string.
func jsonString(s string) RawJSON { return appendString(nil, s) }

// appendJSON writes the fields in order, keys and values as Marshal would
// (the object's own MarshalJSON output, which Marshal compacts and escapes).
func (o object) appendJSON(b []byte) []byte {
	b = append(b, '{')
	for i, f := range o {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, f.Key)
		b = append(b, ':')
		b = appendRaw(b, f.Value)
	}
	return append(b, '}')
}

// members is an object whose values write themselves. List members in the
// order encoding/json wrote them: struct field order, or sorted keys for
// what was a map.
type members []member

type member struct {
	key string
	v   jsonValue // nil writes null
}

func (o members) appendJSON(b []byte) []byte {
	b = append(b, '{')
	for i, m := range o {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, m.key)
		b = append(b, ':')
		if m.v == nil {
			b = append(b, "null"...)
		} else {
			b = m.v.appendJSON(b)
		}
	}
	return append(b, '}')
}

// rawList is a JSON array of raw values; nil writes null, as Marshal
// writes a nil slice.
type rawList []RawJSON

func (l rawList) appendJSON(b []byte) []byte {
	if l == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRaw(b, v)
	}
	return append(b, ']')
}

// list is a JSON array of values.
type list []jsonValue

func (l list) appendJSON(b []byte) []byte {
	b = append(b, '[')
	for i, v := range l {
		if i > 0 {
			b = append(b, ',')
		}
		if v == nil {
			b = append(b, "null"...)
		} else {
			b = v.appendJSON(b)
		}
	}
	return append(b, ']')
}

// jint is an integer value.
type jint int64

func (n jint) appendJSON(b []byte) []byte { return strconv.AppendInt(b, int64(n), 10) }

// jbool is a boolean value.
type jbool bool

func (v jbool) appendJSON(b []byte) []byte { return strconv.AppendBool(b, bool(v)) }

// appendString writes s exactly as encoding/json's Marshal does: <, >, &,
// U+2028 and U+2029 as \u escapes, \b \f \n \r \t short, other control
// bytes as \u00XX, invalid UTF-8 as \ufffd.
func appendString(b []byte, s string) []byte { return appendJSONString(b, s, true) }

// appendRaw writes the JSON text raw as Marshal writes a RawMessage inside
// a value: whitespace between tokens dropped, <, >, &, U+2028 and U+2029
// in strings escaped, everything else byte for byte. An empty raw writes
// null (RawMessage's MarshalJSON); so does an invalid one, where Marshal
// failed: callers pass only text that was decoded or built here.
func appendRaw(b []byte, raw []byte) []byte {
	if len(raw) == 0 || !ValidJSON(raw) {
		return append(b, "null"...)
	}
	clean := true
	for _, c := range raw {
		if c <= ' ' || c == '<' || c == '>' || c == '&' || c == 0xE2 {
			clean = false
			break
		}
	}
	if clean {
		return append(b, raw...)
	}
	inString, escaped := false, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if !inString {
			switch c {
			case ' ', '\t', '\n', '\r':
				continue
			case '"':
				inString = true
			}
			b = append(b, c)
			continue
		}
		switch {
		case escaped:
			escaped = false
		case c == '\\':
			escaped = true
		case c == '"':
			inString = false
		case c == '<' || c == '>' || c == '&':
			b = append(b, '\\', 'u', '0', '0', "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
			continue
		case c == 0xE2 && i+2 < len(raw) && raw[i+1] == 0x80 && raw[i+2]&^1 == 0xA8:
			b = append(b, '\\', 'u', '2', '0', '2', "89"[raw[i+2]&1])
			i += 2
			continue
		}
		b = append(b, c)
	}
	return b
}
