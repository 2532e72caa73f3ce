package sdk

import (
	"sync"
	"time"
)

// CacheStorage keeps JSON values (as text) for a time: the reference's ICacheStorage
// (a page passes `new CacheStorage(localStorage, 'CHAT_SDK_CACHE_')`, whose
// key prefix is prepended to every key). The core keeps one item in it, the
// transaction token answer of a secured session, under transactionCacheKey,
// for as long as the answer's expiresIn.
type CacheStorage interface {
	// GetItem returns the value stored under key, if it is there and has
	// not expired.
	GetItem(key string) (value []byte, ok bool)
	// SetItem stores value under key for ttl.
	SetItem(key string, value []byte, ttl time.Duration)
	// RemoveItem forgets key.
	RemoveItem(key string)
}

// transactionCacheKey is the reference's key for the cached transaction
// token answer ("TTR"; CHAT_SDK_CACHE_TTR behind the sample app's prefix).
const transactionCacheKey = "TTR"

// cachedTransaction returns the cached transaction token answer, if any.
func (c *Client) cachedTransaction() ([]byte, bool) {
	if c.opts.CacheStorage == nil {
		return nil, false
	}
	// The caller decodes it; what does not decode is dropped there.
	return c.opts.CacheStorage.GetItem(transactionCacheKey)
}

// cacheTransaction keeps a transaction token answer for ttl.
func (c *Client) cacheTransaction(raw []byte, ttl time.Duration) {
	if c.opts.CacheStorage != nil {
		c.opts.CacheStorage.SetItem(transactionCacheKey, raw, ttl)
	}
}

// MemoryCacheStorage is a CacheStorage that lives as long as the process,
// with expiry read from a Clock.
type MemoryCacheStorage struct {
	mu    sync.Mutex
	clock Clock
	m     map[string]cacheItem
}

type cacheItem struct {
	value   []byte
	expires time.Time
}

// NewMemoryCacheStorage returns an empty MemoryCacheStorage; clock may be
// nil for the system clock.
func NewMemoryCacheStorage(clock Clock) *MemoryCacheStorage {
	if clock == nil {
		clock = systemClock{}
	}
	return &MemoryCacheStorage{clock: clock, m: map[string]cacheItem{}}
}

func (s *MemoryCacheStorage) GetItem(key string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.m[key]
	if !ok {
		return nil, false
	}
	if s.clock.Now().After(it.expires) {
		delete(s.m, key)
		return nil, false
	}
	return it.value, true
}

func (s *MemoryCacheStorage) SetItem(key string, value []byte, ttl time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = cacheItem{value: append([]byte(nil), value...), expires: s.clock.Now().Add(ttl)}
}

func (s *MemoryCacheStorage) RemoveItem(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
}
