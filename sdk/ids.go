package sdk

import (
	"encoding/hex"
	"math/rand/v2"
)

// NewID returns a random uuid v4. It draws from math/rand/v2's global
// generator (ChaCha8, seeded by the runtime from the platform's secure
// source: crypto.getRandomValues in the browser). Ids are not secrets; this
// keeps crypto/rand and google/uuid out of the wasm (about 60 KB brotli).
func NewID() string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := rand.Uint64()
		for j := 0; j < 8; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}

// visitorKey is where the visitor id is kept in Storage: the reference's
// key, so that a page moving from the reference keeps its visitor.
const visitorKey = "visitorId"

// resolveVisitorID returns the visitor id as the reference 3.3.0 does: the
// option, else the one kept in Storage, else a new one; the result is
// stored either way. It goes on the socket URL, the authorize URL and as
// payload.visitor.id of every frame.
func resolveVisitorID(o *Options) string {
	id := o.VisitorID
	if id == "" {
		if v, ok := o.Storage.Get(visitorKey); ok && v != "" {
			id = v
		} else {
			id = o.NewID()
		}
	}
	o.Storage.Set(visitorKey, id)
	return id
}
