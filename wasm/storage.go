//go:build js && wasm

package main

import (
	"time"

	"github.com/hack-pad/safejs"
)

// jsStorage adapts the page's storage option (window.localStorage or any
// object with getItem/setItem/removeItem) to sdk.Storage. A storage that
// throws (quota, privacy mode) behaves as if it were empty.
type jsStorage struct{ jsStore safejs.Value }

func (s jsStorage) Get(key string) (string, bool) {
	v, err := s.jsStore.Call("getItem", key)
	if err != nil || v.Type() != safejs.TypeString {
		return "", false
	}
	str, err := v.String()
	return str, err == nil
}

func (s jsStorage) Set(key, value string) { _, _ = s.jsStore.Call("setItem", key, value) }

func (s jsStorage) Remove(key string) { _, _ = s.jsStore.Call("removeItem", key) }

// jsCacheStorage adapts the page's cacheStorage option (the reference's
// CacheStorage, or any object with its getItem/setItem/removeItem) to
// sdk.CacheStorage. Values cross as JS objects, so the page's cache stores
// them as the reference's would ({data, expiresAt} under its key prefix);
// the ttl goes in milliseconds. A cache that throws or holds something
// that is not JSON behaves as if it were empty.
type jsCacheStorage struct{ jsCache safejs.Value }

var jsJSON = global("JSON")

func (s jsCacheStorage) GetItem(key string) ([]byte, bool) {
	v, err := s.jsCache.Call("getItem", key)
	if err != nil || v.IsNull() || v.IsUndefined() {
		return nil, false
	}
	text, err := jsJSON.Call("stringify", v)
	if err != nil || text.Type() != safejs.TypeString {
		return nil, false
	}
	str, err := text.String() // JSON.stringify's text is JSON
	if err != nil {
		return nil, false
	}
	return []byte(str), true
}

func (s jsCacheStorage) SetItem(key string, value []byte, ttl time.Duration) {
	v, err := jsJSON.Call("parse", string(value))
	if err != nil {
		return
	}
	_, _ = s.jsCache.Call("setItem", key, v, float64(ttl)/float64(time.Millisecond))
}

func (s jsCacheStorage) RemoveItem(key string) { _, _ = s.jsCache.Call("removeItem", key) }
