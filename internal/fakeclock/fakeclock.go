// Package fakeclock is a clock for tests: time moves only when the test
// says so, and the timers that come due run then, in order. It is both an
// sdk.Clock (tests drive heartbeat, backoff, timeouts and debounce with it)
// and a sim.Clock (sandbox tests open and close fault windows with it),
// without sleeping. It lives at the module root so that both sdk and
// sandbox tests can import it.
package fakeclock

import (
	"sort"
	"sync"
	"time"
)

// Clock is a fake sdk.Clock and sim.Clock. The zero value is not usable: call New.
type Clock struct {
	mu     sync.Mutex
	cond   *sync.Cond
	now    time.Time
	seq    int
	timers []*timer
}

type timer struct {
	c       *Clock
	at      time.Time
	seq     int
	d       time.Duration
	f       func()
	stopped bool
}

// New returns a Clock that reads t.
func New(t time.Time) *Clock {
	c := &Clock{now: t}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (t *timer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := !t.stopped
	t.stopped = true
	t.c.cond.Broadcast()
	return was
}

// Now returns the fake time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// AfterFunc schedules f for d from now.
func (c *Clock) AfterFunc(d time.Duration, f func()) interface{ Stop() bool } {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	t := &timer{c: c, at: c.now.Add(d), seq: c.seq, d: d, f: f}
	c.timers = append(c.timers, t)
	c.cond.Broadcast()
	return t
}

// Advance moves time on by d and runs the timers that came due, in order
// of their time, before it returns. The timer functions of the core and
// of the simulator do not block (they close a channel, cancel a context,
// take a short lock or start a goroutine).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []*timer
	keep := c.timers[:0]
	for _, t := range c.timers {
		switch {
		case t.stopped:
		case !t.at.After(c.now):
			t.stopped = true
			due = append(due, t)
		default:
			keep = append(keep, t)
		}
	}
	c.timers = keep
	c.mu.Unlock()
	sort.Slice(due, func(i, j int) bool {
		if due[i].at.Equal(due[j].at) {
			return due[i].seq < due[j].seq
		}
		return due[i].at.Before(due[j].at)
	})
	for _, t := range due {
		t.f()
	}
}

// WaitFor blocks until some pending timer matches (a timer of exactly d,
// when d > 0; any timer when d == 0), or until the real-time limit passes
// (then it returns false: the test should fail, not hang).
func (c *Clock) WaitFor(d time.Duration, limit time.Duration) bool {
	stop := time.AfterFunc(limit, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer stop.Stop()
	deadline := time.Now().Add(limit)
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		for _, t := range c.timers {
			if !t.stopped && (d == 0 || t.d == d) {
				return true
			}
		}
		if time.Now().After(deadline) {
			return false
		}
		c.cond.Wait()
	}
}

// Pending returns how many timers wait.
func (c *Clock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, t := range c.timers {
		if !t.stopped {
			n++
		}
	}
	return n
}
