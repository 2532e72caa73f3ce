package sdk

import (
	"encoding/json"
	"testing"
)

// FuzzJSONValue: the reads wasm/ decodes the page's arguments with fill a
// field as Unmarshal does: same acceptance for string, float64, int64 and
// bool, same value when accepted (the member "v" of an object, absent
// included).
func FuzzJSONValue(f *testing.F) {
	for _, s := range []string{`{}`, `{"v":null}`, `{"v":"a\u00e9<"}`, `{"v":12}`, `{"v":-1.5e3}`, `{"v":1e400}`,
		`{"v":9223372036854775808}`, `{"v":true}`, `{"v":[1]}`, `{"v":{"w":1}}`, `{"v":"\ud800"}`, `{"v":0.0}`, `{"v":-0}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		root, err := ParseJSON(in)
		if (err == nil) != json.Valid(in) {
			t.Fatalf("ParseJSON(%q): %v, json.Valid %v", in, err, json.Valid(in))
		}
		if err != nil || !root.IsObject() || ambiguous(in) {
			return
		}
		v := root.Get("v")
		var s struct {
			V string `json:"v"`
		}
		gs, ok := v.String()
		if wantOK := json.Unmarshal(in, &s) == nil; ok != wantOK || ok && gs != s.V {
			t.Fatalf("String(%q) = %q %v, Unmarshal %q %v", in, gs, ok, s.V, wantOK)
		}
		var fl struct {
			V float64 `json:"v"`
		}
		gf, ok := v.Float()
		if wantOK := json.Unmarshal(in, &fl) == nil; ok != wantOK || ok && gf != fl.V {
			t.Fatalf("Float(%q) = %v %v, Unmarshal %v %v", in, gf, ok, fl.V, wantOK)
		}
		var n struct {
			V int64 `json:"v"`
		}
		gn, ok := v.Int()
		if wantOK := json.Unmarshal(in, &n) == nil; ok != wantOK || ok && gn != n.V {
			t.Fatalf("Int(%q) = %v %v, Unmarshal %v %v", in, gn, ok, n.V, wantOK)
		}
		var b struct {
			V bool `json:"v"`
		}
		gb, ok := v.Bool()
		if wantOK := json.Unmarshal(in, &b) == nil; ok != wantOK || ok && gb != b.V {
			t.Fatalf("Bool(%q) = %v %v, Unmarshal %v %v", in, gb, ok, b.V, wantOK)
		}
		if r := v.Raw(); v.Exists() != (r != nil) {
			t.Fatalf("Raw(%q) = %q, Exists %v", in, r, v.Exists())
		}
	})
}
