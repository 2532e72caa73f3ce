package sdk

import "sync"

// MemoryStorage is a Storage that lives as long as the process.
type MemoryStorage struct {
	mu sync.Mutex
	m  map[string]string
}

// NewMemoryStorage returns an empty MemoryStorage.
func NewMemoryStorage() *MemoryStorage { return &MemoryStorage{m: map[string]string{}} }

func (s *MemoryStorage) Get(key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	return v, ok
}

func (s *MemoryStorage) Set(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = value
}

func (s *MemoryStorage) Remove(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
}

// TabStorage is a Storage that several pages (browser tabs) share at once,
// as localStorage is. The stored outbox is kept per page, each page under
// its own key, which only that page writes: a new Client
// takes over (and sends) only the stored messages of pages that are gone,
// and leaves those of a page still open to that page, so that two tabs of
// one customer neither overwrite nor both send each other's messages. The
// browser build gives one (Web Locks tell which pages are open; js/sdk.js);
// a plain Storage counts every other page as gone.
type TabStorage interface {
	Storage
	// Tab names the page of the Client that is given this storage ("":
	// unknown, a new id is used).
	Tab() string
	// TabAlive tells whether the page named tab is still open.
	TabAlive(tab string) bool
	// Keys lists the stored keys that start with prefix.
	Keys(prefix string) []string
}
