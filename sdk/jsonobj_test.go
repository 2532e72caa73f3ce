package sdk

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"
)

// parseObjectDecoder is the former parseObject, on encoding/json's Decoder:
// the oracle that the single-pass scanner must agree with.
func parseObjectDecoder(raw []byte) (object, error) {
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
		var v RawJSON
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

func checkParseObject(t *testing.T, in []byte) {
	t.Helper()
	got, gerr := parseObject(in)
	want, werr := parseObjectDecoder(in)
	if (gerr == nil) != (werr == nil) {
		t.Fatalf("parseObject(%q): error %v, encoding/json says %v", in, gerr, werr)
	}
	if gerr != nil {
		return
	}
	if len(got) != len(want) {
		t.Fatalf("parseObject(%q): %d fields, want %d", in, len(got), len(want))
	}
	for i := range got {
		if got[i].Key != want[i].Key || !bytes.Equal(got[i].Value, want[i].Value) {
			t.Fatalf("parseObject(%q) field %d: %q=%s, want %q=%s", in, i, got[i].Key, got[i].Value, want[i].Key, want[i].Value)
		}
	}
}

var parseObjectCases = []string{
	`{}`, ` { } `, `{"a":1}`, `{"a":1,"b":[1,2,{"c":null}],"a":"x"}`, `{"k\u00e9y":"v\"\\\/\b\f\n\r\t\u12aB"}`,
	`{"a":-0.5e+10,"b":0,"c":1E3,"d":-12.0}`, "{\"a\":\t\r\n true , \"b\" : false}",
	`{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":1e}`, `{"a":-}`, `{"a":+1}`, `{"a":tru}`, `{"a":nul}`,
	`{"a":1,}`, `{,}`, `{"a"}`, `{"a":}`, `{a:1}`, `{"a":1}x`, `{"a":1} {}`, `{"a":1`, `{"a":"\x"}`,
	`{"a":"\u12"}`, "{\"a\":\"\x01\"}", "{\"\xff\":1}", "{\"a\":\"\xff\"}", `[1]`, `"s"`, `1`, `x`, ``, ` `,
	`{"a":[1,]}`, `{"a":[,1]}`, `{"a":{"b":1,}}`, `{"a":[]}`, `{"a":{}}`, `{"":""}`, `{"a":"b"}]`,
}

// TestParseObject checks the scanner against encoding/json on hand-picked
// valid and invalid inputs, and that values cannot be appended into.
func TestParseObject(t *testing.T) {
	for _, c := range parseObjectCases {
		checkParseObject(t, []byte(c))
	}
	in := []byte(`{"a":"x","b":"y"}`)
	o, err := parseObject(in)
	if err != nil {
		t.Fatal(err)
	}
	_ = append(o.get("a"), 'Z')
	if string(in) != `{"a":"x","b":"y"}` || string(o.get("b")) != `"y"` {
		t.Fatalf("an append to one value changed the input: %s", in)
	}
}

// FuzzParseObject: the scanner accepts and splits exactly as encoding/json.
func FuzzParseObject(f *testing.F) {
	for _, c := range parseObjectCases {
		f.Add([]byte(c))
	}
	f.Fuzz(checkParseObject)
}
