package sim

import "time"

// Clock tells the time and runs functions later. The fault windows and the
// frames faults hold back go through it (faults.go, fault_admin.go), so a
// test's fake clock (internal/fakeclock) opens and closes a window when
// the test says, not when a loaded machine gets round to it. Its shape is
// sdk.Clock's, so one fake clock can drive both sides.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine once d has passed. Stop
	// cancels it, reporting whether it did so before f was called.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a function scheduled by Clock.AfterFunc.
type Timer = interface{ Stop() bool }

// systemClock is the real time, Config.Clock's default.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }
