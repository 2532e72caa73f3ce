//go:build js && wasm

package main

import (
	"math"
	"strconv"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

// The decoders of what the shim sends (options, call arguments), on
// sdk.JSONValue instead of encoding/json (issue 9). Each accepts what
// Unmarshal accepted into the struct it replaces and refuses what it
// refused: the text must be an object (or null), and a member of the wrong
// type is an error naming the member. Keys match exactly, where Unmarshal
// also took other casings (the shim writes them exactly).

// fields reads members of one object and keeps the first mismatch.
type fields struct {
	v   sdk.JSONValue
	err string // "" while everything fitted
}

// decode parses raw as the arguments object.
func decode(raw []byte) (*fields, error) {
	v, err := sdk.ParseJSON(raw)
	if err != nil {
		return nil, err
	}
	f := &fields{v: v}
	if !v.IsNull() && !v.IsObject() {
		f.err = "not an object"
	}
	return f, nil
}

func (f *fields) fail(key, want string) {
	if f.err == "" {
		f.err = key + ": want " + want
	}
}

func (f *fields) str(key string) string {
	s, ok := f.v.Get(key).String()
	if !ok {
		f.fail(key, "a string")
	}
	return s
}

// strPtr is a *string field: nil when absent or null.
func (f *fields) strPtr(key string) *string {
	s := f.str(key)
	if f.v.Get(key).IsNull() {
		return nil
	}
	return &s
}

func (f *fields) num(key string) float64 {
	n, ok := f.v.Get(key).Float()
	if !ok {
		f.fail(key, "a number")
	}
	return n
}

func (f *fields) integer(key string) int {
	n, ok := f.v.Get(key).Int()
	if !ok || n != int64(int(n)) {
		f.fail(key, "an integer")
	}
	return int(n)
}

func (f *fields) boolean(key string) bool {
	b, ok := f.v.Get(key).Bool()
	if !ok {
		f.fail(key, "a boolean")
	}
	return b
}

// boolPtr is a *bool field: nil when absent or null.
func (f *fields) boolPtr(key string) *bool {
	b := f.boolean(key)
	if f.v.Get(key).IsNull() {
		return nil
	}
	return &b
}

// object returns the fields of member key, which must be an object or
// null; its mismatches are reported on f as key.member.
func (f *fields) object(key string) *fields {
	v := f.v.Get(key)
	if !v.IsNull() && !v.IsObject() {
		f.fail(key, "an object")
		return &fields{}
	}
	return &fields{v: v}
}

// merge takes the first mismatch of a member's fields.
func (f *fields) merge(key string, sub *fields) {
	if sub.err != "" && f.err == "" {
		f.err = key + "." + sub.err
	}
}

// each calls fn for each element of array member key (which must be an
// array or null).
func (f *fields) each(key string, fn func(v sdk.JSONValue)) {
	v := f.v.Get(key)
	if !v.IsNull() && !v.IsArray() {
		f.fail(key, "an array")
		return
	}
	v.Elems(fn)
}

// list returns a non-nil slice when member key is an array (Unmarshal
// keeps nil for absent and null).
func (f *fields) isList(key string) bool { return f.v.Get(key).IsArray() }

func (f *fields) customFields(key string) []sdk.CustomField {
	var out []sdk.CustomField
	if f.isList(key) {
		out = []sdk.CustomField{}
	}
	f.each(key, func(v sdk.JSONValue) {
		e := &fields{v: v}
		if !v.IsNull() && !v.IsObject() {
			f.fail(key, "objects")
			return
		}
		out = append(out, sdk.CustomField{Ident: e.str("ident"), Value: e.str("value")})
		f.merge(key, e)
	})
	return out
}

func (f *fields) strings(key string) []string {
	var out []string
	if f.isList(key) {
		out = []string{}
	}
	f.each(key, func(v sdk.JSONValue) {
		s, ok := v.String()
		if !ok {
			f.fail(key, "strings")
		}
		out = append(out, s)
	})
	return out
}

func (f *fields) attachments(key string) []sdk.Attachment {
	var out []sdk.Attachment
	if f.isList(key) {
		out = []sdk.Attachment{}
	}
	f.each(key, func(v sdk.JSONValue) {
		e := &fields{v: v}
		if !v.IsNull() && !v.IsObject() {
			f.fail(key, "objects")
			return
		}
		out = append(out, sdk.Attachment{URL: e.str("url"), FriendlyName: e.str("friendlyName")})
		f.merge(key, e)
	})
	return out
}

// stringMap is a map[string]string field (nil for absent or null).
func (f *fields) stringMap(key string) map[string]string {
	o := f.object(key)
	if !o.v.IsObject() {
		return nil
	}
	m := map[string]string{}
	o.v.Members(func(k string, v sdk.JSONValue) {
		s, ok := v.String()
		if !ok {
			f.fail(key+"."+k, "a string")
		}
		m[k] = s
	})
	return m
}

// scalarString renders a JSON string or number as text ("" for others):
// a number keeps its digits as written.
func scalarString(v sdk.JSONValue) string {
	if s, ok := v.String(); ok {
		return s
	}
	if v.IsNumber() {
		return string(v.Raw())
	}
	return ""
}

// queryValue is a websocketQuery value as text: a string as it is, a
// number as encoding/json printed the float64 it decoded (ES6's form),
// anything else "".
func queryValue(v sdk.JSONValue) string {
	if s, ok := v.String(); ok {
		return s
	}
	f, ok := v.Float()
	if !ok || !v.IsNumber() {
		return ""
	}
	format, abs := byte('f'), math.Abs(f)
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(nil, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9, as encoding/json does
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return string(b)
}
