package sdk

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
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
func parseObject(raw []byte) (object, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errNotObject
	}
	var o object
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		o = o.with(key, v)
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after JSON object")
	}
	return o, nil
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
