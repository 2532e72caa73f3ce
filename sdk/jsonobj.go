package sdk

import "errors"

// field is one key of a JSON object with its raw value.
type field struct {
	Key   string
	Value RawJSON
}

// object is a JSON object that keeps its key order, so that what a page sees
// reads in the order the server wrote it.
type object []field

var errNotObject = errors.New("not a JSON object")

// parseObject splits a JSON object into its fields. Duplicate keys keep the
// first position and the last value, as JavaScript's JSON.parse does.
//
// It decodes raw once into a tree (jsontree.go: iterative, bounded), so a
// hostile nesting depth cannot exhaust the stack. Values alias raw, capped
// so that an append to one cannot overwrite the next. It accepts exactly
// what encoding/json accepts (FuzzParseObject compares the two).
func parseObject(raw []byte) (o object, err error) {
	if perr := readTree(raw, func(t *tree) { o, err = t.object(0) }); perr != nil {
		return nil, perr
	}
	return o, err
}

// object lists the members of node i.
func (t *tree) object(i int32) (object, error) {
	if !t.isObject(i) {
		return nil, errNotObject
	}
	var o object
	t.members(i, func(k, v int32) {
		key, _ := t.str(k)
		o = o.with(key, t.raw(v))
	})
	return o, nil
}

// get returns the raw value of key, or nil.
func (o object) get(key string) RawJSON {
	for _, f := range o {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}

func (o object) has(key string) bool { return o.get(key) != nil }

// with sets key: in place when present (like a JS spread), else appended.
func (o object) with(key string, v RawJSON) object {
	for i := range o {
		if o[i].Key == key {
			o[i].Value = v
			return o
		}
	}
	return append(o, field{key, v})
}

// MarshalJSON writes the fields in order.
func (o object) MarshalJSON() ([]byte, error) { return o.appendTo(nil), nil }

func (o object) appendTo(b []byte) []byte {
	b = append(b, '{')
	for i, f := range o {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendQuoted(b, f.Key)
		b = append(b, ':')
		b = append(b, f.Value...)
	}
	return append(b, '}')
}

// isNullish reports whether raw is absent or JSON null.
func isNullish(raw RawJSON) bool {
	return len(raw) == 0 || string(raw) == "null"
}

// isEmptyJS mirrors the reference's isEmpty: null, "", [], {} are empty.
func isEmptyJS(raw RawJSON) bool {
	if isNullish(raw) {
		return true
	}
	empty := false
	_ = readTree(raw, func(t *tree) { empty = t.isEmpty(0) })
	return empty
}

// isEmpty is isEmptyJS for node i.
func (t *tree) isEmpty(i int32) bool {
	switch t.kind(i) {
	case kindNull:
		return true
	case kindString:
		return t.n[i].end-t.n[i].start == 2
	case kindObject, kindArray:
		return t.n[i].next == i+1
	}
	return false
}
