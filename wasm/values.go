//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"sort"
	"strconv"

	"github.com/hack-pad/safejs"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

var errNoBinding = errors.New("no binding object: load the wasm through the cxone-chat-wasm shim")

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

// appendValue writes v as JSON. The values the bridge hands over most (events,
// errors, raw JSON, maps of scalars) are written here without reflection;
// anything else still goes through encoding/json (a known gap: issue 9).
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
	case map[string]string:
		m := make(map[string]any, len(x))
		for k, v := range x {
			m[k] = v
		}
		return appendValue(b, m)
	}
	j, err := json.Marshal(v)
	if err != nil {
		return append(b, "null"...)
	}
	return append(b, j...)
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
