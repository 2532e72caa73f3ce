package sdk

import "strconv"

// Helpers that read a decoded tree the way encoding/json's Unmarshal fills
// a Go field, for the decoders that replace it (issue 9). Two differences
// are deliberate: keys match exactly (Unmarshal also accepts other
// casings; JSON.parse in the reference does not), and a repeated key is
// read from its last occurrence only. The differential fuzz tests skip
// texts with such keys.

// asString is node i as a Go string field: ok is false when Unmarshal
// would fail on it (a number, an object...); absent and null give "", true.
func (t *tree) asString(i int32) (string, bool) {
	switch t.kind(i) {
	case kindNull:
		return "", true
	case kindString:
		return t.str(i)
	}
	return "", false
}

// asBool is node i as a *bool field: nil for absent, null or a mismatch.
func (t *tree) asBool(i int32) *bool {
	var v bool
	switch t.kind(i) {
	case kindTrue:
		v = true
	case kindFalse:
	default:
		return nil
	}
	return &v
}

// asFloat is node i as a float64 field: ok is false for a mismatch or a
// number out of range.
func (t *tree) asFloat(i int32) (float64, bool) {
	switch t.kind(i) {
	case kindNull:
		return 0, true
	case kindNumber:
		f, err := strconv.ParseFloat(string(t.raw(i)), 64)
		return f, err == nil
	}
	return 0, false
}

// fits reports whether Unmarshal would accept node i for a field of a
// struct or slice kind (null always fits).
func (t *tree) fits(i int32, k jsonKind) bool {
	kk := t.kind(i)
	return kk == kindNull || kk == k
}

// rawElems is the raw text of each element of array arr (nil when arr is
// not an array).
func (t *tree) rawElems(arr int32) []RawJSON {
	if t.kind(arr) != kindArray {
		return nil
	}
	out := []RawJSON{}
	t.elems(arr, func(v int32) { out = append(out, t.raw(v)) })
	return out
}

// goValue is node i as Unmarshal decodes into an any: nil, bool, float64,
// string, []any, map[string]any. ok is false for a number out of float64's
// range, which Unmarshal refused.
func (t *tree) goValue(i int32) (v any, ok bool) {
	switch t.kind(i) {
	case kindNull:
		return nil, true
	case kindTrue:
		return true, true
	case kindFalse:
		return false, true
	case kindNumber:
		f, err := strconv.ParseFloat(string(t.raw(i)), 64)
		return f, err == nil
	case kindString:
		s, _ := t.str(i)
		return s, true
	case kindArray:
		out, ok := []any{}, true
		t.elems(i, func(e int32) {
			x, fit := t.goValue(e)
			ok = ok && fit
			out = append(out, x)
		})
		return out, ok
	}
	out, ok := map[string]any{}, true
	t.members(i, func(k, e int32) {
		key, _ := t.str(k)
		x, fit := t.goValue(e)
		ok = ok && fit
		out[key] = x
	})
	return out, ok
}

// parseRaw decodes raw and returns its root node, or -1 when raw is not
// valid JSON (an absent value included): reads then see an absent value.
func parseRaw(raw []byte) (*tree, int32) {
	t, err := parseTree(raw)
	if err != nil {
		return &tree{}, -1
	}
	return t, 0
}
