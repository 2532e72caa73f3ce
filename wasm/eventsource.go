//go:build js && wasm

package main

import (
	"context"
	"errors"
	"sync"

	"github.com/hack-pad/safejs"
)

var jsEventSource = global("EventSource")

// eventSource streams Server-Sent Events with the browser's EventSource.
// Any error ends the stream: EventSource would otherwise reconnect and
// replay from the start.
type eventSource struct{}

func (eventSource) Stream(ctx context.Context, url string, onData func(string)) error {
	es, err := jsEventSource.New(url)
	if err != nil {
		return err
	}
	// Callbacks must not block: data is queued and a signal raised.
	var mu sync.Mutex
	var queue []string
	closed := false
	signal := make(chan struct{}, 1)
	raise := func() {
		select {
		case signal <- struct{}{}:
		default:
		}
	}
	var funcs []safejs.Func
	listen := func(name string, fn func(args []safejs.Value)) error {
		f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
			defer func() { _ = recover() }()
			fn(args)
			return nil
		})
		if err != nil {
			return err
		}
		funcs = append(funcs, f)
		_, err = es.Call("addEventListener", name, f.Value())
		return err
	}
	onMessage := func(args []safejs.Value) {
		if len(args) == 0 {
			return
		}
		d, err := args[0].Get("data")
		if err != nil {
			return
		}
		s, _ := d.String()
		mu.Lock()
		queue = append(queue, s)
		mu.Unlock()
		raise()
	}
	defer func() {
		_, _ = es.Call("close")
		for _, f := range funcs {
			f.Release()
		}
	}()
	closeOnce := func([]safejs.Value) {
		mu.Lock()
		closed = true
		mu.Unlock()
		raise()
	}
	for name, fn := range map[string]func([]safejs.Value){"delta": onMessage, "message": onMessage, "error": closeOnce} {
		if err := listen(name, fn); err != nil {
			return err
		}
	}
	for {
		mu.Lock()
		batch, done := queue, closed
		queue = nil
		mu.Unlock()
		for _, d := range batch {
			onData(d)
		}
		if done {
			return errors.New("event stream closed")
		}
		select {
		case <-signal:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
