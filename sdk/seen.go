package sdk

import (
	"math/rand/v2"
	"sync"
)

// seenSet remembers the ids of the last max messages dispatched, so that a
// message is delivered to listeners once, however often it arrives. Each id
// keeps the sequence number of its arrival, so that recovery can tell what
// was delivered before a connection was lost from what came after.
type seenSet struct {
	mu    sync.Mutex
	max   int
	seq   uint64
	ids   map[string]uint64
	order []string
}

func newSeenSet(max int) seenSet {
	return seenSet{max: max, ids: map[string]uint64{}}
}

// add records id and reports whether it was new.
func (s *seenSet) add(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.ids[id]; ok {
		return false
	}
	s.seq++
	s.ids[id] = s.seq
	s.order = append(s.order, id)
	if len(s.order) > s.max {
		delete(s.ids, s.order[0])
		s.order = s.order[1:]
	}
	return true
}

func (s *seenSet) has(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.ids[id]
	return ok
}

// mark returns a point in the sequence: ids added later are not seenBy it.
func (s *seenSet) mark() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq
}

// seenBy reports whether id was added at or before mark.
func (s *seenSet) seenBy(id string, mark uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.ids[id]
	return ok && n <= mark
}

// messageID reads a message's id (its platform id, else the id the client
// gave it).
func messageID(raw RawJSON) string {
	var id string
	_ = readTree(raw, func(t *tree) { id = t.messageID(0) })
	return id
}

func randFloat() float64 { return rand.Float64() }
