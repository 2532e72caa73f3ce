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

// Tab, TabAlive and Keys make jsStorage an sdk.TabStorage: the shim wraps
// the page's storage with the page's name (_cxoneTab), a check of which
// pages are open (_cxoneTabAlive, from Web Locks) and a key listing
// (_cxoneKeys; js/sdk.js). Without a name (no Web Locks, or a storage that
// cannot list its keys) the core keeps one shared outbox key.
func (s jsStorage) Tab() string {
	v, err := s.jsStore.Get("_cxoneTab")
	if err != nil || v.Type() != safejs.TypeString {
		return ""
	}
	str, err := v.String()
	if err != nil {
		return ""
	}
	return str
}

func (s jsStorage) TabAlive(tab string) bool {
	if f, err := s.jsStore.Get("_cxoneTabAlive"); err != nil || f.Type() != safejs.TypeFunction {
		return false
	}
	v, err := s.jsStore.Call("_cxoneTabAlive", tab)
	if err != nil {
		return false
	}
	alive, err := v.Truthy()
	return err == nil && alive
}

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

func (s jsStorage) Keys(prefix string) []string {
	if f, err := s.jsStore.Get("_cxoneKeys"); err != nil || f.Type() != safejs.TypeFunction {
		return nil
	}
	list, err := s.jsStore.Call("_cxoneKeys", prefix)
	if err != nil {
		return nil
	}
	n, err := list.Length()
	if err != nil {
		return nil
	}
	keys := make([]string, 0, n)
	for i := 0; i < n; i++ {
		v, err := list.Index(i)
		if err != nil || v.Type() != safejs.TypeString {
			continue
		}
		if k, err := v.String(); err == nil {
			keys = append(keys, k)
		}
	}
	return keys
}
