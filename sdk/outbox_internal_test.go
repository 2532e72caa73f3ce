package sdk

import (
	"testing"
	"time"
)

// countingStorage counts the writes made to a MemoryStorage.
type countingStorage struct {
	*MemoryStorage
	sets, removes int
}

func (s *countingStorage) Set(k, v string) { s.sets++; s.MemoryStorage.Set(k, v) }
func (s *countingStorage) Remove(k string) { s.removes++; s.MemoryStorage.Remove(k) }

// TestPrivateStorageKeepsNoStoredOutbox: without a Storage option the
// outbox lives in memory only. The default storage is this Client's alone,
// so no later page could read a copy there, and writing one on every send
// and every acknowledgement was work for nothing (bench/rtsplit.mjs).
// With a Storage given, the copy is written.
func TestPrivateStorageKeepsNoStoredOutbox(t *testing.T) {
	msg := func() []*pending {
		return []*pending{{id: "m1", eventType: "SendMessage", data: RawJSON(`{"thread":{"idOnExternalPlatform":"t"}}`), created: time.Now()}}
	}
	private, err := New(&Options{BrandID: 1, ChannelID: "chat"})
	if err != nil {
		t.Fatal(err)
	}
	private.saveOutbox(msg())
	if v, ok := private.opts.Storage.Get(private.outboxKey()); ok {
		t.Errorf("the default storage got a stored outbox: %s", v)
	}

	given := &countingStorage{MemoryStorage: NewMemoryStorage()}
	shared, err := New(&Options{BrandID: 1, ChannelID: "chat", Storage: given})
	if err != nil {
		t.Fatal(err)
	}
	before := given.sets
	shared.saveOutbox(msg())
	if _, ok := given.Get(shared.outboxKey()); !ok || given.sets != before+1 {
		t.Errorf("a given storage: stored %v after %d writes, want the outbox stored by one write", ok, given.sets-before)
	}
}
