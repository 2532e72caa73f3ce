package sdk

import "strconv"

// JSONValue is one value of a JSON text decoded by ParseJSON: a read-only
// view for adapters (wasm/ reads the page's arguments with it) that must
// not pull encoding/json and reflect into the browser build (issue 9). The
// zero JSONValue is an absent value; reading a member of anything but an
// object gives an absent value too.
type JSONValue struct {
	t *tree
	i int32
}

// ParseJSON decodes b, which must hold exactly one JSON value, iteratively
// and within the decoder's limits (jsontree.go).
func ParseJSON(b []byte) (JSONValue, error) {
	t, err := parseTree(b)
	if err != nil {
		return JSONValue{}, err
	}
	return JSONValue{t, 0}, nil
}

func (v JSONValue) n() int32 {
	if v.t == nil {
		return -1
	}
	return v.i
}

func (v JSONValue) at(i int32) JSONValue {
	if i < 0 {
		return JSONValue{}
	}
	return JSONValue{v.t, i}
}

// Get returns member key of an object (the last one when repeated, as
// JSON.parse keeps).
func (v JSONValue) Get(key string) JSONValue { return v.at(v.t.get(v.n(), key)) }

// Exists reports whether the value is present (null included).
func (v JSONValue) Exists() bool { return v.n() >= 0 }

// IsNull reports whether the value is absent or null.
func (v JSONValue) IsNull() bool { return v.t.kind(v.n()) == kindNull }

// IsObject and IsArray report the value's kind.
func (v JSONValue) IsObject() bool { return v.t.isObject(v.n()) }
func (v JSONValue) IsArray() bool  { return v.t.kind(v.n()) == kindArray }

// String reads a string as encoding/json fills a string field: absent and
// null give "", true; a value of another kind gives "", false.
func (v JSONValue) String() (string, bool) { return v.t.asString(v.n()) }

// Float reads a number as a float64 field (absent and null: 0, true).
func (v JSONValue) Float() (float64, bool) { return v.t.asFloat(v.n()) }

// Int reads an integer as an int field (absent and null: 0, true); a
// fraction, an exponent or an overflow gives false, as encoding/json does.
func (v JSONValue) Int() (int64, bool) {
	switch v.t.kind(v.n()) {
	case kindNull:
		return 0, true
	case kindNumber:
		n, err := strconv.ParseInt(string(v.t.raw(v.n())), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// Bool reads a boolean as a bool field (absent and null: false, true).
func (v JSONValue) Bool() (bool, bool) {
	switch v.t.kind(v.n()) {
	case kindNull:
		return false, true
	case kindTrue:
		return true, true
	case kindFalse:
		return false, true
	}
	return false, false
}

// IsNumber reports whether the value is a number.
func (v JSONValue) IsNumber() bool { return v.n() >= 0 && v.t.kind(v.n()) == kindNumber }

// Raw is the value's JSON text (nil when absent), aliasing the input.
func (v JSONValue) Raw() RawJSON { return v.t.raw(v.n()) }

// Members calls fn for each member of an object, in order.
func (v JSONValue) Members(fn func(key string, val JSONValue)) {
	v.t.members(v.n(), func(k, e int32) {
		key, _ := v.t.str(k)
		fn(key, v.at(e))
	})
}

// Elems calls fn for each element of an array, in order.
func (v JSONValue) Elems(fn func(val JSONValue)) {
	v.t.elems(v.n(), func(e int32) { fn(v.at(e)) })
}
