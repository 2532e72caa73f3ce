package sdk

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"
)

// oracleEvent is the reference's normalizeEvent + chatEventMapper written
// over encoding/json's generic values, recursively (fine natively): the
// oracle the one-pass decoder and history writer are compared with.
func oracleEvent(v any) map[string]any {
	o, ok := v.(map[string]any)
	if !ok {
		return map[string]any{"id": "", "data": nil}
	}
	rawID, ok := o["eventId"]
	if !ok {
		return map[string]any{"id": "", "data": nil}
	}
	ev := map[string]any{"id": oracleText(rawID)}
	if c, ok := o["createdAt"]; ok {
		ev["createdAt"] = c
	}
	typ := ""
	if t, ok := o["eventType"]; ok {
		typ = oracleText(t)
	}
	var data any
	hasData := false
	if e, ok := o["error"]; ok {
		ev["data"] = nil
		ev["error"] = e
		typ = ""
	} else if d, ok := o["data"]; ok {
		data, hasData = d, true
		if c, ok := o["context"]; ok {
			ev["context"] = c
		}
	} else if pb, ok := o["postback"]; ok && !oracleEmpty(pb) {
		pbo, _ := pb.(map[string]any)
		typ = oracleText(pbo["eventType"])
		merged := map[string]any{}
		for k, v := range o {
			if k != "eventId" && k != "postback" {
				merged[k] = v
			}
		}
		if pd, ok := pbo["data"].(map[string]any); ok {
			for k, v := range pd {
				merged[k] = v
			}
		}
		data, hasData = merged, true
	} else {
		for k, v := range o {
			if k != "eventId" && k != "eventType" && k != "createdAt" {
				ev[k] = v
			}
		}
	}
	if d, ok := data.(map[string]any); ok {
		if to, ok := renames[typ]; ok {
			typ = to
		} else if dir, _ := d["direction"].(string); dir == "outbound" && typ == "SenderTypingStarted" {
			typ = "AgentTypingStarted"
		} else if dir == "outbound" && typ == "SenderTypingEnded" {
			typ = "AgentTypingEnded"
		}
		if h, ok := d["contactHistory"]; ok && isRecovered(typ) {
			if items, ok := h.([]any); ok || h == nil {
				out := []any{}
				for _, it := range items {
					out = append(out, oracleEvent(it))
				}
				nd := map[string]any{}
				for k, v := range d {
					nd[k] = v
				}
				nd["contactHistory"] = out
				data = nd
			}
		}
	} else if to, ok := renames[typ]; ok {
		typ = to
	}
	if hasData {
		ev["data"] = data
	}
	if typ != "" {
		ev["type"] = typ
	}
	return ev
}

const skipMark = "(not compared: an object as text)"

func oracleText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	case map[string]any, []any:
		// A JS template shows "[object Object]"; ours shows the JSON text,
		// in the server's key order, which a map cannot keep: not compared.
		return skipMark
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func oracleEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

func checkNormalise(t *testing.T, frame []byte) {
	t.Helper()
	ev, err := DecodeFrame(frame)
	var v any
	d := json.NewDecoder(bytes.NewReader(bytes.TrimSpace(frame)))
	d.UseNumber()
	derr := d.Decode(&v)
	if _, isObj := v.(map[string]any); err != nil {
		if err == ErrNoEventID || derr != nil || !isObj || !json.Valid(frame) || !utf8.Valid(frame) {
			return
		}
		if bytes.Equal(bytes.TrimSpace(frame), []byte(`"pong"`)) {
			return
		}
		t.Fatalf("DecodeFrame(%q): %v, but encoding/json reads an object", frame, err)
	}
	want := oracleEvent(v)
	if bytes.Contains(mustJSON(want), []byte(skipMark)) {
		return
	}
	got := mapEvent(ev).AppendJSON(nil)
	var g any
	gd := json.NewDecoder(bytes.NewReader(got))
	gd.UseNumber()
	if err := gd.Decode(&g); err != nil {
		t.Fatalf("event JSON %q is invalid: %v", got, err)
	}
	wb, _ := json.Marshal(want)
	var w any
	wd := json.NewDecoder(bytes.NewReader(wb))
	wd.UseNumber()
	_ = wd.Decode(&w)
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("frame %s\n got  %s\n want %s", frame, got, wb)
	}
}

var normaliseCases = []string{
	`{"eventId":"a","eventType":"CaseCreated","data":{"case":{}}}`,
	`{"eventId":1,"eventType":"SenderTypingStarted","data":{"direction":"outbound"},"context":[]}`,
	`{"eventId":"a","error":{"errorCode":"X"},"createdAt":"t","eventType":"Y"}`,
	`{"eventId":"a","postback":{"eventType":"ThreadRecovered","data":{"contactHistory":[{"eventId":"b","eventType":"CaseStatusChanged","data":{}}]}},"x":1}`,
	`{"eventId":"a","eventType":"LivechatRecovered","data":{"contactHistory":null,"contactHistory":[1,{"x":1},{"eventId":"c","eventType":"ThreadRecovered","data":{"contactHistory":[]}}]}}`,
	`{"eventId":"a","eventType":"T","other":[1],"other":2}`,
	`{"eventId":null,"eventType":"ThreadRecovered","data":{"contactHistory":"no"}}`,
}

func TestNormaliseAgainstOracle(t *testing.T) {
	for _, c := range normaliseCases {
		checkNormalise(t, []byte(c))
	}
	checkNormalise(t, nestedRecovered(20, 3))
	for _, b := range protocolSamples(t) {
		checkNormalise(t, b)
	}
}

// FuzzNormalise: DecodeFrame + mapEvent give what the reference's
// normalizeEvent and chatEventMapper give, compared through encoding/json.
func FuzzNormalise(f *testing.F) {
	for _, c := range normaliseCases {
		f.Add([]byte(c))
	}
	f.Fuzz(checkNormalise)
}
