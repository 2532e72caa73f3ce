package sdk

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// toAny converts node i as encoding/json's Decoder with UseNumber would.
func (t *tree) toAny(i int32) any {
	switch t.kind(i) {
	case kindNull:
		return nil
	case kindTrue:
		return true
	case kindFalse:
		return false
	case kindNumber:
		return json.Number(t.raw(i))
	case kindString:
		s, _ := t.str(i)
		return s
	case kindArray:
		a := []any{}
		t.elems(i, func(v int32) { a = append(a, t.toAny(v)) })
		return a
	}
	m := map[string]any{}
	t.members(i, func(k, v int32) { s, _ := t.str(k); m[s] = t.toAny(v) })
	return m
}

func decodeStd(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, errBadJSON
	}
	return v, nil
}

func checkTree(t *testing.T, in []byte) {
	t.Helper()
	tr, err := parseTree(in)
	valid := json.Valid(in)
	if (err == nil) != valid {
		t.Fatalf("parseTree(%q): error %v, json.Valid %v", in, err, valid)
	}
	if err != nil {
		return
	}
	want, err := decodeStd(in)
	if err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	if got := tr.toAny(0); !reflect.DeepEqual(got, want) {
		t.Fatalf("parseTree(%q) = %#v, encoding/json %#v", in, got, want)
	}
	// The encoder: a string written by appendQuoted reads back the same.
	if s, ok := tr.str(0); ok {
		var back string
		if err := json.Unmarshal(quoted(s), &back); err != nil || back != s {
			t.Fatalf("appendQuoted(%q) = %s, reads back %q (%v)", s, quoted(s), back, err)
		}
	}
}

var treeCases = []string{
	`null`, `true`, `false`, `0`, `-0.5e+10`, `"a"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\udc00x"`, `"\ud83d\u0041"`,
	"\"\xff\"", "\"a\xc3\"", `"\u0000\u001f\u2028"`, `[]`, `{}`, `[[],[{}]]`, `{"a":[1,{"b":null}],"a":2}`,
	`[1,]`, `[,]`, `{"a":1,}`, `{"a" 1}`, `[1 2]`, `{"a":1}}`, `]`, `[`, ``, `"\u12"`, `01`, `1.`, `-`,
}

func TestTreeAgainstEncodingJSON(t *testing.T) {
	for _, c := range append(treeCases, parseObjectCases...) {
		checkTree(t, []byte(c))
	}
}

// FuzzTree: the tree decoder accepts exactly what encoding/json accepts and
// reads the same values; strings it writes read back unchanged.
func FuzzTree(f *testing.F) {
	for _, c := range treeCases {
		f.Add([]byte(c))
	}
	for _, b := range protocolSamples(f) {
		f.Add(b)
	}
	f.Fuzz(checkTree)
}

// protocolSamples returns the frames of testdata/protocol (one per line).
func protocolSamples(tb testing.TB) [][]byte {
	var out [][]byte
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "protocol", "*", "*.jsonl"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, line := range bytes.Split(b, []byte("\n")) {
			if len(bytes.TrimSpace(line)) > 0 {
				out = append(out, line)
			}
		}
	}
	return out
}

// TestTreeLimits: nesting past encoding/json's depth and texts of too many
// values are refused, without recursion (a native stack would hide it: the
// check is that the depth counted is the text's).
func TestTreeLimits(t *testing.T) {
	deep := strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth)
	if _, err := parseTree([]byte(deep)); err != nil {
		t.Fatalf("depth %d refused: %v", maxJSONDepth, err)
	}
	if _, err := parseTree([]byte("[" + deep + "]")); err != errJSONTooDeep {
		t.Fatalf("depth %d: %v, want errJSONTooDeep", maxJSONDepth+1, err)
	}
	many := "[" + strings.Repeat("0,", maxJSONValues) + "0]"
	if _, err := parseTree([]byte(many)); err != errJSONTooBig {
		t.Fatalf("%d values: %v, want errJSONTooBig", maxJSONValues+2, err)
	}
}

// TestStringEncodersDiffer: the one string writer in its two forms, the
// event encoder's (JSON.stringify-like: no HTML escapes, \b and \f as \u)
// and encoding/json's Marshal's.
func TestStringEncodersDiffer(t *testing.T) {
	s := "<a>&\b\f\n\"\\\u2028\xff"
	if got, want := string(quoted(s)), `"<a>&\u0008\u000c\n\"\\\u2028\ufffd"`; got != want {
		t.Errorf("appendQuoted: %s, want %s", got, want)
	}
	if got, want := string(appendString(nil, s)), `"\u003ca\u003e\u0026\b\f\n\"\\\u2028\ufffd"`; got != want {
		t.Errorf("appendString: %s, want %s", got, want)
	}
	if m, _ := json.Marshal(s); string(m) != string(appendString(nil, s)) {
		t.Errorf("appendString differs from Marshal: %s vs %s", appendString(nil, s), m)
	}
}
