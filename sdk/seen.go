package sdk

import (
	"encoding/json"
	"math/rand/v2"
	"sync"
)

// seenSet remembers the ids of the last max messages dispatched, so that a
// message is delivered to listeners once, however often it arrives.
type seenSet struct {
	mu    sync.Mutex
	max   int
	ids   map[string]struct{}
	order []string
}

func newSeenSet(max int) seenSet {
	return seenSet{max: max, ids: map[string]struct{}{}}
}

// add records id and reports whether it was new.
func (s *seenSet) add(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.ids[id]; ok {
		return false
	}
	s.ids[id] = struct{}{}
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

// messageID reads a message's id (its platform id, else the id the client
// gave it).
func messageID(raw json.RawMessage) string {
	o, err := parseObject(raw)
	if err != nil {
		return ""
	}
	if id, _ := str(o.get("id")); id != "" {
		return id
	}
	id, _ := str(o.get("idOnExternalPlatform"))
	return id
}

func randFloat() float64 { return rand.Float64() }
