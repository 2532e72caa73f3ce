package sim

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// customerKey names one customer: state is kept per brand, channel and
// customer id (PROTOCOL.md §2 query).
type customerKey struct {
	brand    int64
	channel  string
	customer string
}

// store is the simulator's whole chat state, in memory. Its mutex guards
// only the map of customers; each customer has its own mutex that guards
// everything under it, including the set of its connections, so that the
// frames of one customer are enqueued in the order the state changed.
type store struct {
	mu          sync.Mutex
	customers   map[customerKey]*customer
	order       []*customer
	nextContact int64
}

// newStore returns an empty store.
func newStore() *store {
	return &store{customers: map[customerKey]*customer{}, nextContact: 7000}
}

// customer returns the customer for key, creating it on first use.
func (s *store) customer(key customerKey, ch *Channel) *customer {
	s.mu.Lock()
	defer s.mu.Unlock()
	cu, ok := s.customers[key]
	if !ok {
		cu = &customer{
			key: key, channel: ch, endUserID: newID(), store: s,
			threads: map[string]*thread{}, conns: map[*conn]struct{}{},
			fields: map[string]string{},
		}
		s.customers[key] = cu
		s.order = append(s.order, cu)
	}
	return cu
}

// holding returns a customer for key that is not kept in the store: the
// empty stand-in a socket gets when it names a customer who logs in,
// without having logged in (held). Its authorization moves it to the
// stored customer; until then it sees and reaches nothing of theirs, and
// it is forgotten with its socket.
func (s *store) holding(key customerKey, ch *Channel) *customer {
	return &customer{
		key: key, channel: ch, endUserID: newID(), store: s, held: true,
		threads: map[string]*thread{}, conns: map[*conn]struct{}{},
		fields: map[string]string{},
	}
}

// lookup returns the customer for key, or nil.
func (s *store) lookup(key customerKey) *customer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.customers[key]
}

// all returns every customer, in order of creation.
func (s *store) all() []*customer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*customer(nil), s.order...)
}

// newContactID returns the next contact number.
func (s *store) newContactID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextContact++
	return strconv.FormatInt(s.nextContact, 10)
}

// customer is one end user of one channel: their threads, custom fields
// and open connections. mu guards every field below it.
type customer struct {
	key       customerKey
	channel   *Channel
	endUserID string
	store     *store
	held      bool // a stand-in of an unauthorized socket (holding), not in the store

	mu       sync.Mutex
	identity consumerIdentity
	threads  map[string]*thread // by idOnExternalPlatform
	order    []*thread          // in order of creation
	conns    map[*conn]struct{}
	fields   map[string]string // customer custom fields
	tick     int64             // activity counter, orders threads by recency
	host     string            // the Host of the latest socket, for URLs the agent hands out
}

// thread is one conversation. Its fields are guarded by the customer's mu.
type thread struct {
	id         string
	ext        string
	name       string
	archived   bool
	contact    *contact
	messages   []wireMessage // oldest first
	byExt      map[string]int
	lastActive int64
	typing     bool   // the customer is typing
	preview    string // what the customer is typing, from SendMessagePreview

	agentQueue []string // customer texts the scripted agent still owes a reply to
	agentBusy  bool
	agentMuted bool // a person answers this thread in the console: the scripted agent is quiet
	queuePos   int  // the last queue position the console set (0: none)
}

// contact is the current contact (case) of a thread.
type contact struct {
	id              string
	status          string
	assigned        bool
	createdAt       time.Time
	statusUpdatedAt time.Time
	fields          map[string]string
}

// thread returns the thread named ext, or nil.
func (cu *customer) thread(ext string) *thread {
	return cu.threads[ext]
}

// ensureThread returns the thread named ext, creating it without a contact.
func (cu *customer) ensureThread(ext string) *thread {
	if t, ok := cu.threads[ext]; ok {
		return t
	}
	t := &thread{id: newID(), ext: ext, byExt: map[string]int{}}
	cu.threads[ext] = t
	cu.order = append(cu.order, t)
	cu.touch(t)
	return t
}

// touch marks t as the customer's most recently active thread.
func (cu *customer) touch(t *thread) {
	cu.tick++
	t.lastActive = cu.tick
}

// latest returns the most recently active thread, or nil.
func (cu *customer) latest() *thread {
	var best *thread
	for _, t := range cu.order {
		if best == nil || t.lastActive > best.lastActive {
			best = t
		}
	}
	return best
}

// openContact returns t's contact, creating a new one (status new) when it
// has none or the last one is closed; created says which.
func (cu *customer) openContact(t *thread) (c *contact, created bool) {
	if t.contact != nil && t.contact.status != statusClosed && t.contact.status != "trashed" {
		return t.contact, false
	}
	at := time.Now()
	t.contact = &contact{
		id: cu.store.newContactID(), status: statusNew, createdAt: at, statusUpdatedAt: at,
		fields: map[string]string{},
	}
	return t.contact, true
}

// setStatus changes the status of t's contact.
func (t *thread) setStatus(status string) {
	t.contact.status = status
	t.contact.statusUpdatedAt = time.Now()
}

// append stores m; false if a message with the same idOnExternalPlatform
// is already stored (the client retried).
func (t *thread) append(m wireMessage) bool {
	if _, dup := t.byExt[m.IDOnExternalPlatform]; dup {
		return false
	}
	t.byExt[m.IDOnExternalPlatform] = len(t.messages)
	t.messages = append(t.messages, m)
	return true
}

// stored returns the stored message with the given idOnExternalPlatform.
func (t *thread) stored(ext string) (wireMessage, bool) {
	i, ok := t.byExt[ext]
	if !ok {
		return wireMessage{}, false
	}
	return t.messages[i], true
}

// sortedFields turns a field map into the wire's list, sorted by ident.
func sortedFields(m map[string]string) []customField {
	out := make([]customField, 0, len(m))
	for k, v := range m {
		out = append(out, customField{Ident: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Ident < out[j].Ident })
	return out
}

// mergeFields stores fields into m; empty idents are skipped.
func mergeFields(m map[string]string, fields []customField) {
	for _, f := range fields {
		if strings.TrimSpace(f.Ident) != "" {
			m[f.Ident] = f.Value
		}
	}
}
