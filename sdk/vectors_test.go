package sdk

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// protocolDir holds the protocol fixtures, copied into the repository
// (testdata/protocol/README.md says from where).
var protocolDir = filepath.Join("..", "testdata", "protocol")

type vectorStep struct {
	Name    string  `json:"name"`
	Respond string  `json:"respond"`
	Push    RawJSON `json:"push"`
	Call    string  `json:"call"`
}

type vectorResult struct {
	Name   string `json:"name"`
	Events []struct {
		Via    string  `json:"via"`
		Type   string  `json:"type"`
		Detail RawJSON `json:"detail"`
	} `json:"events"`
	Result RawJSON `json:"result"`
	Error  *struct {
		Name    string `json:"name"`
		Message string `json:"message"`
	} `json:"error"`
}

func loadJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(protocolDir, name))
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
}

// jsonEqual compares two JSON texts as values (key order ignored).
func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("bad JSON %s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("bad JSON %s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

// TestVectorsPushes proves that every pushed frame of the v1 vectors is
// normalised, renamed and routed exactly as the reference client did it:
// same type and detail for SDK listeners, and a thread event only for
// thread-1's frames.
func TestVectorsPushes(t *testing.T) {
	t.Parallel()
	for _, results := range []string{"vectors/v1-reference-3.3.0.json", "vectors/v1-reference-2.2.0.json"} {
		var steps []vectorStep
		var want []vectorResult
		loadJSON(t, "vectors/v1-steps.json", &steps)
		loadJSON(t, results, &want)
		if len(steps) != len(want) {
			t.Fatalf("%s: %d steps, %d results", results, len(steps), len(want))
		}
		for i, st := range steps {
			if st.Push == nil {
				continue
			}
			frame := []byte(st.Push)
			var s string
			if json.Unmarshal(st.Push, &s) == nil {
				frame = []byte(s) // a raw, non-JSON push
			}
			ev, err := DecodeFrame(frame)
			var got []string
			if err == nil {
				ev = mapEvent(ev)
				got = append(got, "sdk "+ev.Type)
				if ev.ThreadID == "thread-1" {
					got = append(got, "thread "+ev.Type)
				}
			}
			var exp []string
			for _, e := range want[i].Events {
				exp = append(exp, e.Via+" "+e.Type)
				if e.Via == "sdk" {
					detail, _ := json.Marshal(ev)
					if !jsonEqual(t, detail, e.Detail) {
						t.Errorf("%s %q: detail\n got %s\nwant %s", results, st.Name, detail, e.Detail)
					}
				}
			}
			if strings.Join(got, ",") != strings.Join(exp, ",") {
				t.Errorf("%s %q: events %v, want %v", results, st.Name, got, exp)
			}
		}
	}
}

// TestVectorsReplies proves that replies in the postback and data forms
// normalise to the reference's detail (ids aside: the client makes them).
func TestVectorsReplies(t *testing.T) {
	t.Parallel()
	var steps []vectorStep
	var want []vectorResult
	loadJSON(t, "vectors/v1-steps.json", &steps)
	loadJSON(t, "vectors/v1-reference-3.3.0.json", &want)
	checked := 0
	for i, st := range steps {
		if st.Respond == "" {
			continue
		}
		for _, e := range want[i].Events {
			if e.Via != "sdk" {
				continue
			}
			var d struct {
				ID string `json:"id"`
			}
			_ = json.Unmarshal(e.Detail, &d)
			ev, err := DecodeFrame([]byte(strings.ReplaceAll(st.Respond, "$EVENT_ID", d.ID)))
			if err != nil {
				t.Fatalf("%q: %v", st.Name, err)
			}
			ev = mapEvent(ev)
			got, _ := json.Marshal(ev)
			if !jsonEqual(t, got, e.Detail) {
				t.Errorf("%q: detail\n got %s\nwant %s", st.Name, got, e.Detail)
			}
			checked++
		}
	}
	if checked < 5 {
		t.Fatalf("checked %d replies, want at least 5", checked)
	}
}

// TestDecodeFrameForms covers the three forms, the pong and what is ignored.
func TestDecodeFrameForms(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in, want string
		err            error
	}{
		{"pong", `"pong"`, "", ErrPong},
		{"not json", `hello`, "", ErrNotJSON},
		{"array", `[1]`, "", ErrNotJSON},
		{"no id", `{"eventType":"MessageCreated","data":{}}`, "", ErrNoEventID},
		{"error form", `{"eventId":"e","createdAt":"t","error":{"errorCode":"X","errorMessage":"m","transactionId":"1"}}`,
			`{"createdAt":"t","data":null,"error":{"errorCode":"X","errorMessage":"m","transactionId":"1"},"id":"e"}`, nil},
		{"data form", `{"eventId":"e","eventType":"MessageCreated","createdAt":"t","data":{"a":1},"context":{"c":2}}`,
			`{"createdAt":"t","context":{"c":2},"data":{"a":1},"id":"e","type":"MessageCreated"}`, nil},
		{"postback merges", `{"eventId":"e","createdAt":"t","x":1,"postback":{"eventType":"ThreadArchived","data":{"x":2,"y":3}}}`,
			`{"createdAt":"t","data":{"createdAt":"t","x":2,"y":3},"id":"e","type":"ThreadArchived"}`, nil},
		{"other form keeps fields", `{"eventId":"e","createdAt":"t","foo":"bar"}`,
			`{"createdAt":"t","foo":"bar","id":"e"}`, nil},
	}
	for _, c := range cases {
		ev, err := DecodeFrame([]byte(c.in))
		if err != c.err {
			t.Errorf("%s: err %v, want %v", c.name, err, c.err)
			continue
		}
		if err != nil {
			continue
		}
		got, _ := json.Marshal(ev)
		if !jsonEqual(t, got, []byte(c.want)) {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

// FuzzDecodeFrame: no input may panic, and whatever decodes re-encodes as
// valid JSON with the same id.
func FuzzDecodeFrame(f *testing.F) {
	var steps []vectorStep
	if b, err := os.ReadFile(filepath.Join(protocolDir, "vectors", "v1-steps.json")); err == nil && json.Unmarshal(b, &steps) == nil {
		for _, s := range steps {
			if s.Push != nil {
				f.Add([]byte(s.Push))
			}
			if s.Respond != "" {
				f.Add([]byte(s.Respond))
			}
		}
	}
	f.Add([]byte(`{"eventId":1,"postback":{"eventType":2,"data":[]},"data":null}`))
	f.Add([]byte(`{"eventId":"x","eventType":"ThreadRecovered","data":{"contactHistory":[{"eventId":"y","data":{"thread":{"idOnExternalPlatform":5}}}]}}`))
	f.Add([]byte("{\"eventId\":{\"\":\"\x96\"}}")) // invalid UTF-8 must be refused, not mangled
	f.Fuzz(func(t *testing.T, frame []byte) {
		ev, err := DecodeFrame(frame)
		if err != nil {
			return
		}
		ev = mapEvent(ev)
		out, err := json.Marshal(ev)
		if err != nil || !json.Valid(out) {
			t.Fatalf("re-encode of %q: %v %s", frame, err, out)
		}
		var back struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(out, &back); err != nil || back.ID != ev.ID {
			t.Fatalf("id %q became %q", ev.ID, back.ID)
		}
	})
}
