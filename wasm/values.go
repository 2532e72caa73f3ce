//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"sort"
	"strconv"

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

// okJSON and errJSON are the two shapes a synchronous call returns; the shim
// throws the second.
func okJSON(v any) string {
	b := append(make([]byte, 0, 256), `{"ok":`...)
	b = appendValue(b, v)
	return string(append(b, '}'))
}

func errJSON(err error) string {
	b := append(make([]byte, 0, 256), `{"error":`...)
	b = sdk.AsError("", err).AppendJSON(b)
	return string(append(b, '}'))
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
