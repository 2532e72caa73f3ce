//go:build js && wasm

package main

import "github.com/hack-pad/safejs"

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
