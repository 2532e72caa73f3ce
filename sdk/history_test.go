package sdk

import (
	"encoding/json"
	"strings"
	"testing"
)

// nestedRecovered is a ThreadRecovered frame whose contactHistory holds a
// ThreadRecovered frame, depth levels deep, each level carrying pad bytes
// of text and a CaseCreated item (renamed to ContactCreated).
func nestedRecovered(depth, pad int) []byte {
	filler := strings.Repeat("x", pad)
	var b strings.Builder
	for i := 0; i < depth; i++ {
		b.WriteString(`{"eventId":"e` + itoa(i) + `","eventType":"ThreadRecovered","data":{"thread":{"idOnExternalPlatform":"t"},"note":"` + filler + `","contactHistory":[{"eventId":"c` + itoa(i) + `","eventType":"CaseCreated","data":{"case":{}}},`)
	}
	b.WriteString(`{"eventId":"leaf","eventType":"SenderTypingStarted","data":{"direction":"outbound"}}`)
	for i := 0; i < depth; i++ {
		b.WriteString(`]}}`)
	}
	return []byte(b.String())
}

func itoa(i int) string { return jsonInt(i) }

func jsonInt(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func decodeMapped(t *testing.T, frame []byte) *Event {
	t.Helper()
	ev, err := DecodeFrame(frame)
	if err != nil {
		t.Fatal(err)
	}
	return mapEvent(ev)
}

// TestHistoryNormalisedAtEveryLevel: each level's items are normalised and
// renamed, as the reference's threadRecovered does through chatEventMapper.
func TestHistoryNormalisedAtEveryLevel(t *testing.T) {
	ev := decodeMapped(t, nestedRecovered(2, 1))
	got, _ := json.Marshal(ev)
	want := `{"data":{"thread":{"idOnExternalPlatform":"t"},"note":"x","contactHistory":[
		{"data":{"case":{}},"id":"c0","type":"ContactCreated"},
		{"data":{"thread":{"idOnExternalPlatform":"t"},"note":"x","contactHistory":[
			{"data":{"case":{}},"id":"c1","type":"ContactCreated"},
			{"data":{"direction":"outbound"},"id":"leaf","type":"AgentTypingStarted"}]},"id":"e1","type":"ThreadRecovered"}]},
		"id":"e0","type":"ThreadRecovered"}`
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatalf("%v: %s", err, got)
	}
	_ = json.Unmarshal([]byte(want), &b)
	if ga, _ := json.Marshal(a); string(ga) != string(mustJSON(b)) {
		t.Fatalf("got  %s\nwant %s", ga, mustJSON(b))
	}
	if ev.ThreadID != "t" {
		t.Fatalf("thread %q", ev.ThreadID)
	}
}

// TestHistoryNestingIsLinear (issue 9, finding 1): a ~4 MB ThreadRecovered
// frame nesting its contactHistory 1,000 deep is normalised in one pass.
// Before, each level re-decoded and re-encoded its whole subtree (about
// 2 GB of work for this frame; in the browser, out of memory). The
// output is checked to be about the input's size, and the innermost item
// renamed.
func TestHistoryNestingIsLinear(t *testing.T) {
	frame := nestedRecovered(1000, 3900)
	if len(frame) < 3<<20 || len(frame) > MaxFrameSize {
		t.Fatalf("frame is %d bytes", len(frame))
	}
	ev := decodeMapped(t, frame)
	if n := len(ev.Data); n > len(frame)*11/10 {
		t.Fatalf("normalised data is %d bytes for a %d-byte frame", n, len(frame))
	}
	if !strings.Contains(string(ev.Data), `"id":"leaf","type":"AgentTypingStarted"`) {
		t.Fatalf("innermost item not normalised: %s", ev.Data[len(ev.Data)-200:])
	}
	if !json.Valid(ev.Data) {
		t.Fatal("normalised data is not valid JSON")
	}
}
