package sim

import (
	"encoding/json"
	"sync"
	"time"
)

// maxReceived bounds the received log: when it is full, the older half
// is dropped.
const maxReceived = 100_000

// receivedLog records every chatWindowEvent frame the gateway received, in
// order, for tests to assert on (GET /sandbox/received).
type receivedLog struct {
	mu      sync.Mutex
	entries []receivedEntry
}

// receivedEntry is one frame, as received, with the query of the
// connection it came on.
type receivedEntry struct {
	At    string          `json:"at"`
	Query string          `json:"query"`
	Frame json.RawMessage `json:"frame"`
}

// add records frame, which must be valid JSON.
func (l *receivedLog) add(query string, frame []byte) {
	e := receivedEntry{At: stamp(time.Now()), Query: query, Frame: append(json.RawMessage(nil), frame...)}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) >= maxReceived {
		l.entries = append(l.entries[:0:0], l.entries[len(l.entries)/2:]...)
	}
	l.entries = append(l.entries, e)
}

// list returns a copy of the log.
func (l *receivedLog) list() []receivedEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]receivedEntry{}, l.entries...)
}

// reset empties the log.
func (l *receivedLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = nil
}
