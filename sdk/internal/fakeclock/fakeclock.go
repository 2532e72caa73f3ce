// Package fakeclock forwards to internal/fakeclock, where the fake clock
// moved so that sandbox tests can use it too. It is kept only so that
// branches written against the old path still compile after a merge;
// import github.com/cxone-chat-wasm/cxone-chat-wasm/internal/fakeclock
// instead, and delete this package once nothing imports it.
package fakeclock

import (
	"time"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/internal/fakeclock"
)

// Clock is internal/fakeclock.Clock.
type Clock = fakeclock.Clock

// New is internal/fakeclock.New.
func New(t time.Time) *Clock { return fakeclock.New(t) }
