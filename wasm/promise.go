//go:build js && wasm

package main

import (
	"context"
	"errors"

	"github.com/hack-pad/safejs"
)

// await waits for a JS promise from a goroutine. Both callbacks are released
// when it returns, whichever fired.
func await(ctx context.Context, p safejs.Value) (safejs.Value, error) {
	type result struct {
		v   safejs.Value
		err error
	}
	ch := make(chan result, 1)
	then, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		v := safejs.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		ch <- result{v: v}
		return nil
	})
	if err != nil {
		return safejs.Undefined(), err
	}
	catch, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		msg := "promise rejected"
		if len(args) > 0 {
			if s, err := args[0].Call("toString"); err == nil {
				msg, _ = s.String()
			}
		}
		ch <- result{err: errors.New(msg)}
		return nil
	})
	if err != nil {
		then.Release()
		return safejs.Undefined(), err
	}
	release := func() { then.Release(); catch.Release() }
	if _, err := p.Call("then", then.Value(), catch.Value()); err != nil {
		release()
		return safejs.Undefined(), err
	}
	select {
	case r := <-ch:
		release()
		return r.v, r.err
	case <-ctx.Done():
		// The promise may still settle: release the callbacks only then,
		// so JS never calls a released function.
		go func() { <-ch; release() }()
		return safejs.Undefined(), ctx.Err()
	}
}
