//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"unsafe"

	"github.com/hack-pad/safejs"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

var errNoBinding = errors.New("no binding object: load the wasm through the cxone-chat-wasm shim")
var errNoOpenSocket = errors.New("the binding has no openSocket: load the wasm through the cxone-chat-wasm shim of the same version")

// argString reads args[i] as a string ("" when absent or not a string).
func argString(args []safejs.Value, i int) string {
	if i >= len(args) || args[i].Type() != safejs.TypeString {
		return ""
	}
	s, _ := args[i].String()
	return s
}

// argInt reads args[i] as an int (0 when absent or not a number).
func argInt(args []safejs.Value, i int) int {
	if i >= len(args) || args[i].Type() != safejs.TypeNumber {
		return 0
	}
	n, _ := args[i].Int()
	return n
}

// okJSON and errJSON are the two shapes a call returns; the shim throws
// (or rejects with) the second. okBytes and errBytes are the same as bytes,
// for memArgs.
func okJSON(v any) string { return string(okBytes(v)) }

func errJSON(err error) string { return string(errBytes(err)) }

func okBytes(v any) []byte {
	b := append(make([]byte, 0, 256), `{"ok":`...)
	b = appendValue(b, v)
	return append(b, '}')
}

func errBytes(err error) []byte {
	b := append(make([]byte, 0, 256), `{"error":`...)
	b = sdk.AsError("", err).AppendJSON(b)
	return append(b, '}')
}

// memArgs is how Go hands the shim text without making a JS string (each
// a reference, a finalizer and a TextDecoder call): b's address in wasm
// memory, its length, and whether it is all ASCII (js/memtext.js textAt).
// b must stay reachable until the JS call that reads it has returned.
func memArgs(b []byte) (at, n int, ascii bool) {
	return int(uintptr(unsafe.Pointer(unsafe.SliceData(b)))), len(b), isASCII(b)
}

// isASCII reports whether b has no byte over 0x7f (the shim then makes it a
// string without a TextDecoder), eight bytes at a time.
func isASCII(b []byte) bool {
	for len(b) >= 8 {
		w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// appendValue writes v as JSON, without reflection (issue 9): the values
// the bridge hands over are events, errors, raw JSON, attachments and maps
// of those and of scalars.
func appendValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case *sdk.Event:
		if x == nil {
			return append(b, "null"...)
		}
		return x.AppendJSON(b)
	case *sdk.Error:
		if x == nil {
			return append(b, "null"...)
		}
		return x.AppendJSON(b)
	case sdk.RawJSON:
		if x == nil || !sdk.ValidJSON(x) {
			// A server's body that is not JSON reaches the page as null,
			// never as text JSON.parse would throw on.
			return append(b, "null"...)
		}
		return append(b, x...)
	case string:
		return sdk.AppendQuoted(b, x)
	case bool:
		return strconv.AppendBool(b, x)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = sdk.AppendQuoted(b, k)
			b = append(b, ':')
			b = appendValue(b, x[k])
		}
		return append(b, '}')
	case sdk.Attachment:
		b = append(b, `{"url":`...)
		b = sdk.AppendQuoted(b, x.URL)
		b = append(b, `,"friendlyName":`...)
		b = sdk.AppendQuoted(b, x.FriendlyName)
		return append(b, '}')
	case map[string]string:
		m := make(map[string]any, len(x))
		for k, v := range x {
			m[k] = v
		}
		return appendValue(b, m)
	}
	// A type the bridge does not hand over: a bug here, not the page's.
	// It reaches the page as null, and the console says which.
	println("cxone-chat-wasm: appendValue: no JSON form for a", fmt.Sprintf("%T", v))
	return append(b, "null"...)
}

// rawOr returns raw, or JSON null for nil.
func rawOr(raw sdk.RawJSON) sdk.RawJSON {
	if raw == nil {
		return sdk.RawJSON("null")
	}
	return raw
}

// global reads a global every browser has (Promise, WebSocket, Object);
// undefined when missing, which then fails at the first use with an error.
func global(name string) safejs.Value {
	v, err := safejs.Global().Get(name)
	if err != nil {
		return safejs.Undefined()
	}
	return v
}
